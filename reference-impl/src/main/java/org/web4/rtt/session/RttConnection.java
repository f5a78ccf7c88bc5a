package org.web4.rtt.session;

import io.netty.channel.Channel;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web4.envelope.ErrorCode;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.Deviation;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.handshake.IdentityPayload;
import org.web4.rtt.handshake.RttHandshake;

/**
 * An established RTT connection (spec/rtt.md §4–§9) and its local API ({@link #openChannel}, {@link
 * #send}, {@link #receive}, {@link #closeChannel}, {@link #shutdown}): channels, credit, heartbeat,
 * ERROR and GOAWAY.
 *
 * <p>The layers (docs/adr/1104): {@link FrameEncoder} and the length-prefix codec on the event loop
 * move frames to and from the socket; {@link InboundFrames} applies the rules to every frame the
 * peer sends, one after the other on the connection's session executor; this class holds the
 * connection's state and does what the application and the timer ask; {@link OutboundFrames} queues
 * what this side sends. No thread is the connection's own and nothing here blocks on the socket.
 * Timed behaviour (heartbeat, dead peer, GOAWAY) happens in {@link #tick()}, which the endpoint's
 * timer calls; it reads the injected clock only.
 *
 * <p>Every protocol violation by the peer ends the connection the same way [RTT-ERR-001]: one
 * closing ERROR frame with the code, then FIN; what the peer still sends is drained and discarded.
 */
public final class RttConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RttConnection.class);

  /** The ERROR flag: the sender closes the connection after this frame [RTT-ERR-001]. */
  public static final int FLAG_CLOSING = 0x01;

  /** How long a closing connection drains what the peer still sends before the socket closes. */
  static final Duration CLOSE_LINGER = Duration.ofSeconds(2);

  /** What the connection does with a message that arrived complete. */
  @FunctionalInterface
  public interface MessageHandler {
    /**
     * Handles one message on the connection's session executor (messages of one connection one
     * after the other); the channel's credit is returned when this returns. The default handler
     * queues the message for {@link #receive}.
     *
     * @param lastFrame the sequence number of the message's last (FIN) fragment
     */
    void onMessage(RttConnection connection, int channel, byte[] message, long lastFrame);
  }

  /** Where the connection is. */
  public enum State {
    OPEN,
    /** This side sent GOAWAY: no new channels or messages; closes when the peer answers. */
    GOING_AWAY,
    /** A closing ERROR or GOAWAY reply was sent; draining until the peer closes. */
    CLOSING,
    CLOSED
  }

  private final Channel channel;
  private final IdentityPayload.PeerIdentity peer;
  private final boolean initiator;
  private final Clock clock;
  private final RttEvent.Sink events;
  private final String label;
  private final FrameEncoder encoder;
  private final OutboundFrames out;
  final RttLimits localLimits;
  final InboundFrames in;

  /** DATA received whose FIN has not come yet [RTT-LIM-004, RTT-LIM-005]. */
  private final UnfinishedMessages unfinished;

  final LocalChannels channels;
  final Object lifecycle = new Object();

  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile State state = State.OPEN;
  private volatile @Nullable ErrorBody closeReason;

  private volatile Instant lastReceived;
  private volatile boolean pingOutstanding;
  private long pingCounter;
  private volatile @Nullable Instant goAwayDeadline;
  private volatile long closeDeadlineNanos = Long.MAX_VALUE;
  private boolean goAwaySent;

  private RttEndpoint.ConnectionListener listener = c -> {};

  /** The RTT 1.1 session this connection carries; null on RTT 1.0 [RTT-RES-001]. */
  private volatile @Nullable SessionLink session;

  /** Holds the application's sends until the session took the connection over (draft §17). */
  final SessionReady ready;

  /** The send-queue policy and its counters (spec/rtt.md §9.1). */
  final SendQueueAdmission admission;

  /** Whether the transport still takes what this side writes [RTT-LIM-008, RTT-LIM-009]. */
  private final WriteProgress writes;

  /** Deviation.NO_WRITE_DEADLINE (testing the kit only): breaks RTT-LIM-008. */
  private final boolean noWriteDeadline;

  /** Deviation.CLOSE_CUTS_TRANSPORT_MESSAGE (testing the kit only): breaks RTT-LIM-009. */
  private final boolean closeCutsMessage;

  /** The real-time source of the close linger, and the retransmission rule (tests may plant). */
  private final RttRuntime runtime;

  /** Retransmissions per channel on this connection, for {@link RttRuntime.Retransmission}. */
  private final Map<Integer, Integer> resent = new java.util.concurrent.ConcurrentHashMap<>();

  private RttConnection(
      Channel channel,
      RttHandshake.Established established,
      RttLimits localLimits,
      boolean initiator,
      Clock clock,
      RttEvent.Sink events,
      @Nullable MessageHandler handler,
      UnfinishedBudget budget,
      Set<Deviation> deviations,
      RttRuntime runtime) {
    this.runtime = runtime;
    this.channel = channel;
    this.peer = established.peer();
    this.localLimits = localLimits;
    this.initiator = initiator;
    this.clock = clock;
    this.events = events;
    this.label = RttHandshake.label(channel.localAddress(), channel.remoteAddress());
    this.lastReceived = clock.instant();
    this.channels = new LocalChannels(this);
    this.encoder =
        new FrameEncoder(
            established.sender(),
            deviations.contains(Deviation.SEND_SKIPPED_SEQUENCE),
            () -> closeFor(ErrorCode.LIMIT, "sequence numbers exhausted"));
    this.out = new OutboundFrames(channel, this::writeFailed);
    this.in = new InboundFrames(this, established.receiver(), handler, deviations);
    this.unfinished =
        new UnfinishedMessages(budget, this, deviations.contains(Deviation.NO_BUFFER_LIMITS));
    this.admission = new SendQueueAdmission(this, deviations);
    this.writes = new WriteProgress(channel, out, clock.instant());
    this.noWriteDeadline = deviations.contains(Deviation.NO_WRITE_DEADLINE);
    this.closeCutsMessage = deviations.contains(Deviation.CLOSE_CUTS_TRANSPORT_MESSAGE);
    this.ready = new SessionReady(established.resumption().isPresent());
  }

  /**
   * Starts a connection over a finished handshake, on the channel's session executor: the frame
   * encoder joins the channel's pipeline, then {@code listed} and {@code beforeStart} see the
   * connection before any frame of it is handled.
   *
   * @param handler where complete messages go; null queues them for {@link #receive}
   * @param listed sees the connection before its frame 0 leaves [HAR-RTT-002]
   */
  static RttConnection start(
      Channel channel,
      RttHandshake.Established established,
      RttLimits localLimits,
      boolean initiator,
      Clock clock,
      RttEvent.Sink events,
      @Nullable MessageHandler handler,
      java.util.function.Consumer<RttConnection> listed,
      RttEndpoint.ConnectionListener beforeStart,
      UnfinishedBudget budget,
      Set<Deviation> deviations,
      RttRuntime runtime) {
    RttConnection c =
        new RttConnection(
            channel,
            established,
            localLimits,
            initiator,
            clock,
            events,
            handler,
            budget,
            deviations,
            runtime);
    c.listener = beforeStart;
    channel.pipeline().addBefore(RttPipeline.SESSION, RttPipeline.FRAMES, c.encoder);
    listed.accept(c);
    if (!initiator) {
      // [RTT-HS-007] the responder confirms the handshake: a PING (8 zero bytes; the heartbeat's
      // PINGs count from 1) is its frame 0, queued before anything else can be
      c.enqueue(FrameType.PING, 0, ChannelNames.CONTROL, new byte[8]);
    }
    beforeStart.connected(c);
    established.firstFrame().ifPresent(c.in::onFirstFrame);
    return c;
  }

  // ---------------------------------------------------------------------------------------------
  // Local API (spec/rtt.md §9)

  public IdentityPayload.PeerIdentity peer() {
    return peer;
  }

  /** Whether this side dialled (the RTT and CIP initiator). */
  public boolean isInitiator() {
    return initiator;
  }

  public State state() {
    return state;
  }

  /** The RTT 1.1 session this connection carries (docs/drafts/rtt-resume.md), if resumable. */
  public Optional<SessionLink> session() {
    return Optional.ofNullable(session);
  }

  /** Links the connection to its session before any frame of it is handled. */
  public void link(SessionLink link) {
    this.session = link;
    encoder.link(this, link);
  }

  /**
   * The session took this connection over: linked, and on a connection that resumes, its RESUME
   * handled and the retransmission queued. Until then the application's sends wait (they would
   * otherwise go out unretained, or ahead of the retransmission: draft §17 item 1, RTT-RES-004).
   */
  public void sessionReady() {
    ready.release();
  }

  /**
   * Sends the RESUME frame (type 0x0B, docs/drafts/rtt-resume.md §4.2) whose plaintext body is
   * {@code body}: the responder's frame 1, right after the PING of RTT-HS-007 [RTT-RES-006].
   */
  public void sendResume(byte[] body) {
    if (!out.enqueueRaw(new RawOutboundFrame(org.web4.rtt.resume.ResumeFrame.TYPE, body))) {
      peerDoesNotRead();
    }
  }

  /**
   * An ACK of every frame processed so far [RTT-RES-003]: on a resumable connection before each
   * CREDIT, after a 0-byte message, and the dialer's answer to RESUME [RTT-RES-011].
   */
  public void acknowledge() {
    if (state == State.OPEN || state == State.GOING_AWAY) {
      enqueue(FrameType.ACK, 0, ChannelNames.CONTROL, uint32(in.framesReceived()));
    }
  }

  /**
   * Sends a retained message again, whole, after a resume [RTT-RES-008]: queued behind what the
   * channel holds, without the send-queue policy (it was admitted once) and not retained twice.
   */
  /**
   * Deviation.REFUSAL_RESENT_AFTER_RESUME (testing the kit only): sends again, on a resumed
   * connection, a non-closing ERROR that an earlier connection of the session carried — which
   * RTT-RES-018 forbids (its {@code frame} numbers a frame of that other connection).
   */
  public void resendRefusal(int channel, byte[] body) {
    if (state == State.OPEN || state == State.GOING_AWAY) {
      enqueue(FrameType.ERROR, 0, channel, body);
    }
  }

  public void resend(int channelId, byte[] message) {
    ChannelState ch = channels.get(channelId);
    if (ch == null) {
      return;
    }
    synchronized (ch) {
      int position = resent.merge(channelId, 1, Integer::sum) - 1;
      // One copy, as the draft says, unless a test planted a bug (RttRuntime.Retransmission).
      int copies = runtime.retransmission().copies(channelId, position);
      for (int i = 0; i < copies; i++) {
        ch.sendQueue.add(ByteBuffer.wrap(message));
      }
      sendQueued(ch);
    }
  }

  /** Opens a channel both sides had open before a resume, without OPEN [draft §4.2]. */
  public void restoreChannel(int id, String name) {
    synchronized (lifecycle) {
      if (!channels.contains(id)) {
        channels.addRestored(id, name);
      }
    }
  }

  /**
   * Ends the connection for a violation by the peer found outside the frame rules (a RESUME frame
   * that is not as the draft says, RTT-RES-006, RTT-RES-010): one closing ERROR, then FIN.
   */
  public void refuse(ErrorCode code, String text) {
    fail(code, null, text);
  }

  /** Whether this side sent GOAWAY (its own or the answer): the end was graceful [draft §7]. */
  public boolean goAwaySent() {
    synchronized (lifecycle) {
      return goAwaySent;
    }
  }

  /** Why the connection closed: the closing ERROR either side sent, if there was one. */
  public Optional<ErrorBody> closeReason() {
    return Optional.ofNullable(closeReason);
  }

  public String label() {
    return label;
  }

  /** The names of the open channels, by id. */
  public List<String> channelNames() {
    return channels.names();
  }

  /** The name of channel {@code id} (open, opening or closing), if it exists. */
  public Optional<String> channelName(int id) {
    ChannelState ch = channels.get(id);
    return ch == null ? Optional.empty() : Optional.of(ch.name);
  }

  /** The id of the open channel called {@code name}, if there is one. */
  public Optional<Integer> openChannelId(String name) {
    return channels.idOf(name);
  }

  /**
   * The send queue [HAR-RTT-003]: every message {@link #send} accepted whose last DATA frame is not
   * produced yet (each channel's queue holds the unsent rest of such messages), with those rests'
   * bytes.
   */
  public SendQueueDepth sendQueue() {
    return channels.sendQueue();
  }

  /** What the send-queue policy dropped, refused and blocked so far [HAR-RTT-005]. */
  public SendQueueCounters sendQueueCounters() {
    return admission.counters();
  }

  /** The send-queue policy every later send reads (spec/rtt.md §9.1). */
  void useSendQueuePolicy(java.util.function.Supplier<SendQueuePolicy> policy) {
    admission.use(policy);
  }

  /** Opens a channel by name and waits for the peer's OPEN_ACK; returns its id. */
  public int openChannel(String name, Duration timeout)
      throws RttTransportException, RttBackpressureException, InterruptedException {
    return channels.open(name, timeout);
  }

  /**
   * Sends one message on a channel: fragments it into DATA frames as far as the peer's credit
   * allows and queues the rest until CREDIT arrives [RTT-FLOW-001].
   *
   * @throws RttBackpressureException when the channel's send queue is full; nothing was sent
   */
  public void send(int channelId, byte[] message)
      throws RttTransportException, RttBackpressureException {
    channels.send(channelId, message);
  }

  /**
   * Takes the next message or peer refusal on a channel (queue mode: no handler was given).
   *
   * @return empty when nothing arrived within the timeout
   * @throws RttReplayException when the next item is the peer's REPLAY refusal
   * @throws RttTransportException when the connection closed and nothing is left to take
   */
  public Optional<Delivery> receive(int channelId, Duration timeout)
      throws RttTransportException, RttReplayException, InterruptedException {
    return channels.receive(channelId, timeout);
  }

  /** Closes a channel this side or the peer opened (not a standard one) [RTT-CH-005]. */
  public void closeChannel(int channelId) throws RttTransportException {
    channels.close(channelId);
  }

  /**
   * Graceful shutdown [RTT-GA-001]: sends GOAWAY with the number of frames processed; the
   * connection closes when the peer answers with GOAWAY or closes, or after 5 s.
   */
  public void shutdown() {
    synchronized (lifecycle) {
      if (state != State.OPEN) {
        return;
      }
      state = State.GOING_AWAY;
      goAwayDeadline = clock.instant().plus(RttLimits.GOAWAY_CLOSE_WITHIN);
      writes.closingBegins(clock.instant());
      sendGoAway();
    }
  }

  /** Closes the socket at once. */
  @Override
  public void close() {
    boolean wasOpen;
    synchronized (lifecycle) {
      wasOpen = state != State.CLOSED;
      state = State.CLOSED;
    }
    var unused = channel.close();
    SessionLink link = session;
    if (wasOpen && link != null) {
      // The session hears it before awaitClosed returns, so that whoever waited for the close
      // finds it suspended. Until then a send finds the connection CLOSED and the session not yet
      // told: LocalChannels.send gives the message to the session (ADR 1418).
      link.closed(this, abrupt());
    }
    closed.countDown();
    ready.release(); // a send that waited now finds the connection closed
    unfinished.release();
    channels.connectionClosed();
    if (wasOpen) {
      ErrorBody reason = closeReason;
      emit(
          "rtt.connection.closed",
          reason == null ? Map.of() : Map.of("code", reason.code(), "text", reason.text()));
      listener.closed(this);
    }
  }

  /** Waits until the connection is closed (its socket too). */
  public boolean awaitClosed(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS)
        && channel.closeFuture().await(Math.max(1, remainingMillis(deadline)));
  }

  /**
   * Timed behaviour, read from the injected clock [RTT-HB-001, RTT-HB-003, RTT-GA-001]; the
   * endpoint's timer calls this a few times a second.
   */
  public void tick() {
    State s = state;
    if (s == State.CLOSED) {
      return;
    }
    Instant now = clock.instant();
    if (s == State.CLOSING) {
      if (closeCutsMessage && writes.waiting()) {
        cutNow();
      } else if (runtime.nanoTime() - closeDeadlineNanos > 0 && writtenOrStalled(now)) {
        close();
      }
      return;
    }
    Instant deadline = goAwayDeadline;
    if (deadline != null && !now.isBefore(deadline) && writtenOrStalled(now)) {
      close();
      return;
    }
    if (writes.stalled(now) && !noWriteDeadline && s == State.OPEN) {
      // [RTT-LIM-008] bytes wait and the transport took none of them for 30 s: the peer does not
      // read. The ERROR follows what is queued; it reaches the peer only if it reads again.
      fail(
          ErrorCode.TIMEOUT,
          null,
          "the transport accepted none of the bytes waiting to be written for "
              + WriteProgress.STALL.toSeconds()
              + " s");
      return;
    }
    OptionalInt overdue = unfinished.overdue(now, this::receiveWindowOpen);
    if (overdue.isPresent()) {
      fail(
          ErrorCode.TIMEOUT,
          null,
          "the message on channel "
              + overdue.getAsInt()
              + " is unfinished "
              + RttLimits.MESSAGE_DEADLINE.toSeconds()
              + " s after its first DATA frame"); // [RTT-LIM-004]
      return;
    }
    Duration silence = Duration.between(lastReceived, now);
    if (silence.compareTo(RttLimits.DEAD_AFTER_SILENCE) >= 0) {
      fail(ErrorCode.TIMEOUT, null, "the peer was silent for " + silence.toSeconds() + " s");
    } else if (silence.compareTo(RttLimits.PING_AFTER_SILENCE) >= 0 && !pingOutstanding) {
      pingOutstanding = true;
      byte[] opaque;
      synchronized (this) {
        opaque = ByteBuffer.allocate(8).putLong(++pingCounter).array();
      }
      enqueue(FrameType.PING, 0, ChannelNames.CONTROL, opaque);
      emit("rtt.heartbeat.ping_sent", Map.of("silence_seconds", silence.toSeconds()));
    }
  }

  /**
   * Refuses one message without ending the connection: a non-closing ERROR on the message's channel
   * with its {@code msg_id} and last frame (spec/envelope.md §14).
   */
  public void refuseMessage(
      int channel, long lastFrame, @Nullable String msgId, ErrorCode code, String text) {
    if (state != State.OPEN && state != State.GOING_AWAY) {
      return;
    }
    byte[] body = new ErrorBody(code.name(), lastFrame, msgId, text).encode();
    enqueue(FrameType.ERROR, 0, channel, body);
    SessionLink link = session;
    if (link != null) {
      link.refusalSent(channel, body); // kept only by a deviation: a refusal is not carried
    }
    Map<String, Object> attrs = new java.util.HashMap<>();
    attrs.put("code", code.name());
    attrs.put("text", text);
    attrs.put("closing", false);
    if (msgId != null) {
      attrs.put("msg_id", msgId);
    }
    emit("rtt.error.sent", attrs);
  }

  // ---------------------------------------------------------------------------------------------
  // For the frame rules (InboundFrames) and the endpoint

  /** The endpoint's clock, now (the limits of spec/rtt.md §7 read it). */
  Instant now() {
    return clock.instant();
  }

  /** A frame arrived that decrypted and decoded: the peer is alive [RTT-HB-001]. */
  void heard() {
    lastReceived = clock.instant();
    pingOutstanding = false;
  }

  /** How many frames this side sent (the ACK rule compares with it, RTT-FR-007). */
  long framesSent() {
    return encoder.nextSendSeq();
  }

  /**
   * Ends the connection for a violation by the peer: one closing ERROR frame on channel 0, then FIN
   * [RTT-ERR-001]. Safe to call from any thread and more than once.
   */
  void fail(ErrorCode code, @Nullable Long frame, String text) {
    ErrorBody error = new ErrorBody(code.name(), frame, null, text);
    synchronized (lifecycle) {
      if (state == State.CLOSING || state == State.CLOSED) {
        return;
      }
      closeReason = error;
      enqueue(FrameType.ERROR, FLAG_CLOSING, ChannelNames.CONTROL, error.encode());
      beginClosing();
    }
    unfinished.release(); // what it held is dropped: the connection reads nothing more
    emit("rtt.error.sent", Map.of("code", code.name(), "text", text, "closing", true));
  }

  /** The peer's closing ERROR: this side closes too (after draining). */
  void closedByPeer(ErrorBody error) {
    closeReason = error;
    synchronized (lifecycle) {
      beginClosing();
    }
  }

  /** GOAWAY arrived [RTT-GA-001]: the answer to ours, or the peer's, answered with ours. */
  void goAwayReceived() {
    synchronized (lifecycle) {
      if (state != State.GOING_AWAY) {
        sendGoAway();
      }
      beginClosing();
    }
  }

  /**
   * A DATA frame on an open channel is about to be buffered (or, with FIN, to complete its
   * message): the endpoint's bound on unfinished bytes [RTT-LIM-005] decides. When the total would
   * go over it, the connection holding the most is refused with a closing {@code LIMIT}.
   *
   * @return false when this connection was the one refused (the frame is dropped)
   */
  boolean admitData(int channelId, int bytes, boolean fin, long sequence) {
    UnfinishedMessages over = unfinished.onData(channelId, bytes, fin, clock.instant());
    if (over == null) {
      return true;
    }
    String text =
        "the unfinished messages of all connections would exceed "
            + RttLimits.MAX_UNFINISHED_TOTAL
            + " bytes, and this connection holds the most";
    if (over == unfinished) {
      fail(ErrorCode.LIMIT, sequence, text);
      return false;
    }
    over.owner.fail(ErrorCode.LIMIT, null, text);
    return true;
  }

  /** A channel closed: its unfinished message no longer counts. */
  void channelRemoved(int channelId) {
    unfinished.channelGone(channelId);
  }

  /** Bytes of unfinished messages this connection holds (for tests). */
  long unfinishedBytes() {
    return unfinished.held();
  }

  private boolean receiveWindowOpen(int channelId) {
    ChannelState ch = channels.get(channelId);
    if (ch == null) {
      return false;
    }
    synchronized (ch) {
      return ch.receiveWindow > 0;
    }
  }

  /**
   * Returns a delivered message's credit in full [RTT-FLOW-002]: in handler mode after the handler
   * returns (so before anything sent in answer to a later frame), in queue mode when the
   * application takes the message. Fragments of an unfinished message never return credit.
   */
  void consumed(ChannelState ch, int bytes) {
    if (bytes == 0 || (state != State.OPEN && state != State.GOING_AWAY)) {
      return;
    }
    if (session != null) {
      acknowledge(); // [RTT-RES-003] (a) the ACK before the CREDIT that returns the bytes
    }
    synchronized (ch) {
      ch.receiveWindow += bytes;
    }
    unfinished.creditSent(ch.id, clock.instant()); // the deadline restarts [RTT-LIM-004]
    enqueue(FrameType.CREDIT, 0, ch.id, uint32(bytes));
  }

  /** Sends what waits on a channel as far as its credit allows; the caller holds its lock. */
  void sendQueued(ChannelState ch) {
    if (!out.drain(ch)) {
      peerDoesNotRead();
    }
  }

  void enqueue(FrameType type, int flags, int channelId, byte[] body) {
    if (!out.enqueue(type, flags, channelId, body)) {
      peerDoesNotRead();
    }
  }

  void emit(String kind, Map<String, Object> attributes) {
    Map<String, Object> withPeer = new java.util.HashMap<>(attributes);
    withPeer.putIfAbsent("peer", peer.key().fingerprint());
    events.accept(new RttEvent(clock.instant(), kind, label, withPeer));
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * [RTT-LIM-009] a closing connection ends once what it wrote is on the wire, or once the
   * transport took none of it for 30 s since the closing began (then in the middle of a message).
   */
  private boolean writtenOrStalled(Instant now) {
    return writes.stalled(now) || !writes.waiting();
  }

  /**
   * Deviation.CLOSE_CUTS_TRANSPORT_MESSAGE: the socket closes now, whatever waits to be written.
   */
  private void cutNow() {
    var unused = channel.close().awaitUninterruptibly(CLOSE_LINGER.toMillis());
    close();
  }

  /**
   * Closes on the channel's event loop, not here: the caller may hold a channel's lock or the
   * lifecycle lock (a DATA frame refused by a full outbound queue in {@link #sendQueued}), and
   * {@link #close} tells the session, whose lock comes first (session, then channel, then
   * lifecycle; draft §17 item 3).
   */
  private void peerDoesNotRead() {
    closeReason = new ErrorBody(ErrorCode.LIMIT.name(), null, null, "the peer does not read");
    channel.eventLoop().execute(this::close);
  }

  private void closeFor(ErrorCode code, String text) {
    closeReason = new ErrorBody(code.name(), null, null, text);
    close();
  }

  private void writeFailed(Throwable cause) {
    State s = state;
    if (s != State.CLOSING && s != State.CLOSED) {
      LOG.debug("{}: write failed: {}", label, cause.toString());
      close();
    }
  }

  private void sendGoAway() {
    // Caller holds lifecycle.
    if (!goAwaySent) {
      goAwaySent = true;
      enqueue(FrameType.GOAWAY, 0, ChannelNames.CONTROL, uint32(in.framesReceived()));
      emit("rtt.goaway.sent", Map.of());
    }
  }

  private void beginClosing() {
    // Caller holds lifecycle.
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSING;
    closeDeadlineNanos = runtime.nanoTime() + CLOSE_LINGER.toNanos();
    writes.closingBegins(clock.instant());
    out.finish();
  }

  /**
   * Whether the connection has ended, or is ending, so that its session will be suspended rather
   * than ended [draft §1]: closing or closed, without GOAWAY and without a closing ERROR other than
   * TIMEOUT.
   */
  boolean endingAbruptly() {
    State s = state;
    return (s == State.CLOSING || s == State.CLOSED) && abrupt();
  }

  /** [draft §1] abrupt: no GOAWAY and no closing ERROR other than TIMEOUT. */
  private boolean abrupt() {
    ErrorBody why = closeReason;
    return !goAwaySent() && (why == null || why.code().equals("TIMEOUT"));
  }

  /** The transport channel (tests place a hook in its pipeline: ConnectionProbe). */
  Channel transportChannel() {
    return channel;
  }

  void requireOpen() throws RttTransportException {
    if (state != State.OPEN) {
      ErrorBody reason = closeReason;
      throw new RttTransportException(
          reason == null ? ErrorCode.INTERNAL : codeOf(reason.code()),
          "the connection is " + state.name().toLowerCase(Locale.ROOT));
    }
  }

  static ErrorCode codeOf(String code) {
    for (ErrorCode c : ErrorCode.values()) {
      if (c.name().equals(code)) {
        return c;
      }
    }
    return ErrorCode.INTERNAL;
  }

  static byte[] uint32(long value) {
    return ByteBuffer.allocate(4).putInt((int) value).array();
  }

  static long remainingMillis(long deadlineNanos) {
    return Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
  }
}
