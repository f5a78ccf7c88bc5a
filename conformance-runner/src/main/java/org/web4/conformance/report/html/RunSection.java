package org.web4.conformance.report.html;

import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.CapturedOutput;
import org.web4.conformance.model.RunHeader;

/**
 * Who was tested, with what, and how to reproduce it (the run header); and, at the end of the page,
 * what the implementation printed meanwhile, folded.
 */
final class RunSection {
  /** The characters of each output stream the page shows (report.json keeps what the run kept). */
  static final int OUTPUT_CHARS = 64 * 1024;

  private final StringBuilder out;

  RunSection(StringBuilder out) {
    this.out = out;
  }

  void header(RunHeader head) {
    out.append("<details class=\"run-header\"><summary>Run: ")
        .append(Html.esc(head.targetName()))
        .append(", profile ")
        .append(head.profile().label())
        .append(", seed ")
        .append(head.seed())
        .append("</summary>\n<dl class=\"run\">");
    item("target", head.targetName());
    item("implementation", nz(head.implementationName()) + " " + nz(head.implementationVersion()));
    if (head.identity() != null) {
      item("agent_id", head.identity().agentId());
      item("fingerprint", head.identity().fingerprint());
      item("pubkey", head.identity().pubkey());
    }
    item("kit version", head.kitVersion());
    item("spec version", head.specVersion());
    item("vectors manifest SHA-256", head.vectorsManifestSha256());
    item("vectors source", head.vectorsSource());
    item("profile", head.profile().label());
    item("seed", Long.toString(head.seed()));
    if (head.tags() != null) {
      item("tags", head.tags());
    }
    if (head.examples() != null) {
      item("examples", head.examples().toString());
    }
    item("started", DateTimeFormatter.ISO_INSTANT.format(head.startedAt()));
    item("duration", head.duration().toMillis() + " ms");
    item("command line", String.join(" ", head.commandLine()));
    out.append("</dl></details>\n");
  }

  void output(CapturedOutput output) {
    out.append("<h2 id=\"output\">Implementation output</h2>\n");
    if (output.truncated()) {
      out.append("<p>(the runner kept only the last part of each stream)</p>");
    }
    stream("stdout", output.stdout());
    stream("stderr", output.stderr());
  }

  private void stream(String name, String text) {
    out.append("<details class=\"trace\"><summary>").append(name).append(" (");
    out.append(text.length()).append(" characters)</summary><pre>");
    if (text.length() > OUTPUT_CHARS) {
      out.append(Html.esc(text.substring(text.length() - OUTPUT_CHARS))).append("</pre>");
      out.append("<p class=\"trunc\">cut for this page: the last ").append(OUTPUT_CHARS);
      out.append(" characters; report.json has all the run kept</p>");
    } else {
      out.append(Html.esc(text)).append("</pre>");
    }
    out.append("</details>\n");
  }

  private void item(String term, String value) {
    out.append("<dt>").append(Html.esc(term)).append("</dt><dd>").append(Html.esc(value));
    out.append("</dd>");
  }

  private static String nz(@Nullable String s) {
    return s == null ? "" : s;
  }
}
