package org.web4.site;

import java.util.List;

/**
 * The frame of every page: one self-contained HTML file (inline style, no script, nothing loaded),
 * so that opening any page from disk shows it whole — except architecture.html, whose diagrams the
 * vendored mermaid.min.js beside it draws (ArchitecturePage).
 */
final class SitePage {
  static final String CSS =
      """
      body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1f24;background:#fff}
      header{background:#0f2a44;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;flex-wrap:wrap;align-items:baseline}
      header a{color:#cfe3ff;text-decoration:none}header strong{font-size:1.1rem}
      main{max-width:62rem;margin:0 auto;padding:1rem 1.4rem 4rem}
      code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}
      pre{background:#f4f6f8;padding:.7rem;overflow:auto;border-radius:4px}
      table{border-collapse:collapse;margin:.6rem 0;display:block;overflow:auto}
      th,td{border:1px solid #d6dbe0;padding:.25rem .5rem;vertical-align:top;text-align:left}
      th{background:#f0f3f6}
      .req{margin:.9rem 0 .2rem;padding:.35rem .6rem;border-left:4px solid #2f6fb3;background:#f5f9fd}
      li.req{list-style:none;margin-left:-1.2rem}li.req>.trace{margin-left:0}
      .req:target{background:#fff5c2;border-left-color:#c98a00}
      .trace{margin:0 0 1rem 1rem;padding:.3rem .6rem;font-size:.85rem;border-left:2px solid #d6dbe0;color:#36414d}
      .trace ul{margin:.2rem 0;padding-left:1.2rem}.trace .row{margin:.15rem 0}
      .trace .label{font-weight:600;margin-right:.3rem}.trace .kind{color:#6a737d}
      .trace .none{color:#b00020;font-weight:600}
      .badge{display:inline-block;padding:0 .4rem;border-radius:3px;background:#e1e4e8;font-size:.8rem}
      .v-passed{background:#d3f2da;color:#0b5d1e}.v-failed{background:#fbd5d5;color:#8a0c0c}
      .v-untested{background:#fde8c8;color:#7a4b00}.v-absent{background:#eee;color:#555}
      .status{margin-right:.6rem}
      h1,h2,h3,h4{scroll-margin-top:1rem}h2{border-bottom:1px solid #d6dbe0;padding-bottom:.2rem}
      .toc{columns:2;font-size:.9rem}
      """;

  private SitePage() {}

  /** A whole page: the header links every spec page, the index and the event contract. */
  static String wrap(String title, List<String> specFiles, String body) {
    StringBuilder out = new StringBuilder(body.length() + 4096);
    out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    out.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    out.append("<link rel=\"icon\" href=\"data:,\"><title>").append(Html.esc(title));
    out.append(" · Web4 spec</title><style>\n").append(CSS).append("</style></head><body>\n");
    out.append("<header><strong><a href=\"index.html\">Web4 spec</a></strong>");
    for (String f : specFiles) {
      out.append("<a href=\"").append(Links.pageOf(f)).append("\">");
      out.append(Html.esc(f.replaceFirst("\\.md$", ""))).append("</a>");
    }
    out.append("<a href=\"requirements.html\">requirements</a>");
    out.append("<a href=\"event-contract.html\">event contract</a>");
    out.append("<a href=\"architecture.html\">architecture</a></header>\n<main>\n");
    out.append(body).append("\n</main></body></html>\n");
    return out.toString();
  }
}
