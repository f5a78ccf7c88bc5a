package org.web4.conformance.scenarios;

import java.io.IOException;
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
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Lists the scenarios of feature files without running them: the features packaged in the runner
 * ({@code web4/features/} on the class path) or a folder of the user's. It reads just enough
 * Gherkin (tags, Scenario, Scenario Outline, Examples rows, doc strings) to give every scenario its
 * line and tags; Cucumber parses the files for real when they run.
 */
public final class FeatureCatalog {
  private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("@(\\S+)");

  private FeatureCatalog() {}

  /** The scenarios packaged with the runner. */
  public static List<FeatureScenario> packaged() throws IOException {
    URL root = FeatureCatalog.class.getResource("/web4/features");
    if (root == null) {
      return List.of();
    }
    URI uri;
    try {
      uri = root.toURI();
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    if (uri.getScheme().equals("jar")) {
      try {
        FileSystem shared = FileSystems.getFileSystem(uri);
        return scan(shared.provider().getPath(uri), "features", "classpath:web4/features/");
      } catch (FileSystemNotFoundException e) {
        // open the jar only for the scan: Cucumber opens it again to run the features
        try (FileSystem own = FileSystems.newFileSystem(uri, Map.of())) {
          return scan(own.provider().getPath(uri), "features", "classpath:web4/features/");
        }
      }
    }
    return scan(Path.of(uri), "features", "classpath:web4/features/");
  }

  /** The scenarios of every {@code .feature} file under a folder. */
  public static List<FeatureScenario> folder(Path dir) throws IOException {
    return scan(dir, "user-features", dir.toAbsolutePath().normalize() + "/");
  }

  private static List<FeatureScenario> scan(Path dir, String origin, String uriPrefix)
      throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(p -> p.toString().endsWith(".feature")).sorted().collect(Collectors.toList());
    }
    List<FeatureScenario> out = new ArrayList<>();
    for (Path file : files) {
      String rel = dir.relativize(file).toString().replace('\\', '/');
      out.addAll(
          parse(origin, uriPrefix + rel, rel, Files.readAllLines(file, StandardCharsets.UTF_8)));
    }
    return out;
  }

  static List<FeatureScenario> parse(String origin, String uri, String path, List<String> lines) {
    List<FeatureScenario> out = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    List<String> featureTags = List.of();
    List<String> scenarioTags = List.of();
    List<String> examplesTags = List.of();
    String outline = null;
    boolean inDocString = false;
    boolean expectHeader = false;
    // A table row is an example only under Examples:, not a step's data table.
    boolean inExamples = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.startsWith("\"\"\"") || line.startsWith("```")) {
        inDocString = !inDocString;
        continue;
      }
      if (inDocString || line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("@")) {
        java.util.regex.Matcher tag = TAG.matcher(line);
        while (tag.find()) {
          pending.add(tag.group(1));
        }
      } else if (line.startsWith("Feature:")) {
        featureTags = List.copyOf(pending);
        pending.clear();
      } else if (line.startsWith("Scenario Outline:") || line.startsWith("Scenario Template:")) {
        scenarioTags = concat(featureTags, pending);
        pending.clear();
        outline = line.substring(line.indexOf(':') + 1).strip();
        inExamples = false;
      } else if (line.startsWith("Scenario:") || line.startsWith("Example:")) {
        scenarioTags = concat(featureTags, pending);
        pending.clear();
        outline = null;
        inExamples = false;
        out.add(
            new FeatureScenario(
                origin,
                uri,
                path,
                i + 1,
                line.substring(line.indexOf(':') + 1).strip(),
                scenarioTags));
      } else if (line.startsWith("Examples:") || line.startsWith("Scenarios:")) {
        examplesTags = concat(scenarioTags, pending);
        pending.clear();
        expectHeader = true;
        inExamples = true;
      } else if (line.startsWith("|")) {
        if (outline == null || !inExamples) {
          continue; // a step's data table
        }
        if (expectHeader) {
          expectHeader = false;
        } else {
          out.add(
              new FeatureScenario(origin, uri, path, i + 1, outline + " " + line, examplesTags));
        }
      } else if (line.startsWith("Background:") || line.startsWith("Rule:")) {
        pending.clear();
        inExamples = false;
      } else {
        inExamples = false; // a step
      }
    }
    return out;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    for (String t : b) {
      if (!out.contains(t)) {
        out.add(t);
      }
    }
    return List.copyOf(out);
  }
}
