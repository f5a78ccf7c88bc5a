package org.web4.rtt.handshake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.AgentPublicKey;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttLimits;

/**
 * The identity payload of RTT handshake messages 2 and 3 (spec/rtt.md §2, draft): the agent's
 * Ed25519 identity, bound to its Noise static key by a signature over a fixed 32-byte label
 * followed by that key, so that a peer who completes the Noise handshake with static key X is the
 * agent that signed X.
 */
public final class IdentityPayload {
  /** "web4-rtt/1.0 static-key binding" and a zero byte: 32 bytes. */
  static final byte[] BINDING_LABEL =
      "web4-rtt/1.0 static-key binding\0".getBytes(StandardCharsets.US_ASCII);

  public static final String VERSION = "1.0";

  /** The verified identity of the peer and the limits it offered. */
  public record PeerIdentity(String agentId, AgentPublicKey key, RttLimits limits) {}

  private IdentityPayload() {}

  /** The payload this agent sends, offering the default limits: canonical JSON bytes. */
  public static byte[] create(String agentId, AgentKeyPair identity, byte[] noiseStaticPublic) {
    return create(agentId, identity, noiseStaticPublic, RttLimits.DEFAULT);
  }

  /** The payload this agent sends: canonical JSON bytes. */
  public static byte[] create(
      String agentId, AgentKeyPair identity, byte[] noiseStaticPublic, RttLimits limits) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.putArray("rtt").add(VERSION);
    ArrayNode channels = p.putArray("channels");
    ChannelNames.STANDARD.forEach(channels::add);
    ObjectNode l = p.putObject("limits");
    l.put("max_channels", limits.maxChannels());
    p.put("agent_id", agentId);
    p.put("pubkey", identity.publicKey().base64());
    p.put(
        "binding",
        Base64.getEncoder().encodeToString(identity.sign(bindingInput(noiseStaticPublic))));
    return JsonCanonicalizer.canonicalize(p);
  }

  /**
   * Verifies a peer's payload against the Noise static key the handshake authenticated.
   *
   * @param expectedFingerprint the identity the dialer wanted, if it wanted one
   */
  public static PeerIdentity verify(
      byte[] payload, byte[] remoteNoiseStatic, Optional<String> expectedFingerprint)
      throws RttHandshakeException {
    return verify(payload, remoteNoiseStatic, expectedFingerprint, true);
  }

  /**
   * As {@link #verify(byte[], byte[], Optional)}; {@code checkBinding} false skips the binding
   * signature ({@link org.web4.rtt.Deviation#SKIP_BINDING_CHECK}, for testing the kit only).
   */
  public static PeerIdentity verify(
      byte[] payload,
      byte[] remoteNoiseStatic,
      Optional<String> expectedFingerprint,
      boolean checkBinding)
      throws RttHandshakeException {
    JsonNode p;
    try {
      p = StrictJsonParser.withEnvelopeLimits().parse(payload);
    } catch (JsonViolation e) {
      throw new RttHandshakeException(
          RttHandshakeException.Reason.MALFORMED, String.valueOf(e.getMessage()));
    }
    if (!p.isObject()
        || !p.path("rtt").isArray()
        || !p.path("agent_id").isTextual()
        || !p.path("pubkey").isTextual()
        || !p.path("binding").isTextual()
        || !p.path("channels").isArray()
        || !p.path("limits").isObject()
        || p.size() != 6) {
      throw new RttHandshakeException(
          RttHandshakeException.Reason.MALFORMED,
          "the identity payload is exactly agent_id, binding, channels, limits, pubkey, rtt");
    }
    boolean common = false;
    for (JsonNode v : p.get("rtt")) {
      common |= VERSION.equals(v.asText());
    }
    if (!common) {
      throw new RttHandshakeException(
          RttHandshakeException.Reason.VERSION, "peer speaks " + p.get("rtt"));
    }
    List<String> channels = new ArrayList<>();
    p.get("channels").forEach(c -> channels.add(c.isTextual() ? c.asText() : c.toString()));
    if (!channels.equals(ChannelNames.STANDARD)) {
      throw new RttHandshakeException(
          RttHandshakeException.Reason.MALFORMED,
          "channels must be " + ChannelNames.STANDARD + ", not " + channels);
    }
    RttLimits limits = limits(p.get("limits"));
    AgentPublicKey key;
    byte[] signature;
    try {
      key = AgentPublicKey.fromBase64(p.get("pubkey").asText());
      signature = Base64.getDecoder().decode(p.get("binding").asText());
    } catch (IllegalArgumentException e) {
      throw new RttHandshakeException(
          RttHandshakeException.Reason.MALFORMED, String.valueOf(e.getMessage()));
    }
    if (checkBinding
        && !key.verify(bindingInput(remoteNoiseStatic), signature)
            .equals(org.web4.crypto.Ed25519Verifier.Outcome.VALID)) {
      throw new RttHandshakeException(
          RttHandshakeException.Reason.BINDING,
          "the identity key did not sign this Noise static key");
    }
    if (expectedFingerprint.isPresent() && !expectedFingerprint.get().equals(key.fingerprint())) {
      throw new RttHandshakeException(
          RttHandshakeException.Reason.UNEXPECTED_PEER,
          "expected " + expectedFingerprint.get() + ", the peer is " + key.fingerprint());
    }
    return new PeerIdentity(p.get("agent_id").asText(), key, limits);
  }

  private static RttLimits limits(JsonNode l) throws RttHandshakeException {
    JsonNode maxChannels = l.path("max_channels");
    if (l.size() != 1 || !maxChannels.isIntegralNumber()) {
      throw new RttHandshakeException(
          RttHandshakeException.Reason.MALFORMED,
          "limits must be {\"max_channels\": integer}: " + l);
    }
    try {
      return new RttLimits(Math.toIntExact(maxChannels.asLong()));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new RttHandshakeException(
          RttHandshakeException.Reason.MALFORMED, "limits out of range: " + e.getMessage());
    }
  }

  /** The bytes the binding signs: the 32-byte label, then the Noise static public key. */
  public static byte[] bindingInput(byte[] noiseStaticPublic) {
    byte[] input = new byte[BINDING_LABEL.length + noiseStaticPublic.length];
    System.arraycopy(BINDING_LABEL, 0, input, 0, BINDING_LABEL.length);
    System.arraycopy(noiseStaticPublic, 0, input, BINDING_LABEL.length, noiseStaticPublic.length);
    return input;
  }
}
