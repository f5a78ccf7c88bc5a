package org.web4.conformance.testing;

import java.util.Comparator;
import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;

/**
 * The order of this module's test classes (Surefire runs them one after another on one thread):
 * every class as discovered, then the classes that mostly wait for background runs ({@link
 * AfterTheOtherClasses}) by their turn. Registered as {@code junit.jupiter.testclass.order.default}
 * in the module's Surefire configuration (docs/adr/1423).
 */
public final class BackgroundRunsLast implements ClassOrderer {
  @Override
  public void orderClasses(ClassOrdererContext context) {
    // a stable sort: the other classes keep their discovery order
    context.getClassDescriptors().sort(Comparator.comparingInt(BackgroundRunsLast::turn));
  }

  private static int turn(ClassDescriptor d) {
    return d.findAnnotation(AfterTheOtherClasses.class)
        .map(a -> 1 + Math.max(0, a.turn()))
        .orElse(0);
  }
}
