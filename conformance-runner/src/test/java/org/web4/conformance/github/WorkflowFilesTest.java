package org.web4.conformance.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web4.conformance.testing.KitFiles;

/**
 * The GitHub files cannot be run here (no network, no GitHub), so the build checks what can be
 * checked without them: each parses as YAML; every action they use is a well-known one pinned by
 * major version, or a local action of this repository; every {@code run:} block is valid bash;
 * every file, script and jar they name exists in the repository or is one the build writes; the
 * release publishes the asset names the composite action downloads; the action passes every input
 * its script reads and declares every output its script writes.
 */
class WorkflowFilesTest {
  private static final Path ROOT = KitFiles.root();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The actions the kit's GitHub files may use, with the major version each is pinned to. */
  private static final Map<String, String> KNOWN_ACTIONS =
      Map.of(
          "actions/checkout", "v4",
          "actions/setup-java", "v4",
          "actions/setup-python", "v5",
          "actions/upload-artifact", "v4",
          "actions/upload-pages-artifact", "v3",
          "actions/deploy-pages", "v4");

  /** Jars the build writes (the shade plugin's outputFile of each module). */
  private static final Map<String, String> BUILT_JARS =
      Map.of(
          "conformance-runner/target/web4-conformance.jar", "conformance-runner/pom.xml",
          "reference-impl/target/web4.jar", "reference-impl/pom.xml");

  private static JsonNode yaml(String relative) throws IOException {
    return YAML.readTree(Files.readString(ROOT.resolve(relative), StandardCharsets.UTF_8));
  }

  private static List<JsonNode> steps(JsonNode file) {
    List<JsonNode> steps = new ArrayList<>();
    file.path("jobs").forEach(job -> job.path("steps").forEach(steps::add));
    file.path("runs").path("steps").forEach(steps::add);
    return steps;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        ".github/workflows/ci.yml",
        ".github/workflows/release.yml",
        ".github/workflows/spec-site.yml",
        ".github/actions/web4-conformance/action.yml"
      })
  void stepsUseKnownActionsAndValidBashAndExistingPaths(String file) throws Exception {
    JsonNode root = yaml(file);
    List<JsonNode> steps = steps(root);
    assertThat(steps).as("%s has steps", file).isNotEmpty();
    for (JsonNode step : steps) {
      for (JsonNode value : step.path("with")) {
        assertPathsExist(file, value.asText());
      }
      if (step.has("uses")) {
        String uses = step.path("uses").asText();
        if (uses.startsWith("./")) {
          assertThat(ROOT.resolve(uses).resolve("action.yml"))
              .as("%s: %s", file, uses)
              .isRegularFile();
          continue;
        }
        String name = uses.substring(0, uses.indexOf('@'));
        assertThat(KNOWN_ACTIONS).as("%s: %s", file, uses).containsKey(name);
        assertThat(uses)
            .as("%s: pinned by major version", file)
            .isEqualTo(name + "@" + KNOWN_ACTIONS.get(name));
      } else {
        String script = step.path("run").asText();
        assertThat(script).as("%s: a step with neither uses nor run", file).isNotBlank();
        assertBashParses(file, script);
        assertPathsExist(file, script);
      }
    }
  }

  private static void assertBashParses(String file, String script) throws Exception {
    // ${{ … }} is GitHub's, replaced before bash sees the script
    String bash = script.replaceAll("\\$\\{\\{[^}]*}}", "x");
    Process p = new ProcessBuilder("bash", "-n", "-c", bash).redirectErrorStream(true).start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("bash -n finished").isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s: bash -n of%n%s%n%s", file, script, out).isZero();
  }

  /** Paths named by a run block: ./commands, scripts, and jars under target/. */
  private static final Pattern PATH =
      Pattern.compile(
          "(?<![\\w$/.-])(\\./[\\w./-]+|[\\w.-]+(?:/[\\w.-]+)+\\.(?:jar|sh|py|yml|json))");

  private static void assertPathsExist(String file, String script) throws IOException {
    Matcher m = PATH.matcher(script);
    while (m.find()) {
      String path = m.group(1).replaceFirst("^\\./", "");
      if (path.startsWith("dist/") || path.startsWith("web4-reports")) {
        continue; // written by the workflow itself
      }
      if (BUILT_JARS.containsKey(path)) {
        String pom = Files.readString(ROOT.resolve(BUILT_JARS.get(path)), StandardCharsets.UTF_8);
        String jar = path.substring(path.lastIndexOf('/') + 1);
        assertThat(pom)
            .as("%s: %s is written by the build", file, path)
            .contains("<outputFile>${project.build.directory}/" + jar + "</outputFile>");
      } else {
        assertThat(ROOT.resolve(path)).as("%s names %s", file, path).exists();
      }
    }
  }

  @Test
  void releaseRunsOnVersionTagsAndPublishesWhatTheActionDownloads() throws Exception {
    JsonNode release = yaml(".github/workflows/release.yml");
    JsonNode on = release.has("on") ? release.path("on") : release.path("true");
    assertThat(on.path("push").path("tags").get(0).asText()).isEqualTo("v*");
    assertThat(release.path("permissions").path("contents").asText()).isEqualTo("write");
    String runs =
        String.join("\n", steps(release).stream().map(s -> s.path("run").asText()).toList());
    assertThat(runs)
        .contains("./mvnw -B -ntp verify")
        .contains("\"dist/web4-conformance-$VERSION.jar\"")
        .contains("\"dist/web4-$VERSION.jar\"")
        .contains(">SHA256SUMS")
        .contains("gh release create");
    String script =
        Files.readString(
            ROOT.resolve(".github/actions/web4-conformance/run.sh"), StandardCharsets.UTF_8);
    assertThat(script)
        .contains("name=\"web4-conformance-$version.jar\"")
        .contains("releases/download/v$version")
        .contains("$base/SHA256SUMS");
  }

  @Test
  void theActionPassesEveryInputItsScriptReadsAndDeclaresItsOutputs() throws Exception {
    JsonNode action = yaml(".github/actions/web4-conformance/action.yml");
    assertThat(action.path("runs").path("using").asText()).isEqualTo("composite");
    Path dir = ROOT.resolve(".github/actions/web4-conformance");
    String script = Files.readString(dir.resolve("run.sh"), StandardCharsets.UTF_8);

    Set<String> read = new TreeSet<>();
    Matcher m = Pattern.compile("\\$\\{?(INPUT_[A-Z0-9_]+)").matcher(script);
    while (m.find()) {
      read.add(m.group(1));
    }
    JsonNode kitStep =
        steps(action).stream()
            .filter(s -> s.path("id").asText().equals("kit"))
            .findFirst()
            .orElseThrow();
    Set<String> passed = new TreeSet<>();
    kitStep.path("env").properties().forEach(e -> passed.add(e.getKey()));
    assertThat(passed).isEqualTo(read);

    Set<String> declared = new TreeSet<>();
    action.path("inputs").properties().forEach(e -> declared.add(e.getKey()));
    Matcher used =
        Pattern.compile("inputs\\.([a-z0-9-]+)")
            .matcher(Files.readString(dir.resolve("action.yml")));
    while (used.find()) {
      assertThat(declared).as("input %s is declared", used.group(1)).contains(used.group(1));
    }
    action
        .path("outputs")
        .properties()
        .forEach(
            o -> {
              assertThat(o.getValue().path("value").asText())
                  .isEqualTo("${{ steps.kit.outputs." + o.getKey() + " }}");
              assertThat(script)
                  .as("run.sh writes output %s", o.getKey())
                  .contains(o.getKey() + "=");
            });
  }

  @Test
  void theActionScriptsParse() throws Exception {
    Path dir = ROOT.resolve(".github/actions/web4-conformance");
    for (List<String> command :
        List.of(
            List.of("bash", "-n", dir.resolve("run.sh").toString()),
            List.of(
                "python3",
                "-c",
                "import ast, sys; ast.parse(open(sys.argv[1]).read())",
                dir.resolve("summary.py").toString()))) {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
      assertThat(p.exitValue())
          .as(
              "%s: %s",
              command, new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
          .isZero();
    }
  }
}
