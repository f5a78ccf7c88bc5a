package org.web4.site;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.run.Check;

/**
 * Where a check is written: a vector's file under vectors/, a scenario's feature file and the line
 * of its {@code Scenario:} (from the check id, {@code features/rtt/frames.feature:71}).
 */
final class FeatureLines {
  private final Path root;
  private final Map<String, List<String>> files = new HashMap<>();

  FeatureLines(Path root) {
    this.root = root;
  }

  CheckRef locate(Check check) {
    String id = check.id();
    String kind = check.kind().label();
    if (check.kind() == CaseKind.VECTOR && id.contains("#")) {
      return new CheckRef(id, kind, "vectors/" + id.substring(0, id.indexOf('#')), 0);
    }
    int feature = id.indexOf(".feature:");
    if (check.kind() == CaseKind.SCENARIO && feature > 0) {
      String file = id.substring(0, feature + ".feature".length());
      String at = id.substring(feature + ".feature:".length());
      // features/rtt/frames.feature:71 names the line; an older form named the scenario
      int line = at.matches("\\d{1,7}") ? Integer.parseInt(at) : lineOf(file, at);
      return new CheckRef(id, kind, file, line);
    }
    return new CheckRef(id, kind, null, 0);
  }

  private int lineOf(String file, String scenario) {
    List<String> lines =
        files.computeIfAbsent(
            file,
            f -> {
              Path p = root.resolve(f);
              try {
                return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.UTF_8) : List.of();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    for (int i = 0; i < lines.size(); i++) {
      String s = lines.get(i).strip();
      if ((s.startsWith("Scenario:") || s.startsWith("Scenario Outline:"))
          && s.substring(s.indexOf(':') + 1).strip().equals(scenario.strip())) {
        return i + 1;
      }
    }
    return 0;
  }
}
