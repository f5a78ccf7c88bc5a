package org.web4.cli.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code web4 mesh demo} (four reference agents in-process and one web4py agent as a process)
 * observes every step — the vouch, the INTENT over 3 hops and its answer, the duplicate dropped,
 * the fact accepted from relayed confirmations — prints each as a narrative line with its events,
 * and exits 0.
 */
class MeshDemoCommandTest {
  @Test
  void theMeshDemoObservesEveryStep() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit = new MeshDemoCommand().run(new PrintStream(out, true, StandardCharsets.UTF_8));

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(printed).isZero();
    assertThat(printed)
        .contains(
            "==== 1. five agents on loopback, each with its harness: ana, ben, cleo, eve"
                + " (web4-reference); dov (web4py)")
        .contains("==== 2. wire them with rtt/dial: a line ana — dov — ben and a triangle")
        .contains("cleo routes:")
        .contains("==== 3. trust propagates by a vouch")
        .contains("mesh.vouch.received peer=ben applied=true subject=ana view=trusted")
        .contains("cip.trust.changed peer=ana cause=vouch from=untrusted to=probing")
        .contains("==== 4. a message routed over 3 hops")
        .contains(
            "the INTENT went ana → dov (forwarded with 2 route entries) → ben (forwarded with 3"
                + " route entries) → cleo")
        .contains("type=INTENT_RESPONSE")
        .contains("==== 5. a copy suppressed")
        .contains("reason=duplicate")
        .contains("==== 6. a fact reaches consensus across the mesh")
        .contains("accepted, proposer eve, confirmed by ben, cleo")
        .containsPattern("cip\\.knowledge\\.decided .*status=accepted")
        .contains("==== 7. done: every step was observed");
  }
}
