package org.web4.site;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The requirement IDs that source comments name: {@code // … [RTT-GA-001]} and Javadoc in Java,
 * {@code # …} in Python. Only comments count: a string literal naming an ID is data (a test
 * fixture, an error message), not a claim that the code decides it. One pass over each file, linear
 * in its length.
 */
final class CodeComments {
  /** The shape of a requirement ID (spec/README.md §2.3), wherever it stands in a comment. */
  static final Pattern ID = Pattern.compile("\\b[A-Z]{2,5}-[A-Z0-9]{2,8}-\\d{3}\\b");

  /**
   * One ID named in one comment.
   *
   * @param id the requirement ID
   * @param file the source file, relative to the kit root, with {@code /} separators
   * @param line the 1-based line of the comment text that names it
   */
  record Mention(String id, String file, int line) {}

  private CodeComments() {}

  /** Every mention in the {@code .java} and {@code .py} files under {@code dir}. */
  static List<Mention> scan(Path kitRoot, Path dir) throws IOException {
    List<Mention> found = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return found;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith(".py"))
              .filter(p -> !p.toString().contains("/target/"))
              .sorted()
              .toList();
    }
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      String name = kitRoot.relativize(file).toString().replace('\\', '/');
      if (name.endsWith(".py")) {
        found.addAll(inPython(name, text));
      } else {
        found.addAll(inJava(name, text));
      }
    }
    return found;
  }

  /** The mentions in the comments of one Java source. */
  static List<Mention> inJava(String file, String text) {
    List<Mention> found = new ArrayList<>();
    int line = 1;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\n') {
        line++;
        i++;
      } else if (text.startsWith("//", i)) {
        int end = endOfLine(text, i);
        mentions(file, text.substring(i, end), line, found);
        i = end;
      } else if (text.startsWith("/*", i)) {
        int end = text.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        String comment = text.substring(i, end);
        mentions(file, comment, line, found);
        line += count(comment, '\n');
        i = end;
      } else if (text.startsWith("\"\"\"", i)) {
        int end = text.indexOf("\"\"\"", i + 3);
        end = end < 0 ? n : end + 3;
        line += count(text.substring(i, end), '\n');
        i = end;
      } else if (c == '"' || c == '\'') {
        i = endOfQuoted(text, i, c);
      } else {
        i++;
      }
    }
    return found;
  }

  /** The mentions in the {@code #} comments of one Python source. */
  static List<Mention> inPython(String file, String text) {
    List<Mention> found = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      int hash = commentStart(lines[i]);
      if (hash >= 0) {
        mentions(file, lines[i].substring(hash), i + 1, found);
      }
    }
    return found;
  }

  /** Where a Python line's comment starts, skipping {@code #} inside a one-line string. */
  private static int commentStart(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '#') {
        return i;
      }
    }
    return -1;
  }

  private static void mentions(String file, String comment, int firstLine, List<Mention> into) {
    Matcher m = ID.matcher(comment);
    while (m.find()) {
      int line = firstLine + count(comment.substring(0, m.start()), '\n');
      into.add(new Mention(m.group(), file, line));
    }
  }

  private static int endOfLine(String text, int from) {
    int end = text.indexOf('\n', from);
    return end < 0 ? text.length() : end;
  }

  /** The index after a string or char literal that starts at {@code from}; stops at a newline. */
  private static int endOfQuoted(String text, int from, char quote) {
    int i = from + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\\') {
        i += 2;
      } else if (c == quote) {
        return i + 1;
      } else if (c == '\n') {
        return i;
      } else {
        i++;
      }
    }
    return i;
  }

  private static int count(String s, char c) {
    int k = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        k++;
      }
    }
    return k;
  }
}
