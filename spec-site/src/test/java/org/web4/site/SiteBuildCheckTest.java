package org.web4.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site's build check fails on a kit that has a requirement no check covers or a comment that
 * names an ID spec/ does not define, and passes on the kit as it is (the module's exec:java run
 * already did; here the same call on a copy, broken one defect at a time).
 */
class SiteBuildCheckTest {
  private static final Path KIT = Path.of(System.getProperty("web4.kit.root", "..")).normalize();

  @TempDir Path dir;

  private Path copyOfTheKit() throws IOException {
    Path root = dir.resolve("kit");
    copy(KIT.resolve("spec"), root.resolve("spec"));
    copy(KIT.resolve("schemas"), root.resolve("schemas"));
    Path vectors = root.resolve("vectors");
    try (Stream<Path> walk = Files.walk(KIT.resolve("vectors"), 2)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String rel = KIT.resolve("vectors").relativize(p).toString();
        if (rel.endsWith(".json") && !rel.startsWith("src") && !rel.startsWith("sources")) {
          Files.createDirectories(vectors.resolve(rel).getParent());
          Files.copy(p, vectors.resolve(rel));
        }
      }
    }
    Files.createDirectories(root.resolve(Traceability.REFERENCE_SOURCES));
    Files.createDirectories(root.resolve("docs"));
    Files.copy(KIT.resolve(ArchitecturePage.SOURCE), root.resolve(ArchitecturePage.SOURCE));
    return root;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static List<String> problems(Path root) throws Exception {
    return SpecSite.build(root, root.resolve("site"), "", List.of()).problems();
  }

  @Test
  void theKitAsItIsPasses() throws Exception {
    assertThat(problems(copyOfTheKit())).isEmpty();
  }

  @Test
  void aRequirementThatNoCheckCoversFailsTheBuild() throws Exception {
    Path root = copyOfTheKit();
    Files.writeString(
        root.resolve("spec/events.md"),
        "\n- **[EVT-ENV-999]** (MUST) An agent MUST do what nothing checks.\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    assertThat(problems(root))
        .singleElement()
        .asString()
        .startsWith("EVT-ENV-999: no check covers it");
  }

  @Test
  void aCommentNamingAnUndefinedIdFailsTheBuild() throws Exception {
    Path root = copyOfTheKit();
    Path java = root.resolve(Traceability.REFERENCE_SOURCES).resolve("Limits.java");
    Files.writeString(
        java,
        "class Limits {\n  // closed within 5 s [RTT-GA-002]\n  int reserved; // HAR-TRN-001\n}\n",
        StandardCharsets.UTF_8);
    assertThat(problems(root))
        .containsExactly(
            "RTT-GA-002: named in a comment but spec/ does not define it: "
                + Traceability.REFERENCE_SOURCES
                + "/Limits.java:2");
  }

  @Test
  void anEventKindTheSpecDoesNotDescribeFailsTheBuild() throws Exception {
    Path root = copyOfTheKit();
    Path events = root.resolve("spec/events.md");
    String md = Files.readString(events, StandardCharsets.UTF_8);
    Files.writeString(
        events,
        md.replaceFirst("\\| `rtt\\.goaway\\.sent`, `rtt\\.goaway\\.received` \\|", "| GOAWAY |"),
        StandardCharsets.UTF_8);
    assertThat(problems(root))
        .containsExactly(
            "rtt.goaway.sent: an event kind of "
                + EventContractPage.SCHEMA
                + " that spec/events.md Table 2 does not describe",
            "rtt.goaway.received: an event kind of "
                + EventContractPage.SCHEMA
                + " that spec/events.md Table 2 does not describe");
  }
}
