package org.web4.cli.mesh;

import java.time.Duration;
import org.web4.cli.CommandErrors.InputException;

/** Bounded waiting for an effect observed through the harness: it holds, or a failure names it. */
final class Await {
  /** A condition read through the harness. */
  interface Check {
    boolean holds() throws InputException, InterruptedException;
  }

  /** The effect a step waited for was not observed in time. */
  static final class NotObserved extends Exception {
    private static final long serialVersionUID = 1L;

    NotObserved(String message) {
      super(message);
    }
  }

  /** How often the harness is asked again. */
  static final Duration POLL = Duration.ofMillis(25);

  private Await() {}

  static void until(Duration limit, String what, Check check)
      throws NotObserved, InputException, InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!check.holds()) {
      if (System.nanoTime() - deadline > 0) {
        throw new NotObserved("no " + what + " within " + limit.toSeconds() + " s");
      }
      Thread.sleep(POLL.toMillis());
    }
  }
}
