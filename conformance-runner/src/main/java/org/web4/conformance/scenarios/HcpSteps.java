package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.cip.CipPeer;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessException;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.SchemaCatalog;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.vectors.VectorKeys;

/**
 * Steps for spec/hcp.md §4 over the wire and through the harness (§4.12): named tester peers
 * complete the CIP handshake, open HCP sessions and speak for their own human (the counterpart);
 * the runner also plays the implementation's principal ({@code human/*}) and reads its sessions
 * ({@code hcp/sessions}). Every harness reply is checked against its response schema. A negative
 * "receives no HCP message" uses the PING barrier (rtt.md RTT-FR-006).
 */
public final class HcpSteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** How long a peer waits for an answer the spec says must come. */
  private static final Duration ANSWER = CipSteps.ANSWER;

  private final World world;
  private final Map<String, JsonNode> lastSent;
  private final Map<String, PeerHuman> humans = new HashMap<>();

  /** The HCP envelopes each peer took since the principal last changed. */
  private final Map<String, List<JsonNode>> seen = new HashMap<>();

  /** The implementation's principal as the runner set it (spec/hcp.md Table 4.1 at first). */
  private ObjectNode principal = human();

  private List<String> principalScope = List.of();
  private List<String> principalFlags = List.of();
  private @Nullable JsonNode lastAction;
  private @Nullable ObjectNode lastDecision;
  private @Nullable JsonNode lastCheckIn;
  private final List<String> checkInAnswers = new ArrayList<>();
  private @Nullable JsonNode lastHumanReply;
  private @Nullable HarnessException lastRefusal;
  private boolean resetScheduled;

  /** What a tester peer declares about its own human (the implementation's counterpart). */
  private static final class PeerHuman {
    ObjectNode human = human();
    List<String> scope = List.of();
    List<String> flags = List.of();
  }

  public HcpSteps() {
    this.world = World.current();
    this.lastSent = world.lastSent();
  }

  private static ObjectNode human() {
    ObjectNode h = NODES.objectNode();
    h.put("presence", "engaged");
    h.put("affect", "neutral");
    h.put("clarity", 100);
    h.put("pressure", 0);
    h.put("intent", "none");
    h.put("consent", "granted");
    return h;
  }

  private CipPeer peer(String name) {
    return world.cipPeer(name);
  }

  private PeerHuman humanOf(String name) {
    return humans.computeIfAbsent(name, k -> new PeerHuman());
  }

  // ------------------------------------------------------------------------------ sessions

  @Given("peer {string} has opened an HCP session with the implementation")
  public void openSession(String name) throws Exception {
    new CipSteps().cipHandshake(name);
    sendHello(name);
    receives(name, "HCP_HELLO");
  }

  @When("peer {string} sends an HCP_HELLO")
  public void sendHello(String name) throws IOException {
    PeerHuman h = humanOf(name);
    ObjectNode p = NODES.objectNode();
    ObjectNode id = p.putObject("identity");
    id.put("name", "human of " + name);
    id.put("role", "tester");
    strings(p.putArray("consent_scope"), h.scope);
    strings(p.putArray("safety_flags"), h.flags);
    send(name, "HCP_HELLO", p);
  }

  @When("peer {string} sends an HCP_HELLO with the scope {string}")
  public void helloWithScope(String name, String topics) throws IOException {
    humanOf(name).scope = list(topics);
    sendHello(name);
  }

  @When("peer {string} sends an HCP_HELLO with the safety flag {string}")
  public void helloWithFlag(String name, String flag) throws IOException {
    humanOf(name).flags = list(flag);
    sendHello(name);
  }

  @When("peer {string} sends an HCP_HELLO declaring consent {string}")
  public void helloDeclaring(String name, String consent) throws IOException {
    humanOf(name).human.put("consent", consent);
    sendHello(name);
  }

  // ------------------------------------------------------------------------------ the counterpart

  @When("peer {string} declares consent {string}")
  public void declareConsent(String name, String consent) throws IOException {
    humanOf(name).human.put("consent", consent);
    sendStateUpdate(name);
  }

  @When("peer {string} declares consent {string} to {string}")
  public void declareConsentTo(String name, String consent, String topics) throws IOException {
    humanOf(name).scope = list(topics);
    sendHello(name);
    declareConsent(name, consent);
  }

  @When("peer {string} declares pressure {int} and clarity {int}")
  public void declarePressure(String name, int pressure, int clarity) throws IOException {
    humanOf(name).human.put("pressure", pressure);
    humanOf(name).human.put("clarity", clarity);
    sendStateUpdate(name);
  }

  @When("peer {string} declares affect {string}")
  public void declareAffect(String name, String affect) throws IOException {
    humanOf(name).human.put("affect", affect);
    sendStateUpdate(name);
  }

  @When("peer {string} declares presence {string}")
  public void declarePresence(String name, String presence) throws IOException {
    humanOf(name).human.put("presence", presence);
    sendStateUpdate(name);
  }

  @When("peer {string} sends an HCP_STATE_UPDATE")
  public void sendStateUpdate(String name) throws IOException {
    ObjectNode h = humanOf(name).human;
    send(name, "HCP_STATE_UPDATE", h.deepCopy());
  }

  @When(
      "peer {string} sends an HCP_STATE_UPDATE whose payload says consent {string} and whose"
          + " state.human says {string}")
  public void stateUpdateDisagreeing(String name, String inPayload, String inState)
      throws IOException {
    PeerHuman h = humanOf(name);
    ObjectNode state = h.human.deepCopy();
    state.put("consent", inState);
    ObjectNode payload = h.human.deepCopy();
    payload.put("consent", inPayload);
    h.human.put("consent", inPayload);
    sendWith(name, "HCP_STATE_UPDATE", state, null, payload, peer(name).identity());
  }

  @When(
      "peer {string} sends an HCP_STATE_UPDATE whose state.human has intent {string} and whose"
          + " payload has none")
  public void stateUpdateWithoutIntent(String name, String intent) throws IOException {
    PeerHuman h = humanOf(name);
    h.human.put("intent", intent);
    ObjectNode payload = h.human.deepCopy();
    payload.remove("intent");
    sendWith(name, "HCP_STATE_UPDATE", h.human.deepCopy(), null, payload, peer(name).identity());
  }

  @When("peer {string} sends an HCP_STATE_UPDATE with the view {string}")
  public void stateUpdateWithView(String name, String view) throws IOException {
    ObjectNode trust = NODES.objectNode();
    trust.put("sender_view", view);
    trust.put("receiver_view", "probing");
    ObjectNode h = humanOf(name).human;
    sendWith(name, "HCP_STATE_UPDATE", h.deepCopy(), trust, h.deepCopy(), peer(name).identity());
  }

  // ------------------------------------------------------------------------------ actions

  @When("peer {string} sends an HCP_INTENT about {string}")
  public void sendIntent(String name, String topic) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("goal", "request");
    p.put("topic", topic);
    p.put("priority", "normal");
    send(name, "HCP_INTENT", p);
  }

  @When("peer {string} sends an HCP_INTENT about {string} declaring consent {string}")
  public void sendIntentDeclaring(String name, String topic, String consent) throws IOException {
    humanOf(name).human.put("consent", consent);
    sendIntent(name, topic);
  }

  @When("peer {string} sends an HCP_INTENT about {string} signed by {string}")
  public void sendIntentSignedBy(String name, String topic, String key) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("goal", "request");
    p.put("topic", topic);
    p.put("priority", "normal");
    ObjectNode h = humanOf(name).human;
    sendWith(name, "HCP_INTENT", h.deepCopy(), null, p, VectorKeys.key(key));
  }

  /** An action of each type, with a valid payload: the intent is about {@code topic:work}. */
  @When("peer {string} sends an HCP action {word}")
  public void sendAction(String name, String type) throws IOException {
    ObjectNode p = NODES.objectNode();
    switch (type) {
      case "HCP_INTENT" -> {
        sendIntent(name, "topic:work");
        return;
      }
      case "HCP_CONTEXT" -> {
        p.put("context", "some context");
        p.putArray("constraints").add("no_legal_advice");
      }
      case "HCP_DECISION" -> {
        p.put("decision", "go ahead");
        p.put("rationale", "it is the plan");
        p.putArray("alternatives").add("wait").add("stop");
        p.put("follow_up", "check next week");
      }
      case "HCP_FEEDBACK" -> p.put("feedback", "noted");
      default -> throw new IllegalArgumentException("not an HCP action: " + type);
    }
    send(name, type, p);
  }

  @When("peer {string} sends an HCP_DECISION whose payload is {string}")
  public void sendDecisionPayload(String name, String json) throws IOException, JsonViolation {
    JsonNode p =
        StrictJsonParser.withDepthLimitOnly()
            .parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    send(name, "HCP_DECISION", (ObjectNode) p);
  }

  @When("peer {string} sends an HCP_FEEDBACK with satisfaction {int}")
  public void sendFeedback(String name, int satisfaction) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("feedback", "how it went");
    p.put("satisfaction", satisfaction);
    send(name, "HCP_FEEDBACK", p);
  }

  @When("peer {string} sends an HCP_FEEDBACK with satisfaction {int} and the correction {string}")
  public void sendCorrection(String name, int satisfaction, String correction) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("feedback", "how it went");
    p.putArray("corrections").add(correction);
    p.put("satisfaction", satisfaction);
    send(name, "HCP_FEEDBACK", p);
  }

  @When("peer {string} checks in")
  public void checksIn(String name) throws IOException {
    sendContext(name, "check_in");
  }

  @When("peer {string} answers the check-in with {string}")
  public void answersCheckIn(String name, String flag) throws IOException {
    sendContext(name, flag);
  }

  @When("peer {string} sends an HCP_CONTEXT with the constraints {string}")
  public void sendContext(String name, String constraints) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("context", "checking in");
    strings(p.putArray("constraints"), list(constraints));
    send(name, "HCP_CONTEXT", p);
  }

  // ------------------------------------------------------------------------------ the principal

  @When("the implementation's human has pressure {int} and clarity {int}")
  public void principalPressure(int pressure, int clarity) throws HarnessException {
    principal.put("pressure", pressure);
    principal.put("clarity", clarity);
    postState();
  }

  @When("the implementation's human has affect {string}")
  public void principalAffect(String affect) throws HarnessException {
    principal.put("affect", affect);
    postState();
  }

  @When("the implementation's human has presence {string}")
  public void principalPresence(String presence) throws HarnessException {
    principal.put("presence", presence);
    postState();
  }

  @When("the implementation's human has the intent {string}")
  public void principalIntent(String intent) throws HarnessException {
    principal.put("intent", intent);
    postState();
  }

  private void postState() throws HarnessException {
    ObjectNode req = principal.deepCopy();
    req.remove("consent");
    seen.clear();
    lastHumanReply = call("human/state", req, "human_state").reply();
  }

  @When("the implementation's human gives consent {string}")
  public void principalConsent(String consent) throws HarnessException {
    principalConsentTo(consent, "");
  }

  @When("the implementation's human gives consent {string} to {string}")
  public void principalConsentTo(String consent, String topics) throws HarnessException {
    principal.put("consent", consent);
    principalScope = list(topics);
    postConsent();
  }

  @When("the implementation's human has the safety flag {string}")
  public void principalFlag(String flag) throws HarnessException {
    principalFlags = list(flag);
    postConsent();
  }

  private void postConsent() throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("consent", principal.path("consent").asText());
    strings(req.putArray("consent_scope"), principalScope);
    strings(req.putArray("safety_flags"), principalFlags);
    seen.clear();
    lastHumanReply = call("human/consent", req, "human_consent").reply();
  }

  @When("the implementation's human states the intent {string} about {string} to peer {string}")
  public void statesIntent(String goal, String topic, String name) throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("peer", fingerprintOf(name));
    req.put("goal", goal);
    req.put("topic", topic);
    req.put("priority", "normal");
    lastAction = call("human/intent", req, "human_intent").reply();
  }

  @When("the implementation's human decides {string} for peer {string}")
  public void decides(String decision, String name) throws HarnessException {
    decide(decision, name, true);
  }

  @When("the implementation's human decides {string} for peer {string} without a follow-up")
  public void decidesWithoutFollowUp(String decision, String name) throws HarnessException {
    decide(decision, name, false);
  }

  private void decide(String decision, String name, boolean followUp) throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("peer", fingerprintOf(name));
    req.put("decision", decision);
    req.put("rationale", "the reasons of " + decision);
    req.putArray("alternatives").add("wait a week").add("ask someone else");
    if (followUp) {
      req.put("follow_up", "look again on Monday");
    }
    lastDecision = req;
    lastAction = call("human/decision", req, "human_decision").reply();
  }

  @When(
      "the implementation's human tries to decide {string} for peer {string} without alternatives")
  public void decidesWithoutAlternatives(String decision, String name) {
    ObjectNode req = NODES.objectNode();
    req.put("peer", fingerprintOf(name));
    req.put("decision", decision);
    req.put("rationale", "no choice");
    req.putArray("alternatives");
    resetAtEnd();
    try {
      world.record(world.harness().hcp("human/decision", req));
      lastRefusal = null;
    } catch (HarnessException e) {
      lastRefusal = e;
    }
  }

  @Then("the harness refused the request with status {int}")
  public void harnessRefused(int status) {
    HarnessException e = lastRefusal;
    if (e == null || e.status() != status) {
      throw world.failure(
          "HTTP "
              + status
              + " for the request; got "
              + (e == null ? "200 " + world.lastExchange().reply() : e.getMessage()));
    }
  }

  @When("the implementation's human answers peer {string}'s check-in with {string}")
  public void answersPeersCheckIn(String name, String answer) throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("peer", fingerprintOf(name));
    req.put("proceed", answer.equals("proceed"));
    lastCheckIn = call("human/check-in", req, "human_check_in").reply();
    if (lastCheckIn.path("answered").asBoolean()) {
      checkInAnswers.add(lastCheckIn.path("msg_id").asText());
    }
  }

  // ------------------------------------------------------------------------------ wire checks

  @Then("the implementation accepts peer {string}'s message")
  public void accepts(String name) throws Exception {
    String msgId = lastMsgId(name);
    if (!peer(name).barrier(ANSWER)) {
      throw world.failure("a PONG to the barrier PING of " + name);
    }
    for (CipPeer.Received r : peer(name).received()) {
      if (r.error() != null && msgId.equals(r.error().msgId())) {
        throw world.failure(
            "no ERROR for " + msgId + "; got " + r.error().code() + " (" + r.error().text() + ")");
      }
    }
  }

  @Then("peer {string} receives an HCP_HELLO with the implementation's view {string}")
  public void helloWithView(String name, String view) throws Exception {
    JsonNode hello = receives(name, "HCP_HELLO");
    String got = hello.path("trust").path("sender_view").asText("(none)");
    if (!got.equals(view)) {
      throw world.failure("trust.sender_view " + view + " in the HCP_HELLO; got " + got);
    }
  }

  @Then("peer {string} receives an HCP_HELLO with the views {string} and {string}")
  public void helloWithViews(String name, String view, String receiverView) throws Exception {
    views(receives(name, "HCP_HELLO"), view, receiverView);
  }

  @Then("peer {string} receives the check-in answer {string} with the views {string} and {string}")
  public void answerWithViews(String name, String flag, String view, String receiverView)
      throws Exception {
    views(receivesContext(name, flag), view, receiverView);
  }

  private void views(JsonNode e, String view, String receiverView) {
    JsonNode t = e.path("trust");
    if (!t.path("sender_view").asText().equals(view)
        || !t.path("receiver_view").asText().equals(receiverView)) {
      throw world.failure(
          "trust sender_view " + view + ", receiver_view " + receiverView + "; got " + e);
    }
  }

  @Then("peer {string} receives, in order: {string}")
  public void receivesInOrder(String name, String types) throws Exception {
    if (!peer(name).barrier(ANSWER)) {
      throw world.failure("a PONG to the barrier PING of " + name);
    }
    List<String> got = new ArrayList<>();
    for (JsonNode e : hcpReceived(name)) {
      got.add(e.path("type").asText());
    }
    if (!got.equals(list(types))) {
      throw world.failure("the HCP messages " + list(types) + " in this order; got " + got);
    }
    for (String t : got) {
      receives(name, t);
    }
  }

  @Then("the implementation answers peer {string}'s message with {string}")
  public void answers(String name, String outcome) throws Exception {
    if (outcome.equals("accepted")) {
      accepts(name);
    } else {
      new CipSteps().refused(name, outcome);
    }
  }

  @Then("peer {string} receives an HCP_HELLO with the scope {string} and the safety flags {string}")
  public void helloWithScope(String name, String topics, String flags) throws Exception {
    JsonNode hello = receives(name, "HCP_HELLO");
    JsonNode p = hello.path("payload");
    if (!same(p.path("consent_scope"), array(list(topics)))
        || !same(p.path("safety_flags"), array(list(flags)))) {
      throw world.failure(
          "consent_scope " + list(topics) + " and safety_flags " + list(flags) + "; got " + p);
    }
  }

  @Then("peer {string} receives an HCP_STATE_UPDATE with the human's state")
  public void stateUpdateWithState(String name) throws Exception {
    JsonNode u = receives(name, "HCP_STATE_UPDATE");
    if (!same(u.path("payload"), principal) || !same(u.path("state").path("human"), principal)) {
      throw world.failure(
          "payload and state.human " + principal + "; got " + u.path("payload") + " / " + u);
    }
  }

  @Then("peer {string} receives the human's HCP_INTENT about {string}")
  public void receivesIntent(String name, String topic) throws Exception {
    JsonNode i = receives(name, "HCP_INTENT");
    String expected = actionMsgId();
    if (!i.path("msg_id").asText().equals(expected)
        || !i.path("payload").path("topic").asText().equals(topic)) {
      throw world.failure("the HCP_INTENT " + expected + " about " + topic + "; got " + i);
    }
  }

  @Then("peer {string} receives the human's HCP_DECISION")
  public void receivesDecision(String name) throws Exception {
    JsonNode d = receives(name, "HCP_DECISION");
    ObjectNode stated = lastDecision;
    if (stated == null) {
      throw new IllegalStateException("no decision was stated");
    }
    ObjectNode expected = stated.deepCopy();
    expected.remove("peer");
    if (!same(d.path("payload"), expected) || !d.path("msg_id").asText().equals(actionMsgId())) {
      throw world.failure("the HCP_DECISION " + expected + "; got " + d);
    }
  }

  @Then("peer {string} receives a check-in request")
  public void receivesCheckInRequest(String name) throws Exception {
    JsonNode c = receivesContext(name, "check_in");
    JsonNode a = lastAction;
    if (a != null
        && a.path("status").asText().equals("check_in_requested")
        && !c.path("msg_id").asText().equals(a.path("msg_id").asText())) {
      throw world.failure(
          "the check-in request " + a.path("msg_id") + " the harness named; got " + c);
    }
  }

  @Then("peer {string} receives the check-in answer {string}")
  public void receivesCheckInAnswer(String name, String flag) throws Exception {
    JsonNode c = receivesContext(name, flag);
    if (!checkInAnswers.isEmpty() && !checkInAnswers.contains(c.path("msg_id").asText())) {
      throw world.failure("one of the answers " + checkInAnswers + " the harness named; got " + c);
    }
  }

  /**
   * The next HCP_CONTEXT, which must be the check-in message {@code flag} names: several check-in
   * flags count as the most conservative one (spec/hcp.md Table 4.5a).
   */
  private JsonNode receivesContext(String name, String flag) throws Exception {
    JsonNode c = receives(name, "HCP_CONTEXT");
    List<String> flags = new ArrayList<>();
    c.path("payload").path("constraints").forEach(f -> flags.add(f.asText()));
    String kind =
        flags.contains("check_in_stop")
            ? "check_in_stop"
            : flags.contains("check_in_proceed")
                ? "check_in_proceed"
                : flags.contains("check_in") ? "check_in" : "(not a check-in message)";
    if (!kind.equals(flag)) {
      throw world.failure("an HCP_CONTEXT that is the check-in message " + flag + "; got " + c);
    }
    return c;
  }

  @Then("peer {string} receives no HCP message")
  public void receivesNothing(String name) throws Exception {
    if (!peer(name).barrier(ANSWER)) {
      throw world.failure("a PONG to the barrier PING of " + name);
    }
    for (CipPeer.Received r : peer(name).received()) {
      JsonNode e = r.envelope();
      if (e != null && e.has("hcp")) {
        throw world.failure("no HCP envelope for " + name + "; got " + e);
      }
    }
  }

  @Then("every HCP envelope peer {string} received since its human last changed describes it")
  public void everyEnvelopeDescribesPrincipal(String name) throws Exception {
    if (!peer(name).barrier(ANSWER)) {
      throw world.failure("a PONG to the barrier PING of " + name);
    }
    List<JsonNode> all = new ArrayList<>(seen.getOrDefault(name, List.of()));
    all.addAll(hcpReceived(name));
    for (JsonNode e : all) {
      if (!same(e.path("state").path("human"), principal)) {
        throw world.failure("state.human " + principal + " in every HCP envelope; got " + e);
      }
    }
    if (all.isEmpty()) {
      throw world.failure("some HCP envelope for " + name + " since the human last changed");
    }
  }

  @Then("the next HCP_STATE_UPDATE peer {string} receives has the receiver view {string}")
  public void receiverView(String name, String view) throws Exception {
    Optional<CipPeer.Received> r =
        peer(name)
            .awaitReceived(
                "HCP_STATE_UPDATE", ANSWER); // the implementation announces every change so
    if (r.isEmpty() || r.get().envelope() == null) {
      throw world.failure("an HCP_STATE_UPDATE for " + name);
    }
    String got = r.get().envelope().path("trust").path("receiver_view").asText("(none)");
    if (!got.equals(view)) {
      throw world.failure("trust.receiver_view " + view + "; got " + got);
    }
  }

  // ------------------------------------------------------------------------------ harness checks

  @Then("the human's action is {string}")
  public void actionIs(String status) {
    JsonNode a = action();
    if (!a.path("status").asText().equals(status)) {
      throw world.failure("status " + status + "; got " + a);
    }
  }

  @Then("the human's action is refused with {string}")
  public void actionRefused(String code) {
    actionIs("refused");
    if (!action().path("code").asText().equals(code)) {
      throw world.failure("code " + code + "; got " + action());
    }
  }

  @Then("the human's action is deferred with a retry after {int} ms")
  public void actionDeferredFor(int ms) {
    actionIs("deferred");
    if (action().path("retry_after_ms").asLong(-1) != ms) {
      throw world.failure("retry_after_ms " + ms + "; got " + action());
    }
  }

  @Then("the human's action is deferred with a retry of at most {int} ms")
  public void actionDeferredAtMost(int ms) {
    actionIs("deferred");
    long got = action().path("retry_after_ms").asLong(-1);
    if (got < 1 || got > ms) {
      throw world.failure("retry_after_ms between 1 and " + ms + "; got " + action());
    }
  }

  @Then("the human's action is deferred without a retry time")
  public void actionDeferredWithout() {
    actionIs("deferred");
    if (!action().path("retry_after_ms").isNull()) {
      throw world.failure("retry_after_ms null; got " + action());
    }
  }

  @Then("the implementation says that no check-in of peer {string} was waiting")
  public void noCheckInWaiting(String name) {
    JsonNode c = lastCheckIn;
    if (c == null || c.path("answered").asBoolean(true) || !c.path("msg_id").isNull()) {
      throw world.failure("{\"answered\":false,\"msg_id\":null} for " + name + "; got " + c);
    }
  }

  @Then("the implementation's human is at level {string}")
  public void principalLevel(String level) throws HarnessException {
    JsonNode p = sessions().path("principal");
    if (!p.path("level").asText().equals(level)
        || !same(p.path("human"), principal)
        || !same(p.path("consent_scope"), array(principalScope))
        || !same(p.path("safety_flags"), array(principalFlags))) {
      throw world.failure(
          "principal "
              + principal
              + ", scope "
              + principalScope
              + ", flags "
              + principalFlags
              + " at level "
              + level
              + "; got "
              + p);
    }
    JsonNode r = lastHumanReply;
    if (r != null && !r.path("level").asText().equals(level)) {
      throw world.failure("the human/* reply at level " + level + " too; got " + r);
    }
  }

  @Then("the implementation's human is back in its initial state")
  public void principalInitial() throws HarnessException {
    principal = human();
    principalScope = List.of();
    principalFlags = List.of();
    lastHumanReply = null;
    principalLevel("allow");
  }

  @Then("the implementation's HCP view of peer {string} is {string}")
  public void hcpView(String name, String state) throws HarnessException {
    String got = session(name).path("trust").asText();
    if (!got.equals(state)) {
      throw world.failure("the HCP trust state of " + name + " " + state + "; got " + got);
    }
  }

  @Then("the implementation sees peer {string}'s human with consent {string} and intent {string}")
  public void seesCounterpart(String name, String consent, String intent) throws HarnessException {
    JsonNode h = session(name).path("counterpart").path("human");
    if (!h.path("consent").asText().equals(consent) || !h.path("intent").asText().equals(intent)) {
      throw world.failure("counterpart consent " + consent + ", intent " + intent + "; got " + h);
    }
  }

  @Then("the implementation sees peer {string}'s human at level {string} with the scope {string}")
  public void seesCounterpartLevel(String name, String level, String topics)
      throws HarnessException {
    JsonNode c = session(name).path("counterpart");
    if (!c.path("level").asText().equals(level)
        || !same(c.path("consent_scope"), array(list(topics)))
        || !same(c.path("human"), humanOf(name).human)) {
      throw world.failure(
          "counterpart "
              + humanOf(name).human
              + " at level "
              + level
              + " with the scope "
              + list(topics)
              + "; got "
              + c);
    }
  }

  @Then(
      "the implementation reports the check-ins of peer {string} as incoming {string} and"
          + " outgoing {string}")
  public void checkIns(String name, String incoming, String outgoing) throws HarnessException {
    JsonNode c = session(name).path("check_in");
    if (!c.path("incoming").asText().equals(incoming)
        || !c.path("outgoing").asText().equals(outgoing)) {
      throw world.failure("incoming " + incoming + ", outgoing " + outgoing + "; got " + c);
    }
  }

  @Then("the implementation reports the open topic of peer {string} as {string}")
  public void openTopic(String name, String topic) throws HarnessException {
    JsonNode t = session(name).path("open_topic");
    String got = t.isNull() ? "none" : t.asText();
    if (!got.equals(topic)) {
      throw world.failure("open_topic " + topic + "; got " + t);
    }
  }

  @Then("the implementation delivered peer {string}'s message to its human")
  public void delivered(String name) throws HarnessException {
    JsonNode sent = lastSent.get(name);
    if (sent == null) {
      throw new IllegalStateException(name + " sent nothing");
    }
    for (JsonNode d : session(name).path("inbox")) {
      if (d.path("msg_id").asText().equals(sent.path("msg_id").asText())) {
        if (!d.path("type").asText().equals(sent.path("type").asText())
            || !same(d.path("payload"), sent.path("payload"))) {
          throw world.failure("the delivered payload unchanged " + sent.path("payload"));
        }
        return;
      }
    }
    throw world.failure("the message " + sent.path("msg_id") + " in the inbox of " + name);
  }

  @Then("the implementation did not deliver peer {string}'s message to its human")
  public void notDelivered(String name) throws HarnessException {
    JsonNode sent = lastSent.get(name);
    String msgId = sent == null ? "" : sent.path("msg_id").asText();
    for (JsonNode d : session(name).path("inbox")) {
      if (d.path("msg_id").asText().equals(msgId)) {
        throw world.failure("no delivery of " + msgId + "; it is in the inbox");
      }
    }
  }

  @Then("the implementation delivered to its human, from peer {string}, in order: {string}")
  public void inboxOrder(String name, String types) throws HarnessException {
    List<String> got = new ArrayList<>();
    for (JsonNode d : session(name).path("inbox")) {
      got.add(d.path("type").asText());
    }
    if (!got.equals(list(types))) {
      throw world.failure("the inbox " + list(types) + "; got " + got);
    }
  }

  @Then("the implementation reports the last action it accepted from peer {string} {word}")
  public void lastAccepted(String name, String when) throws HarnessException {
    timeMember(name, "last_accepted_at", when);
  }

  @Then("the implementation reports the last action it sent to peer {string} {word}")
  public void lastSentAt(String name, String when) throws HarnessException {
    timeMember(name, "last_sent_at", when);
  }

  /** {@code when}: {@code never} (null) or {@code recently} (within a minute of its clock). */
  private void timeMember(String name, String member, String when) throws HarnessException {
    JsonNode t = session(name).path(member);
    boolean ok =
        when.equals("never")
            ? t.isNull()
            : t.isTextual()
                && Duration.between(Instant.parse(t.asText()), Instant.now()).abs().toSeconds()
                    < 60;
    if (!ok) {
      throw world.failure(member + " " + when + "; got " + t);
    }
  }

  @Then("the implementation reports no HCP session with peer {string}")
  public void noSession(String name) throws HarnessException {
    String fp = fingerprintOf(name);
    for (JsonNode s : sessions().path("sessions")) {
      if (s.path("peer").asText().equals(fp)) {
        throw world.failure("no HCP session with " + name + "; got " + s);
      }
    }
  }

  @Then("the implementation reports {int} HCP sessions, in the order they opened: {string}")
  public void sessionOrder(int count, String names) throws HarnessException {
    List<String> expected = new ArrayList<>();
    for (String n : list(names)) {
      expected.add(fingerprintOf(n));
    }
    List<String> got = new ArrayList<>();
    for (JsonNode s : sessions().path("sessions")) {
      got.add(s.path("peer").asText());
    }
    if (got.size() != count || !got.equals(expected)) {
      throw world.failure("the sessions " + names + "; got " + got);
    }
  }

  @Then("info lists the capability {string}")
  public void infoLists(String capability) throws HarnessException {
    List<String> caps = world.harness().info().capabilities();
    if (!caps.contains(capability)) {
      throw world.failure("capability " + capability + " in info; got " + caps);
    }
  }

  // ------------------------------------------------------------------------------ events

  @Then(
      "the implementation reported {string} at step {string} with code {string} for peer"
          + " {string}'s message")
  public void reportedRefusal(String kind, String step, String code, String name) throws Exception {
    String msgId = lastMsgId(name);
    String type = lastSent.getOrDefault(name, NODES.objectNode()).path("type").asText();
    awaitEvent(
        kind + " " + step + " " + code + " naming " + msgId,
        e ->
            e.path("kind").asText().equals(kind)
                && e.path("msg_id").asText().equals(msgId)
                && e.path("peer").asText().equals(fingerprintOf(name))
                && e.path("attributes").path("type").asText().equals(type)
                && e.path("attributes").path("step").asText().equals(step)
                && e.path("attributes").path("code").asText().equals(code));
  }

  @Then("the implementation reported {string} of type {string} for peer {string}'s message")
  public void reportedForMessage(String kind, String type, String name) throws Exception {
    String msgId = lastMsgId(name);
    awaitEvent(
        kind + " " + type + " naming " + msgId,
        e ->
            e.path("kind").asText().equals(kind)
                && e.path("msg_id").asText().equals(msgId)
                && e.path("attributes").path("type").asText().equals(type));
  }

  @Then("the implementation reported {string} of type {string} for the human's action")
  public void reportedForAction(String kind, String type) throws Exception {
    String msgId = actionMsgId();
    awaitEvent(
        kind + " " + type + " naming " + msgId,
        e ->
            e.path("kind").asText().equals(kind)
                && e.path("msg_id").asText().equals(msgId)
                && e.path("attributes").path("type").asText().equals(type));
  }

  @Then("the implementation reported no {string} for peer {string}'s message")
  public void reportedNothingFor(String kind, String name) throws Exception {
    String msgId = lastMsgId(name);
    for (JsonNode e : events()) {
      if (e.path("kind").asText().equals(kind) && e.path("msg_id").asText().equals(msgId)) {
        throw world.failure("no " + kind + " for " + msgId + "; got " + e);
      }
    }
  }

  @Then("the implementation reported {int} {string} for peer {string}")
  public void reportedCount(int count, String kind, String name) throws Exception {
    String fp = fingerprintOf(name);
    long got =
        events().stream()
            .filter(e -> e.path("kind").asText().equals(kind) && e.path("peer").asText().equals(fp))
            .count();
    if (got != count) {
      throw world.failure(count + " " + kind + " for " + name + "; got " + got);
    }
  }

  private List<JsonNode> events() throws HarnessException {
    resetAtEnd();
    List<JsonNode> out = new ArrayList<>();
    long since = 0;
    while (true) {
      Exchange ex = world.harness().events(since, 1000);
      world.record(ex);
      JsonNode list = ex.reply().path("events");
      list.forEach(out::add);
      if (list.size() < 1000) {
        return out;
      }
      since = list.get(list.size() - 1).path("seq").asLong();
    }
  }

  private void awaitEvent(String what, Predicate<JsonNode> match) throws Exception {
    long deadline = System.nanoTime() + ANSWER.toNanos();
    while (true) {
      if (events().stream().anyMatch(match)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw world.failure("the event " + what + " within " + ANSWER.toSeconds() + " s");
      }
      Thread.sleep(20);
    }
  }

  // ------------------------------------------------------------------------------ helpers

  private void send(String name, String type, ObjectNode payload) throws IOException {
    ObjectNode h = humanOf(name).human;
    sendWith(name, type, h.deepCopy(), null, payload, peer(name).identity());
  }

  private void sendWith(
      String name,
      String type,
      ObjectNode human,
      @Nullable ObjectNode trust,
      ObjectNode payload,
      AgentKeyPair signer)
      throws IOException {
    ObjectNode e =
        peer(name)
            .hcpEnvelope(
                type,
                human,
                trust,
                payload,
                Instant.ofEpochMilli(System.currentTimeMillis()),
                signer);
    world.sendAs(name, e);
  }

  private JsonNode receives(String name, String type) throws Exception {
    JsonNode e = world.receivedBy(name, type, ANSWER);
    seen.computeIfAbsent(name, k -> new ArrayList<>()).add(e);
    return e;
  }

  private List<JsonNode> hcpReceived(String name) {
    List<JsonNode> out = new ArrayList<>();
    for (CipPeer.Received r : peer(name).received()) {
      JsonNode e = r.envelope();
      if (e != null && e.has("hcp")) {
        out.add(e);
      }
    }
    return out;
  }

  /** Calls an HCP operation, checks its reply against the response schema [HAR-API-001]. */
  private Exchange call(String path, ObjectNode request, String schema) throws HarnessException {
    resetAtEnd();
    Exchange ex = world.harness().hcp(path, request);
    world.record(ex);
    List<String> violations =
        SchemaCatalog.describe(
            SchemaCatalog.get()
                .schema("harness/" + schema + ".response.schema.json")
                .validate(ex.reply()));
    if (!violations.isEmpty()) {
      throw world.failure("a reply of harness/" + schema + ".response.schema.json; " + violations);
    }
    return ex;
  }

  private JsonNode sessions() throws HarnessException {
    return call("hcp/sessions", NODES.objectNode(), "hcp_sessions").reply();
  }

  private JsonNode session(String name) throws HarnessException {
    String fp = fingerprintOf(name);
    JsonNode found = null;
    for (JsonNode s : sessions().path("sessions")) {
      if (s.path("peer").asText().equals(fp)) {
        found = s; // the most recently opened one is listed last
      }
    }
    if (found == null) {
      throw world.failure("an HCP session with " + name + " in hcp/sessions");
    }
    return found;
  }

  private JsonNode action() {
    JsonNode a = lastAction;
    if (a == null) {
      throw new IllegalStateException("the human stated no action");
    }
    return a;
  }

  private String actionMsgId() {
    JsonNode id = action().path("msg_id");
    if (!id.isTextual()) {
      throw world.failure("a msg_id in the human's action; got " + action());
    }
    return id.asText();
  }

  private String lastMsgId(String name) {
    return lastSent.getOrDefault(name, NODES.objectNode()).path("msg_id").asText();
  }

  private String fingerprintOf(String name) {
    return TesterPeer.identityOf(name, world.seed()).publicKey().fingerprint();
  }

  private void resetAtEnd() {
    if (!resetScheduled) {
      resetScheduled = true;
      world.closeAtEnd(() -> world.harness().reset());
    }
  }

  /** A comma-separated list; the empty string is the empty list. */
  private static List<String> list(String commaSeparated) {
    List<String> out = new ArrayList<>();
    for (String s : commaSeparated.split(",", -1)) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }

  /** JSON equality by value: 100 equals 100 whatever number type a parser chose. */
  private static boolean same(JsonNode a, JsonNode b) {
    return org.web4.json.JsonCanonicalizer.canonicalString(a)
        .equals(org.web4.json.JsonCanonicalizer.canonicalString(b));
  }

  private static ArrayNode array(List<String> values) {
    ArrayNode a = NODES.arrayNode();
    values.forEach(a::add);
    return a;
  }

  private static void strings(ArrayNode into, List<String> values) {
    values.forEach(into::add);
  }
}
