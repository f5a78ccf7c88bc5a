package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.conformance.rtt.TesterSession;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.AgentPublicKey;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.Protocol;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.ChannelFamilies;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;

/**
 * Envelopes as messages of the tester's RTT 1.1 session ({@link RttResumeSteps}: the tester is the
 * session dialer), shared by the steps that check what a resume carries above RTT (spec/rtt.md §12,
 * RTT-RES-012, RTT-RES-016): envelopes addressed to the implementation, sent on their Table 5
 * channel and numbered in {@link TesterSession} (so that a resume sends them again from the
 * implementation's counts), whole or cut in the middle; the implementation's messages read and,
 * when delivered, counted in the session, so that the tester's resume request claims exactly them;
 * its ERROR frames kept. One per scenario, injected.
 */
public final class SessionEnvelopes {
  private final World world;
  private final RttState rtt;
  private final TesterSession session;

  /** The non-closing ERRORs the implementation sent since {@link #forgetErrors()}. */
  private final List<ErrorBody> errors = new ArrayList<>();

  public SessionEnvelopes(World world, RttState rtt, TesterSession session) {
    this.world = world;
    this.rtt = rtt;
    this.session = session;
  }

  // ---------------------------------------------------------------------------- building

  /**
   * An envelope of {@code protocol} from the tester to the implementation (msg_id, timestamp at the
   * scenario's clock, sender, receiver from the identity payload), for the caller to complete with
   * its blocks and payload and to sign with {@link #signer()}.
   */
  EnvelopeBuilder envelope(Protocol protocol, String type) {
    JsonNode iut = iutPayload();
    TesterPeer p = rtt.peer();
    return EnvelopeBuilder.of(protocol, type)
        .msgId(world.freshUuid())
        .timestamp(world.clock())
        .sender(TesterPeer.AGENT_ID, p.identity())
        .receiver(
            iut.path("agent_id").asText(),
            AgentPublicKey.fromBase64(iut.path("pubkey").asText()).fingerprint());
  }

  AgentKeyPair signer() {
    return rtt.peer().identity();
  }

  /** The implementation's identity payload of the current connection. */
  JsonNode iutPayload() {
    try {
      return StrictJsonParser.withEnvelopeLimits().parse(rtt.peer().peerPayload().orElseThrow());
    } catch (JsonViolation e) {
      throw world.failure("an identity payload in JSON; " + e.getMessage());
    }
  }

  /** The envelope's channel (spec/rtt.md Table 5). */
  static int channelOf(JsonNode envelope) {
    return ChannelFamilies.channelOf(protocolOf(envelope), envelope.path("type").asText());
  }

  private static Protocol protocolOf(JsonNode envelope) {
    for (Protocol p : Protocol.values()) {
      if (envelope.has(p.member())) {
        return p;
      }
    }
    throw new IllegalArgumentException("an envelope with a protocol member: " + envelope);
  }

  // ---------------------------------------------------------------------------- sending

  /**
   * Sends {@code envelope} whole on its channel; {@code inSession}: as a message of the session
   * (numbered, sent again by a resume that finds it undelivered).
   *
   * @return its canonical bytes
   */
  byte[] send(ObjectNode envelope, boolean inSession) throws IOException {
    byte[] m = JsonCanonicalizer.canonicalize(envelope);
    int channel = channelOf(envelope);
    if (inSession) {
      session.recordSent(channel, m);
    }
    rtt.peer().sendMessage(channel, m, Frame.MAX_BODY, true);
    return m;
  }

  /** Sends {@code message} (bytes of an earlier envelope) again as a new message of the session. */
  void sendAgain(int channel, byte[] message) throws IOException {
    session.recordSent(channel, message);
    rtt.peer().sendMessage(channel, message, Frame.MAX_BODY, true);
  }

  /**
   * A message of the session of which only the first half goes out (a DATA frame without FIN)
   * before the cut: the implementation cannot deliver it; the tester sends it again whole after the
   * resume.
   *
   * @return its canonical bytes
   */
  byte[] sendHalfAndCut(ObjectNode envelope) throws IOException {
    byte[] m = JsonCanonicalizer.canonicalize(envelope);
    int channel = channelOf(envelope);
    session.recordSent(channel, m);
    rtt.peer().sendMessage(channel, Arrays.copyOf(m, m.length / 2), Frame.MAX_BODY, false);
    rtt.peer().cut();
    return m;
  }

  // ---------------------------------------------------------------------------- reading

  /**
   * Reads what the implementation sends until {@code done} holds (bounded by {@link
   * RttState#ANSWER} from the last thing read): ERROR frames are kept ({@link #errors()}); each
   * message is parsed and handed to {@code each}, after it is counted in the session when {@code
   * deliver} (else it is read as if lost in a coming cut: the next resume does not claim it).
   */
  void read(BooleanSupplier done, boolean deliver, Consumer<JsonNode> each) throws Exception {
    read("the implementation's next message", done, deliver, each);
  }

  /**
   * {@link #read(BooleanSupplier, boolean, Consumer)}; a failure says what was {@code expected}.
   */
  void read(String expected, BooleanSupplier done, boolean deliver, Consumer<JsonNode> each)
      throws Exception {
    while (!done.getAsBoolean()) {
      TesterPeer.Received r = rtt.peer().next(RttState.ANSWER);
      RawFrame f = rtt.requireFrame(r, expected);
      if (f.is(FrameType.ERROR)) {
        ErrorBody.decode(f.body()).ifPresent(errors::add);
        continue;
      }
      byte[] message = r.message();
      if (!f.is(FrameType.DATA) || message == null) {
        continue;
      }
      JsonNode e = StrictJsonParser.withEnvelopeLimits().parse(message);
      if (deliver) {
        session.delivered(f.channel());
      }
      each.accept(e);
    }
  }

  /**
   * The next envelope of {@code type} the implementation sends, delivered; those before it are
   * delivered and handed to {@code others}.
   */
  JsonNode await(String type, Consumer<JsonNode> others) throws Exception {
    JsonNode[] got = new JsonNode[1];
    read(
        "the implementation's " + type,
        () -> got[0] != null,
        true,
        e -> {
          if (e.path("type").asText().equals(type)) {
            got[0] = e;
          } else {
            others.accept(e);
          }
        });
    JsonNode e = got[0];
    if (e == null) {
      throw new IllegalStateException("read ended without " + type);
    }
    return e;
  }

  /**
   * A PING barrier (RTT-FR-006): every message the implementation sent before its PONG is read,
   * delivered and handed to {@code each}; ERRORs are kept.
   */
  void barrier(Consumer<JsonNode> each) throws Exception {
    byte[] opaque = rtt.peer().random().bytes(8);
    rtt.peer().sendFrame(FrameType.PING, 0, 0, opaque);
    boolean[] pong = new boolean[1];
    while (!pong[0]) {
      TesterPeer.Received r = rtt.peer().next(RttState.ANSWER);
      RawFrame f = rtt.requireFrame(r, "the PONG of the tester's PING");
      if (f.is(FrameType.PONG) && Arrays.equals(f.body(), opaque)) {
        pong[0] = true;
      } else if (f.is(FrameType.ERROR)) {
        ErrorBody.decode(f.body()).ifPresent(errors::add);
      } else if (f.is(FrameType.DATA) && r.message() != null) {
        JsonNode e = StrictJsonParser.withEnvelopeLimits().parse(r.message());
        session.delivered(f.channel());
        each.accept(e);
      }
    }
  }

  /** The implementation's non-closing ERRORs read since {@link #forgetErrors()}. */
  List<ErrorBody> errors() {
    return errors;
  }

  void forgetErrors() {
    errors.clear();
  }

  /** The ERROR naming {@code msgId}, read until it comes [RTT-ERR-003]. */
  ErrorBody awaitError(String msgId, Consumer<JsonNode> others) throws Exception {
    read("an ERROR naming " + msgId, () -> errorNaming(msgId) != null, true, others);
    ErrorBody e = errorNaming(msgId);
    if (e == null) {
      throw new IllegalStateException("read ended without an ERROR naming " + msgId);
    }
    return e;
  }

  private @Nullable ErrorBody errorNaming(String msgId) {
    for (ErrorBody e : errors) {
      if (msgId.equals(e.msgId())) {
        return e;
      }
    }
    return null;
  }
}
