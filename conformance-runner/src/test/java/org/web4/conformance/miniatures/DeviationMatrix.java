package org.web4.conformance.miniatures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.web4.conformance.testing.KitFiles;
import org.web4.rtt.Deviation;

/**
 * The matrix deviation × requirement IDs of docs/deviations.md, read from its table: the single
 * source of the IDs each deviation must fail. A row is
 *
 * <pre>
 * | `DEVIATION` | AREA | what it does | ID, ID, … | why each ID fails |
 * </pre>
 */
final class DeviationMatrix {
  /** The document, relative to the kit root. */
  static final String DOCUMENT = "docs/deviations.md";

  /** One row: a deviation, its area, the IDs it must fail and the text that explains them. */
  record Row(String name, String area, String does, Set<String> fails, String why) {
    Deviation deviation() {
      return Deviation.valueOf(name);
    }
  }

  /** The document's table or its format is wrong. */
  static final class BadMatrix extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadMatrix(String message) {
      super(message);
    }
  }

  private DeviationMatrix() {}

  static List<Row> read() throws IOException {
    return parse(Files.readString(document(), StandardCharsets.UTF_8));
  }

  static Path document() {
    return KitFiles.root().resolve(DOCUMENT);
  }

  /** The rows of every table line whose first cell is a backquoted name. */
  static List<Row> parse(String markdown) {
    List<Row> rows = new ArrayList<>();
    int lineNumber = 0;
    for (String line : markdown.split("\n", -1)) {
      lineNumber++;
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.split("\\|", -1);
      // "| a | b | c | d | e |" splits into "", 5 cells, ""
      if (cells.length != 7 || !cells[6].isBlank()) {
        throw new BadMatrix(DOCUMENT + ":" + lineNumber + ": a row has 5 cells; got: " + line);
      }
      String name = cells[1].strip();
      if (!name.matches("`[A-Z][A-Z0-9_]*`")) {
        throw new BadMatrix(DOCUMENT + ":" + lineNumber + ": not a `CONSTANT`: " + name);
      }
      Set<String> ids = new TreeSet<>();
      for (String id : cells[4].split(",", -1)) {
        String trimmed = id.strip();
        if (!trimmed.matches("[A-Z]{2,5}-[A-Z0-9]{2,8}-\\d{3}")) {
          throw new BadMatrix(DOCUMENT + ":" + lineNumber + ": not a requirement ID: " + id);
        }
        ids.add(trimmed);
      }
      rows.add(
          new Row(
              name.substring(1, name.length() - 1),
              cells[2].strip(),
              cells[3].strip(),
              ids,
              cells[5].strip()));
    }
    return rows;
  }

  /** The rows of one area, in the document's order; each names a {@link Deviation}. */
  static List<Row> area(String area) throws IOException {
    List<Row> out = new ArrayList<>();
    for (Row r : read()) {
      if (r.area().equals(area)) {
        if (Arrays.stream(Deviation.values()).noneMatch(d -> d.name().equals(r.name()))) {
          throw new BadMatrix(DOCUMENT + ": no Deviation." + r.name());
        }
        out.add(r);
      }
    }
    return out;
  }
}
