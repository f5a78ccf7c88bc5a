package org.web4.site;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.ConformanceRun;
import org.web4.conformance.run.CoverageGate;
import org.web4.conformance.run.ProgressListener;
import org.web4.conformance.run.RunOptions;
import org.web4.conformance.run.Suite;
import org.web4.conformance.spec.RequirementCatalog;
import org.web4.conformance.vectors.VectorSet;
import org.web4.vectors.VectorManifest;

/**
 * Everything the site says about a requirement besides its text: the checks that cover it (the
 * suites of a run, as {@code web4-conformance list} and the coverage gate see them), the source
 * comments that name it, and its verdict in each bundled report; and the build check's findings.
 */
final class Traceability {
  /** Where the reference implementation's decisions are. */
  static final String REFERENCE_SOURCES = "reference-impl/src/main/java";

  /** Where web4py's are. */
  static final String PYTHON_SOURCES = "implementations/python/web4py";

  private final RequirementCatalog catalog;
  private final Map<String, List<CheckRef>> checks;
  private final Map<String, List<CodeComments.Mention>> reference;
  private final Map<String, List<CodeComments.Mention>> python;
  private final List<CodeComments.Mention> unknown;
  private final List<String> withoutCheck;
  private final List<BundledReport> reports;

  private Traceability(
      RequirementCatalog catalog,
      Map<String, List<CheckRef>> checks,
      List<CodeComments.Mention> mentions,
      Set<String> reserved,
      List<String> withoutCheck,
      List<BundledReport> reports) {
    this.catalog = catalog;
    this.checks = checks;
    this.withoutCheck = List.copyOf(withoutCheck);
    this.reports = List.copyOf(reports);
    this.reference = new HashMap<>();
    this.python = new HashMap<>();
    this.unknown = new ArrayList<>();
    for (CodeComments.Mention m : mentions) {
      if (!catalog.contains(m.id())) {
        if (!reserved.contains(m.id())) {
          unknown.add(m);
        }
      } else if (m.file().startsWith(REFERENCE_SOURCES)) {
        reference.computeIfAbsent(m.id(), k -> new ArrayList<>()).add(m);
      } else if (m.file().startsWith(PYTHON_SOURCES)) {
        python.computeIfAbsent(m.id(), k -> new ArrayList<>()).add(m);
      }
    }
  }

  /** Reads the kit at {@code root}: its spec, checks, sources and the given reports. */
  static Traceability of(Path root, List<BundledReport> reports)
      throws IOException, VectorManifest.TamperedException {
    RequirementCatalog catalog = RequirementCatalog.fromDirectory(root.resolve("spec"));
    VectorSet vectors = VectorSet.fromDirectory(root.resolve("vectors"));
    // slow = true: list every check, the slow ones too (spec/README.md §7)
    RunOptions everything = new RunOptions(null, null, 0, null, null, null, null, true, List.of());
    List<Suite> suites =
        new ConformanceRun(catalog, ProgressListener.NONE).suites(vectors, everything);
    FeatureLines lines = new FeatureLines(root);
    Map<String, List<CheckRef>> checks = new HashMap<>();
    for (Suite suite : suites) {
      for (Check check : suite.checks()) {
        CheckRef ref = lines.locate(check);
        for (String id : check.requirements()) {
          checks.computeIfAbsent(id, k -> new ArrayList<>()).add(ref);
        }
      }
    }
    List<CodeComments.Mention> mentions = new ArrayList<>();
    for (Path dir : sourceFolders(root)) {
      mentions.addAll(CodeComments.scan(root, dir));
    }
    return new Traceability(
        catalog,
        checks,
        mentions,
        reservedIds(root.resolve("spec/README.md")),
        CoverageGate.withoutCheck(catalog, suites),
        reports);
  }

  /** Every {@code src/main/java} of the kit's modules, and web4py. */
  static List<Path> sourceFolders(Path root) throws IOException {
    List<Path> dirs = new ArrayList<>();
    List<Path> candidates = new ArrayList<>();
    try (Stream<Path> top = Files.list(root)) {
      top.filter(Files::isDirectory).sorted().forEach(candidates::add);
    }
    Path starters = root.resolve("starters");
    if (Files.isDirectory(starters)) {
      try (Stream<Path> s = Files.list(starters)) {
        s.filter(Files::isDirectory).sorted().forEach(candidates::add);
      }
    }
    for (Path module : candidates) {
      Path java = module.resolve("src/main/java");
      if (Files.isDirectory(java)) {
        dirs.add(java);
      }
    }
    dirs.add(root.resolve(PYTHON_SOURCES));
    return dirs;
  }

  /**
   * The IDs of spec/README.md §6 (reserved and retired): a comment may name them, the catalog does
   * not define them.
   */
  static Set<String> reservedIds(Path readme) throws IOException {
    Set<String> ids = new TreeSet<>();
    if (!Files.exists(readme)) {
      return ids;
    }
    boolean inSection = false;
    for (String line : Files.readAllLines(readme, StandardCharsets.UTF_8)) {
      if (line.startsWith("## ")) {
        inSection = line.startsWith("## 6.");
      } else if (inSection && line.startsWith("|")) {
        String first = line.substring(1).split("\\|", -1)[0].strip();
        if (CodeComments.ID.matcher(first).matches()) {
          ids.add(first);
        }
      }
    }
    return ids;
  }

  RequirementCatalog catalog() {
    return catalog;
  }

  List<CheckRef> checks(String id) {
    return checks.getOrDefault(id, List.of());
  }

  List<CodeComments.Mention> reference(String id) {
    return reference.getOrDefault(id, List.of());
  }

  List<CodeComments.Mention> python(String id) {
    return python.getOrDefault(id, List.of());
  }

  List<BundledReport> reports() {
    return reports;
  }

  /**
   * What fails the build: requirements no check covers (and spec/README.md §7 does not declare
   * untested) and comments naming IDs that spec/ does not define (nor §6 reserve), by ID.
   */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    for (String id : withoutCheck) {
      problems.add(
          id
              + ": no check covers it (no scenario tag, vector or check names it) and spec/README.md"
              + " §7 does not declare it untested");
    }
    Map<String, List<String>> byId = new TreeMap<>();
    for (CodeComments.Mention m : unknown) {
      byId.computeIfAbsent(m.id(), k -> new ArrayList<>()).add(m.file() + ":" + m.line());
    }
    byId.forEach(
        (id, where) ->
            problems.add(
                id
                    + ": named in a comment but spec/ does not define it: "
                    + String.join(", ", where)));
    return problems;
  }
}
