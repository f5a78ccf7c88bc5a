package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.web4.cip.ChallengeResponse;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.conformance.rtt.TesterSession;
import org.web4.crypto.AgentPublicKey;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.Protocol;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.ChannelFamilies;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;

/**
 * Steps for spec/rtt.md §12's rules on what a resume carries above RTT: the CIP session
 * [RTT-RES-016] and the envelope replay memory [RTT-RES-012]. The tester, as the session dialer of
 * {@link RttResumeSteps}, runs the CIP handshake (spec/cip.md §4.2) on the session, sends INTENTs
 * as messages of the session (numbered in {@link TesterSession}, so that a resume sends them again
 * from the implementation's counts) and reads the implementation's messages itself, counting those
 * it delivers, so that its resume request claims exactly them.
 */
public final class RttResumeCipSteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final World world;
  private final RttState rtt;
  private final TesterSession session;

  private final byte[] nonce = new byte[32];
  private final byte[] challenge = new byte[32];

  /** The msg_ids of the INTENTs the tester sent in the session, in order, and their bytes. */
  private final List<String> intents = new ArrayList<>();

  private final Map<String, byte[]> intentBytes = new HashMap<>();

  /** INTENT_RESPONSEs the tester delivered, by intent_ref. */
  private final Map<String, Integer> answers = new HashMap<>();

  /** What the tester delivered since the CIP handshake that is not an INTENT_RESPONSE. */
  private final List<String> unexpected = new ArrayList<>();

  private final List<ErrorBody> errors = new ArrayList<>();

  public RttResumeCipSteps(World world, RttState rtt, TesterSession session) {
    this.world = world;
    this.rtt = rtt;
    this.session = session;
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
    JsonNode theirs = awaitEnvelope("HELLO");
    JsonNode tp = theirs.path("payload");
    byte[] theirNonce = Base64.getDecoder().decode(tp.path("session_nonce").asText());
    byte[] theirChallenge = Base64.getDecoder().decode(tp.path("challenge").asText());
    ObjectNode verify = NODES.objectNode();
    verify.put(
        "challenge_response",
        b64(ChallengeResponse.sign(p.identity(), theirChallenge, theirNonce, nonce)));
    send(envelope("VERIFY", verify), true);
    awaitEnvelope("STATE_UPDATE");
    unexpected.clear();
    errors.clear();
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
    ObjectNode e = intent();
    byte[] m = JsonCanonicalizer.canonicalize(e);
    int channel = channelOf(e);
    session.recordSent(channel, m);
    rtt.peer().sendMessage(channel, Arrays.copyOf(m, m.length / 2), Frame.MAX_BODY, false);
    rtt.peer().cut();
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
    session.recordSent(ChannelFamilies.channelOf(Protocol.CIP, "INTENT"), m);
    rtt.peer()
        .sendMessage(ChannelFamilies.channelOf(Protocol.CIP, "INTENT"), m, Frame.MAX_BODY, true);
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
    read(() -> seen.size() >= intents.size(), r -> seen.add(r), false);
  }

  /**
   * [RTT-RES-016] after the resume, every INTENT the tester sent in the session is answered exactly
   * once (counting the answers the tester delivered, on any connection), none refused, and the
   * implementation sends no HELLO: its CIP session went on. A PING barrier then shows nothing more.
   */
  @Then("the implementation answers every INTENT the tester sent exactly once, without a new HELLO")
  public void answeredOnce() throws Exception {
    read(() -> intents.stream().allMatch(answers::containsKey), r -> {}, true);
    barrier();
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
    errors.forEach(
        e -> problems.add("ERROR " + e.code() + " " + e.msgId() + " (" + e.text() + ")"));
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
    read(() -> errors.stream().anyMatch(e -> last.equals(e.msgId())), r -> {}, true);
    ErrorBody e = errors.stream().filter(x -> last.equals(x.msgId())).findFirst().orElseThrow();
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
    byte[] m = JsonCanonicalizer.canonicalize(envelope);
    int channel = channelOf(envelope);
    if (inSession) {
      session.recordSent(channel, m);
    }
    if (envelope.path("type").asText().equals("INTENT")) {
      String id = envelope.path("msg_id").asText();
      intents.add(id);
      intentBytes.put(id, m);
    }
    rtt.peer().sendMessage(channel, m, Frame.MAX_BODY, true);
  }

  private static int channelOf(JsonNode envelope) {
    return ChannelFamilies.channelOf(Protocol.CIP, envelope.path("type").asText());
  }

  private ObjectNode envelope(String type, ObjectNode payload) {
    JsonNode iut = iutPayload();
    TesterPeer p = rtt.peer();
    return EnvelopeBuilder.of(Protocol.CIP, type)
        .msgId(world.freshUuid())
        .timestamp(world.clock())
        .sender(TesterPeer.AGENT_ID, p.identity())
        .receiver(
            iut.path("agent_id").asText(),
            AgentPublicKey.fromBase64(iut.path("pubkey").asText()).fingerprint())
        .payload(payload)
        .sign(p.identity());
  }

  private JsonNode iutPayload() {
    try {
      return StrictJsonParser.withEnvelopeLimits().parse(rtt.peer().peerPayload().orElseThrow());
    } catch (JsonViolation e) {
      throw world.failure("an identity payload in JSON; " + e.getMessage());
    }
  }

  /** The next envelope of {@code type} the implementation sends, delivered. */
  private JsonNode awaitEnvelope(String type) throws Exception {
    JsonNode[] got = new JsonNode[1];
    read(
        () -> got[0] != null,
        r -> {
          if (got[0] == null && r.startsWith(type + " ")) {
            got[0] = lastDelivered;
          }
        },
        true);
    JsonNode e = got[0];
    if (e == null) {
      throw new IllegalStateException("read ended without " + type);
    }
    return e;
  }

  private @Nullable JsonNode lastDelivered;

  /**
   * Reads what the implementation sends until {@code done} holds (bounded by {@link
   * RttState#ANSWER} from the last thing read): its messages (parsed; with {@code deliver} counted
   * in the session and judged, else only reported to {@code seen}) and ERROR frames.
   */
  private void read(BooleanSupplier done, java.util.function.Consumer<String> seen, boolean deliver)
      throws Exception {
    while (!done.getAsBoolean()) {
      TesterPeer.Received r = rtt.peer().next(RttState.ANSWER);
      RawFrame f = rtt.requireFrame(r, "the implementation's next message");
      if (f.is(FrameType.ERROR)) {
        ErrorBody.decode(f.body()).ifPresent(errors::add);
        continue;
      }
      byte[] message = r.message();
      if (!f.is(FrameType.DATA) || message == null) {
        continue;
      }
      JsonNode e = StrictJsonParser.withEnvelopeLimits().parse(message);
      String type = e.path("type").asText();
      String ref = e.path("payload").path("intent_ref").asText();
      if (deliver) {
        session.delivered(f.channel());
        lastDelivered = e;
        if (type.equals("INTENT_RESPONSE")) {
          answers.merge(ref, 1, Integer::sum);
        } else {
          unexpected.add(type);
        }
      }
      seen.accept(type + " " + ref);
    }
  }

  /** A PING barrier (RTT-FR-006): everything the implementation sent before its PONG is read. */
  private void barrier() throws Exception {
    byte[] opaque = rtt.peer().random().bytes(8);
    rtt.peer().sendFrame(FrameType.PING, 0, 0, opaque);
    boolean[] pong = new boolean[1];
    while (!pong[0]) {
      TesterPeer.Received r = rtt.peer().next(RttState.ANSWER);
      RawFrame f = rtt.requireFrame(r, "the PONG of the tester's PING");
      if (f.is(FrameType.PONG) && Arrays.equals(f.body(), opaque)) {
        pong[0] = true;
      } else if (f.is(FrameType.ERROR)) {
        ErrorBody.decode(f.body()).ifPresent(errors::add);
      } else if (f.is(FrameType.DATA) && r.message() != null) {
        JsonNode e = StrictJsonParser.withEnvelopeLimits().parse(r.message());
        session.delivered(f.channel());
        if (e.path("type").asText().equals("INTENT_RESPONSE")) {
          answers.merge(e.path("payload").path("intent_ref").asText(), 1, Integer::sum);
        } else {
          unexpected.add(e.path("type").asText());
        }
      }
    }
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
