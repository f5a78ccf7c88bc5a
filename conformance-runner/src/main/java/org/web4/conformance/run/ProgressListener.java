package org.web4.conformance.run;

import java.util.List;
import org.web4.conformance.model.CaseResult;

/** Hears about a run as it goes (the CLI prints one line per suite on stderr). */
public interface ProgressListener {
  ProgressListener NONE = (suite, results) -> {};

  void suiteFinished(Suite suite, List<CaseResult> results);
}
