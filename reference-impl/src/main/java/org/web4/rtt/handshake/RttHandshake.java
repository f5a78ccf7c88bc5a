package org.web4.rtt.handshake;

import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.ErrorCode;
import org.web4.rtt.Deviation;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameCodec;
import org.web4.rtt.frame.FrameException;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.noise.CipherState;
import org.web4.rtt.noise.Curve25519KeyPair;
import org.web4.rtt.noise.HandshakeResult;
import org.web4.rtt.noise.HandshakeState;
import org.web4.rtt.noise.NoiseException;
import org.web4.rtt.noise.NoiseProtocol;
import org.web4.rtt.wire.NoiseMessageStream;

/**
 * The RTT handshake over a TCP connection (spec/rtt.md §3): {@code Noise_XX_25519_AESGCM_SHA256}
 * with the prologue {@code web4-rtt/1.0}; message 1 has an empty payload, messages 2 and 3 carry
 * the responder's and the initiator's {@link IdentityPayload}.
 *
 * <p>Refusals [RTT-HS-004, RTT-HS-005]: the initiator refuses the responder by closing the TCP
 * connection instead of sending message 3; the responder, which holds the transport keys once it
 * has read message 3, refuses the initiator with one ERROR frame (code HANDSHAKE, sequence 0) and
 * closes.
 *
 * <p>Confirmation [RTT-HS-007, RTT-HS-008]: a responder that accepts sends a PING as its frame 0
 * (the connection does, {@link org.web4.rtt.session.RttConnection}); the initiator's handshake is
 * complete only when the responder's first transport frame has arrived and is not an ERROR, so
 * {@link #initiate} reads that frame and hands it to the connection.
 */
public final class RttHandshake {
  /** The prologue: the 12 ASCII bytes {@code web4-rtt/1.0} [RTT-HS-001]. */
  public static final byte[] PROLOGUE = "web4-rtt/1.0".getBytes(StandardCharsets.US_ASCII);

  /** Who this side is. */
  public record LocalIdentity(
      String agentId, AgentKeyPair identity, Curve25519KeyPair noiseStatic, RttLimits limits) {}

  /** A finished handshake: the authenticated peer and the transport cipher states. */
  public static final class Established {
    private final IdentityPayload.PeerIdentity peer;
    private final HandshakeResult result;
    private final @Nullable Frame firstFrame;

    Established(
        IdentityPayload.PeerIdentity peer, HandshakeResult result, @Nullable Frame firstFrame) {
      this.peer = peer;
      this.result = result;
      this.firstFrame = firstFrame;
    }

    /**
     * The initiator's view: the responder's first transport frame, already read and decrypted (it
     * confirmed the handshake, RTT-HS-008); the connection handles it before reading more. Empty
     * for a responder.
     */
    public Optional<Frame> firstFrame() {
      return Optional.ofNullable(firstFrame);
    }

    public IdentityPayload.PeerIdentity peer() {
      return peer;
    }

    public CipherState sender() {
      return result.sender();
    }

    public CipherState receiver() {
      return result.receiver();
    }

    public byte[] handshakeHash() {
      return result.handshakeHash();
    }
  }

  /** The ERROR flag "the sender closes after this frame" (spec/rtt.md §4.3). */
  private static final int CLOSING_FLAG = 0x01;

  private final LocalIdentity local;
  private final SecureRandom random;
  private final Clock clock;
  private final RttEvent.Sink events;
  private final boolean checkBinding;

  public RttHandshake(LocalIdentity local, SecureRandom random, Clock clock, RttEvent.Sink events) {
    this(local, random, clock, events, Set.of());
  }

  /** With deliberate deviations from the spec (for testing the kit only, see {@link Deviation}). */
  public RttHandshake(
      LocalIdentity local,
      SecureRandom random,
      Clock clock,
      RttEvent.Sink events,
      Set<Deviation> deviations) {
    this.checkBinding = !deviations.contains(Deviation.SKIP_BINDING_CHECK);
    this.local = local;
    this.random = random;
    this.clock = clock;
    this.events = events;
  }

  /**
   * Runs the initiator's side, up to and including the responder's first transport frame
   * [RTT-HS-008]; on a refusal or failure the connection is closed.
   */
  public Established initiate(NoiseMessageStream io, Optional<String> expectedFingerprint)
      throws IOException, RttHandshakeException {
    String label = label(io.socket());
    HandshakeState hs = newState(HandshakeState.Role.INITIATOR);
    @Nullable String peerFingerprint = null;
    try {
      io.write(hs.writeMessage(new byte[0]));
      emit(label, "rtt.handshake.message_sent", Map.of("message", 1));
      byte[] payload = hs.readMessage(io.read());
      emit(label, "rtt.handshake.message_received", Map.of("message", 2));
      IdentityPayload.PeerIdentity peer =
          IdentityPayload.verify(payload, remoteStatic(hs), expectedFingerprint, checkBinding);
      peerFingerprint = peer.key().fingerprint();
      io.write(hs.writeMessage(ownPayload()));
      emit(label, "rtt.handshake.message_sent", Map.of("message", 3));
      HandshakeResult result = hs.result();
      Frame first = confirmation(io, result);
      return completed(label, peer, result, HandshakeState.Role.INITIATOR, first);
    } catch (NoiseException e) {
      throw refuse(
          io,
          label,
          RttHandshakeException.Reason.NOISE,
          String.valueOf(e.getMessage()),
          peerFingerprint);
    } catch (RttHandshakeException e) {
      throw refuse(io, label, e.reason(), String.valueOf(e.getMessage()), peerFingerprint);
    }
  }

  /**
   * The responder's first transport frame [RTT-HS-008]: an ERROR means it refused this initiator;
   * the end of the stream means it did not accept; anything else confirms the handshake. A message
   * that does not authenticate or is not a frame is refused as on an open connection (closing ERROR
   * FRAME, RTT-ERR-001) and the handshake failed.
   *
   * @throws IOException when this side closed the socket meanwhile (the handshake timeout, which
   *     reported the failure itself)
   */
  private static Frame confirmation(NoiseMessageStream io, HandshakeResult result)
      throws IOException, RttHandshakeException {
    byte[] message;
    try {
      message = io.read();
    } catch (IOException e) {
      if (io.socket().isClosed()) {
        throw e;
      }
      throw new RttHandshakeException(
          RttHandshakeException.Reason.NO_CONFIRMATION,
          "the connection ended before the responder's first frame: " + e.getMessage());
    }
    byte[] plain;
    try {
      plain = result.receiver().decryptWithAd(new byte[0], message);
    } catch (NoiseException e) {
      sendClosingError(
          io, result.sender(), ErrorCode.FRAME, null, "a transport message failed authentication");
      throw new RttHandshakeException(
          RttHandshakeException.Reason.FRAME,
          "the responder's first message does not authenticate");
    }
    Frame first;
    try {
      first = FrameCodec.decode(plain);
    } catch (FrameException e) {
      Long seq =
          plain.length >= Frame.HEADER_SIZE
              ? ByteBuffer.wrap(plain, 4, 4).getInt() & 0xFFFF_FFFFL
              : null;
      sendClosingError(io, result.sender(), ErrorCode.FRAME, seq, String.valueOf(e.getMessage()));
      throw new RttHandshakeException(
          RttHandshakeException.Reason.FRAME, "the responder's first frame: " + e.getMessage());
    }
    if (first.type() == FrameType.ERROR) {
      // [RTT-ERR-004] nothing more is sent: refuse() closes the connection.
      String why =
          ErrorBody.decode(first.body()).map(b -> b.code() + ": " + b.text()).orElse("an ERROR");
      throw new RttHandshakeException(
          RttHandshakeException.Reason.REFUSED_BY_PEER, "the responder refused: " + why);
    }
    return first;
  }

  /** Runs the responder's side; on a refusal the connection is closed. */
  public Established respond(NoiseMessageStream io) throws IOException, RttHandshakeException {
    String label = label(io.socket());
    HandshakeState hs = newState(HandshakeState.Role.RESPONDER);
    try {
      byte[] first = hs.readMessage(io.read());
      emit(label, "rtt.handshake.message_received", Map.of("message", 1));
      if (first.length != 0) {
        throw new RttHandshakeException(
            RttHandshakeException.Reason.MALFORMED, "message 1 must have an empty payload");
      }
      io.write(hs.writeMessage(ownPayload()));
      emit(label, "rtt.handshake.message_sent", Map.of("message", 2));
      byte[] payload = hs.readMessage(io.read());
      emit(label, "rtt.handshake.message_received", Map.of("message", 3));
      IdentityPayload.PeerIdentity peer;
      try {
        peer = IdentityPayload.verify(payload, remoteStatic(hs), Optional.empty(), checkBinding);
      } catch (RttHandshakeException e) {
        // [RTT-HS-005] frame null, msg_id null, closing
        sendClosingError(
            io, hs.result().sender(), ErrorCode.HANDSHAKE, null, String.valueOf(e.getMessage()));
        throw e;
      }
      return completed(label, peer, hs.result(), HandshakeState.Role.RESPONDER, null);
    } catch (NoiseException e) {
      throw refuse(
          io, label, RttHandshakeException.Reason.NOISE, String.valueOf(e.getMessage()), null);
    } catch (RttHandshakeException e) {
      throw refuse(io, label, e.reason(), String.valueOf(e.getMessage()), null);
    }
  }

  private HandshakeState newState(HandshakeState.Role role) {
    return new HandshakeState(
        NoiseProtocol.RTT, role, PROLOGUE, local.noiseStatic(), null, null, random);
  }

  private byte[] ownPayload() {
    return IdentityPayload.create(
        local.agentId(), local.identity(), local.noiseStatic().publicKey(), local.limits());
  }

  private Established completed(
      String label,
      IdentityPayload.PeerIdentity peer,
      HandshakeResult result,
      HandshakeState.Role role,
      @Nullable Frame firstFrame) {
    emit(
        label,
        "rtt.handshake.completed",
        Map.of(
            "peer_agent_id",
            peer.agentId(),
            "peer_fingerprint",
            peer.key().fingerprint(),
            "role",
            role.name().toLowerCase(java.util.Locale.ROOT)));
    return new Established(peer, result, firstFrame);
  }

  /** One closing ERROR on channel 0 as transport frame 0, then FIN [RTT-ERR-001, RTT-HS-005]. */
  private static void sendClosingError(
      NoiseMessageStream io,
      CipherState sender,
      ErrorCode code,
      @Nullable Long frame,
      String text) {
    byte[] body = new ErrorBody(code.name(), frame, null, text).encode();
    try {
      io.write(
          sender.encryptWithAd(
              new byte[0],
              FrameCodec.encode(new Frame(FrameType.ERROR, CLOSING_FLAG, 0, 0, body))));
      io.finishWriting();
    } catch (IOException | NoiseException ignored) {
      // The refusal stands whether or not the peer hears it.
    }
  }

  private RttHandshakeException refuse(
      NoiseMessageStream io,
      String label,
      RttHandshakeException.Reason reason,
      String message,
      @Nullable String peerFingerprint) {
    Map<String, Object> attributes = new java.util.HashMap<>();
    attributes.put("reason", reason.name());
    attributes.put("text", message);
    if (peerFingerprint != null) {
      attributes.put("peer_fingerprint", peerFingerprint);
    }
    emit(label, "rtt.handshake.failed", attributes);
    io.close();
    return new RttHandshakeException(reason, message);
  }

  private static byte[] remoteStatic(HandshakeState hs) throws RttHandshakeException {
    byte[] rs = hs.remoteStaticKey();
    if (rs == null) {
      throw new RttHandshakeException(
          RttHandshakeException.Reason.NOISE, "no remote static key after s was read");
    }
    return rs;
  }

  private void emit(String label, String kind, Map<String, Object> attributes) {
    events.accept(new RttEvent(clock.instant(), kind, label, attributes));
  }

  /** {@code local->remote}, the connection label of events. */
  public static String label(Socket socket) {
    return socket.getLocalSocketAddress() + "->" + socket.getRemoteSocketAddress();
  }
}
