package org.web4.vectors;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.web4.cip.ChallengeResponse;
import org.web4.cip.TrustBook;
import org.web4.cip.TrustEvent;
import org.web4.cip.TrustState;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.AgentPublicKey;
import org.web4.crypto.Ed25519Verifier;
import org.web4.envelope.EnvelopeValidator;
import org.web4.envelope.ErrorCode;
import org.web4.envelope.Protocol;
import org.web4.envelope.Timestamps;
import org.web4.envelope.ValidatedEnvelope;
import org.web4.json.JsonCanonicalizer;
import org.web4.rtt.ChannelFamilies;
import org.web4.rtt.ChannelNames;

/**
 * Checks every case of {@code vectors/cip/} against the reference, from the keys and bytes listed
 * in the files only (not from the generator): every challenge response is verified with {@link
 * ChallengeResponse#verifies} (and the valid ones re-signed); every handshake envelope is validated
 * with {@link EnvelopeValidator} at the vectors' timestamp, its challenge_response recomputed from
 * the listed keys, nonces and challenges, and its trust block compared with what the reference's
 * runtime sends; every trust sequence is replayed on a fresh {@link TrustBook} and compared after
 * every step. An independent Python check (vectors/sources/check_cip_vectors.py, OpenSSL through
 * {@code cryptography}) must agree with every challenge-response verdict.
 */
class CipVectorsTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] LABEL =
      "web4-cip/1.0 challenge response\0".getBytes(StandardCharsets.US_ASCII);

  @TestFactory
  Stream<DynamicNode> cipChallengeResponse() throws IOException {
    return ReferenceVectorsTest.file(
        CipVectors.CHALLENGE_PATH, CipVectorsTest::checkChallengeResponse);
  }

  @TestFactory
  Stream<DynamicNode> cipHandshake() throws IOException {
    return ReferenceVectorsTest.file(CipVectors.HANDSHAKE_PATH, CipVectorsTest::checkHandshake);
  }

  @TestFactory
  Stream<DynamicNode> cipTrust() throws IOException {
    return ReferenceVectorsTest.file(CipVectors.TRUST_PATH, CipVectorsTest::checkTrust);
  }

  // ---------------------------------------------------------------- challenge responses

  private static void checkChallengeResponse(JsonNode group, JsonNode test) throws Exception {
    assertThat(hex(group.get("label"))).isEqualTo(LABEL).hasSize(32);
    assertThat(group.get("labelText").asText()).isEqualTo("web4-cip/1.0 challenge response");
    JsonNode key = keyNamed(group, test.get("answerer").asText());
    AgentKeyPair answerer = AgentKeyPair.fromSeed(hex(key.get("seedHex")));
    assertThat(hex(key.get("seedHex")))
        .isEqualTo(sha256("web4-kit/vectors/key/" + key.get("name").asText()));
    assertThat(answerer.publicKey().raw()).isEqualTo(hex(key.get("publicKey")));
    assertThat(answerer.publicKey().base64()).isEqualTo(key.get("pubkey").asText());
    assertThat(hex(test.get("publicKey"))).isEqualTo(answerer.publicKey().raw());

    // the challenge and nonces are the fixed values the header describes
    String session = test.get("session").asText();
    String role = test.get("role").asText();
    String challenger = role.equals("responder") ? "initiator" : "responder";
    byte[] c = hex(test.get("challenge"));
    byte[] nc = hex(test.get("challengerNonce"));
    byte[] na = hex(test.get("answererNonce"));
    assertThat(c).isEqualTo(fixed(session, challenger, "challenge"));
    assertThat(nc).isEqualTo(fixed(session, challenger, "nonce"));
    assertThat(na).isEqualTo(fixed(session, role, "nonce"));

    byte[] input = hex(test.get("input"));
    assertThat(input).isEqualTo(concat(LABEL, c, nc, na)).hasSize(128);
    assertThat(ChallengeResponse.input(c, nc, na)).isEqualTo(input);
    byte[] signature = hex(test.get("signature"));
    assertThat(Base64.getDecoder().decode(test.get("challengeResponse").asText()))
        .isEqualTo(signature);

    boolean valid = test.get("result").asText().equals("valid");
    assertThat(
            ChallengeResponse.verifies(
                AgentPublicKey.fromRaw(hex(test.get("publicKey"))), signature, c, nc, na))
        .as("ChallengeResponse.verifies")
        .isEqualTo(valid);
    byte[] correct = ChallengeResponse.sign(answerer, c, nc, na);
    assertThat(requirements(test))
        .isEqualTo(
            role.equals("responder")
                ? (valid ? List.of("CIP-HS-002", "CIP-HS-003") : List.of("CIP-HS-003"))
                : (valid ? List.of("CIP-HS-003", "CIP-HS-004") : List.of("CIP-HS-004")));
    if (valid) {
      assertThat(signature).as("RFC 8032 signing is deterministic").isEqualTo(correct);
      assertThat(test.has("signedMessage")).isFalse();
      return;
    }

    // an invalid case is the mutation its flag names
    String flag = test.get("flags").get(0).asText();
    if (flag.equals("BitFlip")) {
      assertThat(test.has("signedMessage")).isFalse();
      int differingBits = 0;
      for (int i = 0; i < 64; i++) {
        differingBits += Integer.bitCount((signature[i] ^ correct[i]) & 0xff);
      }
      assertThat(differingBits).isEqualTo(1);
      return;
    }
    byte[] signed = hex(test.get("signedMessage"));
    AgentPublicKey signer = AgentPublicKey.fromRaw(hex(test.get("signerPublicKey")));
    assertThat(signer.verify(signed, signature))
        .as("the signature signs signedMessage")
        .isEqualTo(Ed25519Verifier.Outcome.VALID);
    byte[] expectedSigned =
        switch (flag) {
          case "SwappedNonces" -> concat(LABEL, c, na, nc);
          case "OtherChallenge" -> concat(LABEL, fixed(session, role, "challenge"), nc, na);
          case "OtherKey" -> input;
          case "LabelWithoutZero" -> concat(Arrays.copyOf(LABEL, 31), c, nc, na);
          case "ChallengeOnly" -> c;
          case "OtherSession" -> signed; // checked below
          default -> throw new AssertionError("unknown flag " + flag);
        };
    assertThat(signed).isEqualTo(expectedSigned);
    if (flag.equals("OtherKey")) {
      assertThat(signer).isNotEqualTo(answerer.publicKey());
    } else {
      assertThat(signer).isEqualTo(answerer.publicKey());
      assertThat(signed).isNotEqualTo(input);
    }
    if (flag.equals("OtherSession")) {
      // a correct response of the same agent in another session: other challenge, other nonces
      assertThat(signed).hasSize(128).startsWith(LABEL);
      assertThat(Arrays.copyOfRange(signed, 32, 64)).isNotEqualTo(c);
      assertThat(Arrays.copyOfRange(signed, 64, 96)).isNotEqualTo(nc);
      assertThat(Arrays.copyOfRange(signed, 96, 128)).isNotEqualTo(na);
      assertThat(
              ChallengeResponse.verifies(
                  answerer.publicKey(),
                  signature,
                  Arrays.copyOfRange(signed, 32, 64),
                  Arrays.copyOfRange(signed, 64, 96),
                  Arrays.copyOfRange(signed, 96, 128)))
          .isTrue();
    }
  }

  private static JsonNode keyNamed(JsonNode group, String name) {
    for (JsonNode k : group.get("keys")) {
      if (k.get("name").asText().equals(name)) {
        return k;
      }
    }
    throw new AssertionError("no key " + name);
  }

  // ---------------------------------------------------------------- handshakes

  /** One side of a listed handshake. */
  private static final class Party {
    private final String agentId;
    private final AgentKeyPair key;
    private final byte[] nonce;
    private final byte[] challenge;

    Party(String agentId, AgentKeyPair key, byte[] nonce, byte[] challenge) {
      this.agentId = agentId;
      this.key = key;
      this.nonce = nonce.clone();
      this.challenge = challenge.clone();
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

  private static Party party(String caseName, String role, JsonNode p) {
    String agentId = p.get("agent_id").asText();
    AgentKeyPair key = AgentKeyPair.fromSeed(hex(p.get("seedHex")));
    assertThat(hex(p.get("seedHex"))).isEqualTo(sha256("web4-kit/vectors/key/" + agentId));
    assertThat(key.publicKey().base64()).isEqualTo(p.get("pubkey").asText());
    assertThat(key.publicKey().fingerprint()).isEqualTo(p.get("fingerprint").asText());
    byte[] nonce = hex(p.get("sessionNonce"));
    byte[] challenge = hex(p.get("challenge"));
    assertThat(nonce).isEqualTo(fixed(caseName, role, "nonce"));
    assertThat(challenge).isEqualTo(fixed(caseName, role, "challenge"));
    return new Party(agentId, key, nonce, challenge);
  }

  private static void checkHandshake(JsonNode group, JsonNode test) throws Exception {
    Instant now = Timestamps.parse(group.get("timestamp").asText()).orElseThrow();
    assertThat(now).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(hex(group.get("label"))).isEqualTo(LABEL);
    String caseName = test.get("case").asText();
    Party i = party(caseName, "initiator", test.get("initiator"));
    Party r = party(caseName, "responder", test.get("responder"));
    boolean completed = test.get("outcome").asText().equals("completed");
    assertThat(test.get("result").asText()).isEqualTo(completed ? "valid" : "invalid");

    List<JsonNode> messages = new ArrayList<>();
    test.get("messages").forEach(messages::add);
    List<String> expectedOrder =
        completed
            ? List.of(
                "initiator HELLO",
                "responder HELLO",
                "initiator VERIFY",
                "initiator STATE_UPDATE",
                "responder STATE_UPDATE")
            : List.of("initiator HELLO", "responder HELLO");
    assertThat(messages)
        .extracting(m -> m.get("from").asText() + " " + m.get("type").asText())
        .as("[CIP-HS-001] [CIP-HS-003] [CIP-HS-005]: the messages, in order")
        .isEqualTo(expectedOrder);

    // each receiver validates with its own replay memory
    EnvelopeValidator atInitiator = EnvelopeValidator.create();
    EnvelopeValidator atResponder = EnvelopeValidator.create();
    List<ValidatedEnvelope> received = new ArrayList<>();
    Set<String> msgIds = new HashSet<>();
    for (int n = 0; n < messages.size(); n++) {
      JsonNode m = messages.get(n);
      assertThat(m.get("message").asInt()).isEqualTo(n + 1);
      boolean fromInitiator = m.get("from").asText().equals("initiator");
      Party from = fromInitiator ? i : r;
      Party to = fromInitiator ? r : i;
      byte[] bytes = hex(m.get("envelope"));
      assertThat(new String(bytes, StandardCharsets.UTF_8))
          .isEqualTo(m.get("envelopeText").asText());
      assertThat(JsonCanonicalizer.canonicalize(bytes)).as("RFC 8785 form").isEqualTo(bytes);
      ValidatedEnvelope e = (fromInitiator ? atResponder : atInitiator).validate(bytes, now);
      received.add(e);
      String type = m.get("type").asText();
      assertThat(e.protocol()).isEqualTo(Protocol.CIP);
      assertThat(e.type()).isEqualTo(type);
      assertThat(e.msgId()).isEqualTo(m.get("msg_id").asText());
      assertThat(msgIds.add(e.msgId())).as("msg_ids are distinct").isTrue();
      assertThat(e.timestamp()).isEqualTo(now);
      assertThat(e.sender()).isEqualTo(from.key().publicKey());
      assertThat(e.senderAgentId()).isEqualTo(from.agentId());
      assertThat(e.json().get("receiver").get("agent_id").asText()).isEqualTo(to.agentId());
      assertThat(e.json().get("receiver").get("fingerprint").asText())
          .isEqualTo(to.key().publicKey().fingerprint());
      int channel = ChannelFamilies.channelOf(Protocol.CIP, type);
      assertThat(m.get("channelId").asInt()).isEqualTo(channel);
      assertThat(m.get("channel").asText()).isEqualTo(ChannelNames.STANDARD.get(channel));
      assertThat(m.get("channel").asText())
          .isEqualTo(type.equals("STATE_UPDATE") ? "state" : "control");

      JsonNode p = e.payload();
      switch (type) {
        case "HELLO" -> {
          assertThat(p.get("protocols").toString()).contains("\"cip/1.0\"");
          assertThat(b64(p.get("session_nonce"))).isEqualTo(from.nonce());
          assertThat(b64(p.get("challenge"))).isEqualTo(from.challenge());
          if (fromInitiator) {
            assertThat(p.has("challenge_response")).as("[CIP-HS-001]").isFalse();
            assertThat(m.has("challengeResponseInput")).isFalse();
          } else {
            // S_R signs L || C_I || N_I || N_R [CIP-HS-002]
            checkResponse(
                m, p, r, i.challenge(), i.nonce(), r.nonce(), completed, "the responder's HELLO");
          }
        }
        case "VERIFY" ->
            // S_I signs L || C_R || N_R || N_I [CIP-HS-003]
            checkResponse(m, p, i, r.challenge(), r.nonce(), i.nonce(), true, "VERIFY");
        case "STATE_UPDATE" -> {
          assertThat(p.get("presence").asText()).isEqualTo("focused");
          assertThat(p.get("lri").asInt()).isEqualTo(20);
          assertThat(m.has("challengeResponseInput")).isFalse();
        }
        default -> throw new AssertionError("unexpected type " + type);
      }
    }

    // The trust block as the reference's runtime sends it: sender_view is the sender's state of
    // the peer (a TrustBook that sees the handshake complete when it does) [CIP-TRU-004];
    // receiver_view is the sender_view of the last envelope the sender read from the peer. The
    // initiator completes when it sends VERIFY; the responder when it reads VERIFY, and sends its
    // STATE_UPDATE before it reads the initiator's.
    TrustBook initiatorBook = new TrustBook(t -> {});
    TrustBook responderBook = new TrustBook(t -> {});
    String iFp = i.key().publicKey().fingerprint();
    String rFp = r.key().publicKey().fingerprint();
    String[] expectedSender = new String[messages.size()];
    String[] expectedReceiver = new String[messages.size()];
    expectedSender[0] = initiatorBook.stateOf(rFp).wire();
    expectedReceiver[0] = "unknown";
    expectedSender[1] = responderBook.stateOf(iFp).wire();
    expectedReceiver[1] = view(received.get(0));
    if (completed) {
      expectedSender[2] = initiatorBook.stateOf(rFp).wire();
      expectedReceiver[2] = view(received.get(1));
      initiatorBook.apply(rFp, TrustEvent.HANDSHAKE);
      expectedSender[3] = initiatorBook.stateOf(rFp).wire();
      expectedReceiver[3] = view(received.get(1));
      responderBook.apply(iFp, TrustEvent.HANDSHAKE);
      expectedSender[4] = responderBook.stateOf(iFp).wire();
      expectedReceiver[4] = view(received.get(2));
      assertThat(expectedSender[3]).isEqualTo("probing");
      assertThat(expectedSender[4]).isEqualTo("probing");
    } else {
      // [CIP-HS-003]: the initiator refuses the HELLO; a bad signature of the peer's is an event
      initiatorBook.apply(rFp, TrustEvent.BAD_SIGNATURE);
      assertThat(test.get("refusedBy").asText()).isEqualTo("initiator");
      assertThat(test.get("refusedMessage").asInt()).isEqualTo(2);
      assertThat(ErrorCode.valueOf(test.get("error").asText()))
          .isEqualTo(ErrorCode.TRUST_VIOLATION);
    }
    for (int n = 0; n < messages.size(); n++) {
      JsonNode trust = received.get(n).json().get("trust");
      assertThat(trust.get("sender_view").asText())
          .as("message %d sender_view", n + 1)
          .isEqualTo(expectedSender[n]);
      assertThat(trust.get("receiver_view").asText())
          .as("message %d receiver_view", n + 1)
          .isEqualTo(expectedReceiver[n]);
    }
    assertThat(test.get("trustAfter").get("initiator").asText())
        .isEqualTo(initiatorBook.stateOf(rFp).wire());
    assertThat(test.get("trustAfter").get("responder").asText())
        .isEqualTo(responderBook.stateOf(iFp).wire());
  }

  private static String view(ValidatedEnvelope e) {
    return e.json().get("trust").get("sender_view").asText();
  }

  /** A challenge_response recomputed from the listed keys, challenge and nonces. */
  private static void checkResponse(
      JsonNode message,
      JsonNode payload,
      Party answerer,
      byte[] challenge,
      byte[] challengerNonce,
      byte[] answererNonce,
      boolean mustVerify,
      String what) {
    byte[] input = ChallengeResponse.input(challenge, challengerNonce, answererNonce);
    assertThat(input).isEqualTo(concat(LABEL, challenge, challengerNonce, answererNonce));
    assertThat(hex(message.get("challengeResponseInput"))).isEqualTo(input);
    byte[] response = b64(payload.get("challenge_response"));
    byte[] recomputed =
        ChallengeResponse.sign(answerer.key(), challenge, challengerNonce, answererNonce);
    boolean verifies =
        ChallengeResponse.verifies(
            answerer.key().publicKey(), response, challenge, challengerNonce, answererNonce);
    if (mustVerify) {
      assertThat(response).as("%s: recomputed challenge_response", what).isEqualTo(recomputed);
      assertThat(verifies).as(what).isTrue();
    } else {
      assertThat(response).as(what).isNotEqualTo(recomputed);
      assertThat(verifies).as("%s must not verify", what).isFalse();
    }
  }

  // ---------------------------------------------------------------- trust

  private static void checkTrust(JsonNode group, JsonNode test) {
    assertThat(group.get("initialState").asText()).isEqualTo("untrusted");
    assertThat(requirements(test)).containsExactly("CIP-TRU-001");
    TrustBook book = new TrustBook(t -> {});
    String peer = "the-peer";
    String before = book.stateOf(peer).wire();
    assertThat(before).isEqualTo("untrusted");
    String lastStep = "";
    String stateBeforeLast = before;
    for (JsonNode s : test.get("steps")) {
      stateBeforeLast = book.stateOf(peer).wire();
      lastStep = s.get("step").asText();
      apply(book, peer, lastStep);
      assertThat(book.stateOf(peer).wire())
          .as("after step %s of %s", lastStep, test.get("steps"))
          .isEqualTo(s.get("state").asText());
    }
    JsonNode cell = test.get("cell");
    if (cell != null) {
      assertThat(stateBeforeLast).isEqualTo(cell.get("state").asText());
      String event = cell.get("event").asText();
      if (event.equals("override")) {
        assertThat(lastStep).startsWith("override:");
      } else {
        assertThat(lastStep).isEqualTo(event);
      }
    }
  }

  /** A step of the file, on the reference's book. */
  private static void apply(TrustBook book, String peer, String step) {
    if (step.equals("anchor")) {
      book.addAnchors(Set.of(peer));
    } else if (step.equals("fact_rejected")) {
      book.factRejected(peer);
    } else if (step.startsWith("override:")) {
      book.override(peer, TrustState.ofWire(step.substring(9)).orElseThrow());
    } else {
      book.apply(peer, event(step));
    }
  }

  private static TrustEvent event(String step) {
    for (TrustEvent e : TrustEvent.values()) {
      if (e.wire().equals(step)) {
        return e;
      }
    }
    throw new AssertionError("not an event of Table 4.4: " + step);
  }

  /** The file as a whole covers what it must: every cell, the run rule, anchors, blacklisted. */
  @Test
  void trustVectorsCoverTable44AndTheSpecialRules() throws IOException {
    JsonNode file = read(CipVectors.TRUST_PATH);
    Set<String> cells = new TreeSet<>();
    boolean runReset = false;
    boolean anchorUnknown = false;
    boolean anchorKnown = false;
    for (JsonNode group : file.get("testGroups")) {
      for (JsonNode test : group.get("tests")) {
        if (test.has("cell")) {
          JsonNode cell = test.get("cell");
          cells.add(cell.get("state").asText() + "+" + cell.get("event").asText());
        }
        List<String> steps = new ArrayList<>();
        List<String> states = new ArrayList<>(List.of("untrusted"));
        for (JsonNode s : test.get("steps")) {
          steps.add(s.get("step").asText());
          states.add(s.get("state").asText());
        }
        for (int k = 0; k < steps.size(); k++) {
          String step = steps.get(k);
          // only override leaves blacklisted
          if (states.get(k).equals("blacklisted") && !step.startsWith("override:")) {
            assertThat(states.get(k + 1))
                .as("%s: %s", test.get("comment"), step)
                .isEqualTo("blacklisted");
          }
          if (step.equals("anchor")) {
            if (k == 0) {
              anchorUnknown |= states.get(1).equals("trusted");
            } else {
              anchorKnown |= states.get(k + 1).equals(states.get(k));
            }
          }
        }
        List<String> run =
            List.of("fact_rejected", "fact_rejected", "verified", "fact_rejected", "fact_rejected");
        for (int at = 0; at + run.size() <= steps.size(); at++) {
          if (steps.subList(at, at + run.size()).equals(run) && states.get(at).equals("trusted")) {
            // states.get(at) is the state before the run: no step of it is unverifiable
            assertThat(states.subList(at, at + run.size() + 1)).containsOnly("trusted");
            runReset = true;
          }
        }
      }
    }
    Set<String> all = new TreeSet<>();
    for (String s : CipVectors.STATES) {
      for (String e : CipVectors.EVENTS) {
        all.add(s + "+" + e);
      }
      all.add(s + "+override");
    }
    assertThat(cells).as("every cell of Table 4.4").isEqualTo(all).hasSize(32);
    assertThat(runReset).as("2 rejected, verified, 2 rejected is no unverifiable").isTrue();
    assertThat(anchorUnknown).as("an anchor on an unknown peer").isTrue();
    assertThat(anchorKnown).as("an anchor on a known peer").isTrue();
  }

  @Test
  void everyRequirementIdOfTheCipVectorsIsDefinedInSpecCip() throws IOException {
    String spec = Files.readString(KitFiles.root().resolve("spec/cip.md"), StandardCharsets.UTF_8);
    Set<String> used = new TreeSet<>();
    for (String path :
        List.of(CipVectors.CHALLENGE_PATH, CipVectors.HANDSHAKE_PATH, CipVectors.TRUST_PATH)) {
      for (JsonNode group : read(path).get("testGroups")) {
        for (JsonNode test : group.get("tests")) {
          used.addAll(requirements(test));
        }
      }
    }
    assertThat(used)
        .containsAll(
            List.of(
                "CIP-HS-001",
                "CIP-HS-002",
                "CIP-HS-003",
                "CIP-HS-004",
                "CIP-HS-005",
                "CIP-TRU-001",
                "CIP-TRU-004"));
    for (String id : used) {
      assertThat(spec).as("spec/cip.md defines %s", id).contains("**[" + id + "]**");
    }
  }

  // ---------------------------------------------------------------- independent check

  /**
   * An independent check in Python (OpenSSL's Ed25519 through {@code cryptography}, no code shared
   * with the Java reference) must agree with every challenge-response verdict. Skipped only where
   * python3 or its {@code cryptography} package is missing.
   */
  @Test
  void pythonCheckAgreesWithEveryChallengeResponse() throws Exception {
    Assumptions.assumeTrue(
        pythonWithCryptography(), "python3 with the cryptography package is not available");
    Path root = KitFiles.root();
    Process p =
        new ProcessBuilder(
                "python3",
                root.resolve("vectors/sources/check_cip_vectors.py").toString(),
                root.resolve("vectors/" + CipVectors.CHALLENGE_PATH).toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(output).contains(" 0 disagreements");
    assertThat(p.exitValue()).as(output).isZero();
  }

  private static boolean pythonWithCryptography() throws InterruptedException {
    try {
      Process p =
          new ProcessBuilder("python3", "-c", "import cryptography.hazmat.primitives.asymmetric")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- helpers

  private static JsonNode read(String path) throws IOException {
    return PrettyJson.mapper().readTree(Files.readAllBytes(KitFiles.vectors().resolve(path)));
  }

  private static List<String> requirements(JsonNode test) {
    List<String> out = new ArrayList<>();
    test.get("requirements").forEach(r -> out.add(r.asText()));
    return out;
  }

  /** SHA-256(web4-kit/vectors/cip/ + session + / + role + / + kind), as the headers say. */
  private static byte[] fixed(String session, String role, String kind) {
    return sha256("web4-kit/vectors/cip/" + session + "/" + role + "/" + kind);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hex(JsonNode node) {
    return HEX.parseHex(node.asText());
  }

  private static byte[] b64(JsonNode node) {
    return Base64.getDecoder().decode(node.asText());
  }

  private static byte[] concat(byte[]... parts) {
    byte[] out = new byte[0];
    for (byte[] p : parts) {
      int at = out.length;
      out = Arrays.copyOf(out, at + p.length);
      System.arraycopy(p, 0, out, at, p.length);
    }
    return out;
  }
}
