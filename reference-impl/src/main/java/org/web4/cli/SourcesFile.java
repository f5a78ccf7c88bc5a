package org.web4.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.web4.envelope.SchemaCatalog;
import org.web4.harness.LipControl;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.lip.LipRuntime;
import org.web4.lip.SourceRules;

/**
 * {@code web4 serve --sources FILE}: the LIP source rules the agent starts with, in the format of
 * the harness {@code lip/sources} request (spec/harness.md §4.13).
 */
final class SourcesFile {
  private SourcesFile() {}

  /**
   * @throws IllegalArgumentException when the file is not such a request
   */
  static List<SourceRules.Configured> read(Path file) throws IOException {
    JsonNode json;
    try {
      json = StrictJsonParser.withDepthLimitOnly().parse(Files.readAllBytes(file));
    } catch (JsonViolation e) {
      throw new IllegalArgumentException("--sources " + file + ": not I-JSON: " + e.getMessage());
    }
    List<String> violations =
        SchemaCatalog.describe(
            SchemaCatalog.get().schema("harness/lip_sources.request.schema.json").validate(json));
    if (!violations.isEmpty()) {
      throw new IllegalArgumentException(
          "--sources " + file + ": " + String.join("; ", violations));
    }
    try {
      return LipRuntime.configured(json);
    } catch (LipControl.BadSources e) {
      throw new IllegalArgumentException("--sources " + file + ": " + e.getMessage());
    }
  }
}
