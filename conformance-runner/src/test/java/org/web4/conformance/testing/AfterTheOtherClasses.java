package org.web4.conformance.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that mostly waits for runs started in the background when the test plan began
 * ({@link SharedRunsEarly}, the deviant runs): {@link BackgroundRunsLast} runs it after every class
 * without this annotation, so that Surefire's one thread does the module's other work while those
 * runs go on, instead of waiting for them halfway through (issue 19, build time; docs/adr/1423).
 * Nothing is judged differently: only the class's turn changes.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AfterTheOtherClasses {
  /**
   * Among the annotated classes, lower turns first; a class whose run starts only when it asks (the
   * {@code @slow} deviant run, which would take both cores from the runs beside it) takes a later
   * turn than those whose runs it must not overlap.
   */
  int turn() default 0;
}
