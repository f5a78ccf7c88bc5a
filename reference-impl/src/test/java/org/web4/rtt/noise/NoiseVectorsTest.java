package org.web4.rtt.noise;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The published Noise test vectors (the cacophony project's, vectors/sources/noise/): both roles
 * run every message of each vector, and every ciphertext and the handshake hash must match byte for
 * byte. Messages alternate initiator → responder from the first; after the handshake they are
 * transport messages under the split cipher states.
 */
class NoiseVectorsTest {
  private static final HexFormat HEX = HexFormat.of();

  @TestFactory
  Stream<DynamicTest> everyPublishedVector() throws Exception {
    Path file =
        Path.of(
            System.getProperty("web4.kit.root", ".."),
            "vectors/sources/noise/cacophony-subset.json");
    JsonNode vectors = new ObjectMapper().readTree(file.toFile()).get("vectors");
    Stream.Builder<DynamicTest> tests = Stream.builder();
    for (JsonNode v : vectors) {
      tests.add(DynamicTest.dynamicTest(v.get("protocol_name").asText(), () -> run(v)));
    }
    return tests.build();
  }

  private static void run(JsonNode v) throws Exception {
    NoiseProtocol protocol = NoiseProtocol.parse(v.get("protocol_name").asText());
    SecureRandom unused = new SecureRandom();
    HandshakeState initiator =
        new HandshakeState(
            protocol,
            HandshakeState.Role.INITIATOR,
            hex(v, "init_prologue"),
            key(v, "init_static"),
            key(v, "init_ephemeral"),
            psk(v, "init_psks"),
            unused);
    HandshakeState responder =
        new HandshakeState(
            protocol,
            HandshakeState.Role.RESPONDER,
            hex(v, "resp_prologue"),
            key(v, "resp_static"),
            key(v, "resp_ephemeral"),
            psk(v, "resp_psks"),
            unused);
    int handshakeMessages = protocol.pattern().messages().size();
    int i = 0;
    for (JsonNode m : v.get("messages")) {
      byte[] payload = HEX.parseHex(m.get("payload").asText());
      String expected = m.get("ciphertext").asText();
      boolean fromInitiator = i % 2 == 0;
      if (i < handshakeMessages) {
        HandshakeState writer = fromInitiator ? initiator : responder;
        HandshakeState reader = fromInitiator ? responder : initiator;
        byte[] c = writer.writeMessage(payload);
        assertThat(HEX.formatHex(c)).as("handshake message %d", i).isEqualTo(expected);
        assertThat(reader.readMessage(c)).as("payload %d", i).isEqualTo(payload);
        if (i == handshakeMessages - 1) {
          String hash = v.get("handshake_hash").asText();
          assertThat(HEX.formatHex(initiator.result().handshakeHash())).isEqualTo(hash);
          assertThat(HEX.formatHex(responder.result().handshakeHash())).isEqualTo(hash);
        }
      } else {
        HandshakeResult writer = (fromInitiator ? initiator : responder).result();
        HandshakeResult reader = (fromInitiator ? responder : initiator).result();
        byte[] c = writer.sender().encryptWithAd(new byte[0], payload);
        assertThat(HEX.formatHex(c)).as("transport message %d", i).isEqualTo(expected);
        assertThat(reader.receiver().decryptWithAd(new byte[0], c)).isEqualTo(payload);
      }
      i++;
    }
    assertThat(i).isGreaterThan(handshakeMessages);
  }

  private static byte[] hex(JsonNode v, String field) {
    return HEX.parseHex(v.path(field).asText(""));
  }

  private static @Nullable Curve25519KeyPair key(JsonNode v, String field) {
    return v.has(field) ? Curve25519KeyPair.fromPrivate(HEX.parseHex(v.get(field).asText())) : null;
  }

  private static byte @Nullable [] psk(JsonNode v, String field) {
    return v.has(field) ? HEX.parseHex(v.get(field).get(0).asText()) : null;
  }
}
