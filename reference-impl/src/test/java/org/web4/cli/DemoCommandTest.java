package org.web4.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code web4 demo} runs its four agents to the accepted fact and the accepted LIP evidence, and
 * prints every step.
 */
class DemoCommandTest {
  @Test
  void theDemoReachesAnAcceptedFact() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int exit = new DemoCommand().run(new PrintStream(out, true, StandardCharsets.UTF_8));

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(printed).isZero();
    assertThat(printed)
        .contains("rtt.handshake.completed")
        .contains("cip.handshake.completed")
        .contains("type=STATE_UPDATE")
        .contains("type=INTENT")
        .contains("type=INTENT_RESPONSE")
        .contains("type=FACT_PROPOSE")
        .contains("type=FACT_CONFIRM")
        .contains("cip.knowledge.decided")
        .contains("status=accepted")
        .contains("ana is now trusted for ben")
        .contains("type=LIP_FETCH")
        .contains("type=LIP_EVIDENCE")
        .contains("type=LIP_ACCEPT")
        .contains("lip.source.fetched")
        .contains("lip.item.status")
        .contains("ben fetched 1 document")
        .contains("(reason tier); ana holds the evidence as pending")
        .contains("==== done");
  }
}
