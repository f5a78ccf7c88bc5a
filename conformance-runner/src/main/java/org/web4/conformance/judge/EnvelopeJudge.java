package org.web4.conformance.judge;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.web4.envelope.EnvelopeException;
import org.web4.envelope.EnvelopeValidator;
import org.web4.envelope.ErrorCode;
import org.web4.envelope.Protocol;
import org.web4.envelope.ReplayCache;
import org.web4.envelope.SchemaCatalog;
import org.web4.envelope.ValidatedEnvelope;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.ChannelFamilies;

/**
 * Judges one message the implementation sent on a standard channel as a strict receiver would
 * (spec/rtt.md §5: "Every message on a standard channel is an envelope"):
 *
 * <ol>
 *   <li>[ENV-GEN-001] it passes envelope.md §13 steps 1–9 at the implementation's clock — the
 *       reference's own validator, with a fresh replay memory so that step 10 never decides;
 *   <li>[RTT-HS-003] its {@code sender.pubkey} is the identity the implementation bound in this
 *       connection's handshake;
 *   <li>[RTT-CH-007] it travels on its Table 5 channel;
 *   <li>[ENV-MSG-002] its msg_id was not sent before since the last reset.
 * </ol>
 *
 * The last three need a readable sender, type and msg_id: they are judged when steps 1–5 passed (a
 * signature or a timestamp that fails is ENV-GEN-001 alone).
 */
final class EnvelopeJudge {
  /** Codes of steps 1–5: after them sender, type and msg_id cannot be relied on. */
  private static final Set<ErrorCode> UNREADABLE =
      Set.of(ErrorCode.INVALID_ENVELOPE, ErrorCode.UNSUPPORTED_VERSION, ErrorCode.UNSUPPORTED_TYPE);

  /** Where a judgement goes. */
  interface Sink {
    void passed(JudgedRequirement requirement);

    void violated(JudgedRequirement requirement, String problem);
  }

  private final MsgIds msgIds;

  EnvelopeJudge(MsgIds msgIds) {
    this.msgIds = msgIds;
  }

  /**
   * @param boundPubkey the {@code pubkey} of the implementation's identity payload, if it had one
   * @param clockReadings what the implementation's clock may have read when it sent the message,
   *     the likeliest first
   * @param where the connection and check, remembered with the msg_id
   * @param resumed whether the connection resumes an RTT 1.1 session (a retransmission is no reuse)
   */
  void judge(
      int channel,
      byte[] message,
      @Nullable String boundPubkey,
      List<Instant> clockReadings,
      String where,
      boolean resumed,
      Sink sink) {
    JsonNode envelope;
    try {
      envelope = StrictJsonParser.withEnvelopeLimits().parse(message); // parsed once (ADR 1421)
    } catch (JsonViolation e) {
      envelope = null;
    }
    Optional<EnvelopeException> refusal =
        envelope == null ? validate(message, clockReadings) : validate(envelope, clockReadings);
    if (refusal.isPresent()) {
      EnvelopeException e = refusal.get();
      sink.violated(
          JudgedRequirement.ENV_GEN_001,
          "a receiver at the implementation's clock ("
              + clockReadings.get(0)
              + ") refuses it with "
              + e.code()
              + ": "
              + e.getMessage());
      if (UNREADABLE.contains(e.code())) {
        return;
      }
    } else {
      sink.passed(JudgedRequirement.ENV_GEN_001);
    }
    if (envelope == null) {
      return; // not reached: step 2 passed
    }
    Protocol protocol = protocolOf(envelope);
    String type = envelope.path("type").asText();
    String msgId = envelope.path("msg_id").asText();
    String pubkey = envelope.path("sender").path("pubkey").asText();
    if (boundPubkey != null) {
      judge(
          sink,
          JudgedRequirement.RTT_HS_003,
          pubkey.equals(boundPubkey),
          "signed by sender.pubkey "
              + pubkey
              + "; the identity bound in the handshake is "
              + boundPubkey);
    }
    int expected = ChannelFamilies.channelOf(protocol, type);
    judge(
        sink,
        JudgedRequirement.RTT_CH_007,
        channel == expected,
        protocol.member().toUpperCase(java.util.Locale.ROOT)
            + " "
            + type
            + " on channel "
            + channel
            + "; Table 5 puts it on channel "
            + expected
            + " ("
            + ChannelFamilies.nameOf(expected).orElse("?")
            + ")");
    Optional<String> before = msgIds.record(msgId, where, message, resumed);
    judge(
        sink,
        JudgedRequirement.ENV_MSG_002,
        before.isEmpty(),
        "msg_id " + msgId + " was already sent by the implementation: " + before.orElse(""));
    if (envelope.has("mesh") && type.equals("MESH_RELAY")) {
      judgeOriginated(envelope, clockReadings, sink);
    }
  }

  /**
   * [ENV-GEN-001] an inner envelope the implementation originates (spec/mesh.md §4.2: {@code route}
   * exactly its own fingerprint, which is {@code origin}) is an envelope it sends: it must pass
   * steps 1–9 at its clock like any other. A forwarded one is the origin's bytes, judged by the
   * scenario (MESH-RLY-005: byte-identical); the rules that bind an envelope to its session
   * (RTT-HS-003, RTT-CH-007, CIP-TRU-004) do not apply to an inner envelope, and one inner envelope
   * goes to every neighbour of a broadcast, so ENV-MSG-002 is not judged for it either.
   */
  private static void judgeOriginated(JsonNode relay, List<Instant> clockReadings, Sink sink) {
    JsonNode p = relay.path("payload");
    String sender = relay.path("sender").path("fingerprint").asText();
    JsonNode route = p.path("route");
    if (route.size() != 1
        || !route.get(0).asText().equals(sender)
        || !p.path("origin").asText().equals(sender)) {
      return;
    }
    byte[] inner;
    try {
      inner = java.util.Base64.getDecoder().decode(p.path("envelope").asText());
    } catch (IllegalArgumentException e) {
      sink.violated(
          JudgedRequirement.ENV_GEN_001,
          "the envelope of the MESH_RELAY it originated (mesh_id "
              + p.path("mesh_id").asText()
              + ") is not base64: "
              + e.getMessage());
      return;
    }
    Optional<EnvelopeException> refusal = validate(inner, clockReadings);
    if (refusal.isPresent()) {
      sink.violated(
          JudgedRequirement.ENV_GEN_001,
          "the inner envelope of the MESH_RELAY it originated (mesh_id "
              + p.path("mesh_id").asText()
              + ") is refused at the implementation's clock ("
              + clockReadings.get(0)
              + ") with "
              + refusal.get().code()
              + ": "
              + refusal.get().getMessage());
    } else {
      sink.passed(JudgedRequirement.ENV_GEN_001);
    }
  }

  private static void judge(Sink sink, JudgedRequirement r, boolean ok, String problem) {
    if (ok) {
      sink.passed(r);
    } else {
      sink.violated(r, problem);
    }
  }

  /**
   * The refusal at the likeliest clock reading; none when the envelope passes at it, or fails only
   * its timestamp there and passes at another reading the implementation's clock may have had.
   */
  private static Optional<EnvelopeException> validate(byte[] message, List<Instant> readings) {
    try {
      return validate(StrictJsonParser.withEnvelopeLimits().parse(message), readings);
    } catch (JsonViolation e) {
      // step 2, as EnvelopeValidator words it
      return Optional.of(
          new EnvelopeException(ErrorCode.INVALID_ENVELOPE, String.valueOf(e.getMessage()), null));
    }
  }

  /** {@link #validate(byte[], List)} of an envelope the strict parser read. */
  private static Optional<EnvelopeException> validate(JsonNode parsed, List<Instant> readings) {
    EnvelopeException first = null;
    for (Instant now : readings) {
      try {
        ValidatedEnvelope unused =
            new EnvelopeValidator(SchemaCatalog.get(), new ReplayCache(1)).validate(parsed, now);
        return Optional.empty();
      } catch (EnvelopeException e) {
        if (first == null) {
          first = e;
        }
        if (e.code() != ErrorCode.TIMESTAMP) {
          break;
        }
      }
    }
    return Optional.ofNullable(first);
  }

  private static Protocol protocolOf(JsonNode envelope) {
    for (Protocol p : Protocol.values()) {
      if (envelope.has(p.member())) {
        return p;
      }
    }
    throw new IllegalStateException("step 3 passed, so the envelope has a discriminator");
  }
}
