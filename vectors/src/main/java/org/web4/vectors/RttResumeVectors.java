package org.web4.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.web4.crypto.AgentKeyPair;
import org.web4.json.JsonCanonicalizer;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameException;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.handshake.IdentityPayload;
import org.web4.rtt.handshake.RttHandshake;
import org.web4.rtt.handshake.RttHandshakeException;
import org.web4.rtt.noise.CipherState;
import org.web4.rtt.noise.Curve25519KeyPair;
import org.web4.rtt.noise.HandshakeResult;
import org.web4.rtt.noise.HandshakeState;
import org.web4.rtt.noise.NoiseException;
import org.web4.rtt.noise.NoiseProtocol;
import org.web4.rtt.resume.ChannelCount;
import org.web4.rtt.resume.ResumeAnswer;
import org.web4.rtt.resume.ResumeFormatException;
import org.web4.rtt.resume.ResumeFrame;
import org.web4.rtt.resume.ResumeRequest;
import org.web4.rtt.resume.SessionKeys;

/**
 * {@code rtt/rtt_resume_test.json}: RTT 1.1 session resume (docs/drafts/rtt-resume.md §10, draft,
 * not normative; not in MANIFEST.json, so the kit does not read it). A first handshake of a
 * resumable connection gives the session keys; a second one, with new ephemeral keys, carries the
 * resume request in message 3; the responder's RESUME frame answers it. Every value is computed by
 * the reference's code and checked while generating.
 */
final class RttResumeVectors {
  static final String PATH = "rtt/rtt_resume_test.json";

  private static final HexFormat HEX = HexFormat.of();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final byte[] NO_AD = new byte[0];

  /** The keys of rtt_handshake_test.json's case established-64. */
  private static final String KEYS_CASE = "established-64";

  /**
   * The second connection's ephemeral keys: SHA-256("web4-kit/vectors/rtt/ROLE/ephemeral/resumed").
   */
  private static final String RESUMED_CASE = "resumed";

  private static final List<ChannelCount> DIALER_DELIVERED =
      List.of(
          new ChannelCount(0, "control", 3),
          new ChannelCount(1, "state", 0),
          new ChannelCount(2, "knowledge", 5),
          new ChannelCount(3, "chat", 1));

  private static final List<ChannelCount> RESPONDER_DELIVERED =
      List.of(
          new ChannelCount(0, "control", 2),
          new ChannelCount(1, "state", 0),
          new ChannelCount(2, "knowledge", 4),
          new ChannelCount(3, "chat", 1));

  private RttResumeVectors() {}

  /** One side: identity, static key, the payload of a resumable handshake. */
  @SuppressWarnings("ArrayRecordComponent") // a constant, never compared
  private record Side(String role, String agentId, AgentKeyPair identity, byte[] staticPrivate) {
    Curve25519KeyPair staticKey() {
      return Curve25519KeyPair.fromPrivate(staticPrivate);
    }

    byte[] payload(@Nullable JsonNode resume) {
      return IdentityPayload.create(
          agentId, identity, staticKey().publicKey(), RttLimits.DEFAULT, true, resume);
    }

    byte[] ephemeral(String caseName) {
      return RttVectors.noiseKey(role, "ephemeral", caseName);
    }
  }

  private static final Side ALICE =
      new Side(
          "initiator",
          "alice",
          VectorKeys.key("alice"),
          RttVectors.noiseKey("initiator", "static", KEYS_CASE));
  private static final Side BOB =
      new Side(
          "responder",
          "bob",
          VectorKeys.key("bob"),
          RttVectors.noiseKey("responder", "static", KEYS_CASE));

  static VectorFile build() {
    try {
      VectorFile file = header();
      SessionKeys previous = keys(file);
      requests(file, previous);
      return file;
    } catch (NoiseException | FrameException | ResumeFormatException | RttHandshakeException e) {
      throw new IllegalStateException("the reference refused its own resume vectors", e);
    }
  }

  private static VectorFile header() {
    VectorFile file =
        new VectorFile(
            PATH,
            "Web4-RTT-Resume",
            "vectors/rtt_resume_test.schema.json",
            List.of(
                "DRAFT (docs/drafts/rtt-resume.md, RTT 1.1, not normative; RTT-RES ids are"
                    + " proposed). Not listed in MANIFEST.json: the kit does not read this file.",
                "Keys as in rtt_handshake_test.json case established-64: the static keys"
                    + " SHA-256(\"web4-kit/vectors/rtt/\" + role + \"/static/established-64\"), the"
                    + " first connection's ephemeral keys .../ephemeral/established-64, the resumed"
                    + " connection's .../ephemeral/resumed; identities alice (initiator, session"
                    + " dialer) and bob. Both payloads list rtt [\"1.0\",\"1.1\"], max_channels 64.",
                "resume-keys: the first handshake; chainingKey and handshakeHash are Noise's ck and"
                    + " h after message 3 (before Split); prk = HMAC-SHA256(key = h, ck) (RFC 5869"
                    + " HKDF-Extract, salt h); sessionId = first 16 bytes of HMAC-SHA256(prk,"
                    + " \"web4-rtt/1.1 session id\" || 0x01); binderKey = HMAC-SHA256(prk,"
                    + " \"web4-rtt/1.1 binder key\" || 0x01) (HKDF-Expand, one block).",
                "RttResumeRequest: the second handshake, messages 1 to 3, message 3's payload"
                    + " carrying resume; h2 is h after message 2; binder = HMAC-SHA256(binderKey of"
                    + " resume-keys, h2). expected says what the responder does: resumed (R6),"
                    + " fresh with a code (rows R1-R5 of draft section 4.2), or a HANDSHAKE refusal"
                    + " (check 13, RTT-RES-005). A valid case also gives the new handshake's ck, h"
                    + " and its session keys (section 4.4: the session's next id).",
                "RttResumeAnswer: transport frames of the resumed connection, encrypted with the"
                    + " second handshake's cipher states (nonce = sequence, empty associated data);"
                    + " plaintext, ciphertext, wire (with the 2-byte length) as in"
                    + " rtt_handshake_test.json. RESUME is type 0x0B, channel 0, flags 0, sequence"
                    + " 1, an RFC 8785 JSON body."));
    file.note("ValidResume", "Functionality", "A resume exchange both sides accept.")
        .note("SessionKeys", "Functionality", "The HKDF-SHA256 session keys (draft section 2.2).")
        .note(
            "WrongBinder",
            "Authentication",
            "A binder computed over the wrong hash or with the wrong key: the responder answers"
                + " fresh RESUME_UNKNOWN (row R4) and the connection continues as a new session.")
        .note(
            "MalformedResume",
            "MalformedInput",
            "A resume member failing check 13: the responder refuses with HANDSHAKE.")
        .note(
            "FreshAnswer",
            "Functionality",
            "A RESUME fresh answer: the connection continues as a new session.")
        .note(
            "ResumeNotFrameOne",
            "MalformedInput",
            "A RESUME that is not the responder's frame 1: the dialer refuses with a closing"
                + " FRAME.");
    return file;
  }

  // ------------------------------------------------------------------ resume-keys

  private static SessionKeys keys(VectorFile file) throws NoiseException, RttHandshakeException {
    ObjectNode group = file.group("RttResumeKeys");
    group.put("protocol", NoiseProtocol.RTT.name());
    group.put("prologue", HEX.formatHex(RttHandshake.PROLOGUE));
    ObjectNode fields = VectorFile.fields();
    fields.put("case", "resume-keys");
    fields.set("initiator", side(ALICE, KEYS_CASE));
    fields.set("responder", side(BOB, KEYS_CASE));
    Handshake h = Handshake.run(KEYS_CASE, BOB.payload(null), ignored -> ALICE.payload(null));
    fields.set("messages", h.messages);
    HandshakeResult r = h.initiator.result();
    same("ck", r.chainingKey(), h.responder.result().chainingKey());
    SessionKeys keys = SessionKeys.derive(r.chainingKey(), r.handshakeHash());
    fields.put("chainingKey", HEX.formatHex(r.chainingKey()));
    fields.put("handshakeHash", HEX.formatHex(r.handshakeHash()));
    fields.put("prk", HEX.formatHex(SessionKeys.extract(r.chainingKey(), r.handshakeHash())));
    fields.put("sessionId", HEX.formatHex(keys.sessionId()));
    fields.put("sessionIdBase64", keys.id().base64());
    fields.put("binderKey", HEX.formatHex(keys.binderKey()));
    file.test(
        group,
        "a resumable handshake and the session keys it gives",
        List.of("SessionKeys"),
        "valid",
        List.of("RTT-RES-001", "RTT-RES-002"),
        fields);
    return keys;
  }

  // ------------------------------------------------------------------ resume requests

  private interface Request {
    ObjectNode resume(SessionKeys previous, byte[] h1, byte[] h2, byte[] oldH, byte[] oldCk);
  }

  private static void requests(VectorFile file, SessionKeys previous)
      throws NoiseException, FrameException, ResumeFormatException, RttHandshakeException {
    // the previous handshake's h and ck, for the wrong binders
    Handshake first = Handshake.run(KEYS_CASE, BOB.payload(null), ignored -> ALICE.payload(null));
    byte[] oldH = first.initiator.result().handshakeHash();
    byte[] oldCk = first.initiator.result().chainingKey();

    ObjectNode group = file.group("RttResumeRequest");
    group.put("previousSessionId", HEX.formatHex(previous.sessionId()));
    group.put("previousBinderKey", HEX.formatHex(previous.binderKey()));
    ObjectNode answers = file.group("RttResumeAnswer");

    Handshake valid =
        request(
            file,
            group,
            "resume-request",
            "a resume request with a correct binder over h2: resumed",
            List.of("ValidResume"),
            "valid",
            (keys, h1, h2, h, ck) -> ResumeRequest.create(keys, h2, DIALER_DELIVERED).toJson(),
            expected("resumed", null),
            previous,
            oldH,
            oldCk);
    request(
        file,
        group,
        "binder-over-h1",
        "the binder is over h after message 1 instead of message 2: fresh RESUME_UNKNOWN (R4)",
        List.of("WrongBinder"),
        "invalid",
        (keys, h1, h2, h, ck) -> withBinder(keys, h2, keys.binder(h1)),
        expected("fresh", "RESUME_UNKNOWN"),
        previous,
        oldH,
        oldCk);
    request(
        file,
        group,
        "binder-over-old-h",
        "the binder is over the previous handshake's h: fresh RESUME_UNKNOWN (R4)",
        List.of("WrongBinder"),
        "invalid",
        (keys, h1, h2, h, ck) -> withBinder(keys, h2, keys.binder(h)),
        expected("fresh", "RESUME_UNKNOWN"),
        previous,
        oldH,
        oldCk);
    request(
        file,
        group,
        "binder-keyed-with-ck",
        "the binder is HMAC-SHA256 keyed with the previous ck directly: fresh RESUME_UNKNOWN (R4)",
        List.of("WrongBinder"),
        "invalid",
        (keys, h1, h2, h, ck) -> withBinder(keys, h2, hmac(ck, h2)),
        expected("fresh", "RESUME_UNKNOWN"),
        previous,
        oldH,
        oldCk);
    request(
        file,
        group,
        "session-15-bytes",
        "session is the base64 of 15 bytes: check 13 fails, HANDSHAKE",
        List.of("MalformedResume"),
        "invalid",
        (keys, h1, h2, h, ck) -> {
          ObjectNode o = ResumeRequest.create(keys, h2, DIALER_DELIVERED).toJson();
          o.put("session", Base64.getEncoder().encodeToString(Arrays.copyOf(keys.sessionId(), 15)));
          return o;
        },
        expected("refused", "HANDSHAKE"),
        previous,
        oldH,
        oldCk);
    request(
        file,
        group,
        "channels-not-ascending",
        "channels lists id 3 before id 2: check 13 fails, HANDSHAKE",
        List.of("MalformedResume"),
        "invalid",
        (keys, h1, h2, h, ck) -> {
          ObjectNode o = ResumeRequest.create(keys, h2, DIALER_DELIVERED).toJson();
          ArrayNode c = (ArrayNode) o.get("channels");
          JsonNode knowledge = c.remove(2);
          c.add(knowledge);
          return o;
        },
        expected("refused", "HANDSHAKE"),
        previous,
        oldH,
        oldCk);
    answers(file, answers, valid);
  }

  private static ObjectNode withBinder(SessionKeys keys, byte[] h2, byte[] binder) {
    ObjectNode o = ResumeRequest.create(keys, h2, DIALER_DELIVERED).toJson();
    o.put("binder", Base64.getEncoder().encodeToString(binder));
    return o;
  }

  private static ObjectNode expected(String outcome, @Nullable String code) {
    ObjectNode o = NODES.objectNode();
    o.put("outcome", outcome);
    if (code != null) {
      o.put("code", code);
    }
    return o;
  }

  private static Handshake request(
      VectorFile file,
      ObjectNode group,
      String name,
      String comment,
      List<String> flags,
      String result,
      Request build,
      ObjectNode expected,
      SessionKeys previous,
      byte[] oldH,
      byte[] oldCk)
      throws NoiseException, ResumeFormatException, RttHandshakeException {
    ObjectNode fields = VectorFile.fields();
    fields.put("case", name);
    fields.set("initiator", side(ALICE, RESUMED_CASE));
    fields.set("responder", side(BOB, RESUMED_CASE));
    ObjectNode[] resume = new ObjectNode[1];
    Handshake h =
        Handshake.run(
            RESUMED_CASE,
            BOB.payload(null),
            hs -> {
              resume[0] = build.resume(previous, hs.h1, hs.initiator.handshakeHash(), oldH, oldCk);
              return ALICE.payload(resume[0]);
            });
    fields.set("messages", h.messages);
    fields.put("h2", HEX.formatHex(h.h2));
    fields.put(
        "resumeText",
        new String(JsonCanonicalizer.canonicalize(resume[0]), StandardCharsets.UTF_8));
    fields.put(
        "binder", HEX.formatHex(Base64.getDecoder().decode(resume[0].get("binder").asText())));
    // what the responder makes of it, with the reference's code
    IdentityPayload.Verified v =
        IdentityPayload.verify(
            ALICE.payload(resume[0]), ALICE.staticKey().publicKey(), Optional.empty(), true, true);
    String outcome;
    try {
      ResumeRequest parsed = ResumeRequest.parse(java.util.Objects.requireNonNull(v.resume()));
      outcome = previous.verifies(h.h2, parsed.binder().bytes()) ? "resumed" : "fresh";
    } catch (ResumeFormatException e) {
      outcome = "refused";
    }
    if (!outcome.equals(expected.get("outcome").asText())) {
      throw new IllegalStateException(name + ": the reference says " + outcome);
    }
    fields.set("expected", expected);
    if (outcome.equals("resumed")) {
      HandshakeResult r = h.initiator.result();
      SessionKeys next = SessionKeys.derive(r.chainingKey(), r.handshakeHash());
      fields.put("chainingKey", HEX.formatHex(r.chainingKey()));
      fields.put("handshakeHash", HEX.formatHex(r.handshakeHash()));
      fields.put("newSessionId", HEX.formatHex(next.sessionId()));
      fields.put("newBinderKey", HEX.formatHex(next.binderKey()));
    }
    file.test(
        group,
        comment,
        flags,
        result,
        outcome.equals("refused")
            ? List.of("RTT-RES-005")
            : List.of("RTT-RES-002", "RTT-RES-004", "RTT-RES-006"),
        fields);
    return h;
  }

  // ------------------------------------------------------------------ RESUME frames

  private static void answers(VectorFile file, ObjectNode group, Handshake h)
      throws NoiseException, FrameException, ResumeFormatException {
    byte[] ping = Arrays.copyOf(VectorKeys.sha256("web4-kit/vectors/rtt/ping/resumed"), 8);
    {
      Transport t = new Transport(h, VectorFile.fields());
      t.fields.put("case", "resume-resumed");
      t.responder(FrameType.PING.code(), 0, 0, ping); // [RTT-HS-007] frame 0
      ResumeAnswer answer = new ResumeAnswer.Resumed(RESPONDER_DELIVERED);
      t.responder(ResumeFrame.TYPE, 0, 0, answer.encode()); // [RTT-RES-006] frame 1
      t.initiator(FrameType.PONG.code(), 0, 0, ping);
      t.initiator(FrameType.ACK.code(), 0, 0, RttVectors.uint32(2)); // [RTT-RES-011] step 2
      // [RTT-RES-008] the responder's first retransmitted message: index 5 on knowledge, where
      // the dialer's delivered count stood
      t.responder(
          FrameType.DATA.code(),
          Frame.FLAG_FIN,
          2,
          "{\"retransmitted\":\"knowledge message 5\"}".getBytes(StandardCharsets.UTF_8));
      t.fields.put("resumeBodyText", new String(answer.encode(), StandardCharsets.UTF_8));
      file.test(
          group,
          "PING, RESUME resumed, the dialer's PONG and ACK 2, then the first retransmitted DATA",
          List.of("ValidResume"),
          "valid",
          List.of("RTT-RES-006", "RTT-RES-008", "RTT-RES-011"),
          t.fields);
    }
    {
      Transport t = new Transport(h, VectorFile.fields());
      t.fields.put("case", "resume-fresh");
      t.responder(FrameType.PING.code(), 0, 0, ping);
      ResumeAnswer answer = new ResumeAnswer.Fresh(ResumeAnswer.FreshCode.RESUME_UNKNOWN);
      t.responder(ResumeFrame.TYPE, 0, 0, answer.encode());
      t.fields.put("resumeBodyText", new String(answer.encode(), StandardCharsets.UTF_8));
      file.test(
          group,
          "PING, then RESUME fresh RESUME_UNKNOWN: the connection is a new session",
          List.of("FreshAnswer"),
          "valid",
          List.of("RTT-RES-006", "RTT-RES-007"),
          t.fields);
    }
    {
      Transport t = new Transport(h, VectorFile.fields());
      t.fields.put("case", "resume-not-frame-1");
      t.responder(FrameType.PING.code(), 0, 0, ping);
      t.responder(FrameType.PING.code(), 0, 0, ByteBuffer.allocate(8).putLong(1).array());
      t.responder(ResumeFrame.TYPE, 0, 0, new ResumeAnswer.Resumed(RESPONDER_DELIVERED).encode());
      t.fields.put("error", "FRAME");
      file.test(
          group,
          "a RESUME as frame 2: the dialer refuses with a closing FRAME",
          List.of("ResumeNotFrameOne"),
          "invalid",
          List.of("RTT-RES-006"),
          t.fields);
    }
  }

  /** One resumable handshake with fixed keys, run by both sides. */
  private static final class Handshake {
    final HandshakeState initiator;
    final HandshakeState responder;
    final ArrayNode messages = NODES.arrayNode();
    final String caseName;
    byte[] payload2 = new byte[0];
    byte[] payload3 = new byte[0];
    byte[] h1 = new byte[0];
    byte[] h2 = new byte[0];

    interface Message3 {
      byte[] payload(Handshake h) throws RttHandshakeException;
    }

    private Handshake(String caseName) {
      this.caseName = caseName;
      this.initiator = state(HandshakeState.Role.INITIATOR, ALICE, caseName);
      this.responder = state(HandshakeState.Role.RESPONDER, BOB, caseName);
    }

    static Handshake run(String caseName, byte[] payload2, Message3 payload3)
        throws NoiseException, RttHandshakeException {
      Handshake h = new Handshake(caseName);
      byte[] m1 = h.initiator.writeMessage(new byte[0]);
      same("message 1", h.responder.readMessage(m1), new byte[0]);
      h.h1 = h.initiator.handshakeHash();
      h.messages.add(message(1, "initiator", new byte[0], m1));
      byte[] m2 = h.responder.writeMessage(payload2);
      same("message 2", h.initiator.readMessage(m2), payload2);
      h.h2 = h.initiator.handshakeHash();
      same("h2", h.h2, h.responder.handshakeHash());
      h.messages.add(message(2, "responder", payload2, m2));
      byte[] p3 = payload3.payload(h);
      h.payload2 = payload2;
      h.payload3 = p3;
      byte[] m3 = h.initiator.writeMessage(p3);
      same("message 3", h.responder.readMessage(m3), p3);
      h.messages.add(message(3, "initiator", p3, m3));
      same(
          "handshake hash",
          h.initiator.result().handshakeHash(),
          h.responder.result().handshakeHash());
      return h;
    }

    /** The same handshake again: fresh cipher states with the same keys. */
    static Handshake replay(Handshake h) throws NoiseException {
      try {
        byte[] p3 = h.payload3;
        return run(h.caseName, h.payload2, ignored -> p3);
      } catch (RttHandshakeException e) {
        throw new IllegalStateException(e);
      }
    }

    private static HandshakeState state(HandshakeState.Role role, Side side, String caseName) {
      return new HandshakeState(
          NoiseProtocol.RTT,
          role,
          RttHandshake.PROLOGUE,
          side.staticKey(),
          Curve25519KeyPair.fromPrivate(side.ephemeral(caseName)),
          null,
          new SecureRandom());
    }
  }

  /** Transport frames over a finished handshake's cipher states (fresh per test). */
  private static final class Transport {
    final ObjectNode fields;
    private final ArrayNode frames;
    private final CipherState initiatorSends;
    private final CipherState responderSends;
    private long initiatorSeq;
    private long responderSeq;

    Transport(Handshake h, ObjectNode fields) throws NoiseException {
      // the cipher states are consumed by each test: rerun the handshake's split from scratch
      Handshake again = Handshake.replay(h);
      this.fields = fields;
      this.frames = fields.putArray("frames");
      this.initiatorSends = again.initiator.result().sender();
      this.responderSends = again.responder.result().sender();
    }

    void initiator(int type, int flags, int channel, byte[] body) throws NoiseException {
      add("initiator", type, flags, channel, initiatorSeq++, body, initiatorSends);
    }

    void responder(int type, int flags, int channel, byte[] body) throws NoiseException {
      add("responder", type, flags, channel, responderSeq++, body, responderSends);
    }

    private void add(
        String from, int type, int flags, int channel, long seq, byte[] body, CipherState c)
        throws NoiseException {
      byte[] plaintext =
          ByteBuffer.allocate(Frame.HEADER_SIZE + body.length)
              .put((byte) type)
              .put((byte) flags)
              .putShort((short) channel)
              .putInt((int) seq)
              .put(body)
              .array();
      byte[] ciphertext = c.encryptWithAd(NO_AD, plaintext);
      ObjectNode f = frames.addObject();
      f.put("from", from);
      f.put("nonce", seq);
      ObjectNode frame = f.putObject("frame");
      frame.put(
          "type",
          type == ResumeFrame.TYPE ? "RESUME" : FrameType.ofCode(type).orElseThrow().name());
      frame.put("typeCode", type);
      frame.put("flags", flags);
      frame.put("channel", channel);
      frame.put("sequence", seq);
      frame.put("body", HEX.formatHex(body));
      f.put("plaintext", HEX.formatHex(plaintext));
      f.put("ciphertext", HEX.formatHex(ciphertext));
      f.put(
          "wire",
          HEX.formatHex(
              ByteBuffer.allocate(2 + ciphertext.length)
                  .putShort((short) ciphertext.length)
                  .put(ciphertext)
                  .array()));
    }
  }

  private static ObjectNode side(Side s, String ephemeralCase) {
    ObjectNode o = NODES.objectNode();
    o.put("agent_id", s.agentId());
    o.put("identitySeed", HEX.formatHex(s.identity().seed()));
    o.put("staticPrivate", HEX.formatHex(s.staticPrivate()));
    o.put("staticPublic", HEX.formatHex(s.staticKey().publicKey()));
    o.put("ephemeralPrivate", HEX.formatHex(s.ephemeral(ephemeralCase)));
    o.put(
        "ephemeralPublic",
        HEX.formatHex(Curve25519KeyPair.fromPrivate(s.ephemeral(ephemeralCase)).publicKey()));
    return o;
  }

  private static ObjectNode message(int n, String from, byte[] payload, byte[] noise) {
    ObjectNode m = NODES.objectNode();
    m.put("message", n);
    m.put("from", from);
    m.put("payload", HEX.formatHex(payload));
    if (payload.length > 0) {
      m.put("payloadText", new String(payload, StandardCharsets.UTF_8));
    }
    m.put("noise", HEX.formatHex(noise));
    return m;
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void same(String what, byte[] actual, byte[] expected) {
    if (!Arrays.equals(actual, expected)) {
      throw new IllegalStateException(
          what + ": " + HEX.formatHex(actual) + " != " + HEX.formatHex(expected));
    }
  }
}
