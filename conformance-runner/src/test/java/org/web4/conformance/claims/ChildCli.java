package org.web4.conformance.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.web4.conformance.cli.ConformanceCommand;

/**
 * {@code web4-conformance} as a child process (the test's class path, a fresh JVM), its output in
 * files: the CLI as a user runs it. Every run is bounded; a child that does not end fails the test.
 */
final class ChildCli {
  private static final long WAIT_SECONDS = 300;

  /** How a child run ended: its exit code, stdout and stderr. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  private final Path workdir;

  /** Children that run in {@code workdir} and keep their output there. */
  ChildCli(Path workdir) {
    this.workdir = workdir;
  }

  Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ConformanceCommand.class.getName());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(workdir, "stdout", ".txt");
    Path err = Files.createTempFile(workdir, "stderr", ".txt");
    Process child =
        new ProcessBuilder(command)
            .directory(workdir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      assertThat(child.waitFor(WAIT_SECONDS, TimeUnit.SECONDS))
          .as("web4-conformance %s ends within %d s", String.join(" ", args), WAIT_SECONDS)
          .isTrue();
    } finally {
      child.destroyForcibly();
    }
    return new Result(
        child.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
