package org.web4.conformance.lip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.Protocol;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;

/**
 * A tester peer speaking LIP (spec/lip.md) over an RTT connection whose CIP handshake is done: it
 * signs LIP envelopes with its identity, reads what the implementation sends (each message with the
 * moment and the order it arrived in, PONGs included), returns credit, answers PINGs, and offers a
 * PING barrier: everything the implementation sent in answer to earlier frames arrives before the
 * PONG (rtt.md RTT-FR-006, spec/lip.md LIP-RPL-003).
 */
public final class LipPeer {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

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
  private final String peerAgentId;
  private final String peerFingerprint;
  private final Random random;
  private final Map<Integer, ByteArrayOutputStream> assembling = new HashMap<>();
  private final List<Received> received = new ArrayList<>();
  private final List<Received> taken = new ArrayList<>();
  private long order;

  public LipPeer(TesterPeer rtt, String peerAgentId, String peerFingerprint, long seed) {
    this.rtt = rtt;
    this.peerAgentId = peerAgentId;
    this.peerFingerprint = peerFingerprint;
    this.random = new Random(seed ^ rtt.name().hashCode() ^ 0x11F0L);
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
        type, payload, source, Instant.ofEpochMilli(System.currentTimeMillis()), rtt.identity());
  }

  /** Sends an envelope on {@code knowledge} without waiting for anything. */
  public void send(ObjectNode envelope) throws IOException {
    rtt.sendMessage(KNOWLEDGE, JsonCanonicalizer.canonicalize(envelope), Frame.MAX_BODY, true);
  }

  /**
   * Sends and waits (at most 5 s) until the implementation has taken the message: its credit comes
   * back only after delivery (rtt.md RTT-FLOW-002), while this peer keeps reading.
   */
  public void sendAndWaitForDelivery(ObjectNode envelope) throws IOException, InterruptedException {
    send(envelope);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (rtt.sendWindow(KNOWLEDGE) < RttLimits.WINDOW && System.nanoTime() < deadline) {
      pumpOne(Duration.ofMillis(2));
    }
  }

  /** Sends a PING with a fresh 8-byte body; returns the body. */
  public byte[] ping() throws IOException {
    byte[] opaque = new byte[8];
    random.nextBytes(opaque);
    rtt.sendFrame(FrameType.PING, 0, 0, opaque);
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
    String hex = java.util.HexFormat.of().formatHex(opaque);
    return await(r -> hex.equals(r.pong()), timeout);
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
    return List.copyOf(received);
  }

  /** Everything received, taken or not, in order. */
  public List<Received> all() {
    List<Received> out = new ArrayList<>(taken);
    out.addAll(received);
    out.sort(java.util.Comparator.comparingLong(Received::order));
    return out;
  }

  /** Reads whatever is there within {@code quiet}, waiting for nothing in particular. */
  public void drain(Duration quiet) throws InterruptedException, IOException {
    while (pumpOne(quiet)) {
      // keep reading
    }
  }

  public Optional<Received> await(Predicate<Received> p, Duration timeout)
      throws InterruptedException, IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (int i = 0; i < received.size(); i++) {
        Received r = received.get(i);
        if (p.test(r)) {
          received.remove(i);
          taken.add(r);
          return Optional.of(r);
        }
      }
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0 || !pumpOne(Duration.ofMillis(left))) {
        return Optional.empty();
      }
    }
  }

  private boolean pumpOne(Duration timeout) throws InterruptedException, IOException {
    TesterPeer.Received r = rtt.next(timeout);
    if (r.kind() != TesterPeer.Received.Kind.FRAME) {
      return false;
    }
    long now = System.nanoTime();
    RawFrame f = r.requireFrame();
    if (f.is(FrameType.PING)) {
      rtt.sendFrame(FrameType.PONG, 0, 0, f.body());
    } else if (f.is(FrameType.PONG)) {
      received.add(
          new Received(
              ++order, now, f.channel(), null, null, java.util.HexFormat.of().formatHex(f.body())));
    } else if (f.is(FrameType.CREDIT)) {
      return true; // the TesterPeer's reader counts the window
    } else if (f.is(FrameType.ERROR)) {
      ErrorBody.decode(f.body())
          .ifPresent(e -> received.add(new Received(++order, now, f.channel(), null, e, null)));
    } else if (f.is(FrameType.DATA)) {
      ByteArrayOutputStream buf =
          assembling.computeIfAbsent(f.channel(), k -> new ByteArrayOutputStream());
      buf.writeBytes(f.body());
      if ((f.flags() & Frame.FLAG_FIN) != 0) {
        byte[] message = buf.toByteArray();
        buf.reset();
        rtt.sendFrame(FrameType.CREDIT, 0, f.channel(), uint32(message.length));
        JsonNode json;
        try {
          json = StrictJsonParser.withEnvelopeLimits().parse(message);
        } catch (JsonViolation e) {
          json = NODES.textNode(new String(message, StandardCharsets.UTF_8));
        }
        received.add(new Received(++order, now, f.channel(), json, null, null));
      }
    }
    return true;
  }

  private UUID uuid() {
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo);
  }

  private static byte[] uint32(long v) {
    return ByteBuffer.allocate(4).putInt((int) v).array();
  }
}
