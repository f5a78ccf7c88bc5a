package org.web4.cli.mesh;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.web4.cli.CommandErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code web4 mesh inspect HARNESS_URL --token T}: one live agent's sessions, trust, routes and
 * recent drops, read through its harness.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = {
      "Show one live agent's place in the mesh, read through its conformance harness: its"
          + " sessions (rtt/connections), its trust in each peer (trust), its routes (GET mesh) and"
          + " the relays it dropped recently with their reasons (mesh.relay.dropped events).",
      "Each session shows its send queue (spec/harness.md HAR-RTT-003): the messages and bytes"
          + " accepted for sending that the peer's window still holds back; an agent of harness"
          + " 1.0 reports none."
    })
public final class MeshInspectCommand implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "HARNESS_URL",
      description =
          "The agent's harness, as web4 serve prints it: http://127.0.0.1:PORT/harness/v1")
  String url = "";

  @Option(names = "--token", required = true, paramLabel = "T", description = "The harness token.")
  String token = "";

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Option(names = CommandErrors.VERBOSE, description = "On an error, print its stack trace.")
  boolean verbose;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    AgentView view = AgentReader.read(new HarnessClient(url, token, Duration.ofSeconds(20)));
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? InspectReport.json(view).toPrettyString() + "\n" : InspectReport.text(view));
    out.flush();
    return 0;
  }
}
