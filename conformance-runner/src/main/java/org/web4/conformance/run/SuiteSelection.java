package org.web4.conformance.run;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The run's one selection hook: narrows the discovered suites to the checks the user asked for
 * ({@code org.web4.conformance.select}), before any target starts. The checks it leaves out are
 * "not selected" to the coverage gate.
 */
public interface SuiteSelection {
  /** Every discovered check runs. */
  SuiteSelection EVERYTHING =
      new SuiteSelection() {
        @Override
        public List<Suite> select(List<Suite> discovered) {
          return discovered;
        }

        @Override
        public @Nullable String describe() {
          return null;
        }
      };

  /**
   * The suites to run, each with only its selected checks; a suite with none is left out. A {@link
   * WireJudgeSuite} is returned as it is or left out, never rebuilt.
   *
   * @throws IllegalArgumentException (a typed subclass) when the selection is a usage error
   */
  List<Suite> select(List<Suite> discovered);

  /** The options that select, as typed (e.g. {@code --requirement ENV-}); null if none. */
  @Nullable String describe();
}
