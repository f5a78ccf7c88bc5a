package org.web4.cli.mesh;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.web4.cli.CommandErrors;
import org.web4.cli.CommandErrors.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code web4 mesh demo}: five agents on loopback — four reference agents in this JVM and one
 * web4py agent as a process — in a line and a triangle, showing a message routed over 3 hops, a
 * broadcast copy suppressed as a duplicate, trust propagated by a vouch and a fact accepted from
 * relayed confirmations ({@link MeshDemo}). Exit 0 when every step was observed, 1 when one was not
 * (one line says which), 2 when the agents cannot be started.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run five agents on loopback (four reference agents and one web4py agent) in a line and a"
          + " triangle: a message routed over 3 hops, a broadcast copy suppressed, trust"
          + " propagated by a vouch, a fact accepted from relayed confirmations. Every event of"
          + " every agent is printed.",
      "Exit 0 when every step was observed, 1 when one was not."
    })
public final class MeshDemoCommand implements Callable<Integer> {
  /** Exit code of a step whose effect was not observed. */
  public static final int NOT_OBSERVED = 1;

  @Option(
      names = "--python",
      paramLabel = "EXE",
      description =
          "The Python that runs web4py (needs the cryptography package; default: ${DEFAULT-VALUE}).")
  String python = "python3";

  @Option(
      names = "--python-dir",
      paramLabel = "DIR",
      description =
          "implementations/python of the kit (default: found from -Dweb4.kit.root, WEB4_KIT_ROOT,"
              + " the current folder or the jar's location).")
  @Nullable Path pythonDir;

  @Option(
      names = "--step-timeout",
      paramLabel = "SECONDS",
      description = "How long each step may wait for its effect (default: ${DEFAULT-VALUE}).")
  int stepTimeout = 30;

  @Option(names = CommandErrors.VERBOSE, description = "On an error, print its stack trace.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    return run(new PrintStream(System.out, true, StandardCharsets.UTF_8));
  }

  /** Runs the demo, printing to {@code out}. */
  public int run(PrintStream out) throws InputException, InterruptedException, java.io.IOException {
    if (stepTimeout < 1 || stepTimeout > 600) {
      throw new InputException("--step-timeout must be 1 to 600 seconds, not " + stepTimeout);
    }
    Path web4py = pythonDir != null ? pythonDir : locatePython();
    if (!Files.isRegularFile(web4py.resolve("web4py").resolve("__main__.py"))) {
      throw new InputException("--python-dir " + web4py + ": no web4py/__main__.py there");
    }
    List<LiveAgent> agents = new ArrayList<>();
    try {
      agents.add(AgentLaunchers.reference("ana"));
      agents.add(AgentLaunchers.reference("ben"));
      agents.add(AgentLaunchers.reference("cleo"));
      agents.add(AgentLaunchers.python("dov", python, web4py));
      agents.add(AgentLaunchers.reference("eve"));
      MeshDemo demo = new MeshDemo(out, Duration.ofSeconds(stepTimeout), agents);
      try {
        demo.run();
        return 0;
      } catch (Await.NotObserved e) {
        out.println("web4 mesh demo: step " + demo.step() + " failed: " + e.getMessage());
        return NOT_OBSERVED;
      }
    } finally {
      for (LiveAgent a : agents) {
        a.close();
      }
    }
  }

  /** implementations/python of the kit this command runs from. */
  static Path locatePython() throws InputException {
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(System.getProperty("web4.kit.root"))
        .map(Path::of)
        .ifPresent(candidates::add);
    Optional.ofNullable(System.getenv("WEB4_KIT_ROOT")).map(Path::of).ifPresent(candidates::add);
    ancestors(Path.of("").toAbsolutePath(), candidates);
    try {
      ancestors(
          Path.of(
              MeshDemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
          candidates);
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      // no code source: the other candidates remain
    }
    for (Path root : candidates) {
      Path dir = root.resolve("implementations").resolve("python");
      if (Files.isRegularFile(dir.resolve("web4py").resolve("__main__.py"))) {
        return dir.toAbsolutePath().normalize();
      }
    }
    throw new InputException(
        "cannot find implementations/python (web4py): give --python-dir or set WEB4_KIT_ROOT");
  }

  private static void ancestors(Path start, List<Path> into) {
    for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
      into.add(p);
    }
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;
}
