package org.web4.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.HexFormat;
import java.util.Optional;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.handshake.IdentityPayload;
import org.web4.rtt.handshake.RttHandshakeException;

/**
 * The identity payload of RTT handshake messages 2 and 3 (spec/rtt.md §3.2, Table 3.3): any bytes
 * are either the verified identity or refused with {@link RttHandshakeException}; nothing else
 * escapes. An accepted payload is in its RFC 8785 form (row 2) and its agent id matches row 4.
 */
class IdentityPayloadFuzzTest {
  /** The Noise static key the vectors' payloads are bound to (rtt_identity_payload_test.json). */
  private static final byte[] NOISE_STATIC =
      HexFormat.of().parseHex("87e56a7be898694d3957cdd8979ed28fb78d80b68e6d9a7fb068886552bdc21d");

  @FuzzTest
  @DictionaryFile(resourcePath = "/org/web4/fuzz/json.dict")
  void verify(byte[] payload) throws JsonViolation {
    IdentityPayload.PeerIdentity peer;
    try {
      peer = IdentityPayload.verify(payload, NOISE_STATIC, Optional.empty());
    } catch (RttHandshakeException refused) {
      return;
    }
    assertTrue(IdentityPayload.AGENT_ID.matcher(peer.agentId()).matches(), "row 4");
    assertArrayEquals(
        payload,
        JsonCanonicalizer.canonicalize(StrictJsonParser.withEnvelopeLimits().parse(payload)),
        "row 2: an accepted payload is canonical");
  }
}
