package org.web4.rtt.handshake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.web4.crypto.AgentKeyPair;

/**
 * Issue 20: a message 3 of 64 KB whose identity payload carries one long number cost the reference
 * ~62 ms of CPU to refuse (quadratic BigInteger). Row 1 of spec/rtt.md Table 3.3 now includes
 * ENV-LIM-003 and ENV-LIM-004: the payload is refused as MALFORMED (on the wire: HANDSHAKE) for the
 * length of the number or the count of values, which the parse finds before converting anything.
 */
class IdentityPayloadParseLimitsTest {
  private static final AgentKeyPair BOB = AgentKeyPair.fromSeed(new byte[32]);
  private static final byte[] STATIC = new byte[32];

  @Test
  void aPayloadWithANumberOf60000DigitsIsMalformed() {
    String good = new String(IdentityPayload.create("bob", BOB, STATIC), StandardCharsets.UTF_8);
    String longNumber =
        good.replace("\"max_channels\":64", "\"max_channels\":6" + "4".repeat(60_000));
    assertThat(longNumber).hasSizeGreaterThan(60_000);
    assertMalformed(longNumber, "the limit is 4096");
  }

  @Test
  void aPayloadOfMoreThan65536ValuesIsMalformed() {
    String good = new String(IdentityPayload.create("bob", BOB, STATIC), StandardCharsets.UTF_8);
    String manyValues =
        good.replace("\"rtt\":[\"1.0\"]", "\"rtt\":[\"1.0\"" + ",0".repeat(65_536) + "]");
    assertMalformed(manyValues, "more than 65536 values");
  }

  private static void assertMalformed(String payload, String why) {
    assertThatThrownBy(
            () ->
                IdentityPayload.verify(
                    payload.getBytes(StandardCharsets.UTF_8), STATIC, Optional.empty()))
        .isInstanceOfSatisfying(
            RttHandshakeException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(RttHandshakeException.Reason.MALFORMED);
              assertThat(e.getMessage()).contains(why);
            });
  }
}
