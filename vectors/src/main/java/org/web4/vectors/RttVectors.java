package org.web4.vectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.ErrorCode;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameCodec;
import org.web4.rtt.frame.FrameException;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.handshake.IdentityPayload;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.handshake.RttHandshakeException;
import org.web4.rtt.noise.CipherState;
import org.web4.rtt.noise.Curve25519KeyPair;
import org.web4.rtt.noise.HandshakeState;
import org.web4.rtt.noise.NoiseException;
import org.web4.rtt.noise.NoiseProtocol;

/**
 * {@code rtt/rtt_handshake_test.json} (complete RTT handshakes with fixed keys, then transport
 * frames encrypted with the resulting cipher states) and {@code rtt/rtt_frame_test.json} (frame
 * plaintexts a receiver must accept or refuse), byte for byte (spec/rtt.md §3 and §4).
 *
 * <p>The handshakes are run with the reference's Noise code ({@link HandshakeState} with injected
 * ephemeral keys), identity payloads and frame codec; every expectation is checked while generating
 * and a disagreement stops the generator.
 */
final class RttVectors {
  static final String HANDSHAKE_PATH = "rtt/rtt_handshake_test.json";
  static final String FRAME_PATH = "rtt/rtt_frame_test.json";

  private static final HexFormat HEX = HexFormat.of();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final byte[] NO_AD = new byte[0];
  private static final int CLOSING = 0x01;

  private RttVectors() {}

  static List<VectorFile> build() {
    try {
      return List.of(handshakeFile(), frameFile());
    } catch (NoiseException | FrameException e) {
      throw new IllegalStateException("the reference refused its own RTT vectors", e);
    }
  }

  // ---------------------------------------------------------------- handshakes

  /** Which side's payload binds the wrong static key, if any. */
  private enum BadBinding {
    NONE,
    INITIATOR,
    RESPONDER
  }

  private record Case(
      String name,
      String comment,
      List<String> flags,
      List<String> requirements,
      int initiatorMaxChannels,
      int responderMaxChannels,
      BadBinding badBinding) {}

  /** One side of a handshake: its identity, its Noise keys and the payload it sends. */
  private static final class Party {
    final String agentId;
    final AgentKeyPair identity;
    final byte[] staticPrivate;
    final byte[] ephemeralPrivate;
    final byte @Nullable [] boundPrivate;
    final RttLimits limits;
    final byte[] payload;

    Party(
        String agentId,
        AgentKeyPair identity,
        byte[] staticPrivate,
        byte[] ephemeralPrivate,
        byte @Nullable [] boundPrivate,
        RttLimits limits,
        byte[] payload) {
      this.agentId = agentId;
      this.identity = identity;
      this.staticPrivate = staticPrivate;
      this.ephemeralPrivate = ephemeralPrivate;
      this.boundPrivate = boundPrivate;
      this.limits = limits;
      this.payload = payload;
    }

    Curve25519KeyPair staticKey() {
      return Curve25519KeyPair.fromPrivate(staticPrivate);
    }

    /** A fresh object each time: a finished handshake wipes the ephemeral key it was given. */
    Curve25519KeyPair ephemeralKey() {
      return Curve25519KeyPair.fromPrivate(ephemeralPrivate);
    }
  }

  private static VectorFile handshakeFile() throws NoiseException, FrameException {
    VectorFile file =
        new VectorFile(
            HANDSHAKE_PATH,
            "Web4-RTT-Handshake",
            "vectors/rtt_handshake_test.schema.json",
            List.of(
                "RTT handshakes (spec/rtt.md section 3) with fixed keys, then transport frames"
                    + " (section 4) encrypted with the cipher states they give, byte for byte.",
                "Noise_XX_25519_AESGCM_SHA256 (Noise revision 34) with the prologue web4-rtt/1.0."
                    + " Every X25519 private key is SHA-256(\"web4-kit/vectors/rtt/\" + role + \"/\""
                    + " + kind + \"/\" + case), kind being static, ephemeral or bound-static (the"
                    + " other static key a wrong binding signs); it is used as is (X25519 clamps"
                    + " it). The identity keys are the Ed25519 keys whose seed is"
                    + " SHA-256(\"web4-kit/vectors/key/\" + name).",
                "messages: payload is the plaintext payload, noise the Noise handshake message and"
                    + " wire the same preceded by its length in two bytes, big-endian"
                    + " (RTT-WIRE-001). handshakeHash is the Noise handshake hash h once message 3"
                    + " was written and read.",
                "frames, in order: from names the sender; nonce is the Noise counter of the"
                    + " sender's cipher state, from 0 in each direction; plaintext is the frame,"
                    + " ciphertext the transport message (AES-256-GCM, empty associated data) and"
                    + " wire the ciphertext with its length prefix. An established handshake starts"
                    + " with the responder's PING (its frame 0, the confirmation of spec/rtt.md"
                    + " RTT-HS-007) and the initiator's PONG; the frames after them exercise the"
                    + " codec and the cipher states and are not a conversation an endpoint must"
                    + " produce.",
                "outcome established: both sides accept. outcome refused: refusedBy refuses the"
                    + " peer's identity payload (reason names the check that fails) and the"
                    + " transcript ends as spec/rtt.md section 3.3 says: a refusing initiator sends"
                    + " no message 3; a refusing responder sends one closing ERROR frame, code"
                    + " HANDSHAKE, sequence 0 on channel 0."));
    file.note(
            "ValidHandshake",
            "Functionality",
            "A complete handshake both sides accept, and transport frames in both directions.")
        .note(
            "LimitsBoundary",
            "EdgeCase",
            "The identity payloads offer max_channels at its bounds, 3 and 1024.")
        .note(
            "BindingMismatch",
            "Authentication",
            "An identity payload whose binding signs another Noise static key than the one the"
                + " handshake authenticated; the peer must refuse it.");

    ObjectNode group = file.group("RttHandshake");
    group.put("protocol", NoiseProtocol.RTT.name());
    group.put("prologue", HEX.formatHex(RttHandshake.PROLOGUE));
    group.put("prologueText", new String(RttHandshake.PROLOGUE, StandardCharsets.US_ASCII));

    List<Case> cases =
        List.of(
            new Case(
                "established-64",
                "handshake with max_channels 64 on both sides, then frames in both directions",
                List.of("ValidHandshake"),
                List.of(
                    "RTT-WIRE-001",
                    "RTT-HS-001",
                    "RTT-HS-002",
                    "RTT-HS-007",
                    "RTT-FR-001",
                    "RTT-ERR-002"),
                64,
                64,
                BadBinding.NONE),
            new Case(
                "established-3-1024",
                "handshake with max_channels 3 (initiator) and 1024 (responder), then frames",
                List.of("ValidHandshake", "LimitsBoundary"),
                List.of(
                    "RTT-WIRE-001",
                    "RTT-HS-001",
                    "RTT-HS-002",
                    "RTT-HS-007",
                    "RTT-FR-001",
                    "RTT-ERR-002"),
                3,
                1024,
                BadBinding.NONE),
            new Case(
                "refused-initiator-binding",
                "the initiator's binding signs another static key: the responder refuses with one"
                    + " closing ERROR HANDSHAKE",
                List.of("BindingMismatch"),
                List.of("RTT-HS-001", "RTT-HS-002", "RTT-HS-005", "RTT-FR-001", "RTT-ERR-002"),
                64,
                64,
                BadBinding.INITIATOR),
            new Case(
                "refused-responder-binding",
                "the responder's binding signs another static key: the initiator refuses and sends"
                    + " no message 3",
                List.of("BindingMismatch"),
                List.of("RTT-HS-001", "RTT-HS-002", "RTT-HS-004"),
                64,
                64,
                BadBinding.RESPONDER));
    for (Case c : cases) {
      handshake(file, group, c);
    }
    return file;
  }

  private static void handshake(VectorFile file, ObjectNode group, Case c)
      throws NoiseException, FrameException {
    Party initiator =
        party(
            "initiator",
            "alice",
            c.name(),
            c.initiatorMaxChannels(),
            c.badBinding() == BadBinding.INITIATOR);
    Party responder =
        party(
            "responder",
            "bob",
            c.name(),
            c.responderMaxChannels(),
            c.badBinding() == BadBinding.RESPONDER);
    HandshakeState hi = state(HandshakeState.Role.INITIATOR, initiator);
    HandshakeState hr = state(HandshakeState.Role.RESPONDER, responder);

    ObjectNode fields = VectorFile.fields();
    fields.put("case", c.name());
    fields.set("initiator", party(initiator));
    fields.set("responder", party(responder));
    ArrayNode messages = fields.putArray("messages");

    byte[] m1 = hi.writeMessage(new byte[0]);
    same("message 1 payload", hr.readMessage(m1), new byte[0]);
    messages.add(message(1, "initiator", new byte[0], m1));
    byte[] m2 = hr.writeMessage(responder.payload);
    same("message 2 payload", hi.readMessage(m2), responder.payload);
    messages.add(message(2, "responder", responder.payload, m2));

    Optional<RttHandshakeException> initiatorRefuses = verdict(responder.payload, remoteStatic(hi));
    if (c.badBinding() == BadBinding.RESPONDER) {
      expectBinding(c, initiatorRefuses);
      fields.put("outcome", "refused");
      fields.put("refusedBy", "initiator");
      fields.put("reason", "BINDING");
      file.test(group, c.comment(), c.flags(), "invalid", c.requirements(), fields);
      return;
    }
    if (initiatorRefuses.isPresent()) {
      throw new IllegalStateException(c.name() + ": " + initiatorRefuses.get().getMessage());
    }

    byte[] m3 = hi.writeMessage(initiator.payload);
    same("message 3 payload", hr.readMessage(m3), initiator.payload);
    messages.add(message(3, "initiator", initiator.payload, m3));
    same("handshake hash", hi.result().handshakeHash(), hr.result().handshakeHash());
    fields.put("handshakeHash", HEX.formatHex(hi.result().handshakeHash()));

    Transport t =
        new Transport(
            hi.result().sender(),
            hi.result().receiver(),
            hr.result().sender(),
            hr.result().receiver(),
            fields.putArray("frames"));
    Optional<RttHandshakeException> responderRefuses = verdict(initiator.payload, remoteStatic(hr));
    if (c.badBinding() == BadBinding.INITIATOR) {
      RttHandshakeException e = expectBinding(c, responderRefuses);
      // exactly what the reference responder sends (RttHandshake.respond) [RTT-HS-005]
      byte[] body =
          new ErrorBody(ErrorCode.HANDSHAKE.name(), null, null, String.valueOf(e.getMessage()))
              .encode();
      t.responder(FrameType.ERROR, CLOSING, 0, body);
      fields.put("outcome", "refused");
      fields.put("refusedBy", "responder");
      fields.put("reason", "BINDING");
      fields.put("error", ErrorCode.HANDSHAKE.name());
      file.test(group, c.comment(), c.flags(), "invalid", c.requirements(), fields);
      return;
    }
    if (responderRefuses.isPresent()) {
      throw new IllegalStateException(c.name() + ": " + responderRefuses.get().getMessage());
    }

    byte[] ping = Arrays.copyOf(VectorKeys.sha256("web4-kit/vectors/rtt/ping/" + c.name()), 8);
    t.responder(FrameType.PING, 0, 0, ping); // [RTT-HS-007] the responder's confirmation
    t.initiator(FrameType.PONG, 0, 0, ping);
    String msgId = VectorKeys.msgId(1001).toString();
    ObjectNode text = NODES.objectNode();
    text.put("msg_id", msgId);
    text.put("text", "hello, bob");
    byte[] data = PrettyJson.compact(text);
    long dataSeq = t.initiator(FrameType.DATA, Frame.FLAG_FIN, 1, data);
    t.responder(FrameType.CREDIT, 0, 1, uint32(data.length));
    t.responder(
        FrameType.ERROR,
        0,
        1,
        new ErrorBody(
                ErrorCode.SIGNATURE_MISMATCH.name(),
                dataSeq,
                msgId,
                "the signature does not verify")
            .encode());
    t.initiator(FrameType.GOAWAY, 0, 0, uint32(t.receivedByInitiator));
    fields.put("outcome", "established");
    file.test(group, c.comment(), c.flags(), "valid", c.requirements(), fields);
  }

  private static Party party(
      String role, String agentId, String caseName, int maxChannels, boolean badBinding) {
    AgentKeyPair identity = VectorKeys.key(agentId);
    byte[] staticPrivate = noiseKey(role, "static", caseName);
    byte[] ephemeralPrivate = noiseKey(role, "ephemeral", caseName);
    byte[] boundPrivate = badBinding ? noiseKey(role, "bound-static", caseName) : null;
    byte[] signed = boundPrivate == null ? staticPrivate : boundPrivate;
    RttLimits limits = new RttLimits(maxChannels);
    byte[] payload =
        IdentityPayload.create(
            agentId, identity, Curve25519KeyPair.fromPrivate(signed).publicKey(), limits);
    return new Party(
        agentId, identity, staticPrivate, ephemeralPrivate, boundPrivate, limits, payload);
  }

  private static ObjectNode party(Party p) {
    ObjectNode o = NODES.objectNode();
    o.put("agent_id", p.agentId);
    o.put("identitySeed", HEX.formatHex(p.identity.seed()));
    o.put("identityPubkey", HEX.formatHex(p.identity.publicKey().raw()));
    o.put("staticPrivate", HEX.formatHex(p.staticPrivate));
    o.put("staticPublic", HEX.formatHex(p.staticKey().publicKey()));
    o.put("ephemeralPrivate", HEX.formatHex(p.ephemeralPrivate));
    o.put("ephemeralPublic", HEX.formatHex(p.ephemeralKey().publicKey()));
    byte[] bound = p.boundPrivate;
    if (bound != null) {
      o.put("boundStaticPrivate", HEX.formatHex(bound));
      o.put("boundStaticPublic", HEX.formatHex(Curve25519KeyPair.fromPrivate(bound).publicKey()));
    }
    o.put("maxChannels", p.limits.maxChannels());
    o.put("payload", HEX.formatHex(p.payload));
    o.put("payloadText", new String(p.payload, StandardCharsets.UTF_8));
    return o;
  }

  private static HandshakeState state(HandshakeState.Role role, Party p) {
    return new HandshakeState(
        NoiseProtocol.RTT,
        role,
        RttHandshake.PROLOGUE,
        p.staticKey(),
        p.ephemeralKey(),
        null,
        new SecureRandom());
  }

  private static ObjectNode message(int n, String from, byte[] payload, byte[] noise) {
    ObjectNode m = NODES.objectNode();
    m.put("message", n);
    m.put("from", from);
    m.put("payload", HEX.formatHex(payload));
    m.put("noise", HEX.formatHex(noise));
    m.put("wire", HEX.formatHex(withLength(noise)));
    return m;
  }

  /** The transport phase: both directions' cipher states and sequence numbers. */
  private static final class Transport {
    private final CipherState initiatorSends;
    private final CipherState initiatorReceives;
    private final CipherState responderSends;
    private final CipherState responderReceives;
    private final ArrayNode out;
    private long initiatorSeq;
    private long responderSeq;
    long receivedByInitiator;

    Transport(
        CipherState initiatorSends,
        CipherState initiatorReceives,
        CipherState responderSends,
        CipherState responderReceives,
        ArrayNode out) {
      this.initiatorSends = initiatorSends;
      this.initiatorReceives = initiatorReceives;
      this.responderSends = responderSends;
      this.responderReceives = responderReceives;
      this.out = out;
    }

    /** Sends a frame from the initiator; returns its sequence number. */
    long initiator(FrameType type, int flags, int channel, byte[] body)
        throws NoiseException, FrameException {
      long seq = initiatorSeq++;
      send(
          "initiator",
          new Frame(type, flags, channel, seq, body),
          initiatorSends,
          responderReceives);
      return seq;
    }

    long responder(FrameType type, int flags, int channel, byte[] body)
        throws NoiseException, FrameException {
      long seq = responderSeq++;
      send(
          "responder",
          new Frame(type, flags, channel, seq, body),
          responderSends,
          initiatorReceives);
      receivedByInitiator++;
      return seq;
    }

    private void send(String from, Frame frame, CipherState sender, CipherState receiver)
        throws NoiseException, FrameException {
      byte[] plaintext = FrameCodec.encode(frame);
      byte[] ciphertext = sender.encryptWithAd(NO_AD, plaintext);
      byte[] received = receiver.decryptWithAd(NO_AD, ciphertext);
      same("decrypted frame", received, plaintext);
      if (!FrameCodec.decode(received).equals(frame)) {
        throw new IllegalStateException("frame codec round trip: " + frame);
      }
      ObjectNode f = out.addObject();
      f.put("from", from);
      f.put("nonce", frame.sequence()); // one frame per transport message: nonce = sequence
      f.set("frame", frameFields(frame));
      f.put("plaintext", HEX.formatHex(plaintext));
      f.put("ciphertext", HEX.formatHex(ciphertext));
      f.put("wire", HEX.formatHex(withLength(ciphertext)));
    }
  }

  private static Optional<RttHandshakeException> verdict(byte[] payload, byte[] remoteStatic) {
    try {
      IdentityPayload.verify(payload, remoteStatic, Optional.empty());
      return Optional.empty();
    } catch (RttHandshakeException e) {
      return Optional.of(e);
    }
  }

  private static RttHandshakeException expectBinding(
      Case c, Optional<RttHandshakeException> refusal) {
    if (refusal.isEmpty() || refusal.get().reason() != RttHandshakeException.Reason.BINDING) {
      throw new IllegalStateException(
          c.name()
              + ": expected a BINDING refusal, got "
              + refusal.map(RttHandshakeException::reason));
    }
    return refusal.get();
  }

  private static byte[] remoteStatic(HandshakeState hs) {
    byte[] rs = hs.remoteStaticKey();
    if (rs == null) {
      throw new IllegalStateException("no remote static key after message 2");
    }
    return rs;
  }

  /** SHA-256("web4-kit/vectors/rtt/" + role + "/" + kind + "/" + case): an X25519 private key. */
  static byte[] noiseKey(String role, String kind, String caseName) {
    return VectorKeys.sha256("web4-kit/vectors/rtt/" + role + "/" + kind + "/" + caseName);
  }

  // ---------------------------------------------------------------- frame plaintexts

  private static VectorFile frameFile() throws FrameException {
    VectorFile file =
        new VectorFile(
            FRAME_PATH,
            "Web4-RTT-Frame",
            "vectors/rtt_frame_test.schema.json",
            List.of(
                "RTT frame plaintexts (spec/rtt.md section 4.1, Table 4 and the ERROR body of"
                    + " section 4.3), without encryption: plaintext is the decrypted transport"
                    + " message.",
                "A valid case is a well-formed frame: its fields are listed in frame, and encoding"
                    + " them gives plaintext. Whether a connection accepts it also depends on its"
                    + " state (the next sequence number, open channels, windows), which is not"
                    + " part of these cases.",
                "An invalid case is a plaintext that any receiver must refuse, whatever its state,"
                    + " with a closing ERROR with code error (RTT-FR-003, RTT-FR-005,"
                    + " RTT-FLOW-003, RTT-ERR-001)."));
    file.note("ValidFrame", "Functionality", "A well-formed frame of one of the types of Table 4.")
        .note(
            "BoundaryValue",
            "EdgeCase",
            "A field at its bound: sequence 2^32-1, channel 65535, an empty DATA body, a 64-byte"
                + " channel name, the largest CREDIT.")
        .note("ShortHeader", "MalformedInput", "A plaintext shorter than the 8-byte header.")
        .note("UnknownType", "MalformedInput", "A type code that is not in Table 4.")
        .note("BadFlags", "MalformedInput", "Flags Table 4 does not allow for the type.")
        .note(
            "BadBodyLength",
            "MalformedInput",
            "A body whose length is not the fixed length Table 4 defines for the type.")
        .note("ZeroCredit", "EdgeCase", "A CREDIT of 0 bytes (Table 4: uint32 > 0; RTT-FLOW-003).")
        .note(
            "WrongChannel",
            "MalformedInput",
            "An ACK, PING, PONG or GOAWAY on a channel other than 0 (RTT-FR-005).")
        .note(
            "BadErrorBody",
            "MalformedInput",
            "An ERROR body that is not the object of section 4.3: not I-JSON, a member missing,"
                + " extra or ill-typed.")
        .note(
            "NonCanonicalErrorBody",
            "MalformedInput",
            "An ERROR body with the right members that is not in RFC 8785 form (section 4.3"
                + " requires it).")
        .note(
            "UnregisteredCode",
            "EdgeCase",
            "An ERROR whose code matches the pattern of Table 4.3 but is not registered: accepted"
                + " (forward compatibility, RTT-ERR-005).")
        .note(
            "ErrorBodyValue",
            "MalformedInput",
            "An ERROR body whose code, frame or msg_id is outside Table 4.3 (spec 0.4.0,"
                + " RTT-ERR-005).");

    validFrames(file);
    invalidFrames(file);
    errorBodies(file);
    return file;
  }

  private static void validFrames(VectorFile file) throws FrameException {
    ObjectNode g = file.group("RttFrame");
    g.put("source", "well-formed frames, one or more of every type of Table 4");
    List<String> fr = List.of("RTT-FR-001");
    List<String> fe = List.of("RTT-FR-001", "RTT-ERR-002");
    List<String> valid = List.of("ValidFrame");
    List<String> bound = List.of("ValidFrame", "BoundaryValue");
    byte[] ping = HEX.parseHex("0001020304050607");
    String msgId = VectorKeys.msgId(1002).toString();

    valid(
        file,
        g,
        "OPEN of channel 4 named metrics",
        valid,
        fr,
        FrameType.OPEN,
        0,
        4,
        0,
        utf8("metrics"));
    valid(
        file,
        g,
        "OPEN of channel 7 with a 64-character name",
        bound,
        fr,
        FrameType.OPEN,
        0,
        7,
        3,
        utf8("a" + "0123456789._-abcdefghijklmnopqrstuvwxyz".repeat(2).substring(0, 63)));
    valid(file, g, "OPEN_ACK of channel 4", valid, fr, FrameType.OPEN_ACK, 0, 4, 1, new byte[0]);
    valid(file, g, "CLOSE of channel 4", valid, fr, FrameType.CLOSE, 0, 4, 2, new byte[0]);
    valid(
        file,
        g,
        "DATA on channel 1, a first fragment (no FIN)",
        valid,
        fr,
        FrameType.DATA,
        0,
        1,
        5,
        utf8("{\"hello\":"));
    valid(
        file,
        g,
        "DATA on channel 1, the last fragment (FIN)",
        valid,
        fr,
        FrameType.DATA,
        Frame.FLAG_FIN,
        1,
        6,
        utf8("\"bob\"}"));
    valid(
        file,
        g,
        "DATA with FIN and an empty body",
        bound,
        fr,
        FrameType.DATA,
        Frame.FLAG_FIN,
        2,
        7,
        new byte[0]);
    valid(
        file,
        g,
        "DATA on channel 65535 with sequence number 2^32-1",
        bound,
        fr,
        FrameType.DATA,
        Frame.FLAG_FIN,
        0xFFFF,
        0xFFFF_FFFFL,
        HEX.parseHex("ff"));
    valid(file, g, "CREDIT of 1 byte", valid, fr, FrameType.CREDIT, 0, 1, 8, uint32(1));
    valid(
        file,
        g,
        "CREDIT of 1048576 bytes, the largest a window allows",
        bound,
        fr,
        FrameType.CREDIT,
        0,
        2,
        9,
        uint32(1_048_576));
    valid(file, g, "ACK of 0 frames", valid, fr, FrameType.ACK, 0, 0, 10, uint32(0));
    valid(file, g, "ACK of 258 frames", valid, fr, FrameType.ACK, 0, 0, 11, uint32(258));
    valid(file, g, "PING", valid, fr, FrameType.PING, 0, 0, 12, ping);
    valid(file, g, "PONG", valid, fr, FrameType.PONG, 0, 0, 13, ping);
    valid(
        file,
        g,
        "closing ERROR FRAME on channel 0 naming frame 7",
        valid,
        fe,
        FrameType.ERROR,
        CLOSING,
        0,
        14,
        new ErrorBody("FRAME", 7L, null, "unknown frame type 0x7f").encode());
    valid(
        file,
        g,
        "closing ERROR FRAME with frame null (a message that failed authentication)",
        valid,
        fe,
        FrameType.ERROR,
        CLOSING,
        0,
        15,
        new ErrorBody("FRAME", null, null, "a transport message failed authentication").encode());
    valid(
        file,
        g,
        "non-closing ERROR SIGNATURE_MISMATCH on channel 1 with msg_id",
        valid,
        fe,
        FrameType.ERROR,
        0,
        1,
        16,
        new ErrorBody("SIGNATURE_MISMATCH", 6L, msgId, "the signature does not verify").encode());
    valid(
        file,
        g,
        "ERROR whose text has non-ASCII characters, written as UTF-8 (RFC 8785)",
        valid,
        fe,
        FrameType.ERROR,
        0,
        2,
        17,
        new ErrorBody("WRONG_CHANNEL", 4_294_967_295L, msgId, "naïve café ☕ 😀").encode());
    valid(file, g, "GOAWAY after 3 frames", valid, fr, FrameType.GOAWAY, 0, 0, 18, uint32(3));
  }

  private static void invalidFrames(VectorFile file) throws FrameException {
    ObjectNode g = file.group("RttFrame");
    g.put("source", "plaintexts every receiver refuses with FRAME");
    List<String> fr3 = List.of("RTT-FR-003");
    List<String> fr5 = List.of("RTT-FR-005");
    List<String> err = List.of("RTT-FR-003", "RTT-ERR-002");
    byte[] ping = HEX.parseHex("0001020304050607");
    byte[] okError = new ErrorBody("INTERNAL", null, null, "x").encode();

    invalid(file, g, "empty plaintext", "ShortHeader", fr3, new byte[0], true);
    invalid(
        file,
        g,
        "7 bytes: a PING header without its last byte",
        "ShortHeader",
        fr3,
        Arrays.copyOf(encode(FrameType.PING, 0, 0, 0, ping), 7),
        true);
    for (int code : new int[] {0x00, 0x0B, 0x7F, 0xFF}) {
      invalid(
          file,
          g,
          String.format("type 0x%02x", code),
          "UnknownType",
          fr3,
          withType(encode(FrameType.PING, 0, 0, 0, ping), code),
          true);
    }
    invalid(
        file,
        g,
        "DATA with flags 0x02",
        "BadFlags",
        fr3,
        encode(FrameType.DATA, 0x02, 1, 0, utf8("{}")),
        false);
    invalid(
        file,
        g,
        "DATA with flags 0x81 (FIN and an undefined flag)",
        "BadFlags",
        fr3,
        encode(FrameType.DATA, 0x81, 1, 0, utf8("{}")),
        false);
    invalid(
        file,
        g,
        "PING with flags 0x01",
        "BadFlags",
        fr3,
        encode(FrameType.PING, 0x01, 0, 0, ping),
        false);
    invalid(
        file,
        g,
        "CREDIT with flags 0x01",
        "BadFlags",
        fr3,
        encode(FrameType.CREDIT, 0x01, 1, 0, uint32(100)),
        false);
    invalid(
        file,
        g,
        "GOAWAY with flags 0x80",
        "BadFlags",
        fr3,
        encode(FrameType.GOAWAY, 0x80, 0, 0, uint32(0)),
        false);
    invalid(
        file,
        g,
        "ERROR with flags 0x02",
        "BadFlags",
        fr3,
        encode(FrameType.ERROR, 0x02, 0, 0, okError),
        false);
    invalid(
        file,
        g,
        "PING with a 7-byte body",
        "BadBodyLength",
        fr3,
        encode(FrameType.PING, 0, 0, 0, Arrays.copyOf(ping, 7)),
        false);
    invalid(
        file,
        g,
        "PING with a 9-byte body",
        "BadBodyLength",
        fr3,
        encode(FrameType.PING, 0, 0, 0, Arrays.copyOf(ping, 9)),
        false);
    invalid(
        file,
        g,
        "PONG with an empty body",
        "BadBodyLength",
        fr3,
        encode(FrameType.PONG, 0, 0, 0, new byte[0]),
        false);
    invalid(
        file,
        g,
        "CREDIT with a 3-byte body",
        "BadBodyLength",
        fr3,
        encode(FrameType.CREDIT, 0, 1, 0, HEX.parseHex("000100")),
        false);
    invalid(
        file,
        g,
        "CREDIT with a 5-byte body",
        "BadBodyLength",
        fr3,
        encode(FrameType.CREDIT, 0, 1, 0, HEX.parseHex("0000010000")),
        false);
    invalid(
        file,
        g,
        "ACK with an empty body",
        "BadBodyLength",
        fr3,
        encode(FrameType.ACK, 0, 0, 0, new byte[0]),
        false);
    invalid(
        file,
        g,
        "GOAWAY with a 3-byte body",
        "BadBodyLength",
        fr3,
        encode(FrameType.GOAWAY, 0, 0, 0, HEX.parseHex("000000")),
        false);
    invalid(
        file,
        g,
        "CREDIT of 0",
        "ZeroCredit",
        List.of("RTT-FR-003", "RTT-FLOW-003"),
        encode(FrameType.CREDIT, 0, 1, 0, uint32(0)),
        false);
    invalid(
        file,
        g,
        "ACK on channel 1",
        "WrongChannel",
        fr5,
        encode(FrameType.ACK, 0, 1, 0, uint32(0)),
        false);
    invalid(
        file,
        g,
        "PING on channel 2",
        "WrongChannel",
        fr5,
        encode(FrameType.PING, 0, 2, 0, ping),
        false);
    invalid(
        file,
        g,
        "PONG on channel 1",
        "WrongChannel",
        fr5,
        encode(FrameType.PONG, 0, 1, 0, ping),
        false);
    invalid(
        file,
        g,
        "GOAWAY on channel 3",
        "WrongChannel",
        fr5,
        encode(FrameType.GOAWAY, 0, 3, 0, uint32(0)),
        false);
    String[][] badBodies = {
      {"not JSON", "not json"},
      {"empty (0 bytes)", ""},
      {"a JSON array", "[\"FRAME\",null,null,\"x\"]"},
      {
        "an extra member",
        "{\"code\":\"FRAME\",\"extra\":1,\"frame\":null,\"msg_id\":null,\"text\":\"x\"}"
      },
      {"msg_id missing", "{\"code\":\"FRAME\",\"frame\":null,\"text\":\"x\"}"},
      {"code a number", "{\"code\":7,\"frame\":null,\"msg_id\":null,\"text\":\"x\"}"},
      {"frame negative", "{\"code\":\"FRAME\",\"frame\":-1,\"msg_id\":null,\"text\":\"x\"}"},
      {"frame not an integer", "{\"code\":\"FRAME\",\"frame\":1.5,\"msg_id\":null,\"text\":\"x\"}"},
      {"text null", "{\"code\":\"FRAME\",\"frame\":null,\"msg_id\":null,\"text\":null}"},
      {
        "a duplicate member (not I-JSON)",
        "{\"code\":\"FRAME\",\"code\":\"FRAME\",\"frame\":null,\"msg_id\":null,\"text\":\"x\"}"
      },
    };
    for (String[] b : badBodies) {
      invalid(
          file,
          g,
          "ERROR body " + b[0] + (b[1].isEmpty() ? "" : ": " + b[1]),
          "BadErrorBody",
          err,
          encode(FrameType.ERROR, CLOSING, 0, 0, utf8(b[1])),
          false);
    }
    String[][] nonCanonical = {
      {
        "members not in RFC 8785 order",
        "{\"text\":\"x\",\"code\":\"FRAME\",\"frame\":null,\"msg_id\":null}"
      },
      {"whitespace", "{\"code\": \"FRAME\", \"frame\": null, \"msg_id\": null, \"text\": \"x\"}"},
      {
        "a \\u escape for a non-ASCII character",
        "{\"code\":\"FRAME\",\"frame\":null,\"msg_id\":null,\"text\":\"caf\\u00e9\"}"
      },
    };
    for (String[] b : nonCanonical) {
      byte[] body = utf8(b[1]);
      if (ErrorBody.decode(body).isPresent()) {
        throw new IllegalStateException("the reference must refuse a non-canonical body: " + b[1]);
      }
      invalid(
          file,
          g,
          "ERROR body not in RFC 8785 form: " + b[0] + ": " + b[1],
          "NonCanonicalErrorBody",
          err,
          encode(FrameType.ERROR, CLOSING, 0, 0, body),
          false);
    }
  }

  /**
   * ERROR bodies by Table 4.3 of spec 0.4.0 [RTT-ERR-005], after every earlier case so that their
   * tcIds stay as they were.
   */
  private static void errorBodies(VectorFile file) throws FrameException {
    ObjectNode g = file.group("RttFrame");
    g.put("source", "ERROR bodies by spec/rtt.md Table 4.3 (spec 0.4.0)");
    List<String> fe = List.of("RTT-FR-001", "RTT-ERR-002", "RTT-ERR-005");
    String msgId = VectorKeys.msgId(1).toString();
    valid(
        file,
        g,
        "a closing ERROR HANDSHAKE as a refusing responder sends it: frame 0, frame null, msg_id null",
        List.of("ValidFrame"),
        List.of("RTT-FR-001", "RTT-ERR-002", "RTT-HS-005"),
        FrameType.ERROR,
        CLOSING,
        0,
        0,
        new ErrorBody("HANDSHAKE", null, null, "the binding does not verify").encode());
    Object[][] accepted = {
      {"an unregistered code FUTURE_CODE_9", "FUTURE_CODE_9", null, null},
      {"a one-letter code", "Q", 0L, null},
      {"a code of 32 characters", "ABCDEFGHIJKLMNOPQRSTUVWXYZ_12345", 4_294_967_295L, msgId},
    };
    for (Object[] a : accepted) {
      valid(
          file,
          g,
          "ERROR with " + a[0],
          List.of("ValidFrame", "UnregisteredCode"),
          fe,
          FrameType.ERROR,
          0,
          0,
          3,
          new ErrorBody((String) a[1], (Long) a[2], (String) a[3], "x").encode());
    }
    String[][] refused = {
      {"code in lower case", "{\"code\":\"frame\",\"frame\":null,\"msg_id\":null,\"text\":\"x\"}"},
      {
        "code starting with a digit",
        "{\"code\":\"9FRAME\",\"frame\":null,\"msg_id\":null,\"text\":\"x\"}"
      },
      {
        "code of 33 characters",
        "{\"code\":\"ABCDEFGHIJKLMNOPQRSTUVWXYZ_123456\",\"frame\":null,\"msg_id\":null,\"text\":\"x\"}"
      },
      {"code empty", "{\"code\":\"\",\"frame\":null,\"msg_id\":null,\"text\":\"x\"}"},
      {"frame 2^32", "{\"code\":\"FRAME\",\"frame\":4294967296,\"msg_id\":null,\"text\":\"x\"}"},
      {"frame a string", "{\"code\":\"FRAME\",\"frame\":\"7\",\"msg_id\":null,\"text\":\"x\"}"},
      {
        "msg_id not a UUID",
        "{\"code\":\"REPLAY\",\"frame\":7,\"msg_id\":\"not-a-uuid\",\"text\":\"x\"}"
      },
      {
        "msg_id in upper case",
        "{\"code\":\"REPLAY\",\"frame\":7,\"msg_id\":\""
            + msgId.toUpperCase(java.util.Locale.ROOT)
            + "\",\"text\":\"x\"}"
      },
      {
        "msg_id a version 1 UUID",
        "{\"code\":\"REPLAY\",\"frame\":7,\"msg_id\":\"4f1c2a9e-7b3d-1c5e-9a1f-2b3c4d5e6f70\",\"text\":\"x\"}"
      },
      {"msg_id a number", "{\"code\":\"REPLAY\",\"frame\":7,\"msg_id\":7,\"text\":\"x\"}"},
      {
        "text with the noncharacter U+FFFF (not I-JSON)",
        "{\"code\":\"FRAME\",\"frame\":null,\"msg_id\":null,\"text\":\"\uffff\"}"
      },
    };
    for (String[] b : refused) {
      byte[] body = utf8(b[1]);
      if (ErrorBody.decode(body).isPresent()) {
        throw new IllegalStateException("the reference must refuse the ERROR body: " + b[1]);
      }
      invalid(
          file,
          g,
          "ERROR body with " + b[0],
          "ErrorBodyValue",
          List.of("RTT-FR-003", "RTT-ERR-005"),
          encode(FrameType.ERROR, 0, 0, 3, body),
          false);
    }
  }

  private static void valid(
      VectorFile file,
      ObjectNode group,
      String comment,
      List<String> flags,
      List<String> requirements,
      FrameType type,
      int frameFlags,
      int channel,
      long sequence,
      byte[] body)
      throws FrameException {
    Frame frame = new Frame(type, frameFlags, channel, sequence, body);
    byte[] plaintext = FrameCodec.encode(frame);
    if (!FrameCodec.decode(plaintext).equals(frame)) {
      throw new IllegalStateException("frame codec round trip: " + comment);
    }
    if (type == FrameType.ERROR) {
      Optional<ErrorBody> e = ErrorBody.decode(body);
      if (e.isEmpty() || !Arrays.equals(e.get().encode(), body)) {
        throw new IllegalStateException("not an ERROR body: " + comment);
      }
    }
    ObjectNode fields = VectorFile.fields();
    fields.set("frame", frameFields(frame));
    fields.put("plaintext", HEX.formatHex(plaintext));
    file.test(group, comment, flags, "valid", requirements, fields);
  }

  /**
   * @param codecRefuses whether {@link FrameCodec#decode} itself refuses the plaintext (short
   *     header, unknown type); otherwise it decodes and a rule of Table 4 refuses it
   */
  private static void invalid(
      VectorFile file,
      ObjectNode group,
      String comment,
      String flag,
      List<String> requirements,
      byte[] plaintext,
      boolean codecRefuses) {
    boolean refused;
    try {
      FrameCodec.decode(plaintext);
      refused = false;
    } catch (FrameException e) {
      refused = true;
    }
    if (refused != codecRefuses) {
      throw new IllegalStateException("frame codec disagrees with the vector: " + comment);
    }
    ObjectNode fields = VectorFile.fields();
    fields.put("plaintext", HEX.formatHex(plaintext));
    fields.put("error", ErrorCode.FRAME.name());
    file.test(group, comment, List.of(flag), "invalid", requirements, fields);
  }

  private static ObjectNode frameFields(Frame frame) {
    ObjectNode o = NODES.objectNode();
    o.put("type", frame.type().name());
    o.put("typeCode", frame.type().code());
    o.put("flags", frame.flags());
    o.put("channel", frame.channel());
    o.put("sequence", frame.sequence());
    o.put("body", HEX.formatHex(frame.body()));
    if (frame.type() == FrameType.ERROR
        || frame.type() == FrameType.OPEN
        || (frame.type() == FrameType.DATA && isText(frame.body()))) {
      o.put("bodyText", new String(frame.body(), StandardCharsets.UTF_8));
    }
    return o;
  }

  private static boolean isText(byte[] body) {
    if (body.length == 0) {
      return false;
    }
    for (byte b : body) {
      if (b < 0x20 || b > 0x7e) {
        return false;
      }
    }
    return true;
  }

  private static byte[] encode(FrameType type, int flags, int channel, long seq, byte[] body) {
    return FrameCodec.encode(new Frame(type, flags, channel, seq, body));
  }

  private static byte[] withType(byte[] plaintext, int code) {
    byte[] out = plaintext.clone();
    out[0] = (byte) code;
    return out;
  }

  static byte[] uint32(long value) {
    return ByteBuffer.allocate(4).putInt((int) value).array();
  }

  private static byte[] withLength(byte[] message) {
    return ByteBuffer.allocate(2 + message.length)
        .putShort((short) message.length)
        .put(message)
        .array();
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static void same(String what, byte[] actual, byte[] expected) {
    if (!Arrays.equals(actual, expected)) {
      throw new IllegalStateException(
          what + ": " + HEX.formatHex(actual) + " != " + HEX.formatHex(expected));
    }
  }
}
