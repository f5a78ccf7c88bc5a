package org.web4.conformance.select;

import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.CheckContext;
import org.web4.conformance.run.CheckOutcome;
import org.web4.conformance.run.ForwardingCheck;

/**
 * {@code --fail-fast}: once a check fails or errors, every later check of the run is skipped
 * without running, its reason naming the check that failed. The wire judge's suite, which only
 * reports what was judged, is not wrapped.
 */
final class FailFast {
  private final AtomicReference<@Nullable String> firstFailure = new AtomicReference<>();

  /** {@code check}, run only while nothing has failed. */
  Check guard(Check check) {
    return new Guarded(check);
  }

  private final class Guarded extends ForwardingCheck {
    Guarded(Check check) {
      super(check);
    }

    @Override
    public CheckOutcome run(CheckContext context) throws Exception {
      String failed = firstFailure.get();
      if (failed != null) {
        return CheckOutcome.skipped("not run: --fail-fast stopped the run after " + failed);
      }
      CheckOutcome outcome;
      try {
        outcome = delegate().run(context);
      } catch (Exception | AssertionError e) {
        firstFailure.compareAndSet(null, id() + " errored");
        throw e;
      }
      if (outcome.outcome() == Outcome.FAILED || outcome.outcome() == Outcome.ERRORED) {
        firstFailure.compareAndSet(null, id() + " " + outcome.outcome().label());
      }
      return outcome;
    }
  }
}
