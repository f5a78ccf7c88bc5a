package org.web4.cli.mesh;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.web4.cli.CommandErrors;
import org.web4.cli.CommandErrors.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code web4 mesh topology HARNESS_URL... --token T [--out DIR]}: reads every given agent and
 * prints the live topology, and writes it as {@code topology.dot}, {@code topology.mmd} and {@code
 * topology.svg}.
 */
@Command(
    name = "topology",
    mixinStandardHelpOptions = true,
    description = {
      "Read every given agent through its harness and show the live mesh: agents (agent_id and"
          + " fingerprint) and sessions, each labelled with both sides' trust state of the other.",
      "Prints it as text and writes topology.dot (Graphviz), topology.mmd (Mermaid) and"
          + " topology.svg (open it in a browser) to --out."
    })
public final class MeshTopologyCommand implements Callable<Integer> {
  /** The files written to {@code --out}. */
  public static final List<String> FILES = List.of("topology.dot", "topology.mmd", "topology.svg");

  @Parameters(
      arity = "1..*",
      paramLabel = "HARNESS_URL",
      description = "The agents' harnesses: http://127.0.0.1:PORT/harness/v1 ...")
  List<String> urls = new ArrayList<>();

  @Option(
      names = "--token",
      required = true,
      paramLabel = "T",
      description = "The harness token: once for every agent, or once per HARNESS_URL in order.")
  List<String> tokens = new ArrayList<>();

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where to write the files (default: the current folder).")
  Path out = Path.of(".");

  @Option(names = CommandErrors.VERBOSE, description = "On an error, print its stack trace.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (tokens.size() != 1 && tokens.size() != urls.size()) {
      throw new InputException(
          "--token: give one token for all agents or one per HARNESS_URL ("
              + urls.size()
              + " URLs, "
              + tokens.size()
              + " tokens)");
    }
    List<AgentView> views = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      String token = tokens.size() == 1 ? tokens.get(0) : tokens.get(i);
      views.add(AgentReader.read(new HarnessClient(urls.get(i), token, Duration.ofSeconds(20))));
    }
    Topology topology = Topology.of(views);
    Files.createDirectories(out);
    write(out.resolve(FILES.get(0)), TopologyDot.render(topology));
    write(out.resolve(FILES.get(1)), TopologyMermaid.render(topology));
    write(out.resolve(FILES.get(2)), TopologySvg.render(topology));
    PrintWriter print = spec.commandLine().getOut();
    print.print(TopologyText.render(topology));
    print.println("wrote " + FILES.stream().map(f -> out.resolve(f).toString()).toList());
    print.flush();
    return 0;
  }

  private static void write(Path file, String text) throws java.io.IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }
}
