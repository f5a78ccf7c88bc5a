package org.web4.cli.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.cli.Web4Command;

/**
 * The Python equivalents ({@code scripts/web4_mesh_topology.py}, {@code web4_mesh_inspect.py},
 * stdlib only) read the same two live reference agents as {@code web4 mesh topology} and write the
 * same {@code topology.dot} and {@code topology.mmd}, byte for byte; inspect prints the agent's
 * session with its send queue (HAR-RTT-003).
 */
class PythonScriptsTest {
  @TempDir Path dir;

  @Test
  void pythonTopologyWritesTheSameFilesAsTheJavaCommand() throws Exception {
    // implementations/python → the kit root → scripts
    Path scripts = MeshDemoCommand.locatePython().resolve("../../scripts").normalize();
    try (InProcessAgents started = new InProcessAgents()) {
      LiveAgent ana = started.start("ana").live();
      LiveAgent ben = started.start("ben").live();
      assertThat(MeshOps.dial(ana, ben).path("result").asText()).isEqualTo("connected");
      Await.until(
          InProcessAgentsTimeouts.STEP,
          "the CIP handshake of ana and ben",
          () ->
              MeshOps.trust(ana, ben).equals("probing")
                  && MeshOps.trust(ben, ana).equals("probing"));
      List<String> urls = List.of(ana.harness().base().toString(), ben.harness().base().toString());
      List<String> tokens = List.of("--token", "t-ana", "--token", "t-ben");

      List<String> java = new ArrayList<>(List.of("mesh", "topology"));
      java.addAll(urls);
      java.addAll(tokens);
      java.addAll(List.of("--out", dir.resolve("java").toString()));
      assertThat(Web4Command.commandLine().execute(java.toArray(String[]::new))).isZero();

      List<String> python = new ArrayList<>(List.of("python3", "web4_mesh_topology.py"));
      python.addAll(urls);
      python.addAll(tokens);
      python.addAll(List.of("--out", dir.resolve("python").toString()));
      String printed = run(scripts, python);

      assertThat(printed)
          .startsWith("mesh topology: 2 agents (2 read through their harness), 1 link");
      for (String file : List.of("topology.dot", "topology.mmd")) {
        assertThat(Files.readString(dir.resolve("python").resolve(file), StandardCharsets.UTF_8))
            .as(file)
            .isEqualTo(Files.readString(dir.resolve("java").resolve(file), StandardCharsets.UTF_8));
      }
      assertThat(dir.resolve("python").resolve("topology.svg")).isRegularFile();

      assertThat(
              run(
                  scripts,
                  List.of("python3", "web4_mesh_inspect.py", urls.get(0), "--token", "t-ana")))
          .contains("sessions (rtt/connections): 1 established, 0 handshaking")
          .contains("ben (" + Names.shortFingerprint(ben.fingerprint()) + ")  open  trust probing")
          .contains("  send queue 0 messages, 0 bytes\n");
    }
  }

  /** Runs a script to its end (bounded), its exit 0, and returns what it printed. */
  private static String run(Path scripts, List<String> command)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(scripts.toFile()).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String printed = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(printed).isZero();
    return printed;
  }
}
