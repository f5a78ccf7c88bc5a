package org.web4.conformance.select;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.web4.conformance.target.JsonFileProblem;

/**
 * {@code --rerun report.json}: the IDs of the cases that failed or errored in an earlier run
 * (schemas/report/report.schema.json, {@code cases[].id} and {@code outcome}).
 */
public final class RerunFile {
  private static final Set<String> RERUN = Set.of("failed", "errored");

  private RerunFile() {}

  /**
   * The failed and errored case IDs of a report.json, in its order.
   *
   * @throws SelectionException the file cannot be read, is not a report, or has no such case
   */
  public static List<String> failedCases(Path report) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readAllBytes(report));
    } catch (IOException e) {
      throw new SelectionException("--rerun " + JsonFileProblem.describe(report, e), e);
    }
    if (root == null || !root.path("cases").isArray()) {
      throw new SelectionException("--rerun " + report + ": not a report.json (no cases array)");
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode c : root.path("cases")) {
      if (RERUN.contains(c.path("outcome").asText()) && c.path("id").isTextual()) {
        ids.add(c.path("id").asText());
      }
    }
    if (ids.isEmpty()) {
      throw new SelectionException(
          "--rerun " + report + ": no failed or errored case to run again");
    }
    return List.copyOf(ids);
  }
}
