package org.web4.conformance.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.web4.conformance.report.digest.ReportDigest;
import org.web4.conformance.report.digest.ReportFileException;
import org.web4.conformance.report.earl.EarlReport;
import org.web4.conformance.report.markdown.MarkdownSummary;

/**
 * The reports made from report.json itself rather than from the run: the Markdown summary and the
 * EARL export. Reading the written tree keeps them exactly what report.json says.
 */
final class DigestReports {
  private static final ObjectMapper PRETTY =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DigestReports() {}

  static void write(ObjectNode reportJson, Path dir) throws IOException {
    ReportDigest digest;
    try {
      digest = ReportDigest.of(reportJson, dir.resolve(ReportWriter.JSON_FILE).toString());
    } catch (ReportFileException e) {
      // JsonReport wrote this tree: a member the digest needs is missing only through a bug
      throw new IllegalStateException("report.json as written does not read back", e);
    }
    Files.writeString(
        dir.resolve(ReportWriter.MARKDOWN_FILE),
        MarkdownSummary.render(digest),
        StandardCharsets.UTF_8);
    Files.write(
        dir.resolve(ReportWriter.EARL_FILE), PRETTY.writeValueAsBytes(EarlReport.of(digest)));
  }
}
