package org.web4.conformance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Errors that speak, through the real {@code web4-conformance} entry ({@link
 * ConformanceCommand#commandLine}) with captured streams: each usage, target and I/O error is
 * exactly one line on stderr that names the flag, the file (with line and column for a JSON typo)
 * or the URL, exit code 2, no stack trace; every one but the connection error is found before any
 * target starts (no "target …" line).
 */
class RunErrorsTest {
  @TempDir Path dir;

  private record Run(int exit, List<String> lines) {}

  private static Run run(String... args) {
    StringWriter err = new StringWriter();
    CommandLine cli = ConformanceCommand.commandLine().setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, err.toString().lines().toList());
  }

  private Run runWithReports(String... args) {
    String[] all = new String[args.length + 3];
    all[0] = "run";
    all[1] = "--report-dir";
    all[2] = dir.resolve("reports").toString();
    System.arraycopy(args, 0, all, 3, args.length);
    return run(all);
  }

  @Test
  void featuresOfAMissingFolder() {
    Path missing = dir.resolve("no-features");

    Run r = runWithReports("--features", missing.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.lines())
        .containsExactly("web4-conformance: --features " + missing + ": no such folder");
  }

  @Test
  void aBadTagExpression() {
    Run r = runWithReports("--tags", "@ENV-SIG-004 and (");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.lines())
        .singleElement()
        .asString()
        .startsWith("web4-conformance: --tags: Tag expression \"@ENV-SIG-004 and (\"")
        .contains("could not be parsed");
  }

  @Test
  void anUnwritableReportDirIsFoundBeforeTheRun() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "", StandardCharsets.UTF_8);
    Path reports = file.resolve("reports");

    Run r = run("run", "--report-dir", reports.toString(), "--tags", "@ENV-SIG-004");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.lines())
        .singleElement()
        .asString()
        .startsWith("web4-conformance: --report-dir " + reports + ": cannot write reports there");
  }

  @Test
  void aTargetJsonTypoNamesTheFileLineAndColumn() throws Exception {
    Path target =
        Files.writeString(
            dir.resolve("target.json"),
            "{\"name\": \"typo\",\n \"connect\": {\"harness_url\": \"http://127.0.0.1:1/\",}\n}\n",
            StandardCharsets.UTF_8);

    Run r = runWithReports("--target", target.toString());

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.lines())
        .singleElement()
        .asString()
        .startsWith("web4-conformance: --target " + target + ":2:")
        .contains(": not JSON: Unexpected character ('}'")
        .doesNotContain("REDACTED");
  }

  @Test
  void aConnectionErrorNamesTheUrl() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/harness/v1";
    Path target =
        Files.writeString(
            dir.resolve("target.json"),
            "{\"name\": \"gone\", \"connect\": {\"harness_url\": \""
                + url
                + "\", \"harness_token\": \"t\"}}",
            StandardCharsets.UTF_8);

    Run r = runWithReports("--target", target.toString(), "--tags", "@ENV-SIG-004");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.lines()).hasSize(2); // the "target …" line, then the error
    assertThat(r.lines().get(1))
        .startsWith("web4-conformance: target error: gone: ")
        .contains("cannot connect to " + url + "/info");
  }

  @Test
  void verboseAddsTheStackTraceOfATargetError() throws Exception {
    Path target =
        Files.writeString(
            dir.resolve("target.json"),
            "{\"name\": \"no way to reach it\"}",
            StandardCharsets.UTF_8);

    Run quiet = runWithReports("--target", target.toString(), "--tags", "@ENV-SIG-004");
    Run verbose =
        runWithReports("--target", target.toString(), "--tags", "@ENV-SIG-004", "--verbose");

    assertThat(quiet.exit()).isEqualTo(2);
    assertThat(quiet.lines()).singleElement().asString().startsWith("web4-conformance: --target ");
    assertThat(verbose.exit()).isEqualTo(2);
    assertThat(verbose.lines().get(0)).isEqualTo(quiet.lines().get(0));
    assertThat(verbose.lines()).anyMatch(l -> l.startsWith("\tat org.web4."));
  }

  @Test
  void jobsBelowOne() {
    Run r = runWithReports("--jobs", "0");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.lines()).containsExactly("web4-conformance: --jobs must be at least 1, not 0");
  }

  /** Each worker of --jobs needs an implementation instance of its own (docs/adr/1103). */
  @Test
  void severalJobsAgainstATargetThatIsOnlyConnectedTo() throws Exception {
    Path target =
        Files.writeString(
            dir.resolve("target.json"),
            """
            {"name": "remote", "connect": {"harness_url": "http://127.0.0.1:1/", "harness_token": "t"}}
            """,
            StandardCharsets.UTF_8);

    Run r = runWithReports("--target", target.toString(), "--jobs", "2");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.lines())
        .containsExactly(
            "web4-conformance: --jobs 2: "
                + target
                + " is connected to, not launched: one instance cannot serve several workers"
                + " (use --jobs 1)");
  }

  @Test
  void anUnknownOptionIsOneLine() {
    Run r = run("run", "--tag", "@x");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.lines())
        .containsExactly(
            "web4-conformance: Unknown options: '--tag', '@x' (see web4-conformance run --help)");
  }
}
