package org.web4.cli.mesh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.web4.agent.ReferenceAgent;
import org.web4.cli.ServeCommand;
import picocli.CommandLine;

/**
 * Reference agents started in this JVM exactly as {@code web4 serve --harness} starts them, with
 * both handles: the {@link LiveAgent} the tools drive through the harness and the {@link
 * ReferenceAgent} (for what no harness operation shows, such as a direct INTENT_RESPONSE).
 */
final class InProcessAgents implements AutoCloseable {
  record Started(LiveAgent live, ReferenceAgent agent) {}

  private final List<Started> started = new ArrayList<>();

  Started start(String name) throws Exception {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve)
        .parseArgs("--agent-id", name, "--harness-port", "0", "--harness-token", "t-" + name);
    ByteArrayOutputStream lines = new ByteArrayOutputStream();
    ServeCommand.Running running =
        serve.start(
            new PrintStream(lines, true, StandardCharsets.UTF_8),
            new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    LiveAgent live =
        LiveAgent.parse(
            name,
            "web4-reference",
            lines.toString(StandardCharsets.UTF_8).lines().toList(),
            running::close);
    Started s = new Started(live, running.agent());
    started.add(s);
    return s;
  }

  List<Started> all() {
    return started;
  }

  @Override
  public void close() {
    started.forEach(s -> s.live().close());
  }
}
