package org.web4.conformance.target;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.file.Path;
import org.web4.cli.CommandErrors;

/**
 * Why a JSON file the user gave could not be read, as one line that names the file: {@code
 * file:line:column: not JSON: <what the parser expected>} for a syntax error (never the parser's
 * "Source: REDACTED" location), else the I/O error ({@code file: no such file or folder}).
 */
public final class JsonFileProblem {
  private JsonFileProblem() {}

  public static String describe(Path file, IOException e) {
    if (e instanceof JsonProcessingException json) {
      JsonLocation at = json.getLocation();
      String where = at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr();
      return file + where + ": not JSON: " + json.getOriginalMessage();
    }
    return CommandErrors.describe(e);
  }
}
