package org.web4.rtt.handshake;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.Socket;
import java.net.SocketAddress;
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
import org.web4.rtt.resume.ResumeFormatException;
import org.web4.rtt.resume.ResumeRequest;
import org.web4.rtt.resume.Resumption;
import org.web4.rtt.resume.SessionKeys;

/**
 * The RTT handshake (spec/rtt.md §3): {@code Noise_XX_25519_AESGCM_SHA256} with the prologue {@code
 * web4-rtt/1.0}; message 1 has an empty payload, messages 2 and 3 carry the responder's and the
 * initiator's {@link IdentityPayload}.
 *
 * <p>It is a state machine that never touches a socket: the transport hands it each Noise message
 * that arrives ({@link Steps#onMessage}) and does what the returned {@link Step} says, so one event
 * loop can run many handshakes at once (docs/adr/1104).
 *
 * <p>Refusals [RTT-HS-004, RTT-HS-005]: the initiator refuses the responder by closing the TCP
 * connection instead of sending message 3; the responder, which holds the transport keys once it
 * has read message 3, refuses the initiator with one ERROR frame (code HANDSHAKE, sequence 0) and
 * closes.
 *
 * <p>Confirmation [RTT-HS-007, RTT-HS-008]: a responder that accepts sends a PING as its frame 0
 * (the connection does); the initiator's handshake is complete only when the responder's first
 * transport frame has arrived and is not an ERROR, so the initiator's steps read that frame and
 * hand it to the connection.
 */
public final class RttHandshake {
  /** The prologue: the 12 ASCII bytes {@code web4-rtt/1.0} [RTT-HS-001]. */
  public static final byte[] PROLOGUE = "web4-rtt/1.0".getBytes(StandardCharsets.US_ASCII);

  /** Who this side is. */
  public record LocalIdentity(
      String agentId, AgentKeyPair identity, Curve25519KeyPair noiseStatic, RttLimits limits) {

    /** An identity with new keys (Ed25519 identity, X25519 static) and the default limits. */
    public static LocalIdentity generate(String agentId, SecureRandom random) {
      return new LocalIdentity(
          agentId,
          AgentKeyPair.generate(random),
          Curve25519KeyPair.generate(random),
          RttLimits.DEFAULT);
    }
  }

  /** A finished handshake: the authenticated peer and the transport cipher states. */
  public static final class Established {
    private final IdentityPayload.PeerIdentity peer;
    private final HandshakeResult result;
    private final @Nullable Frame firstFrame;
    private final @Nullable Resumption resumption;

    Established(
        IdentityPayload.PeerIdentity peer,
        HandshakeResult result,
        @Nullable Frame firstFrame,
        @Nullable Resumption resumption) {
      this.peer = peer;
      this.result = result;
      this.firstFrame = firstFrame;
      this.resumption = resumption;
    }

    /**
     * The RTT 1.1 session keys and resume request of a resumable connection (both payloads listed
     * {@code "1.1"}, docs/drafts/rtt-resume.md); empty on an RTT 1.0 connection [RTT-RES-001].
     */
    public Optional<Resumption> resumption() {
      return Optional.ofNullable(resumption);
    }

    /**
     * The initiator's view: the responder's first transport frame, already decrypted (it confirmed
     * the handshake, RTT-HS-008); the connection handles it before anything else. Empty for a
     * responder.
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

  /** What the transport does after a handshake step. */
  public sealed interface Step {
    /** Send this Noise message, then wait for the peer's next one. */
    @SuppressWarnings("ArrayRecordComponent") // handed to the transport once, never compared
    record Send(byte[] message) implements Step {}

    /** The handshake completed: start the connection. */
    record Done(Established established) implements Step {}

    /**
     * The handshake failed: send {@code lastMessage} when there is one (a closing ERROR frame),
     * then close the connection.
     */
    @SuppressWarnings("ArrayRecordComponent") // handed to the transport once, never compared
    record Refuse(byte @Nullable [] lastMessage, RttHandshakeException failure) implements Step {}
  }

  /** One side's handshake, fed one Noise message at a time. Not thread-safe: one caller. */
  public interface Steps {
    /** Handles the peer's next Noise message. */
    Step onMessage(byte[] message);

    /**
     * The connection ended (the peer closed it) before the handshake completed.
     *
     * @return why, for the party that waits for the handshake
     */
    RttHandshakeException ended();
  }

  /**
   * The resume request a session dialer sends in message 3 (docs/drafts/rtt-resume.md §4.1): asked
   * once message 2 was read, with the responder's identity and {@code h2}; null sends none.
   */
  @FunctionalInterface
  public interface ResumeSource {
    @Nullable ResumeRequest request(IdentityPayload.PeerIdentity responder, byte[] h2);
  }

  /** The ERROR flag "the sender closes after this frame" (spec/rtt.md §4.3). */
  private static final int CLOSING_FLAG = 0x01;

  private final LocalIdentity local;
  private final SecureRandom random;
  private final Clock clock;
  private final RttEvent.Sink events;
  private final boolean checkBinding;

  /** Deviation.RESUME_SKIPS_CHECK_13 (testing the kit only): a malformed request is ignored. */
  private final boolean skipCheck13;

  /** Whether this side lists "1.1" (RTT 1.1 session resume, off by default) [RTT-RES-001]. */
  private boolean offerResume;

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
    this.skipCheck13 = deviations.contains(Deviation.RESUME_SKIPS_CHECK_13);
    this.local = local;
    this.random = random;
    this.clock = clock;
    this.events = events;
  }

  /**
   * Lists {@code "1.1"} in this side's payload (docs/drafts/rtt-resume.md §2.1): a connection where
   * the peer lists it too is resumable. Off unless called.
   */
  public RttHandshake offeringResume(boolean offer) {
    this.offerResume = offer;
    return this;
  }

  /** The initiator's side, sending the request {@code resume} gives when the peer lists "1.1". */
  public Initiator initiator(
      String label, Optional<String> expectedFingerprint, ResumeSource resume) {
    Initiator i = new Initiator(label, expectedFingerprint);
    i.resume = resume;
    return i;
  }

  /**
   * The initiator's side [RTT-HS-002], refusing a responder whose identity is not {@code
   * expectedFingerprint} when one is given [RTT-HS-004]. {@link Initiator#firstMessage} starts it.
   */
  public Initiator initiator(String label, Optional<String> expectedFingerprint) {
    return new Initiator(label, expectedFingerprint);
  }

  /** The responder's side; the initiator's message 1 starts it. */
  public Steps responder(String label) {
    return new Responder(label);
  }

  /** The initiator: message 1, then message 2 → message 3, then the responder's frame 0. */
  public final class Initiator implements Steps {
    private final String label;
    private final Optional<String> expectedFingerprint;
    private final HandshakeState hs = newState(HandshakeState.Role.INITIATOR);
    private @Nullable String peerFingerprint;
    private IdentityPayload.@Nullable PeerIdentity peer;
    private int received;
    private @Nullable ResumeSource resume;
    private boolean peerOffersResume;
    private byte @Nullable [] h2;
    private @Nullable ResumeRequest sentRequest;

    private Initiator(String label, Optional<String> expectedFingerprint) {
      this.label = label;
      this.expectedFingerprint = expectedFingerprint;
    }

    /** Message 1 (an empty payload), sent when the TCP connection is up. */
    public byte[] firstMessage() throws NoiseException {
      byte[] message = hs.writeMessage(new byte[0]);
      emit(label, "rtt.handshake.message_sent", Map.of("message", 1));
      return message;
    }

    @Override
    public Step onMessage(byte[] message) {
      received++;
      try {
        if (received == 1) {
          byte[] payload = hs.readMessage(message);
          emit(label, "rtt.handshake.message_received", Map.of("message", 2));
          IdentityPayload.Verified v =
              IdentityPayload.verify(
                  payload, remoteStatic(hs), expectedFingerprint, checkBinding, false);
          IdentityPayload.PeerIdentity verified = v.peer();
          peerFingerprint = verified.key().fingerprint();
          peer = verified;
          peerOffersResume = offerResume && v.offersResume();
          byte[] hash = hs.handshakeHash(); // h2 [draft §4.1]
          h2 = hash;
          ResumeSource source = resume;
          // [RTT-RES-004] resume only to a responder that listed "1.1"
          sentRequest = peerOffersResume && source != null ? source.request(verified, hash) : null;
          ResumeRequest request = sentRequest;
          byte[] third = hs.writeMessage(ownPayload(request == null ? null : request.toJson()));
          emit(label, "rtt.handshake.message_sent", Map.of("message", 3));
          return new Step.Send(third);
        }
        return confirmation(message);
      } catch (NoiseException e) {
        return refuse(label, null, RttHandshakeException.Reason.NOISE, e, peerFingerprint);
      } catch (RttHandshakeException e) {
        return refuse(label, null, e.reason(), e, peerFingerprint);
      }
    }

    /**
     * The responder's first transport frame [RTT-HS-008]: an ERROR means it refused this initiator;
     * anything else confirms the handshake. A message that does not authenticate or is not a frame
     * is refused as on an open connection (closing ERROR FRAME, RTT-ERR-001).
     */
    private Step confirmation(byte[] message) throws NoiseException, RttHandshakeException {
      HandshakeResult result = hs.result();
      byte[] plain;
      try {
        plain = result.receiver().decryptWithAd(new byte[0], message);
      } catch (NoiseException e) {
        return refuse(
            label,
            closingError(
                result.sender(),
                ErrorCode.FRAME,
                null,
                "a transport message failed" + " authentication"),
            RttHandshakeException.Reason.FRAME,
            new RttHandshakeException(
                RttHandshakeException.Reason.FRAME,
                "the responder's first message does not authenticate"),
            peerFingerprint);
      }
      Frame first;
      try {
        first = FrameCodec.decode(plain);
      } catch (FrameException e) {
        Long seq =
            plain.length >= Frame.HEADER_SIZE
                ? ByteBuffer.wrap(plain, 4, 4).getInt() & 0xFFFF_FFFFL
                : null;
        return refuse(
            label,
            closingError(result.sender(), ErrorCode.FRAME, seq, String.valueOf(e.getMessage())),
            RttHandshakeException.Reason.FRAME,
            new RttHandshakeException(
                RttHandshakeException.Reason.FRAME,
                "the responder's first frame: " + e.getMessage()),
            peerFingerprint);
      }
      if (first.type() == FrameType.ERROR) {
        // [RTT-ERR-004] nothing more is sent: the connection is closed.
        String why =
            ErrorBody.decode(first.body()).map(b -> b.code() + ": " + b.text()).orElse("an ERROR");
        throw new RttHandshakeException(
            RttHandshakeException.Reason.REFUSED_BY_PEER, "the responder refused: " + why);
      }
      IdentityPayload.PeerIdentity confirmed = peer;
      if (confirmed == null) {
        throw new IllegalStateException("frame 0 before message 2");
      }
      byte[] hash = h2;
      Resumption resumption =
          peerOffersResume && hash != null
              ? new Resumption(sessionKeys(result), hash, sentRequest)
              : null;
      return new Step.Done(
          completed(label, confirmed, result, HandshakeState.Role.INITIATOR, first, resumption));
    }

    @Override
    public RttHandshakeException ended() {
      if (received == 1) {
        RttHandshakeException e =
            new RttHandshakeException(
                RttHandshakeException.Reason.NO_CONFIRMATION,
                "the connection ended before the responder's first frame");
        refuse(label, null, e.reason(), e, peerFingerprint);
        return e;
      }
      return new RttHandshakeException(
          RttHandshakeException.Reason.NOISE, "the peer closed the connection in the handshake");
    }
  }

  /** The responder: message 1 → message 2, then message 3 completes (or refuses). */
  private final class Responder implements Steps {
    private final String label;
    private final HandshakeState hs = newState(HandshakeState.Role.RESPONDER);
    private int received;

    private Responder(String label) {
      this.label = label;
    }

    @Override
    public Step onMessage(byte[] message) {
      received++;
      try {
        if (received == 1) {
          byte[] first = hs.readMessage(message);
          emit(label, "rtt.handshake.message_received", Map.of("message", 1));
          if (first.length != 0) {
            throw new RttHandshakeException(
                RttHandshakeException.Reason.MALFORMED, "message 1 must have an empty payload");
          }
          byte[] second = hs.writeMessage(ownPayload(null));
          emit(label, "rtt.handshake.message_sent", Map.of("message", 2));
          return new Step.Send(second);
        }
        byte[] h2 = hs.handshakeHash(); // [draft §4.1] what the binder covers
        byte[] payload = hs.readMessage(message);
        emit(label, "rtt.handshake.message_received", Map.of("message", 3));
        IdentityPayload.PeerIdentity peer;
        Resumption resumption = null;
        try {
          // check 3 allows "resume" when this side listed "1.1" [draft §4.1]
          IdentityPayload.Verified v =
              IdentityPayload.verify(
                  payload, remoteStatic(hs), Optional.empty(), checkBinding, offerResume);
          peer = v.peer();
          JsonNode resume = v.resume();
          ResumeRequest request = null;
          if (resume != null) {
            try {
              request = ResumeRequest.parse(resume); // [RTT-RES-005] check 13
            } catch (ResumeFormatException e) {
              // Deviation.RESUME_SKIPS_CHECK_13: as if no request came
              if (!skipCheck13) {
                throw new RttHandshakeException(
                    RttHandshakeException.Reason.MALFORMED,
                    "resume fails check 13: " + e.getMessage());
              }
            }
          }
          if (offerResume && v.offersResume()) {
            resumption = new Resumption(sessionKeys(hs.result()), h2, request);
          } else if (request != null) {
            // a "resume" from an initiator that did not list "1.1" itself
            throw new RttHandshakeException(
                RttHandshakeException.Reason.MALFORMED, "resume without \"1.1\" in rtt");
          }
        } catch (RttHandshakeException e) {
          // [RTT-HS-005] frame null, msg_id null, closing
          byte[] error =
              closingError(
                  hs.result().sender(), ErrorCode.HANDSHAKE, null, String.valueOf(e.getMessage()));
          return refuse(label, error, e.reason(), e, null);
        }
        return new Step.Done(
            completed(label, peer, hs.result(), HandshakeState.Role.RESPONDER, null, resumption));
      } catch (NoiseException e) {
        return refuse(label, null, RttHandshakeException.Reason.NOISE, e, null);
      } catch (RttHandshakeException e) {
        return refuse(label, null, e.reason(), e, null);
      }
    }

    @Override
    public RttHandshakeException ended() {
      return new RttHandshakeException(
          RttHandshakeException.Reason.NOISE, "the peer closed the connection in the handshake");
    }
  }

  private HandshakeState newState(HandshakeState.Role role) {
    return new HandshakeState(
        NoiseProtocol.RTT, role, PROLOGUE, local.noiseStatic(), null, null, random);
  }

  private byte[] ownPayload(@Nullable JsonNode resume) {
    return IdentityPayload.create(
        local.agentId(),
        local.identity(),
        local.noiseStatic().publicKey(),
        local.limits(),
        offerResume,
        resume);
  }

  /** [RTT-RES-002] the session keys, then the chaining key is wiped (ADR 0401). */
  private static SessionKeys sessionKeys(HandshakeResult result) {
    SessionKeys keys = SessionKeys.derive(result.chainingKey(), result.handshakeHash());
    result.wipeChainingKey();
    return keys;
  }

  private Established completed(
      String label,
      IdentityPayload.PeerIdentity peer,
      HandshakeResult result,
      HandshakeState.Role role,
      @Nullable Frame firstFrame,
      @Nullable Resumption resumption) {
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
    if (resumption == null) {
      result.wipeChainingKey(); // an RTT 1.0 connection has no use for it
    }
    return new Established(peer, result, firstFrame, resumption);
  }

  /**
   * One closing ERROR on channel 0 as transport frame 0, encrypted; the transport sends it, then
   * FIN [RTT-ERR-001, RTT-HS-005]. Null when it cannot be encrypted: the refusal stands without it.
   * Also the refusal of a handshake that completes beyond the cap of established connections
   * [RTT-LIM-010].
   */
  public static byte @Nullable [] closingError(
      CipherState sender, ErrorCode code, @Nullable Long frame, String text) {
    byte[] body = new ErrorBody(code.name(), frame, null, text).encode();
    try {
      return sender.encryptWithAd(
          new byte[0], FrameCodec.encode(new Frame(FrameType.ERROR, CLOSING_FLAG, 0, 0, body)));
    } catch (NoiseException e) {
      return null;
    }
  }

  private Step.Refuse refuse(
      String label,
      byte @Nullable [] lastMessage,
      RttHandshakeException.Reason reason,
      Exception cause,
      @Nullable String peerFingerprint) {
    String message = String.valueOf(cause.getMessage());
    Map<String, Object> attributes = new java.util.HashMap<>();
    attributes.put("reason", reason.name());
    attributes.put("text", message);
    if (peerFingerprint != null) {
      attributes.put("peer_fingerprint", peerFingerprint);
    }
    emit(label, "rtt.handshake.failed", attributes);
    return new Step.Refuse(lastMessage, new RttHandshakeException(reason, message));
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
    return label(socket.getLocalSocketAddress(), socket.getRemoteSocketAddress());
  }

  /** {@code local->remote}, the connection label of events. */
  public static String label(@Nullable SocketAddress local, @Nullable SocketAddress remote) {
    return local + "->" + remote;
  }
}
