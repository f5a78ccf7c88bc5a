package org.web4.cli.mesh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.web4.cli.ChildOutput;
import org.web4.cli.CommandErrors.InputException;
import org.web4.cli.ServeCommand;
import picocli.CommandLine;

/**
 * Starts agents with their harness on loopback: a reference agent in this JVM (exactly what {@code
 * web4 serve --harness} runs), or a web4py agent as a {@code python3 -m web4py serve} process.
 */
public final class AgentLaunchers {
  /** How long a web4py agent may take to print {@code ready}. */
  public static final Duration PYTHON_READY = Duration.ofSeconds(60);

  private static final SecureRandom RANDOM = new SecureRandom();

  private AgentLaunchers() {}

  /** A reference agent named {@code name}, in this JVM, RTT and harness on ephemeral ports. */
  public static LiveAgent reference(String name) throws IOException, InputException {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve)
        .parseArgs("--agent-id", name, "--harness-port", "0", "--harness-token", token());
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    ServeCommand.Running running =
        serve.start(
            new PrintStream(lines, true, StandardCharsets.UTF_8),
            new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    return LiveAgent.parse(
        name,
        "web4-reference",
        lines.toString(StandardCharsets.UTF_8).lines().toList(),
        running::close);
  }

  /**
   * A web4py agent named {@code name}: {@code python -m web4py serve} run in {@code pythonDir}
   * (implementations/python), its standard error discarded.
   */
  public static LiveAgent python(String name, String python, Path pythonDir)
      throws InputException, InterruptedException {
    List<String> command =
        List.of(
            python,
            "-m",
            "web4py",
            "serve",
            "--agent-id",
            name,
            "--harness-port",
            "0",
            "--harness-token",
            token(),
            "--rtt-port",
            "0");
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .directory(pythonDir.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException e) {
      throw new InputException(
          String.join(" ", command) + " (in " + pythonDir + "): cannot start: " + e.getMessage(),
          e);
    }
    LiveAgent.Stopper stop = () -> stop(process);
    List<String> lines = readUntilReady(process, name, stop);
    return LiveAgent.parse(name, "web4py", lines, stop);
  }

  /** The lines up to {@code ready}; a reader thread keeps draining the rest. */
  private static List<String> readUntilReady(Process process, String name, LiveAgent.Stopper stop)
      throws InputException, InterruptedException {
    ChildOutput output =
        new ChildOutput(process.getInputStream(), "web4py-" + name + "-stdout", 1 << 16, l -> {});
    try {
      return output.awaitLine(line -> line.strip().equals("ready"), PYTHON_READY);
    } catch (ChildOutput.NoSuchLine e) {
      stop.stop();
      throw new InputException(
          "the web4py agent "
              + name
              + (e.ended()
                  ? " ended before 'ready' (python3 with the cryptography package needed)"
                  : " printed no 'ready' within " + PYTHON_READY.toSeconds() + " s")
              + "; it printed "
              + e.seen(),
          e);
    }
  }

  private static void stop(Process process) {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static String token() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
