package org.web4.conformance.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.build.KitBuild;
import org.web4.conformance.miniatures.Defect;
import org.web4.conformance.miniatures.MiniatureBackend;
import org.web4.conformance.testing.KitFiles;
import org.web4.harness.HarnessServer;

/**
 * The composite action's script, .github/actions/web4-conformance/run.sh, run for real as a GitHub
 * job would run it: with fake GITHUB_STEP_SUMMARY and GITHUB_OUTPUT files and a runner jar (a
 * launcher jar whose manifest class path is this test's, so the runner under test is the one this
 * build compiled). It proves the three paths an implementer meets: the bundled reference passes a
 * small selection (exit 0, the summary says the selection passed and claims nothing); an
 * implementation that accepts bad signatures fails it (exit 1, the summary names ENV-SIG-004 and
 * the failing vector); a descriptor that does not exist is one line and exit 2. Each run selects
 * the scenarios of ENV-SIG-004 with one example per property (the vectors and harness checks always
 * run until selection covers them: ~10 s a run).
 */
class ConformanceActionTest {
  private static final Path SCRIPT =
      KitFiles.root().resolve(".github/actions/web4-conformance/run.sh");
  private static final String SELECTION = "--requirement ENV-SIG-004 --examples 1 --seed 3";

  @TempDir static Path shared;
  @TempDir Path dir;

  private static Path launcher;

  /** A jar with only a manifest: Main-Class the runner's CLI, Class-Path this test's class path. */
  @BeforeAll
  static void buildLauncherJar() throws IOException {
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.put(Attributes.Name.MAIN_CLASS, "org.web4.conformance.cli.ConformanceCommand");
    List<String> urls = new ArrayList<>();
    Pattern.compile(Pattern.quote(File.pathSeparator))
        .splitAsStream(System.getProperty("java.class.path"))
        .filter(entry -> !entry.isEmpty())
        .forEach(entry -> urls.add(Path.of(entry).toAbsolutePath().toUri().toString()));
    main.put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
    launcher = shared.resolve("web4-conformance.jar");
    try (OutputStream out = Files.newOutputStream(launcher);
        JarOutputStream jar = new JarOutputStream(out, manifest)) {
      jar.flush();
    }
  }

  /** What a job step left: its exit code, the summary and outputs files, stdout then stderr. */
  private record Job(int exit, String summary, String outputs, String log) {}

  private Job runScript(String target, String args) throws Exception {
    return runScript(target, args, Map.of("INPUT_JAR", launcher.toString()));
  }

  private Job runScript(String target, String args, Map<String, String> runner) throws Exception {
    Path summary = dir.resolve("step-summary.md");
    Path outputs = dir.resolve("github-output");
    Path stderr = dir.resolve("stderr.txt");
    ProcessBuilder pb =
        new ProcessBuilder("bash", SCRIPT.toString())
            .directory(dir.toFile())
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(stderr.toFile());
    Map<String, String> env = pb.environment();
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.putAll(runner);
    env.put("INPUT_TARGET", target);
    env.put("INPUT_PROFILE", "");
    env.put("INPUT_ARGS", args);
    env.put("INPUT_REPORT_DIR", "reports");
    env.put("RUNNER_TEMP", dir.toString());
    env.put("GITHUB_STEP_SUMMARY", summary.toString());
    env.put("GITHUB_OUTPUT", outputs.toString());
    Process p = pb.start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("run.sh did not finish within 180 s; stderr: " + read(stderr));
    }
    return new Job(
        p.exitValue(),
        read(summary),
        read(outputs),
        read(dir.resolve("stdout.txt")) + read(stderr));
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
  }

  @Test
  void theReferencePassesASelection() throws Exception {
    Job job = runScript("", SELECTION);

    assertThat(job.exit()).as("exit code; log:%n%s", job.log()).isZero();
    assertThat(job.summary())
        .startsWith("## Web4 conformance: web4-reference")
        .contains("✅ **selection passed** (profile full; --requirement ENV-SIG-004;")
        .contains("| ENV-SIG-004 | ✅ passed |")
        .doesNotContain("Requirements that fail the run");
    assertThat(job.outputs()).contains("exit-code=0\n", "report-dir=reports\n", "verdict=passed\n");
    assertThat(dir.resolve("reports/report.json")).isRegularFile();
    assertThat(dir.resolve("reports/report.html")).isRegularFile();
    assertThat(dir.resolve("reports/junit.xml")).isRegularFile();
  }

  @Test
  void anImplementationThatAcceptsBadSignaturesFailsTheJob() throws Exception {
    String token = "action-test-token";
    Job job;
    try (HarnessServer server = new HarnessServer()) {
      int port =
          server.start(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
              token,
              new MiniatureBackend(Defect.SKIPS_SIGNATURE_VERIFICATION));
      Path target = dir.resolve("my-agent.json");
      Files.writeString(
          target,
          "{\"name\": \"lenient agent\", \"connect\": {\"harness_url\": \"http://127.0.0.1:"
              + port
              + "/harness/v1\", \"harness_token\": \""
              + token
              + "\"}}");
      job = runScript(target.toString(), SELECTION);
    }

    assertThat(job.exit()).as("exit code; log:%n%s", job.log()).isEqualTo(1);
    assertThat(job.summary())
        .contains("❌ **selection failed**")
        .contains("### Requirements that fail the run (")
        .containsPattern("\\| ENV-SIG-004 \\(MUST\\) \\| ❌ failed \\| [a-z0-9_/.]+(#|:)\\d+: ")
        .contains("| ENV-SIG-004 | ❌ failed |");
    assertThat(job.outputs()).contains("exit-code=1\n", "verdict=failed\n");
    assertThat(dir.resolve("reports/report.json")).isRegularFile();
  }

  @Test
  void aMissingTargetIsOneLineAndExitTwo() throws Exception {
    Job job = runScript(dir.resolve("nowhere.json").toString(), "");

    assertThat(job.exit()).isEqualTo(2);
    assertThat(job.log().lines().filter(l -> l.startsWith("web4-conformance action: ")))
        .containsExactly(
            "web4-conformance action: target " + dir.resolve("nowhere.json") + ": no such file");
    assertThat(job.summary()).startsWith("## Web4 conformance: not run");
    assertThat(job.outputs()).contains("exit-code=2\n", "verdict=error\n");
  }

  /**
   * The release path: the runner of {@code kit-version} is downloaded from the release (here a
   * loopback server laid out like GitHub's release downloads) and run only when its SHA-256 is the
   * one SHA256SUMS lists; a jar that does not match is refused before it runs.
   */
  @Test
  void aReleasedRunnerIsRunOnlyWhenItsChecksumMatches() throws Exception {
    byte[] jar = Files.readAllBytes(launcher);
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));
    String missing = dir.resolve("missing.json").toString();
    Map<String, byte[]> files = new java.util.concurrent.ConcurrentHashMap<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          byte[] body = files.get(exchange.getRequestURI().getPath());
          exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
          if (body != null) {
            exchange.getResponseBody().write(body);
          }
          exchange.close();
        });
    server.start();
    try {
      String base = "/owner/kit/releases/download/v9.9.9/";
      files.put(base + "web4-conformance-9.9.9.jar", jar);
      Map<String, String> release =
          Map.of(
              "INPUT_KIT_VERSION", "v9.9.9",
              "INPUT_KIT_REPOSITORY", "owner/kit",
              "INPUT_SERVER_URL", "http://127.0.0.1:" + server.getAddress().getPort());

      files.put(
          base + "SHA256SUMS",
          (sha + "  web4-conformance-9.9.9.jar\n").getBytes(StandardCharsets.US_ASCII));
      Job good = runScript(missing, "", release);
      assertThat(good.log()).contains("web4-conformance " + KitBuild.current().kitVersion());
      assertThat(good.log())
          .contains("web4-conformance action: target " + missing + ": no such file");

      files.put(
          base + "SHA256SUMS",
          ("0".repeat(64) + "  web4-conformance-9.9.9.jar\n").getBytes(StandardCharsets.US_ASCII));
      Job tampered = runScript(missing, "", release);
      assertThat(tampered.exit()).isEqualTo(2);
      assertThat(tampered.log())
          .contains(": SHA-256 " + sha + ", expected " + "0".repeat(64))
          .doesNotContain("web4-conformance " + KitBuild.current().kitVersion());
    } finally {
      server.stop(0);
    }
  }
}
