package org.web4.conformance.report.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a comparison into a folder: comparison.html and comparison.md. */
public final class ComparisonWriter {
  public static final String HTML_FILE = "comparison.html";
  public static final String MARKDOWN_FILE = "comparison.md";

  private ComparisonWriter() {}

  public static void write(Comparison comparison, Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve(HTML_FILE), ComparisonHtml.render(comparison), StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve(MARKDOWN_FILE), ComparisonMarkdown.render(comparison), StandardCharsets.UTF_8);
  }
}
