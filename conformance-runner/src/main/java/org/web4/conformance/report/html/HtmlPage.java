package org.web4.conformance.report.html;

import org.web4.conformance.model.RunResult;
import org.web4.conformance.report.RequirementMatrix;

/**
 * report.html: one self-contained page (inline style and script, nothing loaded) that reads in full
 * without JavaScript; the script only filters the matrix (ADR 0308). Sections: verdict and summary,
 * requirement matrix, failing cases with evidence, skipped cases, implementation output.
 */
public final class HtmlPage {
  private HtmlPage() {}

  public static String render(RunResult run, RequirementMatrix matrix) {
    StringBuilder out = new StringBuilder(256 * 1024);
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<link rel=\"icon\" href=\"data:,\">")
        .append("<title>Web4 conformance report: ")
        .append(Html.esc(run.header().targetName()))
        .append("</title><style>\n")
        .append(PageAssets.CSS)
        .append("</style></head><body><main>\n<h1>Web4 conformance report</h1>\n")
        .append("<nav class=\"toc\"><a href=\"#summary\">Summary</a>")
        .append("<a href=\"#matrix-title\">Requirement matrix</a>")
        .append("<a href=\"#cases\">Failing cases</a><a href=\"#skipped\">Skipped</a>")
        .append("<a href=\"#output\">Implementation output</a></nav>\n");
    RunSection runSection = new RunSection(out);
    runSection.header(run.header());
    new SummarySection(out).render(run, matrix);
    new MatrixSection(out).render(matrix);
    new CaseSection(out).render(run.cases());
    runSection.output(run.output());
    out.append("</main><script>\n").append(PageAssets.JS).append("</script></body></html>\n");
    return out.toString();
  }
}
