package org.web4.rtt.handshake;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.ErrorCode;
import org.web4.rtt.Deviation;
import org.web4.rtt.RttEvent;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameCodec;
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

    Established(IdentityPayload.PeerIdentity peer, HandshakeResult result) {
      this.peer = peer;
      this.result = result;
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

  /** Runs the initiator's side; on a refusal the connection is closed. */
  public Established initiate(NoiseMessageStream io, Optional<String> expectedFingerprint)
      throws IOException, RttHandshakeException {
    String label = label(io.socket());
    HandshakeState hs = newState(HandshakeState.Role.INITIATOR);
    try {
      io.write(hs.writeMessage(new byte[0]));
      emit(label, "rtt.handshake.message_sent", Map.of("message", 1));
      byte[] payload = hs.readMessage(io.read());
      emit(label, "rtt.handshake.message_received", Map.of("message", 2));
      IdentityPayload.PeerIdentity peer =
          IdentityPayload.verify(payload, remoteStatic(hs), expectedFingerprint, checkBinding);
      io.write(hs.writeMessage(ownPayload()));
      emit(label, "rtt.handshake.message_sent", Map.of("message", 3));
      return completed(label, peer, hs.result(), HandshakeState.Role.INITIATOR);
    } catch (NoiseException e) {
      throw refuse(io, label, RttHandshakeException.Reason.NOISE, String.valueOf(e.getMessage()));
    } catch (RttHandshakeException e) {
      throw refuse(io, label, e.reason(), String.valueOf(e.getMessage()));
    }
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
        sendHandshakeError(io, hs.result().sender(), e);
        throw e;
      }
      return completed(label, peer, hs.result(), HandshakeState.Role.RESPONDER);
    } catch (NoiseException e) {
      throw refuse(io, label, RttHandshakeException.Reason.NOISE, String.valueOf(e.getMessage()));
    } catch (RttHandshakeException e) {
      throw refuse(io, label, e.reason(), String.valueOf(e.getMessage()));
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
      HandshakeState.Role role) {
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
    return new Established(peer, result);
  }

  private static void sendHandshakeError(
      NoiseMessageStream io, CipherState sender, RttHandshakeException e) {
    byte[] body =
        new ErrorBody(ErrorCode.HANDSHAKE.name(), null, null, String.valueOf(e.getMessage()))
            .encode();
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
      NoiseMessageStream io, String label, RttHandshakeException.Reason reason, String message) {
    emit(label, "rtt.handshake.failed", Map.of("reason", reason.name(), "text", message));
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
