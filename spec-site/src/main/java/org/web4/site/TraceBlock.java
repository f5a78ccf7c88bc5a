package org.web4.site;

import java.util.List;

/**
 * The traceability of one requirement, shown right under its text: the checks that cover it, the
 * code that decides it, its verdict in each bundled report.
 */
final class TraceBlock {
  /** Checks listed in full; more are folded. */
  private static final int SHOWN = 8;

  private TraceBlock() {}

  static String render(Traceability trace, Links links, String id) {
    StringBuilder out = new StringBuilder(512);
    out.append("<div class=\"trace\" data-requirement=\"").append(Html.esc(id)).append("\">");
    List<CheckRef> checks = trace.checks(id);
    out.append("<div class=\"row\"><span class=\"label\">Checked by</span> ");
    if (checks.isEmpty()) {
      String why =
          trace.catalog().untestedDeclaration(id).map(d -> d.reason()).orElse("no check covers it");
      out.append("<span class=\"none\">").append(Html.esc(why)).append("</span>");
    } else {
      out.append(checks.size()).append(checks.size() == 1 ? " check" : " checks");
      boolean fold = checks.size() > SHOWN;
      out.append(fold ? "<details><summary>show</summary><ul>" : "<ul>");
      for (CheckRef c : checks) {
        out.append("<li><span class=\"kind\">").append(c.kind()).append("</span> ");
        String file = c.file();
        if (file != null) {
          out.append("<a href=\"").append(Html.esc(links.source(file, c.line()))).append("\">");
          out.append(Html.esc(c.id())).append("</a>");
        } else {
          out.append("<code>").append(Html.esc(c.id())).append("</code>");
        }
        out.append("</li>");
      }
      out.append(fold ? "</ul></details>" : "</ul>");
    }
    out.append("</div>");
    code(out, links, "Decided in (reference)", trace.reference(id));
    code(out, links, "Decided in (web4py)", trace.python(id));
    if (!trace.reports().isEmpty()) {
      out.append("<div class=\"row\"><span class=\"label\">Status</span> ");
      for (BundledReport r : trace.reports()) {
        String verdict = r.verdicts().getOrDefault(id, "absent");
        out.append("<span class=\"status\">").append(Html.esc(r.name())).append(": ");
        out.append("<span class=\"badge v-").append(Html.esc(verdict)).append("\">");
        out.append(Html.esc(verdict.replace('_', ' '))).append("</span></span> ");
      }
      out.append("</div>");
    }
    out.append("</div>");
    return out.toString();
  }

  private static void code(
      StringBuilder out, Links links, String label, List<CodeComments.Mention> mentions) {
    if (mentions.isEmpty()) {
      return;
    }
    out.append("<div class=\"row\"><span class=\"label\">").append(label).append("</span> ");
    String sep = "";
    for (CodeComments.Mention m : mentions) {
      String file = m.file();
      String shortName = file.substring(file.lastIndexOf('/') + 1);
      out.append(sep).append("<a href=\"").append(Html.esc(links.source(file, m.line())));
      out.append("\" title=\"").append(Html.esc(file)).append("\">");
      out.append(Html.esc(shortName)).append(':').append(m.line()).append("</a>");
      sep = ", ";
    }
    out.append("</div>");
  }
}
