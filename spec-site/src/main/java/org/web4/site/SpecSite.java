package org.web4.site;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.web4.vectors.VectorManifest;

/**
 * Writes the spec site: one page per {@code spec/*.md}, requirements.html, event-contract.html,
 * architecture.html (with the vendored mermaid.min.js beside it) and index.html, then fails if the
 * build check finds a problem (docs/adr/1301): a requirement that no check covers, a comment naming
 * an ID spec/ does not define, a requirement without its anchor.
 *
 * <p>{@code SpecSite --kit-root=DIR --out=DIR [--source-base=URL] [--report=FILE]...}
 */
public final class SpecSite {
  private SpecSite() {}

  /**
   * What one build of the site found.
   *
   * @param pages the pages written, relative to the output folder
   * @param problems what fails the build (empty when none)
   */
  public record Result(List<String> pages, List<String> problems) {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(".");
    Path out = Path.of("target/site");
    String sourceBase = "";
    List<Path> reports = new ArrayList<>();
    for (String a : args) {
      String value = a.substring(a.indexOf('=') + 1);
      if (a.startsWith("--kit-root=")) {
        root = Path.of(value);
      } else if (a.startsWith("--out=")) {
        out = Path.of(value);
      } else if (a.startsWith("--source-base=")) {
        sourceBase = value;
      } else if (a.startsWith("--report=")) {
        reports.add(Path.of(value));
      } else {
        throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    Result result =
        build(root.toAbsolutePath().normalize(), out.toAbsolutePath(), sourceBase, reports);
    System.out.println(
        "spec site: " + result.pages().size() + " pages in " + out.resolve("index.html"));
    if (!result.problems().isEmpty()) {
      throw new IllegalStateException(
          "the spec site's build check failed (docs/adr/1301):\n  "
              + String.join("\n  ", result.problems()));
    }
  }

  /** Builds the site of the kit at {@code root} into {@code out}. */
  public static Result build(Path root, Path out, String sourceBase, List<Path> reportFiles)
      throws IOException, VectorManifest.TamperedException {
    List<BundledReport> reports = new ArrayList<>();
    String reportsFrom;
    if (reportFiles.isEmpty()) {
      reports.addAll(BundledReport.ofBuild(root));
      reportsFrom =
          reports.isEmpty()
              ? "no report: none is bundled (the build leaves them in "
                  + BundledReport.BUILD_REPORTS
                  + "/NAME/report.json)"
              : "the reports the build's kit runs left in " + BundledReport.BUILD_REPORTS;
    } else {
      for (Path f : reportFiles) {
        reports.add(BundledReport.read(String.valueOf(f.getFileName()), f));
      }
      reportsFrom = "the reports given with --report";
    }
    Traceability trace = Traceability.of(root, reports);
    Files.createDirectories(out);
    Links links = new Links(sourceBase.isEmpty() ? relative(out, root) : sourceBase);
    List<String> specFiles = specFiles(root.resolve("spec"));
    List<String> problems = new ArrayList<>(trace.problems());
    problems.addAll(EventContractPage.problems(root));
    List<String> pages = new ArrayList<>();
    Map<String, String> titles = new LinkedHashMap<>();
    List<String> anchored = new ArrayList<>();
    SpecPage renderer = new SpecPage(trace, links);
    for (String f : specFiles) {
      String md = Files.readString(root.resolve("spec").resolve(f), StandardCharsets.UTF_8);
      SpecPage.Rendered page = renderer.render(f, md);
      titles.put(f, page.title());
      anchored.addAll(page.anchored());
      pages.add(write(out, Links.pageOf(f), SitePage.wrap(page.title(), specFiles, page.html())));
    }
    trace.catalog().all().stream()
        .filter(r -> !anchored.contains(r.id()))
        .forEach(r -> problems.add(r.id() + ": " + r.file() + " renders without its anchor"));
    pages.add(
        write(
            out,
            "requirements.html",
            SitePage.wrap("Requirements", specFiles, IndexPages.requirements(trace))));
    pages.add(
        write(
            out,
            "event-contract.html",
            SitePage.wrap(
                "Event contract", specFiles, EventContractPage.render(root, links, trace))));
    ArchitecturePage.Rendered architecture =
        ArchitecturePage.render(ArchitecturePage.source(root), links);
    pages.add(
        write(
            out,
            ArchitecturePage.PAGE,
            SitePage.wrap(architecture.title(), specFiles, architecture.html())));
    ArchitecturePage.copyBundle(out);
    pages.add(
        write(
            out,
            "index.html",
            SitePage.wrap(
                "Web4 specification",
                specFiles,
                IndexPages.home(trace, specFiles, titles, reportsFrom))));
    return new Result(pages, problems);
  }

  private static List<String> specFiles(Path spec) throws IOException {
    try (Stream<Path> list = Files.list(spec)) {
      return list.map(p -> String.valueOf(p.getFileName()))
          .filter(n -> n.endsWith(".md"))
          .sorted((a, b) -> a.equals("README.md") ? -1 : b.equals("README.md") ? 1 : a.compareTo(b))
          .toList();
    }
  }

  private static String relative(Path out, Path root) {
    String r = out.relativize(root).toString().replace('\\', '/');
    return r.isEmpty() ? "" : r + "/";
  }

  private static String write(Path out, String name, String html) throws IOException {
    Files.writeString(out.resolve(name), html, StandardCharsets.UTF_8);
    return name;
  }
}
