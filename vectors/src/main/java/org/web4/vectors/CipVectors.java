package org.web4.vectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.web4.cip.ChallengeResponse;
import org.web4.cip.TrustBook;
import org.web4.cip.TrustEvent;
import org.web4.cip.TrustState;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.AgentPublicKey;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.EnvelopeException;
import org.web4.envelope.EnvelopeValidator;
import org.web4.envelope.ErrorCode;
import org.web4.envelope.Protocol;
import org.web4.envelope.Timestamps;
import org.web4.envelope.ValidatedEnvelope;
import org.web4.json.JsonCanonicalizer;
import org.web4.rtt.ChannelFamilies;
import org.web4.rtt.ChannelNames;

/**
 * The CIP vectors (spec/cip.md §4): {@code cip/cip_challenge_response_test.json} (challenge
 * responses a verifier must accept or refuse, §4.2), {@code cip/cip_handshake_test.json} (complete
 * handshake transcripts as signed envelopes, §4.2) and {@code cip/cip_trust_test.json} (trust
 * sequences, Table 4.4).
 *
 * <p>Like the RTT vectors they are byte-exact and meant for an implementation's own unit tests; the
 * runner lists them but no harness operation runs them. Every expectation is checked against the
 * reference while generating ({@link ChallengeResponse}, {@link EnvelopeValidator}, {@link
 * TrustBook}); the trust expectations come from a transcription of Table 4.4 written here, and a
 * disagreement with the reference stops the generator.
 */
final class CipVectors {
  static final String CHALLENGE_PATH = "cip/cip_challenge_response_test.json";
  static final String HANDSHAKE_PATH = "cip/cip_handshake_test.json";
  static final String TRUST_PATH = "cip/cip_trust_test.json";

  /** The text of the label L; L is its 31 ASCII bytes and one zero byte (spec/cip.md §4.2). */
  static final String LABEL_TEXT = "web4-cip/1.0 challenge response";

  private static final HexFormat HEX = HexFormat.of();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Base64.Encoder B64 = Base64.getEncoder();

  /** Every envelope of the handshake vectors is stamped, and received, at this instant. */
  static final Instant T0 = EnvelopeVectors.T0;

  /** The msg_ids of the handshake vectors are VectorKeys.msgId(2001), (2002), ... */
  private static final int FIRST_MSG = 2001;

  private int nextMsg = FIRST_MSG;

  private CipVectors() {}

  static List<VectorFile> build() {
    CipVectors v = new CipVectors();
    return List.of(challengeFile(), v.handshakeFile(), trustFile());
  }

  /** SHA-256("web4-kit/vectors/cip/" + session + "/" + role + "/" + kind): a fixed 32 bytes. */
  static byte[] fixed(String session, String role, String kind) {
    return VectorKeys.sha256("web4-kit/vectors/cip/" + session + "/" + role + "/" + kind);
  }

  static byte[] label() {
    byte[] text = LABEL_TEXT.getBytes(StandardCharsets.US_ASCII);
    return Arrays.copyOf(text, text.length + 1);
  }

  // ---------------------------------------------------------------- challenge responses

  /** One side of a session: its identity key, session nonce and challenge. */
  private static final class Side {
    private final String agentId;
    private final AgentKeyPair key;
    private final byte[] nonce;
    private final byte[] challenge;

    private Side(String session, String role, String agentId) {
      this.agentId = agentId;
      this.key = VectorKeys.key(agentId);
      this.nonce = fixed(session, role, "nonce");
      this.challenge = fixed(session, role, "challenge");
    }

    static Side of(String session, String role, String agentId) {
      return new Side(session, role, agentId);
    }

    String agentId() {
      return agentId;
    }

    AgentKeyPair key() {
      return key;
    }

    byte[] nonce() {
      return nonce.clone();
    }

    byte[] challenge() {
      return challenge.clone();
    }
  }

  /** How an invalid challenge response was made: who signs what. */
  private static final class Mutation {
    final String flag;
    final String comment;
    final String signer;
    final byte[] signed;

    Mutation(String flag, String comment, String signer, byte[] signed) {
      this.flag = flag;
      this.comment = comment;
      this.signer = signer;
      this.signed = signed;
    }
  }

  private static VectorFile challengeFile() {
    VectorFile file =
        new VectorFile(
            CHALLENGE_PATH,
            "Web4-CIP-ChallengeResponse",
            "vectors/cip_challenge_response_test.schema.json",
            List.of(
                "CIP challenge responses (spec/cip.md section 4.2): the Ed25519 signature, by the"
                    + " answering agent's identity key, of the 128 bytes L || C || N_challenger ||"
                    + " N_answerer. L (label) is the 31 ASCII bytes \"web4-cip/1.0 challenge"
                    + " response\" and one zero byte; C the challenge answered; N_challenger the"
                    + " session nonce of the HELLO that carried C; N_answerer the answerer's own"
                    + " session nonce.",
                "role responder: S_R in the responder's HELLO, answering the initiator's challenge"
                    + " (L || C_I || N_I || N_R). role initiator: S_I in VERIFY, answering the"
                    + " responder's challenge (L || C_R || N_R || N_I).",
                "To check a verifier: build input from label, challenge, challengerNonce and"
                    + " answererNonce (it must equal input), then verify signature over it with"
                    + " publicKey (the sender.pubkey of the envelope that carries the response)"
                    + " under the pinned criteria of spec/envelope.md section 6.3. A valid case"
                    + " must verify; an invalid one must not (the initiator then refuses the HELLO,"
                    + " the responder the VERIFY, with TRUST_VIOLATION).",
                "Keys: the seed of key N is SHA-256(\"web4-kit/vectors/key/\" + N). Challenges and"
                    + " nonces: SHA-256(\"web4-kit/vectors/cip/\" + session + \"/\" + role + \"/\""
                    + " + kind), kind being nonce or challenge. An invalid case lists, when there is"
                    + " one, the message its signature does sign (signedMessage) and the key that"
                    + " signed it (signerPublicKey)."));
    file.note(
            "ValidResponse",
            "Functionality",
            "A correct challenge response: it verifies under the answerer's key.")
        .note(
            "SwappedNonces",
            "Authentication",
            "Signed over L || C || N_answerer || N_challenger: the two nonces in the wrong order.")
        .note(
            "OtherChallenge",
            "Authentication",
            "Signed over the answerer's own challenge instead of the one it answers (a reflected"
                + " challenge).")
        .note(
            "OtherSession",
            "Authentication",
            "A correct response from another session (other challenge and nonces), replayed.")
        .note(
            "OtherKey",
            "Authentication",
            "The right input signed by the other agent's key; it must verify under the key of the"
                + " envelope that carries it, the answerer's.")
        .note("BitFlip", "Authentication", "A correct signature with one bit flipped.")
        .note(
            "LabelWithoutZero",
            "Authentication",
            "Signed with the label's 31 text bytes but without its zero byte (127 bytes).")
        .note(
            "ChallengeOnly",
            "Authentication",
            "A signature of the 32 challenge bytes alone: bound to neither the label nor the"
                + " sessions.");

    ObjectNode group = file.group("CipChallengeResponse");
    group.put("label", HEX.formatHex(label()));
    group.put("labelText", LABEL_TEXT);
    ArrayNode keys = group.putArray("keys");
    for (String name : List.of("alice", "bob")) {
      AgentKeyPair k = VectorKeys.key(name);
      ObjectNode key = keys.addObject();
      key.put("name", name);
      key.put("seed", VectorKeys.seedText(name));
      key.put("seedHex", HEX.formatHex(k.seed()));
      key.put("publicKey", HEX.formatHex(k.publicKey().raw()));
      key.put("pubkey", k.publicKey().base64());
    }

    // session-1: alice initiates, bob responds; session-2: the other way round
    Side i1 = Side.of("session-1", "initiator", "alice");
    Side r1 = Side.of("session-1", "responder", "bob");
    Side i2 = Side.of("session-2", "initiator", "bob");
    Side r2 = Side.of("session-2", "responder", "alice");
    validResponse(file, group, "session-1", "responder", r1, i1);
    validResponse(file, group, "session-1", "initiator", i1, r1);
    validResponse(file, group, "session-2", "responder", r2, i2);
    validResponse(file, group, "session-2", "initiator", i2, r2);
    // the other-session response of each answerer is its own (correct) one from session-2
    invalidResponses(file, group, "responder", r1, i1, i2, r2);
    invalidResponses(file, group, "initiator", i1, r1, r2, i2);
    return file;
  }

  private static List<String> validRequirements(String role) {
    return role.equals("responder")
        ? List.of("CIP-HS-002", "CIP-HS-003")
        : List.of("CIP-HS-003", "CIP-HS-004");
  }

  private static List<String> invalidRequirements(String role) {
    return role.equals("responder") ? List.of("CIP-HS-003") : List.of("CIP-HS-004");
  }

  private static void validResponse(
      VectorFile file, ObjectNode group, String session, String role, Side answerer, Side other) {
    byte[] signature =
        ChallengeResponse.sign(answerer.key(), other.challenge(), other.nonce(), answerer.nonce());
    ObjectNode fields = responseFields(session, role, answerer, other, signature);
    check(fields, true);
    file.test(
        group,
        session
            + ": "
            + answerer.agentId()
            + " ("
            + role
            + ") answers "
            + other.agentId()
            + "'s challenge",
        List.of("ValidResponse"),
        "valid",
        validRequirements(role),
        fields);
  }

  /**
   * The invalid responses of {@code answerer} to {@code other} in session-1; {@code elsewhere} is
   * the same agent in session-2 (in the other role), {@code elsewhereOther} its peer there.
   */
  private static void invalidResponses(
      VectorFile file,
      ObjectNode group,
      String role,
      Side answerer,
      Side other,
      Side elsewhere,
      Side elsewhereOther) {
    byte[] c = other.challenge();
    byte[] nc = other.nonce();
    byte[] na = answerer.nonce();
    String a = answerer.agentId();
    List<Mutation> mutations =
        List.of(
            new Mutation(
                "SwappedNonces",
                a + " signs L || C || N_answerer || N_challenger (nonces swapped)",
                a,
                concat(label(), c, na, nc)),
            new Mutation(
                "OtherChallenge",
                a + " signs its own challenge instead of " + other.agentId() + "'s",
                a,
                concat(label(), answerer.challenge(), nc, na)),
            new Mutation(
                "OtherSession",
                a
                    + "'s correct response from session-2 (other challenge and nonces) replayed"
                    + " in session-1",
                a,
                ChallengeResponse.input(
                    elsewhereOther.challenge(), elsewhereOther.nonce(), elsewhere.nonce())),
            new Mutation(
                "OtherKey",
                "the right input signed by " + other.agentId() + "'s key instead of " + a + "'s",
                other.agentId(),
                concat(label(), c, nc, na)),
            new Mutation(
                "LabelWithoutZero",
                a + " signs the label without its zero byte (127 bytes)",
                a,
                concat(LABEL_TEXT.getBytes(StandardCharsets.US_ASCII), c, nc, na)),
            new Mutation("ChallengeOnly", a + " signs the 32 challenge bytes alone", a, c.clone()));
    if (!elsewhere.agentId().equals(a)) {
      throw new IllegalStateException("session-2 has no " + a);
    }
    for (Mutation m : mutations) {
      AgentKeyPair signer = VectorKeys.key(m.signer);
      byte[] signature = signer.sign(m.signed);
      ObjectNode fields = responseFields("session-1", role, answerer, other, signature);
      fields.put("signedMessage", HEX.formatHex(m.signed));
      fields.put("signerPublicKey", HEX.formatHex(signer.publicKey().raw()));
      check(fields, false);
      file.test(
          group,
          "session-1, " + role + ": " + m.comment,
          List.of(m.flag),
          "invalid",
          invalidRequirements(role),
          fields);
    }
    byte[] good = ChallengeResponse.sign(answerer.key(), c, nc, na);
    int[][] flips = {{0, 0x01, 0}, {40, 0x10, 1}};
    for (int[] f : flips) {
      byte[] flipped = good.clone();
      flipped[f[0]] ^= (byte) f[1];
      ObjectNode fields = responseFields("session-1", role, answerer, other, flipped);
      check(fields, false);
      file.test(
          group,
          "session-1, "
              + role
              + ": "
              + a
              + "'s correct response with bit "
              + Integer.numberOfTrailingZeros(f[1])
              + " of byte "
              + f[0]
              + " flipped (in "
              + (f[2] == 0 ? "R" : "S")
              + ")",
          List.of("BitFlip"),
          "invalid",
          invalidRequirements(role),
          fields);
    }
  }

  private static ObjectNode responseFields(
      String session, String role, Side answerer, Side other, byte[] signature) {
    ObjectNode f = VectorFile.fields();
    f.put("session", session);
    f.put("role", role);
    f.put("answerer", answerer.agentId());
    f.put("publicKey", HEX.formatHex(answerer.key().publicKey().raw()));
    f.put("challenge", HEX.formatHex(other.challenge()));
    f.put("challengerNonce", HEX.formatHex(other.nonce()));
    f.put("answererNonce", HEX.formatHex(answerer.nonce()));
    f.put(
        "input",
        HEX.formatHex(ChallengeResponse.input(other.challenge(), other.nonce(), answerer.nonce())));
    f.put("signature", HEX.formatHex(signature));
    f.put("challengeResponse", B64.encodeToString(signature));
    return f;
  }

  /** The reference's verdict on a response must be the vector's. */
  private static void check(ObjectNode fields, boolean valid) {
    boolean verifies =
        ChallengeResponse.verifies(
            AgentPublicKey.fromRaw(hex(fields, "publicKey")),
            hex(fields, "signature"),
            hex(fields, "challenge"),
            hex(fields, "challengerNonce"),
            hex(fields, "answererNonce"));
    if (verifies != valid) {
      throw new IllegalStateException(
          "the reference disagrees with a challenge response vector: " + fields);
    }
    byte[] input = hex(fields, "input");
    if (input.length != 128 || !Arrays.equals(Arrays.copyOf(input, 32), label())) {
      throw new IllegalStateException("the signed input is L and 96 bytes");
    }
  }

  // ---------------------------------------------------------------- handshakes

  /** One agent in a handshake transcript, as the reference's CipRuntime holds it. */
  private static final class Agent {
    final String role;
    final Side side;
    final TrustBook trust = new TrustBook(t -> {});
    final EnvelopeValidator validator = EnvelopeValidator.create();

    /** What the peer's last envelope said in its {@code trust.sender_view} (CipSession). */
    String peerView = "unknown";

    Agent(String role, Side side) {
      this.role = role;
      this.side = side;
    }
  }

  private VectorFile handshakeFile() {
    VectorFile file =
        new VectorFile(
            HANDSHAKE_PATH,
            "Web4-CIP-Handshake",
            "vectors/cip_handshake_test.schema.json",
            List.of(
                "CIP handshakes (spec/cip.md section 4.2) with fixed keys, nonces and challenges,"
                    + " as the signed envelopes the two agents send, in order: the initiator's"
                    + " HELLO, the responder's HELLO with challenge_response, the initiator's VERIFY,"
                    + " then the first STATE_UPDATE of each side.",
                "envelope is the hex of the bytes sent (the RFC 8785 form of the signed envelope,"
                    + " as the reference sends it) and envelopeText the same text. Every envelope"
                    + " is stamped timestamp and is received at that instant; each must pass the"
                    + " ten validation steps of spec/envelope.md. channel is the RTT channel it"
                    + " travels on (spec/rtt.md section 5).",
                "Every envelope carries the trust block the reference sends: sender_view is the"
                    + " sender's trust state of the peer when it sends (untrusted during the"
                    + " handshake, probing once it completed, CIP-TRU-004); receiver_view, which no"
                    + " requirement constrains, is the sender_view of the last envelope the sender"
                    + " read from the peer (unknown before the first). The initiator sends its"
                    + " STATE_UPDATE right after VERIFY; the responder sends its own while it"
                    + " handles the VERIFY, before it reads the initiator's STATE_UPDATE. The HELLO"
                    + " payloads and the STATE_UPDATE load (focused, lri 20) are the reference's;"
                    + " another implementation's may differ, its challenge_response must not.",
                "challengeResponseInput is the 128-byte input a verifier builds for the"
                    + " challenge_response of that message (see cip_challenge_response_test.json)."
                    + " Keys: the seed of key N is SHA-256(\"web4-kit/vectors/key/\" + N); nonces"
                    + " and challenges SHA-256(\"web4-kit/vectors/cip/\" + case + \"/\" + role +"
                    + " \"/\" + kind); msg_ids as in the other files, from n = 2001.",
                "outcome completed (result valid): both sides accept every message and end in"
                    + " trust state probing of each other. outcome refused (result invalid):"
                    + " refusedBy refuses message refusedMessage with error (a non-closing RTT"
                    + " ERROR on its channel) and the transcript ends there: a refusing initiator"
                    + " sends no VERIFY and no STATE_UPDATE. trustAfter is each side's trust state"
                    + " of the other at the end."));
    file.note(
            "CompletedHandshake",
            "Functionality",
            "A handshake both sides complete, followed by each side's first STATE_UPDATE.")
        .note(
            "BadChallengeResponse",
            "Authentication",
            "The responder's challenge_response does not verify; the initiator must refuse its"
                + " HELLO with TRUST_VIOLATION and send no VERIFY.");

    ObjectNode group = file.group("CipHandshake");
    group.put("timestamp", Timestamps.format(T0));
    group.put("label", HEX.formatHex(label()));

    transcript(
        file,
        group,
        "alice-initiates",
        "alice initiates, bob responds: the complete handshake and the first STATE_UPDATEs",
        "alice",
        "bob",
        false);
    transcript(
        file,
        group,
        "bob-initiates",
        "bob initiates, alice responds: the complete handshake and the first STATE_UPDATEs",
        "bob",
        "alice",
        false);
    transcript(
        file,
        group,
        "refused-swapped-nonces",
        "bob's challenge_response signs the nonces in the wrong order: alice refuses its HELLO"
            + " with TRUST_VIOLATION and sends no VERIFY",
        "alice",
        "bob",
        true);
    return file;
  }

  private void transcript(
      VectorFile file,
      ObjectNode group,
      String name,
      String comment,
      String initiatorId,
      String responderId,
      boolean badResponse) {
    Agent init = new Agent("initiator", Side.of(name, "initiator", initiatorId));
    Agent resp = new Agent("responder", Side.of(name, "responder", responderId));
    ObjectNode fields = VectorFile.fields();
    fields.put("case", name);
    fields.set("initiator", party(init));
    fields.set("responder", party(resp));
    ArrayNode messages = fields.putArray("messages");

    // 1. the initiator's HELLO [CIP-HS-001]
    receive(resp, send(messages, init, resp, "HELLO", hello(init), null));

    // 2. the responder's HELLO, answering C_I [CIP-HS-002]
    byte[] sR =
        badResponse
            ? resp.side
                .key()
                .sign(concat(label(), init.side.challenge(), resp.side.nonce(), init.side.nonce()))
            : ChallengeResponse.sign(
                resp.side.key(), init.side.challenge(), init.side.nonce(), resp.side.nonce());
    ObjectNode helloR = hello(resp);
    helloR.put("challenge_response", B64.encodeToString(sR));
    receive(
        init,
        send(
            messages,
            resp,
            init,
            "HELLO",
            helloR,
            ChallengeResponse.input(init.side.challenge(), init.side.nonce(), resp.side.nonce())));

    boolean verifies =
        ChallengeResponse.verifies(
            resp.side.key().publicKey(),
            sR,
            init.side.challenge(),
            init.side.nonce(),
            resp.side.nonce());
    if (verifies == badResponse) {
      throw new IllegalStateException(name + ": the responder's challenge_response");
    }
    if (badResponse) {
      // [CIP-HS-003] refused, no VERIFY; a bad signature is an event (untrusted: unchanged)
      init.trust.apply(resp.side.key().publicKey().fingerprint(), TrustEvent.BAD_SIGNATURE);
      fields.put("outcome", "refused");
      fields.put("refusedBy", "initiator");
      fields.put("refusedMessage", 2);
      fields.put("error", ErrorCode.TRUST_VIOLATION.name());
      fields.set("trustAfter", trustAfter(init, resp));
      file.test(
          group,
          comment,
          List.of("BadChallengeResponse"),
          "invalid",
          List.of("CIP-HS-001", "CIP-HS-003", "CIP-TRU-001"),
          fields);
      return;
    }

    // 3. the initiator's VERIFY, answering C_R [CIP-HS-003]; then it has completed
    ObjectNode verify = NODES.objectNode();
    verify.put(
        "challenge_response",
        B64.encodeToString(
            ChallengeResponse.sign(
                init.side.key(), resp.side.challenge(), resp.side.nonce(), init.side.nonce())));
    byte[] m3 =
        send(
            messages,
            init,
            resp,
            "VERIFY",
            verify,
            ChallengeResponse.input(resp.side.challenge(), resp.side.nonce(), init.side.nonce()));
    if (!ChallengeResponse.verifies(
        init.side.key().publicKey(),
        Base64.getDecoder().decode(verify.get("challenge_response").asText()),
        resp.side.challenge(),
        resp.side.nonce(),
        init.side.nonce())) {
      throw new IllegalStateException(name + ": the VERIFY");
    }
    init.trust.apply(resp.side.key().publicKey().fingerprint(), TrustEvent.HANDSHAKE);
    // 4. the initiator's STATE_UPDATE, sent as soon as it sent VERIFY [CIP-HS-005]
    byte[] m4 = send(messages, init, resp, "STATE_UPDATE", stateUpdate(), null);
    // the responder accepts the VERIFY [CIP-HS-004] and, while handling it, sends
    // 5. its STATE_UPDATE [CIP-HS-005], before it reads message 4 (as CipRuntime does)
    receive(resp, m3);
    resp.trust.apply(init.side.key().publicKey().fingerprint(), TrustEvent.HANDSHAKE);
    byte[] m5 = send(messages, resp, init, "STATE_UPDATE", stateUpdate(), null);
    receive(resp, m4);
    receive(init, m5);

    fields.put("outcome", "completed");
    fields.set("trustAfter", trustAfter(init, resp));
    file.test(
        group,
        comment,
        List.of("CompletedHandshake"),
        "valid",
        List.of(
            "CIP-HS-001",
            "CIP-HS-002",
            "CIP-HS-003",
            "CIP-HS-004",
            "CIP-HS-005",
            "CIP-TRU-001",
            "CIP-TRU-004"),
        fields);
  }

  private static ObjectNode party(Agent a) {
    ObjectNode o = NODES.objectNode();
    o.put("agent_id", a.side.agentId());
    o.put("seedHex", HEX.formatHex(a.side.key().seed()));
    o.put("pubkey", a.side.key().publicKey().base64());
    o.put("fingerprint", a.side.key().publicKey().fingerprint());
    o.put("sessionNonce", HEX.formatHex(a.side.nonce()));
    o.put("challenge", HEX.formatHex(a.side.challenge()));
    return o;
  }

  /**
   * A HELLO payload as the reference builds it (CipRuntime.helloPayload), without the optional
   * {@code features}.
   */
  private static ObjectNode hello(Agent a) {
    ObjectNode hello = NODES.objectNode();
    hello.putArray("protocols").add("cip/1.0");
    hello.putArray("capabilities").add("knowledge").add("intents");
    hello.put("session_nonce", B64.encodeToString(a.side.nonce()));
    hello.put("challenge", B64.encodeToString(a.side.challenge()));
    return hello;
  }

  /** The reference's default load (AgentLoad): presence focused, lri 20. */
  private static ObjectNode stateUpdate() {
    ObjectNode state = NODES.objectNode();
    state.put("presence", "focused");
    state.put("lri", 20);
    return state;
  }

  /**
   * Signs and "sends" an envelope as CipRuntime.send does, and has the receiver validate it and
   * note the sender's view.
   */
  private byte[] send(
      ArrayNode messages,
      Agent from,
      Agent to,
      String type,
      ObjectNode payload,
      byte @Nullable [] challengeResponseInput) {
    ObjectNode trustBlock = NODES.objectNode();
    trustBlock.put(
        "sender_view", from.trust.stateOf(to.side.key().publicKey().fingerprint()).wire());
    trustBlock.put("receiver_view", from.peerView);
    UUID id = VectorKeys.msgId(nextMsg++);
    String msgId = id.toString();
    ObjectNode envelope =
        EnvelopeBuilder.of(Protocol.CIP, type)
            .msgId(id)
            .timestamp(T0)
            .sender(from.side.agentId(), from.side.key())
            .receiver(to.side.agentId(), to.side.key().publicKey().fingerprint())
            .block("trust", trustBlock)
            .payload(payload)
            .sign(from.side.key());
    byte[] bytes = JsonCanonicalizer.canonicalize(envelope);
    int channel = ChannelFamilies.channelOf(Protocol.CIP, type);
    ObjectNode m = messages.addObject();
    m.put("message", messages.size());
    m.put("from", from.role);
    m.put("type", type);
    m.put("channel", ChannelNames.STANDARD.get(channel));
    m.put("channelId", channel);
    m.put("msg_id", msgId);
    if (challengeResponseInput != null) {
      m.put("challengeResponseInput", HEX.formatHex(challengeResponseInput));
    }
    m.put("envelope", HEX.formatHex(bytes));
    m.put("envelopeText", new String(bytes, StandardCharsets.UTF_8));
    return bytes;
  }

  /**
   * The receiver validates an envelope (the ten steps of spec/envelope.md) and notes the sender's
   * view, as CipRuntime.receive does before it handles the message.
   */
  private static void receive(Agent to, byte[] envelope) {
    ValidatedEnvelope v;
    try {
      v = to.validator.validate(envelope, T0);
    } catch (EnvelopeException e) {
      throw new IllegalStateException("the reference refuses a handshake envelope: " + e, e);
    }
    to.peerView = v.json().path("trust").path("sender_view").asText();
  }

  private static ObjectNode trustAfter(Agent init, Agent resp) {
    ObjectNode o = NODES.objectNode();
    o.put("initiator", init.trust.stateOf(resp.side.key().publicKey().fingerprint()).wire());
    o.put("responder", resp.trust.stateOf(init.side.key().publicKey().fingerprint()).wire());
    return o;
  }

  // ---------------------------------------------------------------- trust

  /** The events of Table 4.4, in the table's column order, as spelled there. */
  static final List<String> EVENTS =
      List.of(
          "handshake",
          "verified",
          "conflict",
          "unverifiable",
          "bad_signature",
          "malicious",
          "anomaly");

  /** The states, in the table's row order. */
  static final List<String> STATES = List.of("untrusted", "probing", "trusted", "blacklisted");

  /**
   * Table 4.4 transcribed from spec/cip.md, one row per state, the cells in {@link #EVENTS} order
   * ("." = unchanged); the override column is "s" in every row.
   */
  static final Map<String, List<String>> TABLE =
      Map.of(
          "untrusted", List.of("probing", ".", ".", ".", ".", "blacklisted", "."),
          "probing",
              List.of(".", "trusted", "untrusted", "untrusted", "untrusted", "blacklisted", "."),
          "trusted", List.of(".", ".", "probing", "probing", "untrusted", "blacklisted", "probing"),
          "blacklisted", List.of(".", ".", ".", ".", ".", ".", "."));

  /** One peer as spec/cip.md §4.4 describes it, step by step. */
  private static final class SpecPeer {
    String state = "untrusted";
    boolean known;
    int rejectedRun;

    void step(String step) {
      if (step.equals("anchor")) {
        // "configuring anchors does not change the state of a peer already known"
        if (!known) {
          state = "trusted";
        }
        known = true;
      } else if (step.startsWith("override:")) {
        state = step.substring("override:".length());
        known = true;
      } else if (step.equals("fact_rejected")) {
        // "only the third in a row, with no verified in between, is the event"
        rejectedRun++;
        if (rejectedRun == 3) {
          rejectedRun = 0;
          event("unverifiable");
        }
      } else {
        if (step.equals("verified")) {
          rejectedRun = 0;
        }
        event(step);
      }
    }

    private void event(String event) {
      int column = EVENTS.indexOf(event);
      if (column < 0) {
        throw new IllegalArgumentException("not an event of Table 4.4: " + event);
      }
      String cell = TABLE.getOrDefault(state, List.of()).get(column);
      if (!cell.equals(".")) {
        state = cell;
      }
      known = true;
    }
  }

  private static VectorFile trustFile() {
    VectorFile file =
        new VectorFile(
            TRUST_PATH,
            "Web4-CIP-Trust",
            "vectors/cip_trust_test.schema.json",
            List.of(
                "Trust state sequences of one peer (spec/cip.md section 4.4, Table 4.4). Each test"
                    + " starts with a peer the agent does not know (state untrusted, no anchor, no"
                    + " rejected facts) and applies steps in order; state is the peer's state"
                    + " after the step.",
                "A step is an event of Table 4.4 as spelled there (handshake, verified, conflict,"
                    + " unverifiable, bad_signature, malicious, anomaly); fact_rejected, one fact"
                    + " the peer proposed was rejected (section 4.5): the third in a row with no"
                    + " verified in between is the unverifiable event, the others are no event;"
                    + " override:S, the operator sets state S; anchor, the peer is configured as a"
                    + " trust anchor (trusted unless already known: the subject of an event of"
                    + " Table 4.4, an override or an earlier anchor).",
                "cell, when present, names the cell of Table 4.4 the last step exercises: the"
                    + " state before it and its event. The tests cover every cell."));
    file.note("TableCell", "Functionality", "One cell of Table 4.4, reached by the shortest path.")
        .note("Override", "Functionality", "The operator's override sets any state from any state.")
        .note(
            "RejectedFactRun",
            "EdgeCase",
            "Rejected facts: only the third in a row, with no verified in between, is the"
                + " unverifiable event.")
        .note(
            "Anchor",
            "Functionality",
            "Trust anchors: trusted when configured, unless the peer is already known.")
        .note(
            "BlacklistedSticky",
            "Functionality",
            "Only override leaves blacklisted: no event does.")
        .note("Lifecycle", "Functionality", "A longer history through several states.");

    List<String> req = List.of("CIP-TRU-001");
    Map<String, List<String>> reach = new LinkedHashMap<>();
    reach.put("untrusted", List.of());
    reach.put("probing", List.of("handshake"));
    reach.put("trusted", List.of("handshake", "verified"));
    reach.put("blacklisted", List.of("malicious"));

    ObjectNode cells = trustGroup(file, "every cell of Table 4.4: the events");
    for (String state : STATES) {
      for (String event : EVENTS) {
        List<String> steps = new ArrayList<>(reach.get(state));
        steps.add(event);
        String after = TABLE.getOrDefault(state, List.of()).get(EVENTS.indexOf(event));
        trustTest(
            file,
            cells,
            state + " + " + event + " -> " + (after.equals(".") ? state + " (unchanged)" : after),
            "TableCell",
            req,
            state,
            event,
            steps);
      }
    }
    ObjectNode overrides = trustGroup(file, "every cell of Table 4.4: override(s), to every state");
    for (String state : STATES) {
      for (String target : STATES) {
        List<String> steps = new ArrayList<>(reach.get(state));
        steps.add("override:" + target);
        trustTest(
            file,
            overrides,
            state + " + override(" + target + ") -> " + target,
            "Override",
            req,
            state,
            "override",
            steps);
      }
    }

    ObjectNode runs = trustGroup(file, "rejected facts: the third in a row is unverifiable");
    String r = "fact_rejected";
    trustTest(
        file,
        runs,
        "probing: three rejected facts in a row; the third is unverifiable (-> untrusted)",
        "RejectedFactRun",
        req,
        null,
        null,
        List.of("handshake", r, r, r));
    trustTest(
        file,
        runs,
        "trusted: three rejected facts in a row; the third is unverifiable (-> probing)",
        "RejectedFactRun",
        req,
        null,
        null,
        List.of("handshake", "verified", r, r, r));
    trustTest(
        file,
        runs,
        "trusted: two rejected, verified, two rejected: no unverifiable (verified ends the run);"
            + " a third after the verified is",
        "RejectedFactRun",
        req,
        null,
        null,
        List.of("handshake", "verified", r, r, "verified", r, r, r));
    trustTest(
        file,
        runs,
        "trusted: five rejected facts in a row; only the third is an event",
        "RejectedFactRun",
        req,
        null,
        null,
        List.of("handshake", "verified", r, r, r, r, r));
    trustTest(
        file,
        runs,
        "probing: a bad_signature and a new handshake do not end the run (only verified does);"
            + " the third rejected fact is unverifiable",
        "RejectedFactRun",
        req,
        null,
        null,
        List.of("handshake", r, r, "bad_signature", "handshake", r));
    trustTest(
        file,
        runs,
        "untrusted: three rejected facts; unverifiable leaves untrusted unchanged",
        "RejectedFactRun",
        req,
        null,
        null,
        List.of(r, r, r));

    ObjectNode anchors = trustGroup(file, "trust anchors on unknown and known peers");
    trustTest(
        file,
        anchors,
        "an unknown peer configured as anchor is trusted, then follows the table",
        "Anchor",
        req,
        null,
        null,
        List.of("anchor", "conflict", "verified", "anomaly"));
    trustTest(
        file,
        anchors,
        "a peer known from a handshake (probing) stays probing when configured as anchor",
        "Anchor",
        req,
        null,
        null,
        List.of("handshake", "anchor"));
    trustTest(
        file,
        anchors,
        "a peer known from an event that left it untrusted (anomaly) stays untrusted when"
            + " configured as anchor",
        "Anchor",
        req,
        null,
        null,
        List.of("anomaly", "anchor"));
    trustTest(
        file,
        anchors,
        "a peer known from an override stays as it is when configured as anchor",
        "Anchor",
        req,
        null,
        null,
        List.of("override:untrusted", "anchor"));
    trustTest(
        file,
        anchors,
        "an anchor that fell to untrusted is not trusted again by configuring it again",
        "Anchor",
        req,
        null,
        null,
        List.of("anchor", "bad_signature", "anchor", "handshake"));
    trustTest(
        file,
        anchors,
        "a blacklisted peer stays blacklisted when configured as anchor",
        "Anchor",
        req,
        null,
        null,
        List.of("malicious", "anchor"));

    ObjectNode sticky = trustGroup(file, "blacklisted: only override leaves it");
    List<String> everything = new ArrayList<>(List.of("malicious"));
    everything.addAll(EVENTS);
    everything.addAll(List.of(r, r, r, "anchor", "override:probing", "verified"));
    trustTest(
        file,
        sticky,
        "blacklisted through every event, three rejected facts and an anchor; override(probing)"
            + " leaves it, then the table applies again",
        "BlacklistedSticky",
        req,
        null,
        null,
        everything);
    trustTest(
        file,
        sticky,
        "a trusted peer overridden to blacklisted stays there through handshake, verified,"
            + " anomaly and bad_signature until override(untrusted)",
        "BlacklistedSticky",
        req,
        null,
        null,
        List.of(
            "handshake",
            "verified",
            "override:blacklisted",
            "handshake",
            "verified",
            "anomaly",
            "bad_signature",
            "override:untrusted",
            "handshake"));

    ObjectNode life = trustGroup(file, "longer histories");
    trustTest(
        file,
        life,
        "handshake, trusted, a timeout, trusted again, a conflict, a bad signature, a new"
            + " handshake, then impersonation",
        "Lifecycle",
        req,
        null,
        null,
        List.of(
            "handshake",
            "verified",
            "anomaly",
            "verified",
            "conflict",
            "bad_signature",
            "handshake",
            "malicious"));
    trustTest(
        file,
        life,
        "repeated handshakes and verified facts change nothing once trusted",
        "Lifecycle",
        req,
        null,
        null,
        List.of("handshake", "handshake", "verified", "verified", "handshake"));
    return file;
  }

  private static ObjectNode trustGroup(VectorFile file, String source) {
    ObjectNode g = file.group("CipTrust");
    g.put("source", source);
    g.put("initialState", "untrusted");
    return g;
  }

  private static void trustTest(
      VectorFile file,
      ObjectNode group,
      String comment,
      String flag,
      List<String> requirements,
      @Nullable String cellState,
      @Nullable String cellEvent,
      List<String> steps) {
    SpecPeer spec = new SpecPeer();
    TrustBook book = new TrustBook(t -> {});
    String peer = VectorKeys.key("bob").publicKey().fingerprint();
    ObjectNode fields = VectorFile.fields();
    if (cellState != null && cellEvent != null) {
      ObjectNode cell = fields.putObject("cell");
      cell.put("state", cellState);
      cell.put("event", cellEvent);
    }
    ArrayNode out = fields.putArray("steps");
    String before = spec.state;
    for (String step : steps) {
      before = spec.state;
      spec.step(step);
      String reference = replay(book, peer, step).wire();
      if (!reference.equals(spec.state)) {
        throw new IllegalStateException(
            "the reference disagrees with Table 4.4 in \""
                + comment
                + "\" at "
                + step
                + ": "
                + reference
                + " != "
                + spec.state);
      }
      ObjectNode s = out.addObject();
      s.put("step", step);
      s.put("state", spec.state);
    }
    if (cellState != null && !before.equals(cellState)) {
      throw new IllegalStateException(comment + ": the cell's state is not reached");
    }
    file.test(group, comment, List.of(flag), "valid", requirements, fields);
  }

  /** A step applied to the reference's book. */
  static TrustState replay(TrustBook book, String peer, String step) {
    if (step.equals("anchor")) {
      book.addAnchors(Set.of(peer));
    } else if (step.startsWith("override:")) {
      String target = step.substring("override:".length());
      book.override(
          peer,
          TrustState.ofWire(target)
              .orElseThrow(() -> new IllegalArgumentException("no state " + target)));
    } else if (step.equals("fact_rejected")) {
      book.factRejected(peer);
    } else {
      book.apply(peer, event(step));
    }
    return book.stateOf(peer);
  }

  static TrustEvent event(String wire) {
    for (TrustEvent e : TrustEvent.values()) {
      if (e.wire().equals(wire)) {
        return e;
      }
    }
    throw new IllegalArgumentException("not an event of Table 4.4: " + wire);
  }

  // ---------------------------------------------------------------- helpers

  private static byte[] hex(ObjectNode fields, String member) {
    return HEX.parseHex(fields.get(member).asText());
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
