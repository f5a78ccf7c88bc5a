package org.web4.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.Protocol;
import org.web4.json.JsonCanonicalizer;
import org.web4.rtt.handshake.IdentityPayload;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.noise.Curve25519KeyPair;
import org.web4.rtt.noise.HandshakeResult;
import org.web4.rtt.noise.HandshakeState;
import org.web4.rtt.noise.NoiseException;
import org.web4.rtt.noise.NoiseProtocol;
import org.web4.vectors.SamplePayloads;
import org.web4.vectors.VectorKeys;

/** The inputs every benchmark shares, built the same way in every run (fixed seeds). */
public final class Fixtures {
  public static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  public static final AgentKeyPair ALICE = VectorKeys.key("alice");

  private Fixtures() {}

  /** A signed cip STATE_UPDATE with the sample payload and blocks: a typical small envelope. */
  public static ObjectNode envelope(UUID msgId) {
    EnvelopeBuilder b =
        EnvelopeBuilder.of(Protocol.CIP, "STATE_UPDATE")
            .msgId(msgId)
            .timestamp(NOW)
            .sender("alice", ALICE)
            .receiver("bob", VectorKeys.key("bob").publicKey().fingerprint())
            .payload(SamplePayloads.payload("STATE_UPDATE"));
    for (Map.Entry<String, JsonNode> e :
        SamplePayloads.blocks(Protocol.CIP, "STATE_UPDATE").entrySet()) {
      b.block(e.getKey(), e.getValue());
    }
    return b.sign(ALICE);
  }

  public static byte[] envelopeBytes() {
    return JsonCanonicalizer.canonicalize(envelope(VectorKeys.msgId(1)));
  }

  /** A 64 KiB JSON document: nested objects of strings and numbers, members out of order. */
  public static byte[] document64k() {
    Random r = new Random(64);
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    int i = 0;
    while (root.toString().length() < 64 * 1024) {
      ObjectNode o = root.putObject("k" + (999_999 - i));
      o.put("z", "text é " + r.nextInt());
      o.put("a", r.nextDouble() * 1e6);
      o.put("m", r.nextLong());
      o.putArray("l").add(1.5).add("two").add(true);
      i++;
    }
    return root.toString().getBytes(StandardCharsets.UTF_8);
  }

  public static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** Two finished RTT handshakes' cipher states: [initiator, responder]. */
  public static HandshakeResult[] transport() throws NoiseException {
    SecureRandom random = new SecureRandom();
    HandshakeState i = handshakeState(HandshakeState.Role.INITIATOR, random);
    HandshakeState r = handshakeState(HandshakeState.Role.RESPONDER, random);
    r.readMessage(i.writeMessage(new byte[0]));
    i.readMessage(r.writeMessage(new byte[0]));
    r.readMessage(i.writeMessage(new byte[0]));
    return new HandshakeResult[] {i.result(), r.result()};
  }

  static HandshakeState handshakeState(HandshakeState.Role role, SecureRandom random) {
    return new HandshakeState(
        NoiseProtocol.RTT,
        role,
        RttHandshake.PROLOGUE,
        Curve25519KeyPair.generate(random),
        null,
        null,
        random);
  }

  /** One complete RTT handshake in memory, both sides, with identity payloads built and checked. */
  public static void fullHandshake(
      AgentKeyPair initiatorId,
      Curve25519KeyPair is,
      AgentKeyPair responderId,
      Curve25519KeyPair rs,
      SecureRandom random)
      throws Exception {
    HandshakeState i =
        new HandshakeState(
            NoiseProtocol.RTT,
            HandshakeState.Role.INITIATOR,
            RttHandshake.PROLOGUE,
            is,
            null,
            null,
            random);
    HandshakeState r =
        new HandshakeState(
            NoiseProtocol.RTT,
            HandshakeState.Role.RESPONDER,
            RttHandshake.PROLOGUE,
            rs,
            null,
            null,
            random);
    r.readMessage(i.writeMessage(new byte[0]));
    byte[] p2 =
        i.readMessage(r.writeMessage(IdentityPayload.create("r", responderId, rs.publicKey())));
    IdentityPayload.verify(
        p2, java.util.Objects.requireNonNull(i.remoteStaticKey()), java.util.Optional.empty());
    byte[] p3 =
        r.readMessage(i.writeMessage(IdentityPayload.create("i", initiatorId, is.publicKey())));
    IdentityPayload.verify(
        p3, java.util.Objects.requireNonNull(r.remoteStaticKey()), java.util.Optional.empty());
  }
}
