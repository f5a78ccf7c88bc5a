package org.web4.rtt.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web4.envelope.ErrorCode;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.Deviation;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameCodec;
import org.web4.rtt.frame.FrameException;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.noise.CipherState;
import org.web4.rtt.noise.NoiseException;
import org.web4.rtt.resume.ResumeFrame;

/**
 * The connection rules for what the peer sends (spec/rtt.md §4–§8): each transport message is
 * decrypted, decoded and checked, and each frame does what its type says. Runs on the connection's
 * session executor only, one message after the other, so answers leave in the order the frames
 * arrived [RTT-FR-006].
 */
final class InboundFrames {
  private static final Logger LOG = LoggerFactory.getLogger(InboundFrames.class);

  private static final byte[] NO_AD = new byte[0];

  private final RttConnection connection;
  private final CipherState receiveCipher;
  private final RttConnection.@Nullable MessageHandler handler;

  /** Deviation.NO_SEQUENCE_CHECK (testing the kit only): breaks RTT-FR-002 as a receiver. */
  private final boolean noSequenceCheck;

  /** Deviation.IGNORE_WINDOW (testing the kit only): breaks RTT-FLOW-001. */
  private final boolean ignoreWindow;

  /** The PINGs of the current period [RTT-LIM-007]. */
  private final FrameRate pingRate;

  /** The frames the windows do not bound, of the current period [RTT-LIM-011]. */
  private final FrameRate controlRate;

  private volatile long nextReceiveSeq;
  private long highestAckReceived;

  InboundFrames(
      RttConnection connection,
      CipherState receiveCipher,
      RttConnection.@Nullable MessageHandler handler,
      Set<Deviation> deviations) {
    this.connection = connection;
    this.receiveCipher = receiveCipher;
    this.handler = handler;
    this.noSequenceCheck = deviations.contains(Deviation.NO_SEQUENCE_CHECK);
    this.ignoreWindow = deviations.contains(Deviation.IGNORE_WINDOW);
    this.pingRate =
        new FrameRate(FrameRate.PINGS_PER_PERIOD, deviations.contains(Deviation.NO_PING_LIMIT));
    this.controlRate =
        new FrameRate(
            FrameRate.CONTROL_FRAMES_PER_PERIOD,
            deviations.contains(Deviation.NO_CONTROL_FRAME_LIMIT));
  }

  /** How many frames were processed (what GOAWAY reports, RTT-GA-001). */
  long framesReceived() {
    return nextReceiveSeq;
  }

  /**
   * The responder's frame 0, which confirmed the handshake [RTT-HS-008]: it arrived when the
   * connection was created, which is what the connection's last-heard time already says.
   */
  void onFirstFrame(Frame first) {
    guarded(() -> handle(first));
  }

  /**
   * One transport message from the peer (its length prefix removed), in the buffer it arrived in:
   * it is decrypted there, and no frame outlives this call (docs/adr/1106).
   */
  void onMessage(ByteBuffer ciphertext) {
    RttConnection.State state = connection.state();
    if (state == RttConnection.State.CLOSING || state == RttConnection.State.CLOSED) {
      return; // draining after a closing ERROR or GOAWAY
    }
    guarded(() -> decryptAndHandle(ciphertext));
  }

  private void guarded(Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.error("{}: internal failure", connection.label(), e);
      connection.fail(ErrorCode.INTERNAL, null, "internal failure");
    } catch (OutOfMemoryError e) {
      // Issue 20 item 3: memory ran out on this connection's work; it ends (and what it held is
      // released), the others go on (docs/adr/1201).
      LOG.error("{}: out of memory, closing the connection", connection.label());
      connection.fail(ErrorCode.INTERNAL, null, "out of memory");
    }
  }

  private void decryptAndHandle(ByteBuffer ciphertext) {
    ByteBuffer plain;
    try {
      plain = receiveCipher.decryptInPlace(NO_AD, ciphertext);
    } catch (NoiseException e) {
      // [RTT-FR-004] also a message shorter than the tag (issue 20): it cannot be authenticated
      connection.fail(ErrorCode.FRAME, null, "a transport message failed authentication");
      return;
    }
    SessionLink link = connection.session().orElse(null);
    if (link != null && link.expectsResume() && ResumeFrame.isResume(plain)) {
      // [RTT-RES-006] RESUME only as frame 1 of a connection on which this side sent resume
      long seq = plain.getInt(plain.position() + 4) & 0xFFFF_FFFFL;
      if (seq != nextReceiveSeq || seq != ResumeFrame.SEQUENCE) {
        connection.fail(ErrorCode.FRAME, seq, "RESUME as frame " + seq + ", not frame 1");
        return;
      }
      nextReceiveSeq = seq + 1;
      connection.heard();
      link.resumeFrame(connection, plain);
      return;
    }
    Frame frame;
    try {
      frame = FrameCodec.decode(plain);
    } catch (FrameException e) {
      // The refused frame's sequence number, when its header is there to read it from.
      Long seq =
          plain.remaining() >= Frame.HEADER_SIZE
              ? plain.getInt(plain.position() + 4) & 0xFFFF_FFFFL
              : null;
      connection.fail(ErrorCode.FRAME, seq, String.valueOf(e.getMessage()));
      return;
    }
    connection.heard();
    handle(frame);
  }

  private void handle(Frame frame) {
    long seq = frame.sequence();
    long expected = nextReceiveSeq; // written on this executor only
    if (seq != expected && !noSequenceCheck) {
      connection.fail(ErrorCode.FRAME, seq, "sequence " + seq + ", expected " + expected);
      return;
    }
    nextReceiveSeq = expected + 1;
    if (frame.type() == FrameType.DATA) {
      onData(frame); // its body is copied once: into the message
    } else {
      onControl(frame, frame.body()); // a few bytes, copied out of the socket buffer
    }
  }

  private void onControl(Frame frame, byte[] body) {
    if (boundByNoWindow(frame, body) && !controlRate.admit(connection.now())) {
      // [RTT-LIM-011] one frame too many of a period: a closing LIMIT naming it
      connection.fail(ErrorCode.LIMIT, frame.sequence(), tooMany(controlRate, "control frames"));
      return;
    }
    switch (frame.type()) {
      case DATA -> throw new IllegalArgumentException("DATA is not a control frame");
      case CREDIT -> onCredit(frame, body);
      case OPEN -> onOpen(frame, body);
      case OPEN_ACK -> onOpenAck(frame, body);
      case CLOSE -> onClose(frame, body);
      case ACK -> onAck(frame, body);
      case PING -> {
        if (!controlFrame(frame, body, 8)) {
          return;
        }
        if (pingRate.admit(connection.now())) {
          connection.enqueue(FrameType.PONG, 0, ChannelNames.CONTROL, body);
        } else {
          // [RTT-LIM-007] the 1,001st PING of a period: a closing LIMIT naming it, no PONG
          connection.fail(ErrorCode.LIMIT, frame.sequence(), tooMany(pingRate, "PINGs"));
        }
      }
      case PONG -> {
        if (controlFrame(frame, body, 8)) {
          connection.emit("rtt.heartbeat.pong_received", Map.of());
        }
      }
      case GOAWAY -> {
        if (controlFrame(frame, body, 4)) {
          connection.emit("rtt.goaway.received", Map.of());
          connection.goAwayReceived();
        }
      }
      case ERROR -> onError(frame, body);
    }
  }

  /** PING, PONG, ACK and GOAWAY travel on channel 0 with no flags and a fixed body length. */
  private boolean controlFrame(Frame frame, byte[] body, int length) {
    if (frame.channel() != ChannelNames.CONTROL || frame.flags() != 0 || body.length != length) {
      connection.fail(
          ErrorCode.FRAME,
          frame.sequence(),
          frame.type() + " needs channel 0, no flags and a " + length + "-byte body");
      return false;
    }
    return true;
  }

  /**
   * [RTT-LIM-011] Counted against the budget of a period: every frame but DATA and CREDIT (which
   * the windows bound, RTT-FLOW-001/003) and an ACK whose count goes beyond the last one's (bounded
   * by the frames this endpoint sent, RTT-FR-007). A repeated ACK is counted.
   */
  private boolean boundByNoWindow(Frame frame, byte[] body) {
    if (frame.type() == FrameType.CREDIT) {
      return false;
    }
    if (frame.type() == FrameType.ACK && body.length == 4) {
      long acked = ByteBuffer.wrap(body).getInt() & 0xFFFF_FFFFL;
      return acked <= highestAckReceived;
    }
    return true;
  }

  private static String tooMany(FrameRate rate, String what) {
    return "more than "
        + rate.budget()
        + " "
        + what
        + " within "
        + FrameRate.PERIOD.toSeconds()
        + " s";
  }

  private void onAck(Frame frame, byte[] body) {
    if (!controlFrame(frame, body, 4)) {
      return;
    }
    long acked = ByteBuffer.wrap(body).getInt() & 0xFFFF_FFFFL;
    long sent = connection.framesSent();
    if (acked > sent || acked < highestAckReceived) {
      connection.fail(
          ErrorCode.FRAME,
          frame.sequence(),
          "ACK " + acked + " with " + sent + " frames sent, last ACK " + highestAckReceived);
    } else {
      highestAckReceived = acked;
      connection.session().ifPresent(s -> s.acknowledged(connection, acked)); // [draft §3]
    }
  }

  private void onData(Frame frame) {
    if ((frame.flags() & ~Frame.FLAG_FIN) != 0) {
      connection.fail(ErrorCode.FRAME, frame.sequence(), "DATA flags other than FIN");
      return;
    }
    ChannelState ch = connection.channels.get(frame.channel());
    if (ch == null || ch.phase == ChannelState.Phase.OPENING) {
      connection.fail(
          ErrorCode.CHANNEL, frame.sequence(), "DATA on channel " + frame.channel() + ", not open");
      return;
    }
    int length = frame.bodyLength();
    long windowLeft;
    synchronized (ch) {
      if (length > ch.receiveWindow && !ignoreWindow) {
        connection.fail(
            ErrorCode.BACKPRESSURE,
            frame.sequence(),
            length + " bytes of DATA with " + ch.receiveWindow + " bytes of credit");
        return;
      }
      ch.receiveWindow -= length;
      windowLeft = ch.receiveWindow;
    }
    // The window never exceeds 1 MiB and an unfinished message returns no credit, so the window
    // check above also bounds every message to 1 MiB [RTT-LIM-003].
    boolean fin = (frame.flags() & Frame.FLAG_FIN) != 0;
    if (!connection.admitData(ch.id, length, fin, frame.sequence())) {
      return; // [RTT-LIM-005] refused: the endpoint holds too many unfinished bytes
    }
    if (!fin) {
      ch.assembling.add(frame.bodyView(), ch.assembling.size() + length + windowLeft);
      return;
    }
    byte[] message = ch.assembling.finish(frame.bodyView());
    RttConnection.MessageHandler h = handler;
    SessionLink link = connection.session().orElse(null);
    if (link != null) {
      // [draft §1] delivered: counted and handed over together (queue mode), so that a resume
      // reads either both or neither; the credit returns now or when the application takes it
      boolean queue = h == null && ch.phase != ChannelState.Phase.CLOSING;
      Runnable handOver = queue ? () -> ch.inbound.add(new Delivery.Message(message)) : () -> {};
      if (!link.delivered(connection, ch.id, handOver)) {
        return; // [RTT-RES-009] no longer the session's connection: sent again after the resume
      }
      if (message.length == 0) {
        connection.acknowledge(); // [RTT-RES-003] (b) a 0-byte message: at once
      }
      if (queue) {
        return;
      }
    }
    if (ch.phase == ChannelState.Phase.CLOSING) {
      connection.consumed(ch, message.length); // a closing channel discards what still arrives
      return;
    }
    if (h == null) {
      ch.inbound.add(new Delivery.Message(message));
      return;
    }
    try {
      h.onMessage(connection, ch.id, message, frame.sequence());
    } finally {
      connection.consumed(ch, message.length);
    }
  }

  private void onCredit(Frame frame, byte[] body) {
    if (frame.flags() != 0 || body.length != 4) {
      connection.fail(ErrorCode.FRAME, frame.sequence(), "CREDIT needs no flags and a 4-byte body");
      return;
    }
    long grant = ByteBuffer.wrap(body).getInt() & 0xFFFF_FFFFL;
    ChannelState ch = connection.channels.get(frame.channel());
    if (ch == null) {
      connection.fail(ErrorCode.CHANNEL, frame.sequence(), "CREDIT for channel " + frame.channel());
      return;
    }
    synchronized (ch) {
      if (grant == 0 || ch.sendWindow + grant > RttLimits.WINDOW) {
        connection.fail(
            ErrorCode.FRAME,
            frame.sequence(),
            "CREDIT of " + grant + " with a window of " + ch.sendWindow + " (at most 1048576)");
        return;
      }
      ch.sendWindow += grant;
      connection.sendQueued(ch);
    }
    connection.emit("rtt.credit.received", Map.of("channel", ch.id, "bytes", grant));
  }

  private void onOpen(Frame frame, byte[] body) {
    int id = frame.channel();
    String name = new String(body, StandardCharsets.UTF_8);
    boolean peersParity = (id % 2 == 0) != connection.isInitiator(); // the initiator opens even ids
    if (frame.flags() != 0) {
      connection.fail(ErrorCode.FRAME, frame.sequence(), "OPEN has no flags"); // Table 4 first
      return;
    }
    if (id < 3 || !peersParity || connection.channels.contains(id)) {
      connection.fail(
          ErrorCode.CHANNEL, frame.sequence(), "OPEN of channel id " + id + " is not allowed");
      return;
    }
    if (!ChannelNames.NAME.matcher(name).matches()
        || !Arrays.equals(body, name.getBytes(StandardCharsets.UTF_8))) {
      connection.fail(ErrorCode.CHANNEL, frame.sequence(), "OPEN with an invalid channel name");
      return;
    }
    synchronized (connection.lifecycle) {
      for (ChannelState c : connection.channels.all()) {
        if (c.name.equals(name)) {
          connection.fail(
              ErrorCode.CHANNEL, frame.sequence(), "a channel named " + name + " is open");
          return;
        }
      }
      int max = connection.localLimits.maxChannels();
      if (connection.channels.count() >= max) {
        connection.fail(ErrorCode.LIMIT, frame.sequence(), "max_channels is " + max);
        return;
      }
      connection.channels.addOpened(id, name);
    }
    connection.enqueue(FrameType.OPEN_ACK, 0, id, new byte[0]);
    connection.emit("rtt.channel.opened", Map.of("channel", id, "name", name, "by", "peer"));
  }

  private void onOpenAck(Frame frame, byte[] body) {
    if (frame.flags() != 0 || body.length != 0) {
      connection.fail(ErrorCode.FRAME, frame.sequence(), "OPEN_ACK has no flags and an empty body");
      return;
    }
    ChannelState ch = connection.channels.get(frame.channel());
    if (ch == null || ch.phase != ChannelState.Phase.OPENING) {
      connection.fail(
          ErrorCode.CHANNEL, frame.sequence(), "OPEN_ACK for channel " + frame.channel());
      return;
    }
    ch.phase = ChannelState.Phase.OPEN;
    connection.channels.opened(ch.id, ch.name); // the session's from now on [draft §15.4]
    ch.opened.complete(null);
    connection.emit("rtt.channel.opened", Map.of("channel", ch.id, "name", ch.name, "by", "self"));
  }

  private void onClose(Frame frame, byte[] body) {
    int id = frame.channel();
    if (frame.flags() != 0 || body.length != 0) {
      connection.fail(ErrorCode.FRAME, frame.sequence(), "CLOSE has no flags and an empty body");
      return;
    }
    ChannelState ch = connection.channels.get(id);
    if (ChannelNames.isStandard(id) || ch == null || ch.phase == ChannelState.Phase.OPENING) {
      connection.fail(
          ErrorCode.CHANNEL, frame.sequence(), "CLOSE of channel " + id + " is not allowed");
      return;
    }
    if (ch.phase == ChannelState.Phase.OPEN) {
      connection.enqueue(FrameType.CLOSE, 0, id, new byte[0]); // the answer [RTT-CH-005]
    }
    connection.channels.remove(id);
    connection.emit("rtt.channel.closed", Map.of("channel", id, "name", ch.name));
  }

  private void onError(Frame frame, byte[] body) {
    Optional<ErrorBody> parsed = ErrorBody.decode(body);
    boolean closing = (frame.flags() & RttConnection.FLAG_CLOSING) != 0;
    if (parsed.isEmpty() || (frame.flags() & ~RttConnection.FLAG_CLOSING) != 0) {
      connection.fail(
          ErrorCode.FRAME, frame.sequence(), "an ERROR frame whose body is not as §4.3 defines");
      return;
    }
    ErrorBody error = parsed.get();
    Map<String, Object> attrs = new java.util.HashMap<>();
    attrs.put("code", error.code());
    attrs.put("text", error.text());
    attrs.put("channel", frame.channel());
    attrs.put("closing", closing);
    if (error.msgId() != null) {
      attrs.put("msg_id", error.msgId());
    }
    connection.emit("rtt.error.received", attrs);
    if (closing) {
      connection.closedByPeer(error);
      return;
    }
    ChannelState ch = connection.channels.get(frame.channel());
    if (ch != null) {
      ch.inbound.add(new Delivery.PeerError(error));
    }
  }
}
