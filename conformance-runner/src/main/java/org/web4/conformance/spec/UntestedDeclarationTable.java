package org.web4.conformance.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the table of spec/README.md §7 "Requirements a run may leave untested": the section is the
 * heading that contains {@value #HEADING}; its table is the one whose header row is {@value
 * #HEADER}; each row is {@code | ID | `condition` | reason |}. Anything else in a row of that table
 * is a {@link RunnerConfigurationException}, so a typo cannot silently declare nothing.
 */
final class UntestedDeclarationTable {
  static final String HEADING = "may leave untested";
  static final String HEADER = "| ID | untested when | reason |";

  private static final Pattern HEADING_LINE = Pattern.compile("^#{1,6} .*");
  private static final Pattern SEPARATOR = Pattern.compile("^\\|(\\s*-+\\s*\\|)+$");
  private static final Pattern ID = Pattern.compile("[A-Z]{2,5}-[A-Z0-9]{2,8}-\\d{3}");

  private UntestedDeclarationTable() {}

  /** The declarations of one document; empty if it has no such section. */
  static List<UntestedDeclaration> parse(String fileName, String text) {
    List<UntestedDeclaration> out = new ArrayList<>();
    boolean inSection = false;
    boolean inTable = false;
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (HEADING_LINE.matcher(line).matches()) {
        inSection = line.contains(HEADING);
        inTable = false;
      } else if (inSection && line.equals(HEADER)) {
        inTable = true;
      } else if (inTable && !line.startsWith("|")) {
        inTable = false;
      } else if (inTable && !SEPARATOR.matcher(line).matches()) {
        out.add(row(fileName, i + 1, line));
      }
    }
    return out;
  }

  private static UntestedDeclaration row(String fileName, int lineNumber, String line) {
    String where = fileName + ":" + lineNumber + " (" + HEADER + ")";
    String[] cells =
        line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length()).split("\\|", -1);
    if (cells.length != 3) {
      throw new RunnerConfigurationException(where + ": a row has three cells: " + line);
    }
    String id = cells[0].strip();
    String conditionText = unquote(cells[1].strip());
    String reason = cells[2].strip();
    if (!ID.matcher(id).matches()) {
      throw new RunnerConfigurationException(where + ": not a requirement ID: " + id);
    }
    Optional<UntestedCondition> condition = UntestedCondition.ofText(conditionText);
    if (condition.isEmpty()) {
      List<String> known = new ArrayList<>();
      for (UntestedCondition c : UntestedCondition.values()) {
        known.add(c.text());
      }
      throw new RunnerConfigurationException(
          where + ": " + id + ": unknown condition \"" + conditionText + "\"; known: " + known);
    }
    if (reason.isEmpty()) {
      throw new RunnerConfigurationException(where + ": " + id + " gives no reason");
    }
    return new UntestedDeclaration(id, condition.get(), reason);
  }

  private static String unquote(String cell) {
    return cell.length() >= 2 && cell.startsWith("`") && cell.endsWith("`")
        ? cell.substring(1, cell.length() - 1)
        : cell;
  }
}
