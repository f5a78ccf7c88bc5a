package org.web4.rtt.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web4.envelope.ErrorCode;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.Deviation;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameCodec;
import org.web4.rtt.frame.FrameException;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.handshake.IdentityPayload;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.noise.CipherState;
import org.web4.rtt.noise.NoiseException;
import org.web4.rtt.wire.NoiseMessageStream;

/**
 * An established RTT connection (spec/rtt.md §4–§9): frames over the Noise transport, channels,
 * credit-based flow control, heartbeat, ERROR and GOAWAY, and the local API ({@link #openChannel},
 * {@link #send}, {@link #receive}, {@link #closeChannel}, {@link #shutdown}).
 *
 * <p>Threads: one reader thread decodes and handles every frame the peer sends; one writer thread
 * assigns sequence numbers, encrypts and writes every frame this side sends, so that the reader
 * never blocks on the socket's send buffer. Timed behaviour (heartbeat, dead peer, GOAWAY) happens
 * in {@link #tick()}, which the endpoint's timer calls; it reads the injected clock only.
 *
 * <p>Every protocol violation by the peer ends the connection the same way [RTT-ERR-001]: one
 * closing ERROR frame with the code, then FIN; what the peer still sends is drained and discarded.
 */
public final class RttConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RttConnection.class);

  /** The ERROR flag: the sender closes the connection after this frame [RTT-ERR-001]. */
  public static final int FLAG_CLOSING = 0x01;

  /**
   * Control frames (PONG, CREDIT, …) waiting for the writer; more means the peer is not reading.
   */
  static final int MAX_OUTBOUND_FRAMES = 4096;

  /** How long a closing connection drains what the peer still sends before the socket closes. */
  static final Duration CLOSE_LINGER = Duration.ofSeconds(2);

  /** What the connection does with a message that arrived complete. */
  @FunctionalInterface
  public interface MessageHandler {
    /**
     * Handles one message on the reader thread; the channel's credit is returned when this returns.
     * The default handler queues the message for {@link #receive}.
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

  private final NoiseMessageStream stream;
  private final CipherState sendCipher;
  private final CipherState receiveCipher;
  private final IdentityPayload.PeerIdentity peer;
  private final RttLimits localLimits;
  private final boolean initiator;
  private final Clock clock;
  private final RttEvent.Sink events;
  private final String label;
  private final @Nullable MessageHandler handler;

  private final ConcurrentHashMap<Integer, ChannelState> channels = new ConcurrentHashMap<>();
  private final LinkedBlockingQueue<Outbound> outbound = new LinkedBlockingQueue<>();
  private final Object lifecycle = new Object();

  /** The initiator's view: the responder's frame 0, read during the handshake (RTT-HS-008). */
  private @Nullable Frame pendingFirstFrame;

  private volatile State state = State.OPEN;
  private volatile @Nullable ErrorBody closeReason;

  // Reader thread only.
  private long nextReceiveSeq;
  private long highestAckReceived;

  // Writer thread only, except for reads of the count.
  private volatile long nextSendSeq;

  private volatile Instant lastReceived;
  private volatile boolean pingOutstanding;
  private long pingCounter;
  private int nextOwnChannelId;
  private volatile @Nullable Instant goAwayDeadline;
  private volatile long closeDeadlineNanos = Long.MAX_VALUE;
  private boolean goAwaySent;

  /** Deviation.NO_SEQUENCE_CHECK (testing the kit only): breaks RTT-FR-002 as a receiver. */
  private final boolean noSequenceCheck;

  /** Deviation.IGNORE_WINDOW (testing the kit only): breaks RTT-FLOW-001. */
  private final boolean ignoreWindow;

  /** Deviation.SEND_SKIPPED_SEQUENCE (testing the kit only): frame 1 is never sent (RTT-FR-002). */
  private final boolean skipSequenceOne;

  private RttEndpoint.ConnectionListener listener = c -> {};
  private final Thread reader;
  private final Thread writer;

  /** A frame waiting for the writer, or the instruction to finish writing. */
  @SuppressWarnings("ArrayRecordComponent") // private, never compared; the body is not shared
  private record Outbound(@Nullable FrameType type, int flags, int channel, byte[] body) {
    static final Outbound FINISH = new Outbound(null, 0, 0, new byte[0]);
  }

  private RttConnection(
      NoiseMessageStream stream,
      RttHandshake.Established established,
      RttLimits localLimits,
      boolean initiator,
      Clock clock,
      RttEvent.Sink events,
      @Nullable MessageHandler handler,
      Set<Deviation> deviations) {
    this.noSequenceCheck = deviations.contains(Deviation.NO_SEQUENCE_CHECK);
    this.ignoreWindow = deviations.contains(Deviation.IGNORE_WINDOW);
    this.skipSequenceOne = deviations.contains(Deviation.SEND_SKIPPED_SEQUENCE);
    this.stream = stream;
    this.sendCipher = established.sender();
    this.receiveCipher = established.receiver();
    this.peer = established.peer();
    this.pendingFirstFrame = established.firstFrame().orElse(null);
    this.localLimits = localLimits;
    this.initiator = initiator;
    this.clock = clock;
    this.events = events;
    this.handler = handler;
    this.label = RttHandshake.label(stream.socket());
    this.lastReceived = clock.instant();
    this.nextOwnChannelId = initiator ? 4 : 3;
    for (int id = 0; id < ChannelNames.STANDARD.size(); id++) {
      channels.put(id, newChannel(id, ChannelNames.STANDARD.get(id), ChannelState.Phase.OPEN));
    }
    this.reader = new Thread(this::readLoop, "rtt-reader " + label);
    this.writer = new Thread(this::writeLoop, "rtt-writer " + label);
    reader.setDaemon(true);
    writer.setDaemon(true);
  }

  /**
   * Starts a connection over a finished handshake.
   *
   * @param handler where complete messages go; null queues them for {@link #receive}
   * @param beforeStart sees the connection before its first frame is read
   */
  public static RttConnection start(
      NoiseMessageStream stream,
      RttHandshake.Established established,
      RttLimits localLimits,
      boolean initiator,
      Clock clock,
      RttEvent.Sink events,
      @Nullable MessageHandler handler,
      RttEndpoint.ConnectionListener beforeStart,
      Set<Deviation> deviations) {
    RttConnection c =
        new RttConnection(
            stream, established, localLimits, initiator, clock, events, handler, deviations);
    c.listener = beforeStart;
    if (!initiator) {
      // [RTT-HS-007] the responder confirms the handshake: a PING (8 zero bytes; the heartbeat's
      // PINGs count from 1) is its frame 0, queued before anything else can be
      c.outbound.add(new Outbound(FrameType.PING, 0, ChannelNames.CONTROL, new byte[8]));
    }
    beforeStart.connected(c);
    c.writer.start();
    c.reader.start();
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

  /** Why the connection closed: the closing ERROR either side sent, if there was one. */
  public Optional<ErrorBody> closeReason() {
    return Optional.ofNullable(closeReason);
  }

  public String label() {
    return label;
  }

  /** The names of the open channels, by id. */
  public java.util.List<String> channelNames() {
    return channels.values().stream()
        .filter(c -> c.phase == ChannelState.Phase.OPEN)
        .sorted(java.util.Comparator.comparingInt(c -> c.id))
        .map(c -> c.name)
        .toList();
  }

  /**
   * The send queue [HAR-RTT-003]: every message {@link #send} accepted whose last DATA frame is not
   * produced yet (each channel's queue holds the unsent rest of such messages), with those rests'
   * bytes. A byte leaves it when {@code drain} puts it in a DATA frame.
   */
  public SendQueueDepth sendQueue() {
    int messages = 0;
    long bytes = 0;
    for (ChannelState channel : channels.values()) {
      synchronized (channel) {
        messages += channel.sendQueue.size();
        for (byte[] rest : channel.sendQueue) {
          bytes += rest.length;
        }
      }
    }
    return new SendQueueDepth(messages, bytes);
  }

  /** Opens a channel by name and waits for the peer's OPEN_ACK; returns its id. */
  public int openChannel(String name, Duration timeout)
      throws RttTransportException, RttBackpressureException, InterruptedException {
    if (!ChannelNames.NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a channel name: " + name);
    }
    ChannelState channel;
    synchronized (lifecycle) {
      requireOpen();
      int limit = Math.min(localLimits.maxChannels(), peer.limits().maxChannels());
      if (channels.size() >= limit) {
        throw new RttBackpressureException("at most " + limit + " channels may be open");
      }
      for (ChannelState c : channels.values()) {
        if (c.name.equals(name)) {
          throw new IllegalArgumentException("a channel named " + name + " is open");
        }
      }
      int id = nextOwnChannelId;
      nextOwnChannelId += 2;
      if (id > 0xFFFF) {
        throw new RttBackpressureException("no channel ids left on this connection");
      }
      channel = newChannel(id, name, ChannelState.Phase.OPENING);
      channels.put(id, channel);
      enqueue(FrameType.OPEN, 0, id, name.getBytes(StandardCharsets.UTF_8));
    }
    try {
      channel.opened.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return channel.id;
    } catch (ExecutionException e) {
      throw new RttTransportException(ErrorCode.CHANNEL, "channel " + name + " was not opened");
    } catch (TimeoutException e) {
      throw new RttTransportException(
          ErrorCode.TIMEOUT, "no OPEN_ACK for channel " + name + " within " + timeout);
    }
  }

  /**
   * Sends one message on a channel: fragments it into DATA frames as far as the peer's credit
   * allows and queues the rest until CREDIT arrives [RTT-FLOW-001].
   *
   * @throws RttBackpressureException when the channel's send queue is full; nothing was sent
   */
  public void send(int channelId, byte[] message)
      throws RttTransportException, RttBackpressureException {
    if (message.length > RttLimits.MAX_MESSAGE) {
      throw new IllegalArgumentException(
          "a message of " + message.length + " bytes is over " + RttLimits.MAX_MESSAGE);
    }
    requireOpen();
    ChannelState channel = channels.get(channelId);
    if (channel == null || channel.phase != ChannelState.Phase.OPEN) {
      throw new IllegalArgumentException("channel " + channelId + " is not open");
    }
    synchronized (channel) {
      if (channel.sendQueue.size() >= ChannelState.MAX_QUEUED_MESSAGES) {
        throw new RttBackpressureException(
            "channel "
                + channel.name
                + " has no credit and "
                + ChannelState.MAX_QUEUED_MESSAGES
                + " messages queued");
      }
      channel.sendQueue.add(message.clone());
      drain(channel);
    }
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
    ChannelState channel = channels.get(channelId);
    if (channel == null) {
      throw new IllegalArgumentException("channel " + channelId + " is not open");
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Delivery d =
          channel.inbound.poll(Math.min(50, remainingMillis(deadline)), TimeUnit.MILLISECONDS);
      if (d != null) {
        if (d instanceof Delivery.Message m) {
          consumed(channel, m.size());
        } else if (d instanceof Delivery.PeerError pe
            && ErrorCode.REPLAY.name().equals(pe.error().code())) {
          throw new RttReplayException(pe.error());
        }
        return Optional.of(d);
      }
      if (state == State.CLOSED) {
        ErrorBody reason = closeReason;
        throw new RttTransportException(
            reason == null ? ErrorCode.INTERNAL : codeOf(reason.code()),
            "connection closed" + (reason == null ? "" : ": " + reason.text()));
      }
      if (remainingMillis(deadline) <= 0) {
        return Optional.empty();
      }
    }
  }

  /** Closes a channel this side or the peer opened (not a standard one) [RTT-CH-005]. */
  public void closeChannel(int channelId) throws RttTransportException {
    if (ChannelNames.isStandard(channelId)) {
      throw new IllegalArgumentException("the standard channels cannot be closed");
    }
    requireOpen();
    ChannelState channel = channels.get(channelId);
    if (channel == null || channel.phase != ChannelState.Phase.OPEN) {
      throw new IllegalArgumentException("channel " + channelId + " is not open");
    }
    channel.phase = ChannelState.Phase.CLOSING;
    enqueue(FrameType.CLOSE, 0, channelId, new byte[0]);
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
    outbound.clear();
    outbound.add(Outbound.FINISH);
    stream.close();
    for (ChannelState c : channels.values()) {
      c.opened.completeExceptionally(new IOException("connection closed"));
    }
    if (wasOpen) {
      ErrorBody reason = closeReason;
      emit(
          "rtt.connection.closed",
          reason == null ? Map.of() : Map.of("code", reason.code(), "text", reason.text()));
      listener.closed(this);
    }
  }

  /** Waits until the connection is closed (both threads ended). */
  public boolean awaitClosed(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    reader.join(Math.max(1, remainingMillis(deadline)));
    writer.join(Math.max(1, remainingMillis(deadline)));
    return !reader.isAlive() && !writer.isAlive();
  }

  /**
   * Timed behaviour, read from the injected clock [RTT-HB-001, RTT-HB-003, RTT-GA-002]; the
   * endpoint's timer calls this a few times a second.
   */
  public void tick() {
    State s = state;
    if (s == State.CLOSED) {
      return;
    }
    if (s == State.CLOSING) {
      if (System.nanoTime() - closeDeadlineNanos > 0) {
        close();
      }
      return;
    }
    Instant now = clock.instant();
    Instant deadline = goAwayDeadline;
    if (deadline != null && !now.isBefore(deadline)) {
      close();
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

  // ---------------------------------------------------------------------------------------------
  // Sending

  private void drain(ChannelState channel) {
    // Caller holds the channel's lock.
    while (!channel.sendQueue.isEmpty()) {
      byte[] rest = channel.sendQueue.peek();
      if (rest.length == 0) {
        enqueue(FrameType.DATA, Frame.FLAG_FIN, channel.id, rest);
        channel.sendQueue.poll();
        continue;
      }
      int n = (int) Math.min(Math.min(rest.length, Frame.MAX_BODY), channel.sendWindow);
      if (n == 0) {
        return;
      }
      channel.sendWindow -= n;
      boolean last = n == rest.length;
      enqueue(FrameType.DATA, last ? Frame.FLAG_FIN : 0, channel.id, Arrays.copyOf(rest, n));
      channel.sendQueue.poll();
      if (!last) {
        channel.sendQueue.addFirst(Arrays.copyOfRange(rest, n, rest.length));
      }
    }
  }

  /**
   * Returns a delivered message's credit in full [RTT-FLOW-002]: in handler mode after the handler
   * returns (so before anything sent in answer to a later frame), in queue mode when the
   * application takes the message. Fragments of an unfinished message never return credit.
   */
  private void consumed(ChannelState channel, int bytes) {
    if (bytes == 0 || (state != State.OPEN && state != State.GOING_AWAY)) {
      return;
    }
    synchronized (channel) {
      channel.receiveWindow += bytes;
    }
    enqueue(FrameType.CREDIT, 0, channel.id, uint32(bytes));
  }

  private void enqueue(FrameType type, int flags, int channel, byte[] body) {
    if (outbound.size() >= MAX_OUTBOUND_FRAMES) {
      // The peer does not read what we send; it cannot be served.
      closeReason = new ErrorBody(ErrorCode.LIMIT.name(), null, null, "the peer does not read");
      close();
      return;
    }
    outbound.add(new Outbound(type, flags, channel, body));
  }

  private void writeLoop() {
    try {
      while (true) {
        Outbound o = outbound.take();
        if (o.type() == null) {
          stream.finishWriting();
          return;
        }
        long seq = nextSendSeq;
        if (seq > 0xFFFF_FFFFL) {
          closeReason =
              new ErrorBody(ErrorCode.LIMIT.name(), null, null, "sequence numbers exhausted");
          close();
          return;
        }
        byte[] plain =
            FrameCodec.encode(new Frame(o.type(), o.flags(), o.channel(), seq, o.body()));
        stream.writeBuffered(sendCipher.encryptWithAd(new byte[0], plain));
        nextSendSeq = seq == 0 && skipSequenceOne ? 2 : seq + 1;
        if (outbound.isEmpty()) {
          stream.flush();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | NoiseException e) {
      if (state != State.CLOSED) {
        LOG.debug("{}: write failed: {}", label, e.toString());
        close();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Receiving

  private void readLoop() {
    try {
      Frame first = pendingFirstFrame;
      if (first != null) {
        // The responder's frame 0, which confirmed the handshake [RTT-HS-008]: it arrived when the
        // connection was created, which is what lastReceived already says.
        pendingFirstFrame = null;
        handle(first);
      }
      while (state != State.CLOSED) {
        byte[] ciphertext = stream.read();
        if (state == State.CLOSING) {
          continue; // draining after a closing ERROR or GOAWAY
        }
        byte[] plain;
        try {
          plain = receiveCipher.decryptWithAd(new byte[0], ciphertext);
        } catch (NoiseException e) {
          fail(ErrorCode.FRAME, null, "a transport message failed authentication");
          continue;
        }
        Frame frame;
        try {
          frame = FrameCodec.decode(plain);
        } catch (FrameException e) {
          // The refused frame's sequence number, when its header is there to read it from.
          Long seq =
              plain.length >= Frame.HEADER_SIZE
                  ? ByteBuffer.wrap(plain, 4, 4).getInt() & 0xFFFF_FFFFL
                  : null;
          fail(ErrorCode.FRAME, seq, String.valueOf(e.getMessage()));
          continue;
        }
        lastReceived = clock.instant();
        pingOutstanding = false;
        handle(frame);
      }
    } catch (IOException e) {
      LOG.debug("{}: read ended: {}", label, e.toString());
    } catch (RuntimeException e) {
      LOG.error("{}: internal failure", label, e);
      fail(ErrorCode.INTERNAL, null, "internal failure");
    }
    close();
  }

  private void handle(Frame frame) {
    long seq = frame.sequence();
    if (seq != nextReceiveSeq && !noSequenceCheck) {
      fail(ErrorCode.FRAME, seq, "sequence " + seq + ", expected " + nextReceiveSeq);
      return;
    }
    nextReceiveSeq++;
    byte[] body = frame.body();
    int channelId = frame.channel();
    switch (frame.type()) {
      case DATA -> onData(frame, body);
      case CREDIT -> onCredit(frame, body);
      case OPEN -> onOpen(frame, body);
      case OPEN_ACK -> onOpenAck(frame, body);
      case CLOSE -> onClose(frame, body);
      case ACK -> {
        if (controlFrame(frame, body, 4)) {
          long acked = ByteBuffer.wrap(body).getInt() & 0xFFFF_FFFFL;
          if (acked > nextSendSeq || acked < highestAckReceived) {
            fail(
                ErrorCode.FRAME,
                seq,
                "ACK "
                    + acked
                    + " with "
                    + nextSendSeq
                    + " frames sent, last ACK "
                    + highestAckReceived);
          } else {
            highestAckReceived = acked;
          }
        }
      }
      case PING -> {
        if (controlFrame(frame, body, 8)) {
          enqueue(FrameType.PONG, 0, ChannelNames.CONTROL, body);
        }
      }
      case PONG -> {
        if (controlFrame(frame, body, 8)) {
          emit("rtt.heartbeat.pong_received", Map.of());
        }
      }
      case GOAWAY -> onGoAway(frame, body);
      case ERROR -> onError(frame, body, channelId);
    }
  }

  /** PING, PONG, ACK and GOAWAY travel on channel 0 with no flags and a fixed body length. */
  private boolean controlFrame(Frame frame, byte[] body, int length) {
    if (frame.channel() != ChannelNames.CONTROL || frame.flags() != 0 || body.length != length) {
      fail(
          ErrorCode.FRAME,
          frame.sequence(),
          frame.type() + " needs channel 0, no flags and a " + length + "-byte body");
      return false;
    }
    return true;
  }

  private void onData(Frame frame, byte[] body) {
    if ((frame.flags() & ~Frame.FLAG_FIN) != 0) {
      fail(ErrorCode.FRAME, frame.sequence(), "DATA flags other than FIN");
      return;
    }
    ChannelState channel = channels.get(frame.channel());
    if (channel == null || channel.phase == ChannelState.Phase.OPENING) {
      fail(
          ErrorCode.CHANNEL, frame.sequence(), "DATA on channel " + frame.channel() + ", not open");
      return;
    }
    synchronized (channel) {
      if (body.length > channel.receiveWindow && !ignoreWindow) {
        fail(
            ErrorCode.BACKPRESSURE,
            frame.sequence(),
            body.length + " bytes of DATA with " + channel.receiveWindow + " bytes of credit");
        return;
      }
      channel.receiveWindow -= body.length;
    }
    // The window never exceeds 1 MiB and an unfinished message returns no credit, so the window
    // check above also bounds every message to 1 MiB [RTT-LIM-003].
    channel.assembling.writeBytes(body);
    if ((frame.flags() & Frame.FLAG_FIN) == 0) {
      return;
    }
    byte[] message = channel.assembling.toByteArray();
    channel.assembling.reset();
    if (channel.phase == ChannelState.Phase.CLOSING) {
      consumed(channel, message.length); // a closing channel discards what still arrives
      return;
    }
    MessageHandler h = handler;
    if (h == null) {
      channel.inbound.add(new Delivery.Message(message));
      return;
    }
    try {
      h.onMessage(this, channel.id, message, frame.sequence());
    } finally {
      consumed(channel, message.length);
    }
  }

  private void onCredit(Frame frame, byte[] body) {
    if (frame.flags() != 0 || body.length != 4) {
      fail(ErrorCode.FRAME, frame.sequence(), "CREDIT needs no flags and a 4-byte body");
      return;
    }
    long grant = ByteBuffer.wrap(body).getInt() & 0xFFFF_FFFFL;
    ChannelState channel = channels.get(frame.channel());
    if (channel == null) {
      fail(ErrorCode.CHANNEL, frame.sequence(), "CREDIT for channel " + frame.channel());
      return;
    }
    synchronized (channel) {
      if (grant == 0 || channel.sendWindow + grant > RttLimits.WINDOW) {
        fail(
            ErrorCode.FRAME,
            frame.sequence(),
            "CREDIT of "
                + grant
                + " with a window of "
                + channel.sendWindow
                + " (at most 1048576)");
        return;
      }
      channel.sendWindow += grant;
      drain(channel);
    }
    emit("rtt.credit.received", Map.of("channel", channel.id, "bytes", grant));
  }

  private void onOpen(Frame frame, byte[] body) {
    int id = frame.channel();
    String name = new String(body, StandardCharsets.UTF_8);
    boolean peersParity = (id % 2 == 0) != initiator; // the initiator opens even ids
    if (frame.flags() != 0) {
      fail(ErrorCode.FRAME, frame.sequence(), "OPEN has no flags"); // Table 4 before state
      return;
    }
    if (id < 3 || !peersParity || channels.containsKey(id)) {
      fail(ErrorCode.CHANNEL, frame.sequence(), "OPEN of channel id " + id + " is not allowed");
      return;
    }
    if (!ChannelNames.NAME.matcher(name).matches()
        || !Arrays.equals(body, name.getBytes(StandardCharsets.UTF_8))) {
      fail(ErrorCode.CHANNEL, frame.sequence(), "OPEN with an invalid channel name");
      return;
    }
    synchronized (lifecycle) {
      for (ChannelState c : channels.values()) {
        if (c.name.equals(name)) {
          fail(ErrorCode.CHANNEL, frame.sequence(), "a channel named " + name + " is open");
          return;
        }
      }
      if (channels.size() >= localLimits.maxChannels()) {
        fail(ErrorCode.LIMIT, frame.sequence(), "max_channels is " + localLimits.maxChannels());
        return;
      }
      channels.put(id, newChannel(id, name, ChannelState.Phase.OPEN));
    }
    enqueue(FrameType.OPEN_ACK, 0, id, new byte[0]);
    emit("rtt.channel.opened", Map.of("channel", id, "name", name, "by", "peer"));
  }

  private void onOpenAck(Frame frame, byte[] body) {
    if (frame.flags() != 0 || body.length != 0) {
      fail(ErrorCode.FRAME, frame.sequence(), "OPEN_ACK has no flags and an empty body");
      return;
    }
    ChannelState channel = channels.get(frame.channel());
    if (channel == null || channel.phase != ChannelState.Phase.OPENING) {
      fail(ErrorCode.CHANNEL, frame.sequence(), "OPEN_ACK for channel " + frame.channel());
      return;
    }
    channel.phase = ChannelState.Phase.OPEN;
    channel.opened.complete(null);
    emit("rtt.channel.opened", Map.of("channel", channel.id, "name", channel.name, "by", "self"));
  }

  private void onClose(Frame frame, byte[] body) {
    int id = frame.channel();
    if (frame.flags() != 0 || body.length != 0) {
      fail(ErrorCode.FRAME, frame.sequence(), "CLOSE has no flags and an empty body");
      return;
    }
    ChannelState channel = channels.get(id);
    if (ChannelNames.isStandard(id)
        || channel == null
        || channel.phase == ChannelState.Phase.OPENING) {
      fail(ErrorCode.CHANNEL, frame.sequence(), "CLOSE of channel " + id + " is not allowed");
      return;
    }
    if (channel.phase == ChannelState.Phase.OPEN) {
      enqueue(FrameType.CLOSE, 0, id, new byte[0]); // the answer [RTT-CH-005]
    }
    channels.remove(id);
    emit("rtt.channel.closed", Map.of("channel", id, "name", channel.name));
  }

  private void onGoAway(Frame frame, byte[] body) {
    if (!controlFrame(frame, body, 4)) {
      return;
    }
    emit("rtt.goaway.received", Map.of());
    synchronized (lifecycle) {
      if (state == State.GOING_AWAY) {
        // Our GOAWAY was answered: done.
        beginClosing();
        return;
      }
      // Answer with our own GOAWAY, then close [RTT-GA-002].
      sendGoAway();
      beginClosing();
    }
  }

  private void onError(Frame frame, byte[] body, int channelId) {
    Optional<ErrorBody> parsed = ErrorBody.decode(body);
    if (parsed.isEmpty() || (frame.flags() & ~FLAG_CLOSING) != 0) {
      fail(ErrorCode.FRAME, frame.sequence(), "an ERROR frame whose body is not as §4.3 defines");
      return;
    }
    ErrorBody error = parsed.get();
    Map<String, Object> attrs = new java.util.HashMap<>();
    attrs.put("code", error.code());
    attrs.put("text", error.text());
    attrs.put("channel", channelId);
    attrs.put("closing", (frame.flags() & FLAG_CLOSING) != 0);
    if (error.msgId() != null) {
      attrs.put("msg_id", error.msgId());
    }
    emit("rtt.error.received", attrs);
    if ((frame.flags() & FLAG_CLOSING) != 0) {
      closeReason = error;
      synchronized (lifecycle) {
        beginClosing();
      }
      return;
    }
    ChannelState channel = channels.get(channelId);
    if (channel != null) {
      channel.inbound.add(new Delivery.PeerError(error));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Ending

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
      outbound.add(
          new Outbound(FrameType.ERROR, FLAG_CLOSING, ChannelNames.CONTROL, error.encode()));
      beginClosing();
    }
    emit("rtt.error.sent", Map.of("code", code.name(), "text", text, "closing", true));
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
    enqueue(
        FrameType.ERROR, 0, channel, new ErrorBody(code.name(), lastFrame, msgId, text).encode());
    Map<String, Object> attrs = new java.util.HashMap<>();
    attrs.put("code", code.name());
    attrs.put("text", text);
    attrs.put("closing", false);
    if (msgId != null) {
      attrs.put("msg_id", msgId);
    }
    emit("rtt.error.sent", attrs);
  }

  private void sendGoAway() {
    if (!goAwaySent) {
      goAwaySent = true;
      enqueue(FrameType.GOAWAY, 0, ChannelNames.CONTROL, uint32(nextReceiveSeq));
      emit("rtt.goaway.sent", Map.of());
    }
  }

  private void beginClosing() {
    // Caller holds lifecycle.
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSING;
    closeDeadlineNanos = System.nanoTime() + CLOSE_LINGER.toNanos();
    outbound.add(Outbound.FINISH);
  }

  private void requireOpen() throws RttTransportException {
    if (state != State.OPEN) {
      ErrorBody reason = closeReason;
      throw new RttTransportException(
          reason == null ? ErrorCode.INTERNAL : codeOf(reason.code()),
          "the connection is " + state.name().toLowerCase(java.util.Locale.ROOT));
    }
  }

  private ChannelState newChannel(int id, String name, ChannelState.Phase phase) {
    return new ChannelState(id, name, phase, RttLimits.WINDOW, RttLimits.WINDOW);
  }

  private void emit(String kind, Map<String, Object> attributes) {
    Map<String, Object> withPeer = new java.util.HashMap<>(attributes);
    withPeer.putIfAbsent("peer", peer.key().fingerprint());
    events.accept(new RttEvent(clock.instant(), kind, label, withPeer));
  }

  private static ErrorCode codeOf(String code) {
    for (ErrorCode c : ErrorCode.values()) {
      if (c.name().equals(code)) {
        return c;
      }
    }
    return ErrorCode.INTERNAL;
  }

  private static byte[] uint32(long value) {
    return ByteBuffer.allocate(4).putInt((int) value).array();
  }

  private static long remainingMillis(long deadlineNanos) {
    return Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
  }
}
