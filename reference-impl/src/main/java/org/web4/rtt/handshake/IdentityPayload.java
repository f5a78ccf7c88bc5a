package org.web4.rtt.handshake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.AgentPublicKey;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttLimits;

/**
 * The identity payload of RTT handshake messages 2 and 3 (spec/rtt.md §3.2): the agent's Ed25519
 * identity, bound to its Noise static key by a signature over a fixed 32-byte label followed by
 * that key, so that a peer who completes the Noise handshake with static key X is the agent that
 * signed X.
 */
public final class IdentityPayload {
  /** "web4-rtt/1.0 static-key binding" and a zero byte: 32 bytes. */
  static final byte[] BINDING_LABEL =
      "web4-rtt/1.0 static-key binding\0".getBytes(StandardCharsets.US_ASCII);

  public static final String VERSION = "1.0";

  /** The version an endpoint that resumes sessions also lists (docs/drafts/rtt-resume.md §2.1). */
  public static final String RESUME_VERSION = "1.1";

  /** The initiator's seventh member, allowed by a 1.1 responder (draft §4.1, check 3). */
  public static final String RESUME = "resume";

  /**
   * A verified payload as an RTT 1.1 endpoint reads it: the identity, whether it lists {@code
   * "1.1"}, and the initiator's {@code resume} member (unchecked: check 13 is the caller's).
   */
  public record Verified(PeerIdentity peer, boolean offersResume, @Nullable JsonNode resume) {}

  /** The six members, in the order of spec/rtt.md §3.2 (RFC 8785 order). */
  static final List<String> MEMBERS =
      List.of("agent_id", "binding", "channels", "limits", "pubkey", "rtt");

  /** spec/envelope.md §2: the agent id of Table 3.3 row 4. */
  public static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");

  /** Canonical base64 of a 64-byte signature (Table 3.3 row 5). */
  static final Pattern BINDING = Pattern.compile("[A-Za-z0-9+/]{85}[AQgw]==");

  /** Canonical base64 of a 32-byte key (envelope.md §2; Table 3.3 row 8). */
  static final Pattern PUBKEY = Pattern.compile("[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=");

  /** An RTT version, {@code MAJOR.MINOR} (Table 3.3 row 9). */
  static final Pattern VERSION_SHAPE = Pattern.compile("[0-9]+\\.[0-9]+");

  /** At most this many versions in {@code rtt} (Table 3.3 row 9). */
  static final int MAX_VERSIONS = 16;

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
    return create(agentId, identity, noiseStaticPublic, limits, false, null);
  }

  /**
   * The payload of an RTT 1.1 endpoint when {@code offerResume} (docs/drafts/rtt-resume.md §2.1,
   * RTT-RES-001: {@code "rtt":["1.0","1.1"]}), with the initiator's {@code resume} member when one
   * is given (§4.1): canonical JSON bytes.
   */
  public static byte[] create(
      String agentId,
      AgentKeyPair identity,
      byte[] noiseStaticPublic,
      RttLimits limits,
      boolean offerResume,
      @Nullable JsonNode resume) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    ArrayNode versions = p.putArray("rtt").add(VERSION);
    if (offerResume) {
      versions.add(RESUME_VERSION);
    }
    if (resume != null) {
      p.set("resume", resume);
    }
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
   * signature ({@link org.web4.rtt.Deviation#SKIP_BINDING_CHECK}, for testing the kit only). Each
   * check is a row of spec/rtt.md Table 3.3.
   */
  public static PeerIdentity verify(
      byte[] payload,
      byte[] remoteNoiseStatic,
      Optional<String> expectedFingerprint,
      boolean checkBinding)
      throws RttHandshakeException {
    return verify(payload, remoteNoiseStatic, expectedFingerprint, checkBinding, false).peer();
  }

  /**
   * As {@link #verify(byte[], byte[], Optional, boolean)}; {@code allowResume} (a 1.1 responder
   * that listed {@code "1.1"}) lets check 3 accept the seventh member {@code resume}.
   */
  public static Verified verify(
      byte[] payload,
      byte[] remoteNoiseStatic,
      Optional<String> expectedFingerprint,
      boolean checkBinding,
      boolean allowResume)
      throws RttHandshakeException {
    JsonNode p;
    try {
      p = StrictJsonParser.withEnvelopeLimits().parse(payload); // row 1
    } catch (JsonViolation e) {
      throw malformed(String.valueOf(e.getMessage()));
    }
    if (!Arrays.equals(JsonCanonicalizer.canonicalize(p), payload)) {
      throw malformed("the identity payload is not in its RFC 8785 form"); // row 2
    }
    boolean withResume = allowResume && p.has(RESUME);
    if (!p.isObject()
        || p.size() != MEMBERS.size() + (withResume ? 1 : 0)
        || !MEMBERS.stream().allMatch(p::has)) {
      throw malformed("the identity payload is exactly " + MEMBERS); // row 3
    }
    String agentId = matching(p, "agent_id", AGENT_ID); // row 4
    String binding = matching(p, "binding", BINDING); // row 5
    List<String> channels = new ArrayList<>();
    p.get("channels").forEach(c -> channels.add(c.isTextual() ? c.asText() : c.toString()));
    if (!p.get("channels").isArray() || !channels.equals(ChannelNames.STANDARD)) {
      throw malformed("channels must be " + ChannelNames.STANDARD + ", not " + p.get("channels"));
    }
    RttLimits limits = limits(p.get("limits")); // row 7
    String pubkey = matching(p, "pubkey", PUBKEY); // row 8
    boolean offersResume = versions(p.get("rtt")); // rows 9 and 10
    AgentPublicKey key = AgentPublicKey.fromBase64(pubkey);
    byte[] signature = Base64.getDecoder().decode(binding);
    if (checkBinding
        && !key.verify(bindingInput(remoteNoiseStatic), signature)
            .equals(org.web4.crypto.Ed25519Verifier.Outcome.VALID)) {
      throw new RttHandshakeException( // row 11
          RttHandshakeException.Reason.BINDING,
          "the identity key did not sign this Noise static key");
    }
    if (expectedFingerprint.isPresent() && !expectedFingerprint.get().equals(key.fingerprint())) {
      throw new RttHandshakeException( // row 12
          RttHandshakeException.Reason.UNEXPECTED_PEER,
          "expected " + expectedFingerprint.get() + ", the peer is " + key.fingerprint());
    }
    return new Verified(
        new PeerIdentity(agentId, key, limits), offersResume, withResume ? p.get(RESUME) : null);
  }

  private static String matching(JsonNode payload, String member, Pattern pattern)
      throws RttHandshakeException {
    JsonNode value = payload.get(member);
    if (!value.isTextual() || !pattern.matcher(value.asText()).matches()) {
      throw malformed(member + " must match " + pattern + ", not " + value);
    }
    return value.asText();
  }

  /**
   * Table 3.3 rows 9 and 10: 1 to 16 version strings, one of them ours.
   *
   * @return whether {@code "1.1"} is among them (draft §2.1)
   */
  private static boolean versions(JsonNode rtt) throws RttHandshakeException {
    if (!rtt.isArray() || rtt.isEmpty() || rtt.size() > MAX_VERSIONS) {
      throw malformed("rtt must be an array of 1 to " + MAX_VERSIONS + " versions, not " + rtt);
    }
    boolean common = false;
    boolean resume = false;
    for (JsonNode v : rtt) {
      if (!v.isTextual() || !VERSION_SHAPE.matcher(v.asText()).matches()) {
        throw malformed("every rtt version is a string MAJOR.MINOR, not " + v);
      }
      common |= VERSION.equals(v.asText());
      resume |= RESUME_VERSION.equals(v.asText());
    }
    if (!common) {
      throw new RttHandshakeException(RttHandshakeException.Reason.VERSION, "peer speaks " + rtt);
    }
    return resume;
  }

  private static RttLimits limits(JsonNode l) throws RttHandshakeException {
    JsonNode maxChannels = l.path("max_channels");
    if (!l.isObject() || l.size() != 1 || !maxChannels.canConvertToInt()) {
      throw malformed("limits must be {\"max_channels\": integer}: " + l);
    }
    if (!maxChannels.isIntegralNumber()) {
      throw malformed("max_channels must be an integer: " + maxChannels);
    }
    try {
      return new RttLimits(maxChannels.intValue());
    } catch (IllegalArgumentException e) {
      throw malformed("limits out of range: " + e.getMessage());
    }
  }

  private static RttHandshakeException malformed(String message) {
    return new RttHandshakeException(RttHandshakeException.Reason.MALFORMED, message);
  }

  /** The bytes the binding signs: the 32-byte label, then the Noise static public key. */
  public static byte[] bindingInput(byte[] noiseStaticPublic) {
    byte[] input = new byte[BINDING_LABEL.length + noiseStaticPublic.length];
    System.arraycopy(BINDING_LABEL, 0, input, 0, BINDING_LABEL.length);
    System.arraycopy(noiseStaticPublic, 0, input, BINDING_LABEL.length, noiseStaticPublic.length);
    return input;
  }
}
