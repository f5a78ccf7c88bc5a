package org.web4.conformance.run;

import java.util.List;
import org.web4.conformance.model.CaseResult;

/**
 * Hears about a run as it goes: how many checks it will run, each finished check, each finished
 * suite (the CLI draws a progress bar on a terminal, prints periodic lines in CI and one line per
 * suite).
 */
public interface ProgressListener {
  ProgressListener NONE = (suite, results) -> {};

  /** The run is about to run {@code checks} checks. */
  default void runStarting(int checks) {}

  /** One check finished (its case, expected failures already marked when the run knows them). */
  default void checkFinished(Suite suite, CaseResult result) {}

  void suiteFinished(Suite suite, List<CaseResult> results);

  /** {@code listener}, heard by one thread at a time (the workers of a run with --jobs). */
  static ProgressListener oneAtATime(ProgressListener listener) {
    return new ProgressListener() {
      @Override
      public synchronized void runStarting(int checks) {
        listener.runStarting(checks);
      }

      @Override
      public synchronized void checkFinished(Suite suite, CaseResult result) {
        listener.checkFinished(suite, result);
      }

      @Override
      public synchronized void suiteFinished(Suite suite, List<CaseResult> results) {
        listener.suiteFinished(suite, results);
      }
    };
  }
}
