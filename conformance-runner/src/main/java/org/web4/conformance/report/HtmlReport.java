package org.web4.conformance.report;

import org.web4.conformance.model.RunResult;
import org.web4.conformance.report.html.HtmlPage;

/**
 * The human-readable report, {@code report.html}: one self-contained page, readable without
 * JavaScript, rendered by the classes of {@code org.web4.conformance.report.html} (ADR 0308).
 */
public final class HtmlReport {
  private HtmlReport() {}

  public static String render(RunResult run, RequirementMatrix matrix) {
    return HtmlPage.render(run, matrix);
  }
}
