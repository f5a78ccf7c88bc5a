package org.web4.conformance.rtt;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.web4.crypto.AgentKeyPair;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.noise.CipherState;
import org.web4.rtt.noise.Curve25519KeyPair;
import org.web4.rtt.noise.HandshakeState;
import org.web4.rtt.noise.NoiseException;
import org.web4.rtt.noise.NoiseProtocol;

/**
 * The runner's side of one RTT connection: it speaks RTT correctly when asked and misbehaves on
 * purpose when asked (raw bytes, broken handshake messages, frames of any type, channel, sequence
 * and body), and it records every frame in both directions in a {@link Transcript}.
 *
 * <p>After the handshake one receive loop ({@link ReceiveLoop}) decrypts what the implementation
 * sends, tells the connection's {@link WireObserver}s (the wire judge) and queues it; the steps
 * take from the queue with a timeout, so no step can hang. Everything random the tester sends
 * derives from the run's seed, the peer's name and the connection's number ({@link TesterRandom}).
 */
public final class TesterPeer implements AutoCloseable {
  /** The tester's name in its identity payload. */
  public static final String AGENT_ID = "web4-conformance-tester";

  /** The name of the tester peer of RTT scenarios; CIP scenarios name several. */
  public static final String DEFAULT_NAME = "tester";

  /**
   * What the receive loop saw next.
   *
   * @param message for the DATA frame with FIN that completes a message: the whole message
   * @param nanos when the receive loop read it ({@link System#nanoTime()})
   */
  @SuppressWarnings("ArrayRecordComponent") // the receive loop's own copy; readers do not change it
  public record Received(
      Kind kind, @Nullable RawFrame frame, String detail, byte @Nullable [] message, long nanos) {
    /** The kinds of thing the implementation can do next. */
    public enum Kind {
      FRAME,
      /** The connection ended: FIN or reset. */
      CLOSED,
      /** Nothing within the timeout. */
      TIMEOUT,
      /** A transport message that does not decrypt or is shorter than a frame header. */
      UNREADABLE
    }

    public Received(Kind kind, @Nullable RawFrame frame, String detail) {
      this(kind, frame, detail, null, System.nanoTime());
    }

    public Received(Kind kind, @Nullable RawFrame frame, String detail, byte @Nullable [] message) {
      this(kind, frame, detail, message, System.nanoTime());
    }

    public RawFrame requireFrame() {
      if (frame == null) {
        throw new IllegalStateException("not a frame: " + kind + " " + detail);
      }
      return frame;
    }
  }

  private final Socket socket;
  private final Transcript transcript;
  private final AgentKeyPair identity;
  private final Curve25519KeyPair noiseStatic;
  private final long seed;
  private final WireObserver.Connection connection;
  private final WireObserver observer;
  private final TesterRandom random;
  private final HandshakeReader handshakeReader;
  private final TransportWriter writer;
  private final DataInputStream in;
  private final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
  private final SendWindows sendWindows = new SendWindows();
  private final ReadGate readGate = new ReadGate();
  private volatile boolean waitForever;

  /**
   * After the handshake the receive loop stops reading once nothing came for this long: longer than
   * any step waits for a frame or an end (the longest, NeverReadingPeerSteps' guard, is 60 s), so
   * the steps' own deadlines decide. It used to be the handshake's 10 s, and then silence read as
   * the end of the connection: under load an implementation busy with 40 MiB of unfinished messages
   * (RTT-LIM-005) or a closing connection whose peer reads again (RTT-LIM-009) was judged on a
   * "Read timed out" the tester made itself.
   */
  static final Duration SILENCE_GUARD = Duration.ofSeconds(120);

  private @Nullable HandshakeState handshake;

  /** Responder: the handshake hash right after message 2 (the {@code h2} of a resume binder). */
  private byte @Nullable [] hashAfterMessage2;

  private byte @Nullable [] peerPayload;
  private byte @Nullable [] peerStatic;
  private @Nullable PeerInbox peerInbox;
  private volatile boolean closed;

  /** The transport's receive loop, once the handshake completed. */
  private volatile @Nullable Thread reader;

  /** The 8 bytes of the PING the tester sends as responder to confirm a handshake [RTT-HS-007]. */
  private final byte[] confirmationPing;

  /** What the tester does, as responder, once message 3 has arrived (spec/rtt.md §3.4). */
  public enum Confirmation {
    /** Accepts: a PING as its frame 0 [RTT-HS-007]. */
    PING,
    /** Refuses the implementation: a closing ERROR HANDSHAKE as its frame 0, then FIN. */
    HANDSHAKE_ERROR,
    /** Ends the TCP connection without a frame. */
    CLOSE,
    /** Sends nothing at all (the implementation's handshake timeout must end it). */
    NOTHING
  }

  private TesterPeer(
      Socket socket, Transcript transcript, long seed, String name, WireObserver.Role role)
      throws IOException {
    this.socket = socket;
    this.transcript = transcript;
    this.seed = seed;
    this.identity = TesterKeys.identity(name, seed);
    this.noiseStatic = TesterKeys.noiseStatic(name, seed);
    this.connection =
        new WireObserver.Connection(name, role, transcript.nextConnectionNumber(name));
    // exact replay: every random byte of this connection follows from seed, name and number
    this.random = TesterRandom.of(seed, "connection/" + name + "/" + connection.number());
    this.observer = TesterContext.observersOf(connection);
    this.in = new DataInputStream(socket.getInputStream());
    this.handshakeReader = new HandshakeReader(socket, in, transcript);
    this.writer = new TransportWriter(socket.getOutputStream(), transcript, observer, sendWindows);
    this.confirmationPing = random.bytes(8);
    socket.setTcpNoDelay(true);
  }

  /** Opens a TCP connection to the implementation (the tester will be the initiator). */
  public static TesterPeer connect(InetSocketAddress address, Transcript transcript, long seed)
      throws IOException {
    return connect(address, transcript, seed, DEFAULT_NAME);
  }

  /** As {@link #connect(InetSocketAddress, Transcript, long)} for a named peer (its own keys). */
  public static TesterPeer connect(
      InetSocketAddress address, Transcript transcript, long seed, String name) throws IOException {
    Socket s = new Socket();
    s.connect(address, 5000);
    transcript.note(name + ": TCP connected to " + address);
    return new TesterPeer(s, transcript, seed, name, WireObserver.Role.INITIATOR);
  }

  /**
   * As {@link #connect(InetSocketAddress, Transcript, long, String)} from another source address of
   * the tester's (such as 127.0.0.2 on loopback, for the per-source limits of spec/rtt.md §7).
   */
  public static TesterPeer connectFrom(
      java.net.InetAddress source,
      InetSocketAddress address,
      Transcript transcript,
      long seed,
      String name)
      throws IOException {
    Socket s = new Socket();
    try {
      s.bind(new InetSocketAddress(source, 0));
      s.connect(address, 5000);
    } catch (IOException e) {
      s.close();
      throw e;
    }
    transcript.note(name + ": TCP connected from " + s.getLocalSocketAddress() + " to " + address);
    return new TesterPeer(s, transcript, seed, name, WireObserver.Role.INITIATOR);
  }

  /** Wraps a connection the implementation opened to the tester (the tester is the responder). */
  static TesterPeer accepted(Socket socket, Transcript transcript, long seed, String name)
      throws IOException {
    transcript.note(name + ": TCP accepted from " + socket.getRemoteSocketAddress());
    return new TesterPeer(socket, transcript, seed, name, WireObserver.Role.RESPONDER);
  }

  /** The identity a named tester peer has in a run with this seed. */
  public static AgentKeyPair identityOf(String name, long seed) {
    return TesterKeys.identity(name, seed);
  }

  public String name() {
    return connection.peerName();
  }

  /** This connection: the peer's name, the tester's role and the connection's number. */
  public WireObserver.Connection connection() {
    return connection;
  }

  /**
   * The tester's random generator of this connection: it derives from the run's seed, the peer's
   * name and the connection's number.
   */
  public TesterRandom random() {
    return random;
  }

  /**
   * The protocol view of what the implementation sent on this connection, shared by every protocol
   * peer over it ({@code CipPeer}, {@code LipPeer}).
   */
  public synchronized PeerInbox inbox() {
    PeerInbox p = peerInbox;
    if (p == null) {
      p = new PeerInbox(this);
      peerInbox = p;
    }
    return p;
  }

  public AgentKeyPair identity() {
    return identity;
  }

  Transcript transcript() {
    return transcript;
  }

  public byte[] noiseStaticPublic() {
    return noiseStatic.publicKey();
  }

  /** The implementation's identity payload, once its handshake message carrying it was read. */
  public Optional<byte[]> peerPayload() {
    return Optional.ofNullable(peerPayload == null ? null : peerPayload.clone());
  }

  /**
   * The {@code max_channels} of the implementation's identity payload (spec/rtt.md §3.2), once the
   * handshake brought it.
   */
  public int peerMaxChannels() throws JsonViolation {
    byte[] payload =
        peerPayload()
            .orElseThrow(
                () -> new IllegalStateException("no identity payload from the implementation yet"));
    return StrictJsonParser.withEnvelopeLimits()
        .parse(payload)
        .path("limits")
        .path("max_channels")
        .asInt();
  }

  /** The implementation's Noise static key, once known. */
  public Optional<byte[]> peerStatic() {
    return Optional.ofNullable(peerStatic == null ? null : peerStatic.clone());
  }

  public boolean established() {
    return writer.established();
  }

  // ---------------------------------------------------------------------------------------------
  // Handshake

  /** The tester's valid identity payload. */
  public byte[] validPayload() {
    return IdentityPayloads.valid(identity, noiseStatic.publicKey());
  }

  /** A variant of the tester's payload (see {@link IdentityPayloads#variant}). */
  public byte[] payload(String variant) {
    return IdentityPayloads.variant(variant, identity, noiseStatic.publicKey(), seed);
  }

  /**
   * Initiator: the whole handshake with a valid payload, then the reader starts and the
   * implementation's confirmation is taken and answered ({@link #confirm}).
   */
  public void handshake() throws IOException, NoiseException {
    noiseHandshake();
    confirm();
  }

  /**
   * Initiator: the three Noise messages with a valid payload, without taking the implementation's
   * confirmation (for a test that scripts the implementation's first frame itself).
   */
  public void noiseHandshake() throws IOException, NoiseException {
    sendMessage1(new byte[0]);
    Optional<byte[]> m2 = readHandshakeMessage(RttLimits.HANDSHAKE_TIMEOUT);
    if (m2.isEmpty()) {
      throw new IOException("the implementation closed the connection instead of message 2");
    }
    readMessage2(m2.get());
    sendMessage3(validPayload());
  }

  /**
   * Initiator, after message 3: the implementation's first frame must be the PING of RTT-HS-007
   * (channel 0, flags 0, an 8-byte body, sequence 0); the tester answers it with its PONG, so that
   * what follows starts from a known state. Waits at most the PONG time of RTT-HB-002.
   *
   * @throws IOException naming RTT-HS-007 when the first frame is anything else or does not come
   */
  public RawFrame confirm() throws IOException {
    return confirm(RttLimits.PONG_WITHIN);
  }

  /** As {@link #confirm()}, waiting at most {@code within} for the first frame. */
  public RawFrame confirm(Duration within) throws IOException {
    Received r;
    try {
      r = next(within);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while waiting for the implementation's first frame", e);
    }
    RawFrame f = r.frame();
    if (f == null
        || !f.is(FrameType.PING)
        || f.channel() != 0
        || f.flags() != 0
        || f.sequence() != 0
        || f.body().length != 8) {
      throw new IOException(
          "RTT-HS-007: an accepting responder's frame 0 is a PING on channel 0 with flags 0 and 8"
              + " bytes; got "
              + (f == null ? r.kind() + " (" + r.detail() + ")" : f.describe()));
    }
    sendFrame(FrameType.PONG, 0, 0, f.body());
    return f;
  }

  /** The body of the PING the tester sends as an accepting responder (RTT-HS-007). */
  public byte[] confirmationPing() {
    return confirmationPing.clone();
  }

  /** Initiator: message 1 ({@code -> e}) with this payload (empty when well-behaved). */
  public void sendMessage1(byte[] payload) throws IOException, NoiseException {
    HandshakeState hs = newHandshake(HandshakeState.Role.INITIATOR);
    handshake = hs;
    writeHandshake(
        1,
        hs.writeMessage(payload),
        payload,
        "handshake message 1, payload " + payload.length + " bytes");
  }

  /** Initiator: processes message 2 and keeps the implementation's payload. */
  public void readMessage2(byte[] message) throws NoiseException {
    HandshakeState hs = requireHandshake();
    byte[] payload = hs.readMessage(message);
    peerPayload = payload;
    peerStatic = hs.remoteStaticKey();
    transcript.received(
        "handshake message 2, payload " + new String(payload, StandardCharsets.UTF_8));
  }

  /** Initiator: message 3 with this payload; the transport starts. */
  public void sendMessage3(byte[] payload) throws IOException, NoiseException {
    HandshakeState hs = requireHandshake();
    writeHandshake(
        3,
        hs.writeMessage(payload),
        payload,
        "handshake message 3, payload " + new String(payload, StandardCharsets.UTF_8));
    startTransport(hs);
  }

  /** Initiator: message 3 with this payload, with one bit of its last byte (the tag) flipped. */
  public void sendCorruptedMessage3(byte[] payload) throws IOException, NoiseException {
    HandshakeState hs = requireHandshake();
    byte[] m = hs.writeMessage(payload);
    m[m.length - 1] ^= 0x01;
    writeHandshake(3, m, payload, "handshake message 3 with a corrupted authentication tag");
  }

  /**
   * Responder: reads message 1, answers message 2 with {@code payload}, reads message 3 and
   * confirms the handshake with a PING as frame 0 [RTT-HS-007].
   *
   * @return true when message 3 arrived and authenticated; false when the implementation closed the
   *     connection instead
   */
  public boolean respond(byte[] payload) throws IOException, NoiseException {
    return respond(payload, Confirmation.PING);
  }

  /**
   * Responder: reads message 1, answers message 2 with {@code payload}, reads message 3 and then
   * does what {@code confirmation} says.
   *
   * @return true when message 3 arrived and authenticated; false when the implementation closed the
   *     connection instead
   */
  public boolean respond(byte[] payload, Confirmation confirmation)
      throws IOException, NoiseException {
    HandshakeState hs = newHandshake(HandshakeState.Role.RESPONDER);
    handshake = hs;
    Optional<byte[]> m1 = readHandshakeMessage(RttLimits.HANDSHAKE_TIMEOUT);
    if (m1.isEmpty()) {
      throw new IOException("the implementation closed the connection instead of message 1");
    }
    byte[] p1 = hs.readMessage(m1.get());
    transcript.received("handshake message 1, payload " + p1.length + " bytes");
    writeHandshake(
        2,
        hs.writeMessage(payload),
        payload,
        "handshake message 2, payload " + new String(payload, StandardCharsets.UTF_8));
    hashAfterMessage2 = hs.handshakeHash();
    Optional<byte[]> m3 = readHandshakeMessage(RttLimits.HANDSHAKE_TIMEOUT);
    if (m3.isEmpty()) {
      return false;
    }
    byte[] theirs = hs.readMessage(m3.get());
    peerPayload = theirs;
    peerStatic = hs.remoteStaticKey();
    transcript.received(
        "handshake message 3, payload " + new String(theirs, StandardCharsets.UTF_8));
    switch (confirmation) {
      case PING -> {
        startTransport(hs);
        sendFrame(FrameType.PING, 0, 0, confirmationPing);
      }
      case HANDSHAKE_ERROR -> {
        startTransport(hs);
        byte[] body =
            new org.web4.rtt.frame.ErrorBody(
                    "HANDSHAKE", null, null, "the tester refuses the implementation")
                .encode();
        sendFrame(FrameType.ERROR, 0x01, 0, body);
        finishSending();
      }
      case CLOSE -> {
        transcript.note(name() + ": closes the connection instead of a first frame");
        close();
      }
      case NOTHING -> {
        startTransport(hs);
        transcript.note(name() + ": sends no first frame");
      }
    }
    return true;
  }

  /**
   * The handshake hash {@code h} as it stands now (after message 2 was read: the {@code h2} a
   * resume binder covers, docs/drafts/rtt-resume.md §4.1).
   */
  public byte[] handshakeHashNow() {
    return requireHandshake().handshakeHash();
  }

  /**
   * Responder, after {@link #respond}: the handshake hash {@code h2} as it stood after message 2,
   * which a resume request's binder covers (docs/drafts/rtt-resume.md §4.1).
   */
  public byte[] handshakeHashAfterMessage2() {
    byte[] h = hashAfterMessage2;
    if (h == null) {
      throw new IllegalStateException("no handshake message 2 written as responder");
    }
    return h.clone();
  }

  /**
   * After message 3: the session id and binder key this handshake gives (docs/drafts/rtt-resume.md
   * §2.2, RTT-RES-002), derived by the kit from the final {@code ck} and {@code h}.
   */
  public SessionSecrets sessionSecrets() {
    HandshakeState hs = requireHandshake();
    return SessionSecrets.derive(hs.result().chainingKey(), hs.result().handshakeHash());
  }

  /** The sequence number the tester's next frame gets. */
  public long nextSequence() {
    return writer.nextSequence();
  }

  /** A handshake message, or empty when the connection ended first. */
  public Optional<byte[]> readHandshakeMessage(Duration timeout) throws IOException {
    return handshakeReader.message(timeout);
  }

  private void writeHandshake(int number, byte[] message, byte[] payload, String description)
      throws IOException {
    transcript.sent(description);
    observer.handshakeSent(number, message, payload);
    writer.prefixed(message);
  }

  private HandshakeState newHandshake(HandshakeState.Role role) {
    return new HandshakeState(
        NoiseProtocol.RTT,
        role,
        RttHandshake.PROLOGUE,
        noiseStatic,
        // a fresh ephemeral key per connection, from the seed (exact replay)
        Curve25519KeyPair.fromPrivate(random.bytes(32)),
        null,
        random);
  }

  private HandshakeState requireHandshake() {
    HandshakeState hs = handshake;
    if (hs == null) {
      throw new IllegalStateException("no handshake in progress");
    }
    return hs;
  }

  private void startTransport(HandshakeState hs) {
    CipherState receiver = hs.result().receiver();
    writer.startTransport(hs.result().sender());
    sendWindows.openStandard();
    transcript.note("handshake complete; transport keys in use");
    byte[] payload = peerPayload;
    observer.handshakeCompleted(payload == null ? new byte[0] : payload.clone());
    try {
      socket.setSoTimeout(waitForever ? 0 : (int) SILENCE_GUARD.toMillis());
    } catch (java.net.SocketException e) {
      // the socket is closed: the receive loop ends at once
    }
    Thread t =
        new Thread(
            new ReceiveLoop(
                in, receiver, transcript, observer, sendWindows, inbox, () -> closed, readGate),
            "rtt-tester-reader");
    t.setDaemon(true);
    reader = t;
    t.start();
  }

  // ---------------------------------------------------------------------------------------------
  // Sending

  /** Raw bytes on the TCP connection, outside any framing. */
  public void sendRaw(byte[] bytes, String description) throws IOException {
    writer.raw(bytes, description);
  }

  /**
   * A frame's transport message cut in two: its length prefix and half its ciphertext are written,
   * the rest never is (docs/drafts/rtt-resume.md §8 S-CUT-FRAME; a {@link #cut} follows).
   */
  public void sendHalfFrame(FrameType type, int flags, int channel, byte[] body)
      throws IOException {
    writer.halfFrame(type, flags, channel, body);
  }

  /**
   * Cuts the connection: a TCP reset (SO_LINGER 0), no GOAWAY — an abrupt end
   * (docs/drafts/rtt-resume.md §1).
   */
  public void cut() {
    transcript.note(name() + ": cuts the connection (TCP reset, no GOAWAY)");
    closed = true;
    try {
      socket.setSoLinger(true, 0);
    } catch (java.net.SocketException ignored) {
      // already closed
    }
    close();
  }

  /** Ends the tester's sending side (TCP FIN). */
  public void finishSending() throws IOException {
    transcript.sent("(FIN)");
    socket.shutdownOutput();
  }

  /** A well-formed frame with the next sequence number. */
  public long sendFrame(FrameType type, int flags, int channel, byte[] body) throws IOException {
    return writer.frame(type, flags, channel, body);
  }

  /** {@code count} frames alike with the next sequence numbers (one transcript line for all). */
  public void sendRepeated(FrameType type, int channel, byte[] body, int count) throws IOException {
    writer.repeated(type, channel, body, count);
  }

  /** How many well-formed frames of {@code type} the tester has sent on this connection. */
  public long framesSent(FrameType type) {
    return writer.sent(type);
  }

  /** A frame with any header values; the tester's own sequence counter moves on by one. */
  public long sendFrame(int type, int flags, int channel, long sequence, byte[] body)
      throws IOException {
    return writer.frame(type, flags, channel, sequence, body);
  }

  /** Any plaintext as one transport message (e.g. shorter than a header). */
  public void sendPlaintext(byte[] plaintext) throws IOException {
    writer.plaintext(plaintext);
  }

  /** A frame whose transport message fails authentication (one bit of the tag flipped). */
  public void sendCorruptedFrame(FrameType type, int channel, byte[] body) throws IOException {
    writer.corruptedFrame(type, channel, body);
  }

  /**
   * One message as DATA fragments of at most {@code fragment} bytes, the last with FIN (unless
   * {@code finish} is false); returns the sequence number of the last fragment.
   */
  public long sendMessage(int channel, byte[] message, int fragment, boolean finish)
      throws IOException {
    return writer.message(channel, message, fragment, finish);
  }

  /** The bytes the tester may still send on a channel, as far as it has seen CREDIT. */
  public long sendWindow(int channel) {
    return sendWindows.of(channel);
  }

  /** A channel the tester opened was acknowledged: it starts with a full window. */
  public void channelOpened(int channel) {
    sendWindows.opened(channel);
  }

  // ---------------------------------------------------------------------------------------------
  // Receiving

  /**
   * From the handshake's end, the receive loop waits for the next transport message however long
   * the connection stays silent (by default it stops reading after {@link #SILENCE_GUARD}). Call
   * before the handshake.
   */
  public void waitForeverToRead() {
    waitForever = true;
  }

  /** Stops and restarts reading the socket (a peer that does not read, RTT-LIM-008). */
  public ReadGate readGate() {
    return readGate;
  }

  /** Whether the connection ended inside a transport message (see {@link Received#detail}). */
  public static boolean cut(Received r) {
    return r.kind() == Received.Kind.CLOSED && ReceiveLoop.CUT.equals(r.detail());
  }

  /** The next thing the implementation did, waiting at most {@code timeout}. */
  public Received next(Duration timeout) throws InterruptedException {
    Received r = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return r == null ? new Received(Received.Kind.TIMEOUT, null, "nothing within " + timeout) : r;
  }

  /**
   * After the tester {@link #cut cut} or closed the connection: the next of the frames its receive
   * loop read whole before the connection ended, or TIMEOUT when there is none left. It waits only
   * for that loop to end (at once: its socket is closed), at most {@code guard}, never for frames:
   * none can come after the close. While the tester has not closed the connection, as {@link
   * #next}.
   */
  public Received nextBeforeClose(Duration guard) throws InterruptedException {
    if (!closed) {
      return next(guard);
    }
    Thread t = reader;
    if (t != null) {
      t.join(guard.toMillis());
    }
    Received r = inbox.poll();
    return r == null
        ? new Received(Received.Kind.TIMEOUT, null, "nothing more: the tester closed it")
        : r;
  }

  /**
   * Before the transport exists (a refused handshake): whether the implementation ends the
   * connection within {@code timeout} without sending anything more.
   */
  public Received awaitEndOfHandshake(Duration timeout) throws IOException {
    return handshakeReader.end(timeout);
  }

  @Override
  public void close() {
    closed = true; // the reader thread ends with the socket
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing.
    }
  }
}
