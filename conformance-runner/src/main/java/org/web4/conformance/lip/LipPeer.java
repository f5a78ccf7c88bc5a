package org.web4.conformance.lip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.rtt.PeerInbox;
import org.web4.conformance.rtt.TesterContext;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.conformance.rtt.TesterRandom;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.MessageIds;
import org.web4.envelope.Protocol;
import org.web4.json.JsonCanonicalizer;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;

/**
 * A tester peer speaking LIP (spec/lip.md) over an RTT connection whose CIP handshake is done: it
 * signs LIP envelopes with its identity (stamped with the tester clock), reads what the
 * implementation sends from the connection's one {@link PeerInbox} (each item with the moment and
 * the order it arrived in, PONGs included; shared with the connection's {@code CipPeer}), and
 * offers a PING barrier: everything the implementation sent in answer to earlier frames arrives
 * before the PONG (rtt.md RTT-FR-006, spec/lip.md LIP-RPL-003).
 */
public final class LipPeer {
  /** The channel of every LIP message (rtt.md Table 5). */
  public static final int KNOWLEDGE = ChannelNames.STANDARD.indexOf("knowledge");

  /** What the implementation sent: an envelope, an ERROR or a PONG, when and in which order. */
  public record Received(
      long order,
      long nanos,
      int channel,
      @Nullable JsonNode envelope,
      @Nullable ErrorBody error,
      @Nullable String pong) {
    public String describe() {
      if (envelope != null) {
        return envelope.path("type").asText("(not JSON)") + " " + envelope.path("payload");
      }
      if (error != null) {
        return "ERROR " + error.code() + " msg_id=" + error.msgId() + " (" + error.text() + ")";
      }
      return "PONG";
    }
  }

  private final TesterPeer rtt;
  private final PeerInbox inbox;
  private final String peerAgentId;
  private final String peerFingerprint;
  private final Random random;

  public LipPeer(TesterPeer rtt, String peerAgentId, String peerFingerprint, long seed) {
    this.rtt = rtt;
    this.inbox = rtt.inbox();
    this.peerAgentId = peerAgentId;
    this.peerFingerprint = peerFingerprint;
    this.random = TesterRandom.of(seed, "lip/" + rtt.name());
  }

  public String name() {
    return rtt.name();
  }

  public AgentKeyPair identity() {
    return rtt.identity();
  }

  public String fingerprint() {
    return rtt.identity().publicKey().fingerprint();
  }

  // ------------------------------------------------------------------------------- sending

  /** A signed LIP envelope of this peer (or signed by {@code signer}), stamped {@code at}. */
  public ObjectNode envelope(
      String type,
      ObjectNode payload,
      @Nullable ObjectNode source,
      Instant at,
      AgentKeyPair signer) {
    EnvelopeBuilder b =
        EnvelopeBuilder.of(Protocol.LIP, type)
            .msgId(uuid())
            .timestamp(at)
            .sender(TesterPeer.AGENT_ID, signer)
            .receiver(peerAgentId, peerFingerprint)
            .payload(payload);
    if (source != null) {
      b.block("source", source);
    }
    return b.sign(signer);
  }

  public ObjectNode envelope(String type, ObjectNode payload, @Nullable ObjectNode source) {
    return envelope(
        type,
        payload,
        source,
        Instant.ofEpochMilli(TesterContext.clock().millis()),
        rtt.identity());
  }

  /** Sends an envelope on {@code knowledge} without waiting for anything. */
  public void send(ObjectNode envelope) throws IOException {
    rtt.sendMessage(KNOWLEDGE, JsonCanonicalizer.canonicalize(envelope), Frame.MAX_BODY, true);
  }

  /**
   * Sends and waits (at most 5 s) until the implementation has taken the message: its credit comes
   * back only after delivery (rtt.md RTT-FLOW-002), while this peer keeps reading.
   *
   * @throws AssertionError when the credit is not back within 5 s
   */
  public void sendAndWaitForDelivery(ObjectNode envelope) throws IOException, InterruptedException {
    send(envelope);
    inbox.awaitDelivery(
        KNOWLEDGE,
        "peer "
            + rtt.name()
            + "'s "
            + envelope.path("type").asText()
            + " "
            + envelope.path("msg_id"),
        DELIVERY);
  }

  /** How long {@link #sendAndWaitForDelivery} waits for the implementation to take a message. */
  static final Duration DELIVERY = Duration.ofSeconds(5);

  /** Sends a PING with a fresh 8-byte body; returns the body. */
  public byte[] ping() throws IOException {
    byte[] opaque = new byte[8];
    random.nextBytes(opaque);
    inbox.ping(opaque);
    return opaque;
  }

  /**
   * A PING barrier: sends a PING and reads until its PONG (at most {@code timeout}); true when the
   * PONG came. Whatever the implementation sent before it is then in {@link #all()}.
   */
  public boolean barrier(Duration timeout) throws IOException, InterruptedException {
    return awaitPong(ping(), timeout).isPresent();
  }

  /** Reads until the PONG answering {@code opaque}. */
  public Optional<Received> awaitPong(byte[] opaque, Duration timeout)
      throws IOException, InterruptedException {
    return inbox.awaitPong(opaque, timeout).map(LipPeer::received);
  }

  // ------------------------------------------------------------------------------- receiving

  /** The first envelope of {@code type} not taken yet, waiting up to {@code timeout}. */
  public Optional<Received> awaitEnvelope(String type, Duration timeout)
      throws InterruptedException, IOException {
    return await(
        r -> r.envelope() != null && r.envelope().path("type").asText().equals(type), timeout);
  }

  /** The first ERROR not taken yet. */
  public Optional<Received> awaitError(Duration timeout) throws InterruptedException, IOException {
    return await(r -> r.error() != null, timeout);
  }

  /** Everything received and not taken. */
  public List<Received> pending() {
    return inbox.pending().stream().map(LipPeer::received).toList();
  }

  /** Everything received, taken or not, in order. */
  public List<Received> all() {
    return inbox.all().stream().map(LipPeer::received).toList();
  }

  /** Reads whatever is there within {@code quiet}, waiting for nothing in particular. */
  public void drain(Duration quiet) throws InterruptedException, IOException {
    inbox.drain(quiet);
  }

  public Optional<Received> await(Predicate<Received> p, Duration timeout)
      throws InterruptedException, IOException {
    return inbox.take(a -> p.test(received(a)), timeout).map(LipPeer::received);
  }

  private static Received received(PeerInbox.Arrival a) {
    return new Received(a.order(), a.nanos(), a.channel(), a.envelope(), a.error(), a.pong());
  }

  private UUID uuid() {
    return MessageIds.v4(random.nextLong(), random.nextLong());
  }
}
