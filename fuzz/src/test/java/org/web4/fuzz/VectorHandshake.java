package org.web4.fuzz;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import org.web4.crypto.AgentKeyPair;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.handshake.RttHandshake.Step;
import org.web4.rtt.noise.CipherState;
import org.web4.rtt.noise.Curve25519KeyPair;
import org.web4.rtt.noise.NoiseException;

/**
 * The two sides of vector case 1 of rtt_handshake_test.json ("established-64"), with the vector's
 * static and ephemeral keys: replaying it gives the vector's messages byte for byte, so the
 * vector's Noise messages and transport ciphertexts are seeds that reach past authentication.
 */
final class VectorHandshake {
  static final HexFormat HEX = HexFormat.of();

  private static final String ALICE_SEED =
      "8934596e714d9d8200a7a73f6f40b81f42cdb7e1b8823679569a228a6de0374d";
  private static final String ALICE_STATIC =
      "8709abebc6f1e9f5b83e237469123edc37f0cc324a888ce9beeba2e698e99fa6";
  private static final String ALICE_EPHEMERAL =
      "4ad3d06e24f084c4f8876d4b83be86cc8bc16e37da0aa9ad805cbc46bc98b7fd";
  private static final String BOB_SEED =
      "efb3682ee3e37d80cec01d35783b95205c7e207d483ad9355f7b5643bab19b5f";
  private static final String BOB_STATIC =
      "27fce30668474e60c7886639ade6b389270a9e0eb4a6834c7b5a74860d0a767e";
  private static final String BOB_EPHEMERAL =
      "34fde0f781061ab5dc81fba8964a5e2abd60589fcf4bdb4ebd4d73113cea29be";

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  private VectorHandshake() {}

  /** Alice, the vector's initiator. */
  static RttHandshake.Initiator initiator() {
    return side("alice", ALICE_SEED, ALICE_STATIC, ALICE_EPHEMERAL)
        .initiator("fuzz", Optional.empty());
  }

  /** Bob, the vector's responder. */
  static RttHandshake.Steps responder() {
    return side("bob", BOB_SEED, BOB_STATIC, BOB_EPHEMERAL).responder("fuzz");
  }

  /** Both sides after message 3: alice still waits for the responder's frame 0. */
  record AfterMessage3(RttHandshake.Initiator alice, CipherState bobReceiver) {}

  static AfterMessage3 afterMessage3() throws NoiseException {
    RttHandshake.Initiator alice = initiator();
    RttHandshake.Steps bob = responder();
    Step second = bob.onMessage(alice.firstMessage());
    Step third = alice.onMessage(((Step.Send) second).message());
    Step done = bob.onMessage(((Step.Send) third).message());
    return new AfterMessage3(alice, ((Step.Done) done).established().receiver());
  }

  /** Bob's receiving cipher state once the handshake is complete (nonce 0). */
  static CipherState establishedResponderReceiver() throws NoiseException {
    return afterMessage3().bobReceiver();
  }

  private static RttHandshake side(
      String agentId, String identitySeed, String staticPrivate, String ephemeralPrivate) {
    return new RttHandshake(
        new RttHandshake.LocalIdentity(
            agentId,
            AgentKeyPair.fromSeed(HEX.parseHex(identitySeed)),
            Curve25519KeyPair.fromPrivate(HEX.parseHex(staticPrivate)),
            new RttLimits(64)),
        new FixedRandom(HEX.parseHex(ephemeralPrivate)),
        CLOCK,
        RttEvent.Sink.none());
  }

  /** A "random" source that yields the vector's ephemeral private key, so runs are replayable. */
  @SuppressWarnings("serial")
  private static final class FixedRandom extends SecureRandom {
    private final byte[] bytes;

    FixedRandom(byte[] bytes) {
      this.bytes = bytes.clone();
    }

    @Override
    public synchronized void nextBytes(byte[] out) {
      for (int i = 0; i < out.length; i++) {
        out[i] = bytes[i % bytes.length];
      }
    }
  }
}
