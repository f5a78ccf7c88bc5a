package org.web4.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A compliance report the site shows the verdicts of (schemas/report/report.schema.json): by
 * default every {@code conformance-runner/target/reports/<name>/report.json} that the build's kit
 * runs left (the reference and web4py, written earlier in the same {@code ./mvnw verify}), else the
 * files given with {@code --report}.
 *
 * @param name the folder name ({@code reference}, {@code python}) or the file name
 * @param target the run's target, from its header
 * @param startedAt when the run started, from its header
 * @param verdicts requirement ID → verdict
 */
record BundledReport(String name, String target, String startedAt, Map<String, String> verdicts) {
  static final String BUILD_REPORTS = "conformance-runner/target/reports";

  static BundledReport read(String name, Path file) throws IOException {
    JsonNode report = new ObjectMapper().readTree(file.toFile());
    Map<String, String> verdicts = new LinkedHashMap<>();
    for (JsonNode r : report.path("requirements")) {
      verdicts.put(r.path("id").asText(), r.path("verdict").asText());
    }
    JsonNode header = report.path("header");
    return new BundledReport(
        name, header.path("target").asText(name), header.path("started_at").asText(""), verdicts);
  }

  /** The reports the build left under {@link #BUILD_REPORTS}, by folder name. */
  static List<BundledReport> ofBuild(Path kitRoot) throws IOException {
    Path dir = kitRoot.resolve(BUILD_REPORTS);
    List<BundledReport> found = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return found;
    }
    List<Path> folders;
    try (Stream<Path> list = Files.list(dir)) {
      folders = list.filter(p -> Files.isRegularFile(p.resolve("report.json"))).sorted().toList();
    }
    for (Path folder : folders) {
      found.add(read(String.valueOf(folder.getFileName()), folder.resolve("report.json")));
    }
    return found;
  }
}
