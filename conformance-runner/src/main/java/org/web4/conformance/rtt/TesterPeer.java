package org.web4.conformance.rtt;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.web4.crypto.AgentKeyPair;
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
 * <p>After the handshake a reader thread decrypts what the implementation sends into a queue; the
 * steps take from it with a timeout, so no step can hang.
 */
public final class TesterPeer implements AutoCloseable {
  /** The tester's name in its identity payload. */
  public static final String AGENT_ID = "web4-conformance-tester";

  /** What the reader saw next. */
  public record Received(Kind kind, @Nullable RawFrame frame, String detail) {
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

    public RawFrame requireFrame() {
      if (frame == null) {
        throw new IllegalStateException("not a frame: " + kind + " " + detail);
      }
      return frame;
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final Transcript transcript;
  private final AgentKeyPair identity;
  private final Curve25519KeyPair noiseStatic;
  private final long seed;

  private @Nullable HandshakeState handshake;
  private @Nullable CipherState sendCipher;
  private @Nullable CipherState receiveCipher;
  private byte @Nullable [] peerPayload;
  private byte @Nullable [] peerStatic;
  private long nextSendSeq;
  private final LinkedBlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
  private final Map<Integer, Long> sendWindows = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private final String name;

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

  private TesterPeer(Socket socket, Transcript transcript, long seed, String name)
      throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
    this.transcript = transcript;
    this.seed = seed;
    this.name = name;
    String suffix = name.equals(DEFAULT_NAME) ? "" : "/" + name;
    this.identity = AgentKeyPair.fromSeed(derive("tester-identity" + suffix));
    this.noiseStatic = Curve25519KeyPair.fromPrivate(derive("tester-static" + suffix));
    this.confirmationPing = java.util.Arrays.copyOf(derive("tester-confirmation" + suffix), 8);
    socket.setTcpNoDelay(true);
  }

  /** The name of the tester peer of RTT scenarios; CIP scenarios name several. */
  public static final String DEFAULT_NAME = "tester";

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
    return new TesterPeer(s, transcript, seed, name);
  }

  /** Wraps a connection the implementation opened to the tester (the tester is the responder). */
  static TesterPeer accepted(Socket socket, Transcript transcript, long seed, String name)
      throws IOException {
    transcript.note(name + ": TCP accepted from " + socket.getRemoteSocketAddress());
    return new TesterPeer(socket, transcript, seed, name);
  }

  /** The identity a named tester peer has in a run with this seed. */
  public static AgentKeyPair identityOf(String name, long seed) {
    String suffix = name.equals(DEFAULT_NAME) ? "" : "/" + name;
    try {
      return AgentKeyPair.fromSeed(
          MessageDigest.getInstance("SHA-256")
              .digest(
                  ("web4-conformance/tester-identity" + suffix + "/" + seed)
                      .getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String name() {
    return name;
  }

  public AgentKeyPair identity() {
    return identity;
  }

  public byte[] noiseStaticPublic() {
    return noiseStatic.publicKey();
  }

  /** The implementation's identity payload, once its handshake message carrying it was read. */
  public Optional<byte[]> peerPayload() {
    return Optional.ofNullable(peerPayload == null ? null : peerPayload.clone());
  }

  /** The implementation's Noise static key, once known. */
  public Optional<byte[]> peerStatic() {
    return Optional.ofNullable(peerStatic == null ? null : peerStatic.clone());
  }

  public boolean established() {
    return sendCipher != null;
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
    sendMessage1(new byte[0]);
    Optional<byte[]> m2 = readHandshakeMessage(RttLimits.HANDSHAKE_TIMEOUT);
    if (m2.isEmpty()) {
      throw new IOException("the implementation closed the connection instead of message 2");
    }
    readMessage2(m2.get());
    sendMessage3(validPayload());
    confirm();
  }

  /**
   * Initiator, after message 3: the implementation's first frame must be the PING of RTT-HS-007
   * (channel 0, flags 0, an 8-byte body, sequence 0); the tester answers it with its PONG, so that
   * what follows starts from a known state. Waits at most the PONG time of RTT-HB-002.
   *
   * @throws IOException naming RTT-HS-007 when the first frame is anything else or does not come
   */
  public RawFrame confirm() throws IOException {
    Received r;
    try {
      r = next(RttLimits.PONG_WITHIN);
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
        hs.writeMessage(payload), "handshake message 1, payload " + payload.length + " bytes");
  }

  /** Initiator: processes message 2 and keeps the implementation's payload. */
  public void readMessage2(byte[] message) throws NoiseException {
    HandshakeState hs = requireHandshake();
    peerPayload = hs.readMessage(message);
    peerStatic = hs.remoteStaticKey();
    transcript.received(
        "handshake message 2, payload " + new String(peerPayload, StandardCharsets.UTF_8));
  }

  /** Initiator: message 3 with this payload; the transport starts. */
  public void sendMessage3(byte[] payload) throws IOException, NoiseException {
    HandshakeState hs = requireHandshake();
    writeHandshake(
        hs.writeMessage(payload),
        "handshake message 3, payload " + new String(payload, StandardCharsets.UTF_8));
    startTransport(hs);
  }

  /** Initiator: message 3 with this payload, with one bit of its last byte (the tag) flipped. */
  public void sendCorruptedMessage3(byte[] payload) throws IOException, NoiseException {
    HandshakeState hs = requireHandshake();
    byte[] m = hs.writeMessage(payload);
    m[m.length - 1] ^= 0x01;
    writeHandshake(m, "handshake message 3 with a corrupted authentication tag");
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
        hs.writeMessage(payload),
        "handshake message 2, payload " + new String(payload, StandardCharsets.UTF_8));
    Optional<byte[]> m3 = readHandshakeMessage(RttLimits.HANDSHAKE_TIMEOUT);
    if (m3.isEmpty()) {
      return false;
    }
    peerPayload = hs.readMessage(m3.get());
    peerStatic = hs.remoteStaticKey();
    transcript.received(
        "handshake message 3, payload " + new String(peerPayload, StandardCharsets.UTF_8));
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
        transcript.note(name + ": closes the connection instead of a first frame");
        close();
      }
      case NOTHING -> {
        startTransport(hs);
        transcript.note(name + ": sends no first frame");
      }
    }
    return true;
  }

  /** The sequence number the tester's next frame gets. */
  public synchronized long nextSequence() {
    return nextSendSeq;
  }

  /** A handshake message, or empty when the connection ended first. */
  public Optional<byte[]> readHandshakeMessage(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    try {
      int hi = in.read();
      if (hi < 0) {
        transcript.received("(connection closed)");
        return Optional.empty();
      }
      int lo = in.read();
      if (lo < 0) {
        transcript.received("(connection closed inside a length prefix)");
        return Optional.empty();
      }
      byte[] m = new byte[(hi << 8) | lo];
      in.readFully(m);
      return Optional.of(m);
    } catch (EOFException e) {
      transcript.received("(connection closed inside a message)");
      return Optional.empty();
    } catch (SocketTimeoutException e) {
      throw new IOException("no handshake message within " + timeout.toSeconds() + " s", e);
    } catch (IOException e) {
      transcript.received("(connection reset: " + e.getMessage() + ")");
      return Optional.empty();
    }
  }

  private void writeHandshake(byte[] message, String description) throws IOException {
    transcript.sent(description);
    writePrefixed(message);
  }

  private HandshakeState newHandshake(HandshakeState.Role role) {
    return new HandshakeState(
        NoiseProtocol.RTT,
        role,
        RttHandshake.PROLOGUE,
        noiseStatic,
        null, // a fresh ephemeral key: the implementation's is random anyway
        null,
        new SecureRandom());
  }

  private HandshakeState requireHandshake() {
    HandshakeState hs = handshake;
    if (hs == null) {
      throw new IllegalStateException("no handshake in progress");
    }
    return hs;
  }

  private void startTransport(HandshakeState hs) {
    sendCipher = hs.result().sender();
    receiveCipher = hs.result().receiver();
    for (int id = 0; id < 3; id++) {
      sendWindows.put(id, RttLimits.WINDOW);
    }
    transcript.note("handshake complete; transport keys in use");
    Thread t = new Thread(this::readLoop, "rtt-tester-reader");
    t.setDaemon(true);
    t.start();
  }

  // ---------------------------------------------------------------------------------------------
  // Sending

  /** Raw bytes on the TCP connection, outside any framing. */
  public synchronized void sendRaw(byte[] bytes, String description) throws IOException {
    transcript.sent("raw bytes: " + description);
    out.write(bytes);
    out.flush();
  }

  /** Ends the tester's sending side (TCP FIN). */
  public void finishSending() throws IOException {
    transcript.sent("(FIN)");
    socket.shutdownOutput();
  }

  /** A well-formed frame with the next sequence number. */
  public synchronized long sendFrame(FrameType type, int flags, int channel, byte[] body)
      throws IOException {
    return sendFrame(type.code(), flags, channel, nextSendSeq, body);
  }

  /** A frame with any header values; the tester's own sequence counter moves on by one. */
  public synchronized long sendFrame(int type, int flags, int channel, long sequence, byte[] body)
      throws IOException {
    byte[] plaintext = RawFrame.encode(type, flags, channel, sequence, body);
    RawFrame shown = RawFrame.decode(plaintext).orElseThrow();
    transcript.sent(shown.describe());
    sendPlaintext(plaintext);
    if (type == FrameType.DATA.code()) {
      sendWindows.merge(channel, -(long) body.length, Long::sum);
    }
    return sequence;
  }

  /** Any plaintext as one transport message (e.g. shorter than a header). */
  public synchronized void sendPlaintext(byte[] plaintext) throws IOException {
    CipherState c = requireTransport(sendCipher);
    try {
      writePrefixed(c.encryptWithAd(new byte[0], plaintext));
    } catch (NoiseException e) {
      throw new IOException(e.getMessage(), e);
    }
    nextSendSeq++;
  }

  /** A frame whose transport message fails authentication (one bit of the tag flipped). */
  public synchronized void sendCorruptedFrame(FrameType type, int channel, byte[] body)
      throws IOException {
    CipherState c = requireTransport(sendCipher);
    byte[] plaintext = RawFrame.encode(type.code(), 0, channel, nextSendSeq, body);
    transcript.sent(
        RawFrame.decode(plaintext).orElseThrow().describe() + " (authentication tag corrupted)");
    try {
      byte[] m = c.encryptWithAd(new byte[0], plaintext);
      m[m.length - 1] ^= 0x01;
      writePrefixed(m);
    } catch (NoiseException e) {
      throw new IOException(e.getMessage(), e);
    }
    nextSendSeq++;
  }

  /**
   * One message as DATA fragments of at most {@code fragment} bytes, the last with FIN (unless
   * {@code finish} is false); returns the sequence number of the last fragment.
   */
  public synchronized long sendMessage(int channel, byte[] message, int fragment, boolean finish)
      throws IOException {
    long last = -1;
    int at = 0;
    do {
      int n = Math.min(fragment, message.length - at);
      byte[] body = java.util.Arrays.copyOfRange(message, at, at + n);
      at += n;
      boolean fin = finish && at == message.length;
      last = sendFrame(FrameType.DATA, fin ? 0x01 : 0, channel, body);
    } while (at < message.length);
    return last;
  }

  /** The bytes the tester may still send on a channel, as far as it has seen CREDIT. */
  public long sendWindow(int channel) {
    return sendWindows.getOrDefault(channel, 0L);
  }

  /** A channel the tester opened was acknowledged: it starts with a full window. */
  public void channelOpened(int channel) {
    sendWindows.put(channel, RttLimits.WINDOW);
  }

  private void writePrefixed(byte[] message) throws IOException {
    byte[] buf = new byte[2 + message.length];
    buf[0] = (byte) (message.length >>> 8);
    buf[1] = (byte) message.length;
    System.arraycopy(message, 0, buf, 2, message.length);
    synchronized (this) {
      out.write(buf);
      out.flush();
    }
  }

  private static CipherState requireTransport(@Nullable CipherState c) {
    if (c == null) {
      throw new IllegalStateException("the handshake has not completed");
    }
    return c;
  }

  // ---------------------------------------------------------------------------------------------
  // Receiving

  /** The next thing the implementation did, waiting at most {@code timeout}. */
  public Received next(Duration timeout) throws InterruptedException {
    Received r = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    return r == null ? new Received(Received.Kind.TIMEOUT, null, "nothing within " + timeout) : r;
  }

  /** Puts back a received item to be taken first (used by lookahead). */
  void pushBack(Received r) {
    // LinkedBlockingQueue has no addFirst: rebuild the queue in order.
    java.util.List<Received> rest = new java.util.ArrayList<>();
    inbox.drainTo(rest);
    inbox.add(r);
    inbox.addAll(rest);
  }

  /**
   * Before the transport exists (a refused handshake): whether the implementation ends the
   * connection within {@code timeout} without sending anything more.
   */
  public Received awaitEndOfHandshake(Duration timeout) throws IOException {
    socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
    try {
      int b = in.read();
      if (b < 0) {
        transcript.received("(connection closed)");
        return new Received(Received.Kind.CLOSED, null, "FIN");
      }
      byte[] more = new byte[in.available()];
      int n = in.read(more);
      String detail =
          "bytes " + HexFormat.of().formatHex(new byte[] {(byte) b}) + " and " + n + " more";
      transcript.received("(unexpected " + detail + ")");
      return new Received(Received.Kind.UNREADABLE, null, detail);
    } catch (SocketTimeoutException e) {
      return new Received(Received.Kind.TIMEOUT, null, "nothing within " + timeout);
    } catch (IOException e) {
      transcript.received("(connection reset)");
      return new Received(Received.Kind.CLOSED, null, "reset: " + e.getMessage());
    }
  }

  private void readLoop() {
    CipherState c = requireTransport(receiveCipher);
    try {
      socket.setSoTimeout(0);
      while (!closed) {
        int hi = in.read();
        if (hi < 0) {
          transcript.received("(connection closed)");
          inbox.add(new Received(Received.Kind.CLOSED, null, "FIN"));
          return;
        }
        int lo = in.read();
        if (lo < 0) {
          transcript.received("(connection closed inside a length prefix)");
          inbox.add(new Received(Received.Kind.CLOSED, null, "FIN inside a length prefix"));
          return;
        }
        byte[] m = new byte[(hi << 8) | lo];
        in.readFully(m);
        byte[] plain;
        try {
          plain = c.decryptWithAd(new byte[0], m);
        } catch (NoiseException e) {
          transcript.received("(a transport message that does not authenticate)");
          inbox.add(new Received(Received.Kind.UNREADABLE, null, "does not authenticate"));
          return;
        }
        Optional<RawFrame> f = RawFrame.decode(plain);
        if (f.isEmpty()) {
          transcript.received("(a plaintext of " + plain.length + " bytes: shorter than a header)");
          inbox.add(
              new Received(Received.Kind.UNREADABLE, null, "plaintext shorter than a header"));
          continue;
        }
        RawFrame frame = f.get();
        transcript.received(frame.describe());
        if (frame.is(FrameType.CREDIT) && frame.bodyUint32() > 0) {
          sendWindows.merge(frame.channel(), frame.bodyUint32(), Long::sum);
        }
        inbox.add(new Received(Received.Kind.FRAME, frame, ""));
      }
    } catch (IOException e) {
      if (!closed) {
        transcript.received("(connection ended: " + e.getMessage() + ")");
        inbox.add(new Received(Received.Kind.CLOSED, null, "reset: " + e.getMessage()));
      }
    }
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

  /** SHA-256("web4-conformance/" + label + "/" + seed): the tester's keys follow from the seed. */
  private byte[] derive(String label) {
    try {
      return MessageDigest.getInstance("SHA-256")
          .digest(("web4-conformance/" + label + "/" + seed).getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] uint32(long value) {
    return ByteBuffer.allocate(4).putInt((int) value).array();
  }
}
