package org.web4.site;

import java.util.List;
import java.util.Map;
import org.web4.conformance.spec.Requirement;

/** index.html (the documents, how the site is made) and requirements.html (the index). */
final class IndexPages {
  private IndexPages() {}

  static String home(
      Traceability trace, List<String> specFiles, Map<String, String> titles, String reportsFrom) {
    StringBuilder b = new StringBuilder(4096);
    b.append("<h1>The Web4 specification</h1>\n<p>Spec version <code>");
    b.append(Html.esc(trace.catalog().specVersion())).append("</code>: ");
    b.append(trace.catalog().size()).append(" requirements, each with an anchor of its ID ");
    b.append("(<code>rtt.html#RTT-GA-001</code>) and, under its text, the checks that cover it, ");
    b.append("the code that decides it and its verdict in the bundled reports.</p>\n");
    b.append("<h2 id=\"documents\">Documents</h2>\n<ul>");
    for (String f : specFiles) {
      b.append("<li><a href=\"").append(Links.pageOf(f)).append("\">");
      b.append(Html.esc(titles.getOrDefault(f, f))).append("</a> <code>spec/");
      b.append(Html.esc(f)).append("</code></li>");
    }
    b.append("</ul>\n<p><a href=\"requirements.html\">Every requirement</a> · ");
    b.append("<a href=\"event-contract.html\">The event contract</a></p>\n");
    b.append("<h2 id=\"how\">How this site is made</h2>\n<p>");
    b.append("<code>spec-site</code> renders <code>spec/*.md</code> with commonmark-java in ");
    b.append(
        "<code>./mvnw verify</code>, offline (docs/adr/1301). The checks of a requirement are ");
    b.append(
        "those of a kit run (<code>web4-conformance list</code>); its code references are the ");
    b.append("comments that name its ID; statuses come from ").append(Html.esc(reportsFrom));
    b.append(".</p>\n");
    for (BundledReport r : trace.reports()) {
      b.append("<p>Report <b>").append(Html.esc(r.name())).append("</b>: target ");
      b.append(Html.esc(r.target())).append(", started ").append(Html.esc(r.startedAt()));
      b.append(".</p>\n");
    }
    return b.toString();
  }

  static String requirements(Traceability trace) {
    StringBuilder b = new StringBuilder(256 * 1024);
    b.append("<h1>Requirements</h1>\n<p>").append(trace.catalog().size());
    b.append(" requirements of spec ").append(Html.esc(trace.catalog().specVersion()));
    b.append(", in ID order.</p>\n<table><thead><tr><th>ID</th><th>level</th><th>document</th>");
    b.append("<th>checks</th><th>code</th>");
    for (BundledReport r : trace.reports()) {
      b.append("<th>").append(Html.esc(r.name())).append("</th>");
    }
    b.append("<th>text</th></tr></thead><tbody>\n");
    for (Requirement r : trace.catalog().all()) {
      String id = r.id();
      b.append("<tr id=\"").append(Html.esc(id)).append("\"><td><a href=\"");
      b.append(Links.pageOf(r.file())).append('#').append(Html.esc(id)).append("\"><code>");
      b.append(Html.esc(id)).append("</code></a></td><td>").append(r.level()).append("</td><td>");
      b.append(Html.esc(r.file())).append("</td><td>").append(trace.checks(id).size());
      b.append("</td><td>").append(trace.reference(id).size() + trace.python(id).size());
      b.append("</td>");
      for (BundledReport rep : trace.reports()) {
        String v = rep.verdicts().getOrDefault(id, "absent");
        b.append("<td><span class=\"badge v-").append(Html.esc(v)).append("\">");
        b.append(Html.esc(v.replace('_', ' '))).append("</span></td>");
      }
      String text = r.text();
      b.append("<td>").append(Html.esc(text.length() > 160 ? text.substring(0, 157) + "…" : text));
      b.append("</td></tr>\n");
    }
    b.append("</tbody></table>\n");
    return b.toString();
  }
}
