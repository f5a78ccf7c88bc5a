package org.web4.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.web4.crypto.AgentPublicKey;
import org.web4.crypto.Ed25519Verifier;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/**
 * Decides whether a receiving agent accepts an envelope, in the order spec/envelope.md fixes
 * [ENV-ERR-001]: "the first failing step determines the single error code reported".
 *
 * <pre>
 *  1-2  size, strict UTF-8, I-JSON, depth ............ INVALID_ENVELOPE
 *  3    protocol discriminator and version ........... INVALID_ENVELOPE / UNSUPPORTED_VERSION
 *  4    envelope structure (schema), timestamp date .. INVALID_ENVELOPE
 *  5    type defined by the protocol ................. UNSUPPORTED_TYPE
 *  6    fingerprint = SHA-256(pubkey) ................ IDENTITY_MISMATCH
 *  7    Ed25519 signature, pinned criteria ........... SIGNATURE_MISMATCH
 *  8    clock skew ≤ 300 s ........................... TIMESTAMP
 *  9    payload schema of the type ................... PAYLOAD_SCHEMA
 *  10   msg_id not accepted in the last 600 s ........ REPLAY
 * </pre>
 *
 * <p>One validator serves one receiving agent: it owns that agent's replay memory. Thread-safe.
 */
public final class EnvelopeValidator {
  /**
   * [ENV-TIME-002] The largest accepted difference between a timestamp and the receiver's clock.
   */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofSeconds(300);

  private static final Pattern VERSION_SHAPE = Pattern.compile("[0-9]+\\.[0-9]+");

  private final StrictJsonParser parser = StrictJsonParser.withEnvelopeLimits();
  private final SchemaCatalog schemas;
  private final ReplayCache replay;

  public EnvelopeValidator(SchemaCatalog schemas, ReplayCache replay) {
    this.schemas = schemas;
    this.replay = replay;
  }

  /** A validator with the shared schemas and a fresh replay memory. */
  public static EnvelopeValidator create() {
    return new EnvelopeValidator(SchemaCatalog.get(), new ReplayCache());
  }

  public ValidatedEnvelope validate(byte[] bytes, Instant now) throws EnvelopeException {
    ValidatedEnvelope envelope = validateBeforeReplay(bytes, now);
    checkReplay(envelope, now);
    return envelope;
  }

  /** Validates an already parsed document (which must have come from {@link StrictJsonParser}). */
  public ValidatedEnvelope validate(JsonNode root, Instant now) throws EnvelopeException {
    ValidatedEnvelope envelope = validateBeforeReplay(root, now);
    checkReplay(envelope, now);
    return envelope;
  }

  /**
   * Steps 1–9 only, without touching the replay memory: a relay's step R4 (spec/mesh.md Table
   * 4.3a); step 10 runs at delivery ({@link #checkReplay}, spec/mesh.md §4.4).
   */
  public ValidatedEnvelope validateBeforeReplay(byte[] bytes, Instant now)
      throws EnvelopeException {
    JsonNode root;
    try {
      root = parser.parse(bytes);
    } catch (JsonViolation e) {
      throw new EnvelopeException(ErrorCode.INVALID_ENVELOPE, String.valueOf(e.getMessage()), null);
    }
    return validateBeforeReplay(root, now);
  }

  /** Step 10: the {@code msg_id} was not accepted in the last 600 s; now it is [ENV-RPL-001]. */
  public void checkReplay(ValidatedEnvelope envelope, Instant now) throws EnvelopeException {
    String id = envelope.msgId();
    switch (replay.remember(id, now)) {
      case REPLAY:
        throw new EnvelopeException(
            ErrorCode.REPLAY, "msg_id " + id + " was already accepted within 600 s", id);
      case FULL:
        throw new EnvelopeException(
            ErrorCode.BACKPRESSURE, "replay memory is full; try again later", id);
      case REMEMBERED:
        break;
    }
  }

  private ValidatedEnvelope validateBeforeReplay(JsonNode root, Instant now)
      throws EnvelopeException {
    if (!root.isObject()) {
      throw new EnvelopeException(
          ErrorCode.INVALID_ENVELOPE,
          "an envelope is a JSON object, not " + root.getNodeType(),
          null);
    }
    ObjectNode envelope = (ObjectNode) root;
    @Nullable String msgId =
        envelope.path("msg_id").isTextual() ? envelope.get("msg_id").asText() : null;

    Protocol protocol = protocolOf(envelope, msgId);

    List<String> violations = schemas.envelopeViolations(protocol, envelope);
    if (!violations.isEmpty()) {
      throw new EnvelopeException(
          ErrorCode.INVALID_ENVELOPE,
          "envelope structure: " + String.join("; ", violations),
          msgId);
    }
    String id = envelope.get("msg_id").asText();
    Instant timestamp =
        Timestamps.parse(envelope.get("timestamp").asText())
            .orElseThrow(
                () ->
                    new EnvelopeException(
                        ErrorCode.INVALID_ENVELOPE,
                        "timestamp is not a valid RFC 3339 UTC date-time: "
                            + envelope.get("timestamp").asText(),
                        id));

    String type = envelope.get("type").asText();
    if (!protocol.defines(type)) {
      throw new EnvelopeException(
          ErrorCode.UNSUPPORTED_TYPE,
          protocol.member() + "/" + Protocol.VERSION + " defines no message type " + type,
          id);
    }

    JsonNode sender = envelope.get("sender");
    AgentPublicKey pubkey = AgentPublicKey.fromBase64(sender.get("pubkey").asText());
    if (!pubkey.fingerprint().equals(sender.get("fingerprint").asText())) {
      throw new EnvelopeException(
          ErrorCode.IDENTITY_MISMATCH,
          "sender.fingerprint is not the SHA-256 of sender.pubkey (expected "
              + pubkey.fingerprint()
              + ")",
          id);
    }

    byte[] signature = Base64.getDecoder().decode(envelope.get("sign").get("signature").asText());
    Ed25519Verifier.Outcome outcome =
        pubkey.verify(JsonCanonicalizer.canonicalizeWithout(envelope, "sign"), signature);
    if (outcome != Ed25519Verifier.Outcome.VALID) {
      throw new EnvelopeException(
          ErrorCode.SIGNATURE_MISMATCH, "signature does not verify (" + outcome + ")", id);
    }

    Duration skew = Duration.between(timestamp, now).abs();
    if (skew.compareTo(MAX_CLOCK_SKEW) > 0) {
      throw new EnvelopeException(
          ErrorCode.TIMESTAMP,
          "timestamp is " + skew.toSeconds() + " s away from the receiver's clock; at most 300 s",
          id);
    }

    List<String> payloadViolations =
        schemas.payloadViolations(protocol, type, envelope.get("payload"));
    if (!payloadViolations.isEmpty()) {
      throw new EnvelopeException(
          ErrorCode.PAYLOAD_SCHEMA, type + " payload: " + String.join("; ", payloadViolations), id);
    }
    return new ValidatedEnvelope(
        protocol, type, id, timestamp, sender.get("agent_id").asText(), pubkey, envelope);
  }

  /**
   * [ENV-STR-001] exactly one discriminator among cip/hcp/lip, with a version this receiver speaks.
   */
  private static Protocol protocolOf(ObjectNode envelope, @Nullable String msgId)
      throws EnvelopeException {
    List<Protocol> present = new ArrayList<>(1);
    for (Protocol p : Protocol.values()) {
      if (envelope.has(p.member())) {
        present.add(p);
      }
    }
    if (present.size() != 1) {
      throw new EnvelopeException(
          ErrorCode.INVALID_ENVELOPE,
          "an envelope has exactly one of the members cip, hcp, lip, mesh; this one has "
              + present.size(),
          msgId);
    }
    Protocol protocol = present.get(0);
    JsonNode version = envelope.get(protocol.member());
    if (!version.isTextual()) {
      throw new EnvelopeException(
          ErrorCode.INVALID_ENVELOPE, protocol.member() + " must be a version string", msgId);
    }
    if (!Protocol.VERSION.equals(version.asText())) {
      boolean wellFormed = VERSION_SHAPE.matcher(version.asText()).matches();
      throw new EnvelopeException(
          wellFormed ? ErrorCode.UNSUPPORTED_VERSION : ErrorCode.INVALID_ENVELOPE,
          protocol.member() + " version " + version.asText() + " is not 1.0",
          msgId);
    }
    return protocol;
  }
}
