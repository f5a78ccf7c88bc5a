package org.web4.conformance.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.spec.RequirementCatalog;

/**
 * Writes the reports of a run into one folder: report.json, report.html, junit.xml, and from
 * report.json the Markdown summary (summary.md) and the EARL export (report.earl.jsonld).
 */
public final class ReportWriter {
  public static final String JSON_FILE = "report.json";
  public static final String HTML_FILE = "report.html";
  public static final String JUNIT_FILE = "junit.xml";
  public static final String MARKDOWN_FILE = "summary.md";
  public static final String EARL_FILE = "report.earl.jsonld";

  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  /** Writes the reports and returns the JSON report's tree. */
  public static ObjectNode write(RunResult run, RequirementCatalog requirements, Path dir)
      throws IOException {
    return write(run, requirements, dir, null);
  }

  /**
   * Writes the reports of a run that was interrupted: report.json's summary says why in {@code
   * interrupted} and never {@code succeeded}.
   */
  public static ObjectNode writePartial(
      RunResult run, RequirementCatalog requirements, Path dir, String interrupted)
      throws IOException {
    return write(run, requirements, dir, interrupted);
  }

  private static ObjectNode write(
      RunResult run, RequirementCatalog requirements, Path dir, @Nullable String interrupted)
      throws IOException {
    Files.createDirectories(dir);
    RequirementMatrix matrix = RequirementMatrix.of(requirements, run);
    ObjectNode json = JsonReport.of(run, matrix);
    if (interrupted != null) {
      ((ObjectNode) json.path("summary")).put("succeeded", false).put("interrupted", interrupted);
    }
    Files.write(dir.resolve(JSON_FILE), PRETTY.writeValueAsBytes(json));
    Files.writeString(
        dir.resolve(HTML_FILE), HtmlReport.render(run, matrix), StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(JUNIT_FILE), JunitXmlReport.render(run), StandardCharsets.UTF_8);
    DigestReports.write(json, dir);
    return json;
  }
}
