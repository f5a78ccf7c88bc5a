package org.web4.conformance.scenarios;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.worker.Worker;
import org.web4.conformance.worker.WorkerLocal;

/**
 * The implementation the current scenario talks to. Cucumber creates the step objects; the runner
 * binds the target here before it starts a scenario and unbinds it after, so the steps need no
 * globals of their own. A worker's scenarios run one at a time, so the binding is the {@link
 * Worker}'s (docs/adr/1103).
 */
public final class ScenarioTarget {
  /**
   * What the scenario runs against.
   *
   * @param harness the implementation's harness, or null when the target has none (profile core:
   *     only scenarios tagged {@code @core} run)
   * @param seed the run's seed: every random value of a scenario derives from it
   * @param clock the scenario clock ({@code {now}}), fixed for the run so a failure replays exactly
   * @param rtt where the implementation listens for RTT, or null when the target does not say
   */
  public record Binding(
      @Nullable HarnessClient harness, long seed, Instant clock, @Nullable InetSocketAddress rtt) {}

  private static final WorkerLocal<AtomicReference<@Nullable Binding>> CURRENT =
      new WorkerLocal<>(AtomicReference::new);

  private ScenarioTarget() {}

  public static void bind(Binding binding) {
    CURRENT.get().set(binding);
  }

  public static void unbind() {
    CURRENT.get().set(null);
  }

  static boolean isBound() {
    return CURRENT.get().get() != null;
  }

  static Binding current() {
    Binding b = CURRENT.get().get();
    if (b == null) {
      throw new IllegalStateException(
          "no implementation is bound; scenarios run through the runner");
    }
    return b;
  }
}
