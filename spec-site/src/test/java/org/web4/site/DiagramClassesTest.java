package org.web4.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Mermaid diagrams of docs/*.md name the classes they show, and those classes exist: every
 * {@code ```mermaid} block has a {@code %% classes: A, B} line, every class it lists is declared
 * (class, interface, record or enum) in some module's {@code src/main/java}, and every participant
 * whose label is a class name (outside parentheses) is listed. A rename in the code fails the build
 * here until the diagram follows.
 */
class DiagramClassesTest {
  private static final Path KIT = Path.of(System.getProperty("web4.kit.root", "..")).normalize();
  private static final Pattern BLOCK = Pattern.compile("```mermaid\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern CLASSES = Pattern.compile("%% classes:(.*)");
  private static final Pattern PARTICIPANT = Pattern.compile("participant \\S+ as ([^\\n]+)");
  private static final Pattern CAMEL = Pattern.compile("\\b[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]*)+\\b");
  private static final Pattern DECLARED =
      Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z]\\w*)");

  /** Every type declared in the kit's {@code src/main/java} folders. */
  static Set<String> declaredTypes(Path root) throws IOException {
    Set<String> names = new HashSet<>();
    for (Path dir : Traceability.sourceFolders(root)) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path f : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
          Matcher m = DECLARED.matcher(Files.readString(f, StandardCharsets.UTF_8));
          while (m.find()) {
            names.add(m.group(1));
          }
        }
      }
    }
    return names;
  }

  /** What is wrong with the diagrams of one markdown text. */
  static List<String> problems(String file, String markdown, Set<String> declared) {
    List<String> problems = new ArrayList<>();
    Matcher block = BLOCK.matcher(markdown);
    int n = 0;
    while (block.find()) {
      n++;
      String diagram = block.group(1);
      String where = file + " diagram " + n;
      Matcher classes = CLASSES.matcher(diagram);
      if (!classes.find()) {
        problems.add(where + ": no %% classes: line");
        continue;
      }
      Set<String> listed = new HashSet<>();
      for (String name : classes.group(1).split(",", -1)) {
        String c = name.strip();
        listed.add(c);
        if (!declared.contains(c)) {
          problems.add(where + ": " + c + " is not a class of the sources");
        }
      }
      Matcher p = PARTICIPANT.matcher(diagram);
      while (p.find()) {
        Matcher camel = CAMEL.matcher(p.group(1).replaceAll("\\([^)]*\\)", ""));
        while (camel.find()) {
          if (!listed.contains(camel.group())) {
            problems.add(where + ": participant " + camel.group() + " is not in its classes line");
          }
        }
      }
    }
    return problems;
  }

  @Test
  void everyDiagramOfDocsNamesClassesThatExist() throws IOException {
    Set<String> declared = declaredTypes(KIT);
    List<String> problems = new ArrayList<>();
    long diagrams = 0;
    try (Stream<Path> docs = Files.list(KIT.resolve("docs"))) {
      for (Path md : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
        String text = Files.readString(md, StandardCharsets.UTF_8);
        diagrams += BLOCK.matcher(text).results().count();
        problems.addAll(problems(String.valueOf(md.getFileName()), text, declared));
      }
    }
    assertThat(diagrams).isGreaterThanOrEqualTo(7);
    assertThat(problems).isEmpty();
  }

  @Test
  void aRenamedClassOrAnUnlistedParticipantFails() throws IOException {
    Set<String> declared = declaredTypes(KIT);
    String md =
        """
        ```mermaid
        sequenceDiagram
          %% classes: RttEndpoint, RttEndpointRenamed
          participant E as RttEndpoint
          participant R as ProtocolRouter
          participant W as stand-in web (WireMock)
        ```
        ```mermaid
        flowchart LR
          A --> B
        ```
        """;
    assertThat(problems("x.md", md, declared))
        .containsExactly(
            "x.md diagram 1: RttEndpointRenamed is not a class of the sources",
            "x.md diagram 1: participant ProtocolRouter is not in its classes line",
            "x.md diagram 2: no %% classes: line");
  }
}
