package org.web4.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.Protocol;

/**
 * docs/adr/1421: an envelope that goes directly to a neighbour is measured against the inner
 * envelope's bound (Table 4.8, harness.md §4.14) without making and signing the inner envelope —
 * the measure is the length of the one {@link MeshOutbox#inner} makes, to the byte.
 */
class InnerSizeTest {
  private static final Clock FIXED =
      Clock.fixed(Instant.parse("2026-12-07T19:00:00.123Z"), ZoneOffset.UTC);

  private final MeshOutbox out =
      new MeshOutbox("alpha", AgentKeyPair.generate(new SecureRandom()), FIXED, new SecureRandom());

  @Test
  void theMeasureIsTheLengthOfTheSignedInnerEnvelope() {
    for (int items : new int[] {0, 1, 40}) {
      ObjectNode payload = MeshKeys.proposal();
      ArrayNode sources = (ArrayNode) payload.path("fact").path("sources");
      for (int i = 0; i < items; i++) {
        sources.add("s" + i + " " + "\uD83D\uDCDA".repeat(4000) + " \"quoted\" \\ \u0007");
      }
      String receiver = "b".repeat(64);

      MeshOutbox.Inner made = out.inner(Protocol.CIP, "FACT_PROPOSE", "bravo", receiver, payload);
      int measured = out.innerSize(Protocol.CIP, "FACT_PROPOSE", "bravo", receiver, payload);

      assertThat(made.size()).isEqualTo(Base64.getDecoder().decode(made.base64()).length);
      assertThat(measured).as("%d sources", items).isEqualTo(made.size());
    }
    assertThat(out.innerSize(Protocol.CIP, "FACT_PROPOSE", "bravo", "b".repeat(64), bigProposal()))
        .isGreaterThan(RelayJudge.MAX_INNER_BYTES);
  }

  /**
   * A FACT_PROPOSE whose inner envelope is over 655,360 bytes (40 sources of 4,096 wide code
   * points).
   */
  private static ObjectNode bigProposal() {
    ObjectNode payload = MeshKeys.proposal();
    ArrayNode sources = (ArrayNode) payload.path("fact").path("sources");
    for (int i = 0; i < 40; i++) {
      sources.add("\uD83D\uDCDA".repeat(4096));
    }
    return payload;
  }
}
