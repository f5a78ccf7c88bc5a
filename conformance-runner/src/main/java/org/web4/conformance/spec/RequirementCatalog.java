package org.web4.conformance.spec;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every requirement of spec/*.md, extracted line by line with the regular expression that
 * spec/README.md §2.2 fixes, and the requirements that spec/README.md §7 declares a run may leave
 * untested. The runner ships the spec it was built with as class-path resources under {@code
 * web4/spec/}; {@link #fromDirectory} reads a spec folder instead.
 */
public final class RequirementCatalog {
  /** spec/README.md §2.2, verbatim. */
  public static final Pattern REQUIREMENT =
      Pattern.compile(
          "^\\s*(?:- )?\\*\\*\\[([A-Z]{2,5}-[A-Z0-9]{2,8}-\\d{3})\\]\\*\\* \\((MUST|SHOULD)\\) (.+)$");

  /** What starts a new block in markdown, so does not continue a requirement's text. */
  private static final Pattern CONTINUATION_STOP =
      Pattern.compile("(?:[-*+] |\\d+[.)] |#|\\||>|```|~~~|<!--)");

  private static final String RESOURCE_DIR = "web4/spec";

  private final Map<String, Requirement> byId;
  private final Map<String, UntestedDeclaration> untested;
  private final String specVersion;

  private RequirementCatalog(
      Map<String, Requirement> byId, List<UntestedDeclaration> declarations, String specVersion) {
    this.byId = byId;
    this.specVersion = specVersion;
    Map<String, UntestedDeclaration> declared = new TreeMap<>();
    for (UntestedDeclaration d : declarations) {
      if (!byId.containsKey(d.id())) {
        throw new RunnerConfigurationException(
            "spec/README.md §7 declares " + d.id() + " untested, but spec/ does not define it");
      }
      if (declared.putIfAbsent(d.id(), d) != null) {
        throw new RunnerConfigurationException(
            "spec/README.md §7 declares " + d.id() + " untested twice");
      }
    }
    this.untested = declared;
  }

  /** The spec bundled with the runner. */
  public static RequirementCatalog bundled() {
    URL version = RequirementCatalog.class.getClassLoader().getResource(RESOURCE_DIR + "/VERSION");
    if (version == null) {
      throw new RunnerConfigurationException(
          "the runner has no bundled spec (class-path resource " + RESOURCE_DIR + "/VERSION)");
    }
    try {
      URI uri = version.toURI();
      if ("jar".equals(uri.getScheme())) {
        try {
          return fromDirectory(FileSystems.getFileSystem(uri).getPath("/" + RESOURCE_DIR));
        } catch (FileSystemNotFoundException e) {
          // open the jar only for the read: Cucumber opens it again for the features and fails
          // if it is still open
          try (FileSystem fs = FileSystems.newFileSystem(uri, Map.of())) {
            return fromDirectory(fs.getPath("/" + RESOURCE_DIR));
          }
        }
      }
      Path dir = Path.of(uri).getParent();
      if (dir == null) {
        throw new RunnerConfigurationException("bundled spec has no folder: " + uri);
      }
      return fromDirectory(dir);
    } catch (URISyntaxException | IOException e) {
      throw new RunnerConfigurationException("cannot read the bundled spec: " + e.getMessage(), e);
    }
  }

  /** Reads every {@code *.md} file and {@code VERSION} of a spec folder. */
  public static RequirementCatalog fromDirectory(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files =
          list.filter(p -> p.getFileName().toString().endsWith(".md"))
              .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
              .toList();
    }
    Map<String, Requirement> byId = new LinkedHashMap<>();
    List<UntestedDeclaration> declarations = new ArrayList<>();
    for (Path file : files) {
      String name = file.getFileName().toString();
      try (InputStream in = Files.newInputStream(file)) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        parse(name, text, byId);
        declarations.addAll(UntestedDeclarationTable.parse(name, text));
      }
    }
    Path version = dir.resolve("VERSION");
    String specVersion =
        Files.exists(version) ? Files.readString(version, StandardCharsets.UTF_8).strip() : "";
    return new RequirementCatalog(byId, declarations, specVersion);
  }

  /** Parses one document's text; exposed so that a test can feed lines directly. */
  public static RequirementCatalog parse(String fileName, String text) {
    Map<String, Requirement> byId = new LinkedHashMap<>();
    parse(fileName, text, byId);
    return new RequirementCatalog(byId, UntestedDeclarationTable.parse(fileName, text), "");
  }

  private static void parse(String fileName, String text, Map<String, Requirement> into) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      Matcher m = REQUIREMENT.matcher(withoutCr(lines[i]));
      if (!m.matches()) {
        continue;
      }
      Requirement r =
          new Requirement(m.group(1), m.group(2), whole(m.group(3), lines, i + 1), fileName);
      Requirement before = into.putIfAbsent(r.id(), r);
      if (before != null) {
        throw new RunnerConfigurationException(
            r.id() + " is defined twice: in " + before.file() + " and in " + fileName);
      }
    }
  }

  /**
   * A requirement's text with the lines that continue its paragraph or list item (issue 16: a
   * requirement hard-wrapped in the markdown lost everything after its first line break). A line
   * continues it unless it is blank, starts another list item, heading, table row, quote or code
   * fence, or is itself a requirement.
   */
  private static String whole(String firstLine, String[] lines, int next) {
    StringBuilder text = new StringBuilder(firstLine.strip());
    for (int i = next; i < lines.length; i++) {
      String line = withoutCr(lines[i]);
      if (!continues(line)) {
        break;
      }
      text.append(' ').append(line.strip());
    }
    return text.toString();
  }

  private static boolean continues(String line) {
    String s = line.strip();
    return !s.isEmpty()
        && !REQUIREMENT.matcher(line).matches()
        && !CONTINUATION_STOP.matcher(s).lookingAt();
  }

  private static String withoutCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  /** Every requirement, in ID order. */
  public Collection<Requirement> all() {
    return new TreeMap<>(byId).values();
  }

  public Optional<Requirement> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public boolean contains(String id) {
    return byId.containsKey(id);
  }

  /** Why spec/README.md §7 says {@code id} may be untested, if it says so. */
  public Optional<UntestedDeclaration> untestedDeclaration(String id) {
    return Optional.ofNullable(untested.get(id));
  }

  /** Every declaration of spec/README.md §7, in ID order. */
  public Collection<UntestedDeclaration> untestedDeclarations() {
    return untested.values();
  }

  /** The content of spec/VERSION (empty if the folder has none). */
  public String specVersion() {
    return specVersion;
  }

  public int size() {
    return byId.size();
  }

  /**
   * Refuses a check that names requirement IDs the spec does not define.
   *
   * @throws RunnerConfigurationException naming the check and the unknown IDs
   */
  public void requireKnown(String checkId, Collection<String> ids) {
    List<String> unknown = new ArrayList<>();
    for (String id : ids) {
      if (!byId.containsKey(id)) {
        unknown.add(id);
      }
    }
    if (!unknown.isEmpty()) {
      throw new RunnerConfigurationException(
          checkId + " names requirement IDs that spec/ does not define: " + unknown);
    }
  }
}
