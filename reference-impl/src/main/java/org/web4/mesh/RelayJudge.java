package org.web4.mesh;

import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.web4.envelope.EnvelopeException;
import org.web4.envelope.ErrorCode;
import org.web4.envelope.ValidatedEnvelope;

/**
 * Judges a MESH_RELAY from a neighbour by the steps of spec/mesh.md Table 4.3a, in order; the first
 * step that fails decides and nothing after it happens. Step R6 remembers the {@code mesh_id}; what
 * is then delivered and forwarded is {@link Forwarding}'s.
 */
public final class RelayJudge {
  /** Table 4.8: the largest inner envelope. */
  public static final int MAX_INNER_BYTES = 655_360;

  /** The broadcast receiver's fingerprint (spec/mesh.md §1): 64 zeros. */
  public static final String BROADCAST_RECEIVER = "0".repeat(64);

  /** Steps 1–9 of spec/envelope.md §13 at the agent's clock (no replay memory). */
  @FunctionalInterface
  public interface InnerReader {
    ValidatedEnvelope read(byte[] envelope) throws EnvelopeException;
  }

  /** What the judge decided. */
  public sealed interface Verdict permits Refused, Dropped, Accepted {}

  /**
   * Refused with a non-closing ERROR: {@code RELAY} (R1, R4) or {@code TRUST_VIOLATION} (R5);
   * {@code reason} is the {@code mesh.relay.dropped} reason, {@code innerMsgId} the inner msg_id
   * when R4 read it.
   */
  public record Refused(ErrorCode code, String reason, String why, @Nullable String innerMsgId)
      implements Verdict {}

  /** Dropped silently (R2 {@code duplicate}, R3 {@code loop}) [MESH-RLY-002, MESH-RLY-003]. */
  public record Dropped(String reason) implements Verdict {}

  /** Passed R1–R5; the {@code mesh_id} is now remembered (R6). */
  public record Accepted(ValidatedEnvelope inner) implements Verdict {}

  private final String self;
  private final MeshIdMemory memory;
  private final InnerReader reader;
  private final Predicate<String> blacklisted;

  /**
   * @param self this agent's fingerprint
   * @param blacklisted whether this agent holds a fingerprint {@code blacklisted}
   */
  public RelayJudge(
      String self, MeshIdMemory memory, InnerReader reader, Predicate<String> blacklisted) {
    this.self = self;
    this.memory = memory;
    this.reader = reader;
    this.blacklisted = blacklisted;
  }

  /** Judges a relay that arrived from the session peer {@code peer} at {@code now}. */
  public Verdict judge(RelayPayload relay, String peer, Instant now) {
    String r1 = routeRecordFault(relay, peer);
    if (r1 != null) {
      return new Refused(ErrorCode.RELAY, "relay", r1, null); // [MESH-RLY-001] R1
    }
    if (memory.remembers(relay.meshId(), now)) {
      return new Dropped("duplicate"); // [MESH-RLY-002] R2
    }
    if (relay.route().contains(self)) {
      return new Dropped("loop"); // [MESH-RLY-003] R3
    }
    byte[] bytes;
    try {
      bytes = canonicalBase64(relay.envelope());
    } catch (IllegalArgumentException e) {
      return new Refused(ErrorCode.RELAY, "relay", String.valueOf(e.getMessage()), null);
    }
    ValidatedEnvelope inner;
    try {
      inner = reader.read(bytes);
    } catch (EnvelopeException e) {
      return new Refused(
          ErrorCode.RELAY,
          "relay",
          "the inner envelope fails " + e.code() + ": " + e.getMessage(),
          e.msgId().orElse(null)); // [MESH-RLY-001] R4
    }
    String r4 = innerFault(relay, inner);
    if (r4 != null) {
      return new Refused(ErrorCode.RELAY, "relay", r4, inner.msgId()); // [MESH-RLY-001] R4
    }
    if (blacklisted.test(relay.origin())) {
      return new Refused(
          ErrorCode.TRUST_VIOLATION,
          "blacklisted",
          "the origin is blacklisted",
          inner.msgId()); // [MESH-RLY-004] R5
    }
    memory.remember(relay.meshId(), now); // R6
    return new Accepted(inner);
  }

  /** R1: the route record names the peer last and the origin first, once each, within the limit. */
  private static @Nullable String routeRecordFault(RelayPayload relay, String peer) {
    List<String> route = relay.route();
    if (!route.get(route.size() - 1).equals(peer)) {
      return "the route record's last entry is not the session peer";
    }
    if (!route.get(0).equals(relay.origin())) {
      return "the route record's first entry is not the origin";
    }
    if (new HashSet<>(route).size() != route.size()) {
      return "a fingerprint appears twice in the route record";
    }
    if (route.size() > relay.hopLimit()) {
      return "the route record has more than hop_limit entries";
    }
    return null;
  }

  /** R4's first part: canonical base64 (RFC 4648 §4, padded, unused bits zero), ≤ 655,360 bytes. */
  static byte[] canonicalBase64(String text) {
    byte[] bytes = Base64.getDecoder().decode(text);
    if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
      throw new IllegalArgumentException("envelope is not canonical base64");
    }
    if (bytes.length > MAX_INNER_BYTES) {
      throw new IllegalArgumentException(
          "the inner envelope has " + bytes.length + " bytes; at most " + MAX_INNER_BYTES);
    }
    return bytes;
  }

  /** R4's last part: the type Table 4.3b allows, sent by the origin to the destination. */
  private static @Nullable String innerFault(RelayPayload relay, ValidatedEnvelope inner) {
    if (!RelayContent.allows(inner.protocol().member(), inner.type(), relay.broadcast())) {
      return inner.protocol().member()
          + " "
          + inner.type()
          + " may not travel in a "
          + (relay.broadcast() ? "broadcast" : "unicast")
          + " MESH_RELAY (spec/mesh.md Table 4.3b)";
    }
    if (!inner.sender().fingerprint().equals(relay.origin())) {
      return "the inner envelope's sender is not the origin";
    }
    String receiver = inner.json().path("receiver").path("fingerprint").asText();
    String expected = relay.broadcast() ? BROADCAST_RECEIVER : relay.destination();
    if (!receiver.equals(expected)) {
      return "the inner envelope's receiver is not the destination";
    }
    return null;
  }
}
