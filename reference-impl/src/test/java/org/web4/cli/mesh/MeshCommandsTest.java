package org.web4.cli.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web4.cli.Web4Command;
import picocli.CommandLine;

/**
 * {@code web4 mesh inspect} and {@code web4 mesh topology} against three live reference agents in a
 * line {@code ana — ben — cleo} (dialled through the harness, in-process): inspect shows ben's two
 * sessions with their trust, topology writes its three files with both links; a harness that is not
 * there is one line and exit 2. When the reference lists the capability {@code mesh}, the routes
 * are shown too (ana reaches cleo in 2 hops via ben).
 */
class MeshCommandsTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run web4(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Web4Command.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void inspectAndTopologyReadALiveLineOfThree() throws Exception {
    try (InProcessAgents started = new InProcessAgents()) {
      LiveAgent ana = started.start("ana").live();
      LiveAgent ben = started.start("ben").live();
      LiveAgent cleo = started.start("cleo").live();
      assertThat(MeshOps.dial(ana, ben).path("result").asText()).isEqualTo("connected");
      assertThat(MeshOps.dial(ben, cleo).path("result").asText()).isEqualTo("connected");
      for (LiveAgent[] pair :
          List.of(
              new LiveAgent[] {ana, ben},
              new LiveAgent[] {ben, ana},
              new LiveAgent[] {ben, cleo},
              new LiveAgent[] {cleo, ben})) {
        Await.until(
            InProcessAgentsTimeouts.STEP,
            pair[0].name() + " holding " + pair[1].name() + " probing",
            () -> MeshOps.trust(pair[0], pair[1]).equals("probing"));
      }
      boolean mesh = AgentReader.hasCapability(ana.harness().get("info"), "mesh");
      if (mesh) {
        Await.until(
            InProcessAgentsTimeouts.STEP,
            "ana's route to cleo",
            () -> MeshOps.route(ana, cleo).isPresent());
      }

      Run inspect = web4("mesh", "inspect", ben.harness().base().toString(), "--token", "t-ben");

      assertThat(inspect.exit()).as(inspect.err()).isZero();
      assertThat(inspect.out())
          .startsWith("agent ben (" + Names.shortFingerprint(ben.fingerprint()) + ")")
          .contains("sessions (rtt/connections): 2 established, 0 handshaking")
          .contains("ana (" + Names.shortFingerprint(ana.fingerprint()) + ")  open  trust probing")
          .contains(
              "cleo (" + Names.shortFingerprint(cleo.fingerprint()) + ")  open  trust probing");

      Run json =
          web4("mesh", "inspect", ana.harness().base().toString(), "--token", "t-ana", "--json");
      assertThat(json.exit()).isZero();
      assertThat(
              RecordedAnswers.json(json.out())
                  .path("sessions")
                  .get(0)
                  .path("peer_fingerprint")
                  .asText())
          .isEqualTo(ben.fingerprint());

      Run topology =
          web4(
              "mesh",
              "topology",
              ana.harness().base().toString(),
              ben.harness().base().toString(),
              cleo.harness().base().toString(),
              "--token",
              "t-ana",
              "--token",
              "t-ben",
              "--token",
              "t-cleo",
              "--out",
              dir.toString());

      assertThat(topology.exit()).as(topology.err()).isZero();
      assertThat(topology.out())
          .startsWith("mesh topology: 3 agents (3 read through their harness), 2 links")
          // an edge goes from the lesser fingerprint to the greater
          .containsPattern("ana->ben probing, ben->ana probing|ben->ana probing, ana->ben probing")
          .containsPattern(
              "ben->cleo probing, cleo->ben probing|cleo->ben probing, ben->cleo probing");
      for (String file : MeshTopologyCommand.FILES) {
        assertThat(dir.resolve(file)).isRegularFile();
      }
      assertThat(Files.readString(dir.resolve("topology.svg"), StandardCharsets.UTF_8))
          .contains(">ana<")
          .contains(">cleo→ben: probing<");
      assertThat(Files.readString(dir.resolve("topology.dot"), StandardCharsets.UTF_8))
          .contains("\"" + ana.fingerprint() + "\" [label=\"ana\\n");
      if (mesh) {
        assertThat(
                web4("mesh", "inspect", ana.harness().base().toString(), "--token", "t-ana").out())
            .contains(
                "cleo ("
                    + Names.shortFingerprint(cleo.fingerprint())
                    + ")  2 hops  via ben ("
                    + Names.shortFingerprint(ben.fingerprint())
                    + ")");
      }
    }
  }

  @Test
  void aHarnessThatIsNotThereIsOneLineAndExit2() {
    Run run = web4("mesh", "inspect", "http://127.0.0.1:1/harness/v1", "--token", "x");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err().strip())
        .startsWith("web4: http://127.0.0.1:1/harness/v1/info: cannot reach the harness")
        .doesNotContain("\n");
  }

  @Test
  void topologyRefusesAMismatchedNumberOfTokens() {
    Run run =
        web4(
            "mesh",
            "topology",
            "http://127.0.0.1:1",
            "http://127.0.0.1:2",
            "http://127.0.0.1:3",
            "--token",
            "a",
            "--token",
            "b");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err())
        .contains(
            "--token: give one token for all agents or one per HARNESS_URL (3 URLs, 2 tokens)");
  }
}
