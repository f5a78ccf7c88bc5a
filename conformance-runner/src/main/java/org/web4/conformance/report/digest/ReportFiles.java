package org.web4.conformance.report.digest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.web4.conformance.report.ReportWriter;

/** Reads {@code report.json} files given on a command line: a file, or a run's report folder. */
public final class ReportFiles {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ReportFiles() {}

  /**
   * The digest of the report at {@code path}; a folder stands for its {@code report.json}.
   *
   * @throws ReportFileException if it is missing, not JSON, or not a report (the message names the
   *     file)
   */
  public static ReportDigest read(Path path) throws ReportFileException {
    Path file = Files.isDirectory(path) ? path.resolve(ReportWriter.JSON_FILE) : path;
    JsonNode tree;
    try {
      tree = JSON.readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new ReportFileException(file + ": no such file", e);
    } catch (JsonProcessingException e) {
      throw new ReportFileException(file + ": not JSON (" + e.getOriginalMessage() + ")", e);
    } catch (IOException e) {
      throw new ReportFileException(file + ": cannot be read (" + e + ")", e);
    }
    if (tree == null) {
      throw new ReportFileException(file + ": empty");
    }
    return ReportDigest.of(tree, file.toString());
  }
}
