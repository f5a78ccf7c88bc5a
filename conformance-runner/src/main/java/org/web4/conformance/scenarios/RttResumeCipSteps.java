package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.web4.cip.ChallengeResponse;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.conformance.rtt.TesterSession;
import org.web4.envelope.Protocol;
import org.web4.rtt.ChannelFamilies;
import org.web4.rtt.frame.ErrorBody;

/**
 * Steps for spec/rtt.md §12's rules on what a resume carries above RTT: the CIP session
 * [RTT-RES-016] and the envelope replay memory [RTT-RES-012]. The tester, as the session dialer of
 * {@link RttResumeSteps}, runs the CIP handshake (spec/cip.md §4.2) on the session, sends INTENTs
 * as messages of the session (numbered in {@link TesterSession}, so that a resume sends them again
 * from the implementation's counts) and reads the implementation's messages itself, counting those
 * it delivers, so that its resume request claims exactly them ({@link SessionEnvelopes}, shared
 * with {@link RttResumeHcpSteps}).
 */
public final class RttResumeCipSteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final World world;
  private final RttState rtt;
  private final SessionEnvelopes wire;

  private final byte[] nonce = new byte[32];
  private final byte[] challenge = new byte[32];

  /** The msg_ids of the INTENTs the tester sent in the session, in order, and their bytes. */
  private final List<String> intents = new ArrayList<>();

  private final Map<String, byte[]> intentBytes = new HashMap<>();

  /** INTENT_RESPONSEs the tester delivered, by intent_ref. */
  private final Map<String, Integer> answers = new HashMap<>();

  /** What the tester delivered since the CIP handshake that is not an INTENT_RESPONSE. */
  private final List<String> unexpected = new ArrayList<>();

  public RttResumeCipSteps(World world, RttState rtt, SessionEnvelopes wire) {
    this.world = world;
    this.rtt = rtt;
    this.wire = wire;
  }

  // ---------------------------------------------------------------------------- the handshake

  /**
   * spec/cip.md §4.2 as the initiator, in the session: HELLO, the implementation's HELLO, VERIFY,
   * its STATE_UPDATE; the tester delivers both (its resume counts them).
   */
  @When("the tester completes the CIP handshake in the session")
  public void cipHandshake() throws Exception {
    world.useCurrentTime();
    TesterPeer p = rtt.peer();
    byte[] n = p.random().bytes(32);
    byte[] c = p.random().bytes(32);
    System.arraycopy(n, 0, nonce, 0, 32);
    System.arraycopy(c, 0, challenge, 0, 32);
    ObjectNode hello = NODES.objectNode();
    hello.putArray("protocols").add("cip/1.0");
    hello.putArray("capabilities");
    hello.put("session_nonce", b64(nonce));
    hello.put("challenge", b64(challenge));
    send(envelope("HELLO", hello), true);
    JsonNode theirs = wire.await("HELLO", e -> {});
    JsonNode tp = theirs.path("payload");
    byte[] theirNonce = Base64.getDecoder().decode(tp.path("session_nonce").asText());
    byte[] theirChallenge = Base64.getDecoder().decode(tp.path("challenge").asText());
    ObjectNode verify = NODES.objectNode();
    verify.put(
        "challenge_response",
        b64(ChallengeResponse.sign(p.identity(), theirChallenge, theirNonce, nonce)));
    send(envelope("VERIFY", verify), true);
    wire.await("STATE_UPDATE", e -> {});
    unexpected.clear();
    wire.forgetErrors();
  }

  // ---------------------------------------------------------------------------- INTENTs

  @When("the tester sends {int} INTENT(s) in the session")
  public void sendIntents(int count) throws IOException {
    for (int i = 0; i < count; i++) {
      send(intent(), true);
    }
  }

  /**
   * An INTENT of which only the first half goes out (a DATA frame without FIN) before the cut: the
   * implementation cannot deliver it; the tester sends it again whole after the resume.
   */
  @When("the tester sends an INTENT in the session and cuts the connection in the middle of it")
  public void sendIntentAndCut() throws IOException {
    wire.sendHalfAndCut(intent());
  }

  /**
   * [RTT-RES-012] the envelope of the tester's first INTENT, delivered before the resume, sent
   * again as a new message of the session after it.
   */
  @When("the tester sends its first INTENT again as a new message")
  public void replayFirstIntent() throws IOException {
    String first = intents.get(0);
    byte[] m = intentBytes.get(first);
    if (m == null) {
      throw new IllegalStateException("no INTENT sent in this scenario");
    }
    wire.sendAgain(ChannelFamilies.channelOf(Protocol.CIP, "INTENT"), m);
    intents.add(first); // the refusal names it
  }

  private ObjectNode intent() {
    ObjectNode p = NODES.objectNode();
    p.put("goal", "ask");
    p.put("topic", "conformance");
    p.put("priority", "normal");
    return envelope("INTENT", p);
  }

  // ---------------------------------------------------------------------------- answers

  /**
   * The implementation's answers to every INTENT sent so far arrive; the tester reads them without
   * delivering them (as if they were lost in the coming cut): its next resume request does not
   * count them, so the implementation must send them again [RTT-RES-008].
   */
  @Then(
      "the implementation answers every INTENT, and the tester reads the answers without delivering them")
  public void answersNotDelivered() throws Exception {
    List<String> seen = new ArrayList<>();
    wire.read(() -> seen.size() >= intents.size(), false, e -> seen.add(e.path("type").asText()));
  }

  /**
   * [RTT-RES-016] after the resume, every INTENT the tester sent in the session is answered exactly
   * once (counting the answers the tester delivered, on any connection), none refused, and the
   * implementation sends no HELLO: its CIP session went on. A PING barrier then shows nothing more.
   */
  @Then("the implementation answers every INTENT the tester sent exactly once, without a new HELLO")
  public void answeredOnce() throws Exception {
    wire.read(() -> intents.stream().allMatch(answers::containsKey), true, this::delivered);
    wire.barrier(this::delivered);
    List<String> problems = new ArrayList<>();
    for (String id : intents) {
      int n = answers.getOrDefault(id, 0);
      if (n != 1) {
        problems.add("INTENT " + id + " answered " + n + " times");
      }
    }
    if (!unexpected.isEmpty()) {
      problems.add("other messages " + unexpected);
    }
    wire.errors()
        .forEach(e -> problems.add("ERROR " + e.code() + " " + e.msgId() + " (" + e.text() + ")"));
    if (!problems.isEmpty()) {
      throw world.failure(
          "RTT-RES-016: every INTENT answered once by the CIP session carried across the resume,"
              + " no HELLO, no refusal; got "
              + problems);
    }
  }

  /** A non-closing ERROR of {@code code} naming the tester's last INTENT [RTT-ERR-003]. */
  @Then("the implementation refuses the tester's last INTENT with {string}")
  public void refusesLast(String code) throws Exception {
    String last = intents.get(intents.size() - 1);
    ErrorBody e = wire.awaitError(last, this::delivered);
    intents.remove(intents.size() - 1); // refused: judged here, never answered
    if (!e.code().equals(code)) {
      throw world.failure(
          (code.equals("REPLAY") ? "RTT-RES-012" : "RTT-RES-007")
              + ": ERROR "
              + code
              + " naming "
              + last
              + "; got "
              + e.code()
              + " ("
              + e.text()
              + ")");
    }
  }

  // ---------------------------------------------------------------------------- the wire

  private void send(ObjectNode envelope, boolean inSession) throws IOException {
    byte[] m = wire.send(envelope, inSession);
    if (envelope.path("type").asText().equals("INTENT")) {
      String id = envelope.path("msg_id").asText();
      intents.add(id);
      intentBytes.put(id, m);
    }
  }

  private ObjectNode envelope(String type, ObjectNode payload) {
    return wire.envelope(Protocol.CIP, type).payload(payload).sign(wire.signer());
  }

  /** A message the tester delivered: an answer to one of its INTENTs, or something unexpected. */
  private void delivered(JsonNode e) {
    String type = e.path("type").asText();
    if (type.equals("INTENT_RESPONSE")) {
      answers.merge(e.path("payload").path("intent_ref").asText(), 1, Integer::sum);
    } else {
      unexpected.add(type);
    }
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
