package org.web4.cip;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.Deviation;

/**
 * The sender-side deviations of CIP (for testing the kit only, see {@link Deviation}): the first
 * INTENT_RESPONSE the agent sends is sent wrongly, in the one way each deviation names. Only a
 * receiver that judges what it receives (the kit's wire judge) can tell. Thread-safe.
 */
final class SendDeviations {
  /** How far back a stale timestamp lies: beyond the 300 s of ENV-TIME-002. */
  static final Duration STALE_BY = Duration.ofMinutes(10);

  /** Deviation.SEND_BAD_SIGNATURE: breaks ENV-GEN-001 (step 9 of envelope.md §13). */
  private final boolean badSignature;

  /** Deviation.SEND_WRONG_CHANNEL: breaks RTT-CH-007 (CIP-INT-001 names {@code control}). */
  private final boolean wrongChannel;

  /** Deviation.SEND_STALE_TIMESTAMP: breaks ENV-GEN-001 (step 8, ENV-TIME-002). */
  private final boolean staleTimestamp;

  /** Deviation.SEND_REUSED_MSG_ID: breaks ENV-MSG-002. */
  private final boolean reusedMsgId;

  private boolean deviated;
  private @Nullable UUID lastMsgId;

  SendDeviations(Set<Deviation> deviations) {
    this.badSignature = deviations.contains(Deviation.SEND_BAD_SIGNATURE);
    this.wrongChannel = deviations.contains(Deviation.SEND_WRONG_CHANNEL);
    this.staleTimestamp = deviations.contains(Deviation.SEND_STALE_TIMESTAMP);
    this.reusedMsgId = deviations.contains(Deviation.SEND_REUSED_MSG_ID);
  }

  /**
   * How to send the next envelope, of type {@code type}, whose msg_id would be {@code fresh}: as
   * the spec says, unless it is the first INTENT_RESPONSE and a deviation is on.
   */
  synchronized Plan next(String type, UUID fresh) {
    boolean deviant =
        !deviated
            && type.equals("INTENT_RESPONSE")
            && (badSignature || wrongChannel || staleTimestamp || reusedMsgId);
    deviated |= deviant;
    UUID previous = lastMsgId;
    UUID msgId = deviant && reusedMsgId && previous != null ? previous : fresh;
    lastMsgId = msgId;
    return new Plan(
        msgId,
        deviant && staleTimestamp ? STALE_BY : Duration.ZERO,
        deviant && badSignature,
        deviant && wrongChannel);
  }

  /** One envelope's msg_id, how far its timestamp lies back, its signature and its channel. */
  record Plan(UUID msgId, Duration backdate, boolean badSignature, boolean wrongChannel) {
    Instant timestamp(Instant now) {
      return now.minus(backdate);
    }

    /** The signed envelope, or a copy whose signature's first byte is flipped. */
    ObjectNode signed(ObjectNode envelope) {
      if (!badSignature) {
        return envelope;
      }
      ObjectNode copy = envelope.deepCopy();
      ObjectNode sign = (ObjectNode) copy.path("sign");
      byte[] signature = Base64.getDecoder().decode(sign.path("signature").asText());
      signature[0] ^= 1;
      sign.put("signature", Base64.getEncoder().encodeToString(signature));
      return copy;
    }

    int channel(int channel) {
      return wrongChannel ? ChannelNames.KNOWLEDGE : channel;
    }
  }
}
