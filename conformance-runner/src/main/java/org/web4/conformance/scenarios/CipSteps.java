package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.cip.CipPeer;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessException;
import org.web4.conformance.rtt.TesterListener;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.Protocol;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.noise.NoiseException;
import org.web4.vectors.VectorKeys;

/**
 * Steps for spec/cip.md §4 over the wire: named tester peers (each its own identity and RTT
 * connection) run the CIP handshake, send intents and facts, and the steps check what the
 * implementation answers each of them and, through the harness, how it judges them.
 */
public final class CipSteps {
  /** How long a peer waits for an answer the spec says must come. */
  static final Duration ANSWER = Duration.ofSeconds(5);

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final World world;
  private final Map<String, CipPeer> peers;
  private final Map<String, JsonNode> lastSent;
  private final Map<String, String> facts = new HashMap<>();
  private @Nullable TesterListener listener;
  private @Nullable CompletableFuture<Exchange> dial;

  public CipSteps() {
    this.world = World.current();
    this.peers = world.cipPeers();
    this.lastSent = world.lastSent();
  }

  private CipPeer peer(String name) {
    return world.cipPeer(name);
  }

  // ------------------------------------------------------------------------------ connecting

  @Given("peer {string} has completed the RTT handshake with the implementation")
  public void rttHandshake(String name) throws IOException, NoiseException, JsonViolation {
    world.useCurrentTime();
    TesterPeer rtt =
        world.closeAtEnd(
            TesterPeer.connect(world.rttAddress(), world.transcript(), world.seed(), name));
    rtt.handshake();
    peers.put(name, cipPeerOf(rtt));
  }

  @Given("peer {string} has completed the CIP handshake with the implementation")
  public void cipHandshake(String name) throws Exception {
    rttHandshake(name);
    sendHello(name);
    JsonNode hello = receives(name, "HELLO");
    if (!peer(name).responderHelloVerifies(hello)) {
      throw world.failure("a responder HELLO whose challenge_response verifies");
    }
    send(name, peer(name).verify(hello, true));
    receives(name, "STATE_UPDATE");
    settle(name);
  }

  /** The PING barrier of {@link CipPeer#barrier}: the implementation has read all we sent. */
  private void settle(String name) throws Exception {
    if (!peer(name).barrier(ANSWER)) {
      throw world.failure("a PONG for peer " + name + " within " + ANSWER.toSeconds() + " s");
    }
  }

  @Given("{string} is a trust anchor of the implementation")
  public void anchor(String name) throws HarnessException {
    Exchange ex =
        world
            .harness()
            .trustAnchors(
                List.of(TesterPeer.identityOf(name, world.seed()).publicKey().fingerprint()));
    world.record(ex);
    resetAtEnd();
  }

  // ------------------------------------------------------------------------------- handshake

  @When("peer {string} sends HELLO")
  public void sendHello(String name) throws IOException {
    send(name, peer(name).hello("cip/1.0"));
  }

  @When("peer {string} sends HELLO naming only {string}")
  public void sendHelloNaming(String name, String protocol) throws IOException {
    send(name, peer(name).hello(protocol));
  }

  @When("peer {string} answers the HELLO with VERIFY")
  public void sendVerify(String name) throws Exception {
    send(name, peer(name).verify(receives(name, "HELLO"), true));
  }

  @When("peer {string} answers the HELLO with a VERIFY whose challenge response is wrong")
  public void sendBadVerify(String name) throws Exception {
    send(name, peer(name).verify(receives(name, "HELLO"), false));
  }

  @Then("peer {string} receives a HELLO whose challenge response verifies")
  public void helloVerifies(String name) throws Exception {
    JsonNode hello = receives(name, "HELLO");
    if (!peer(name).responderHelloVerifies(hello)) {
      throw world.failure(
          "challenge_response = the implementation's signature of L ‖ C ‖ N_challenger ‖ N_answerer;"
              + " got "
              + hello.path("payload"));
    }
    peerHelloCache.put(name, hello);
  }

  private final Map<String, JsonNode> peerHelloCache = new HashMap<>();

  @When("peer {string} answers that HELLO with VERIFY")
  public void verifyCached(String name) throws IOException {
    JsonNode hello = peerHelloCache.get(name);
    if (hello == null) {
      throw new IllegalStateException("no HELLO received by " + name);
    }
    send(name, peer(name).verify(hello, true));
  }

  @When("peer {string} answers that HELLO with a wrong challenge response")
  public void badVerifyCached(String name) throws IOException {
    JsonNode hello = peerHelloCache.get(name);
    if (hello == null) {
      throw new IllegalStateException("no HELLO received by " + name);
    }
    send(name, peer(name).verify(hello, false));
  }

  @Then("peer {string} receives a {word} on channel {string}")
  public void receivesOn(String name, String type, String channel) throws Exception {
    Optional<CipPeer.Received> r = peer(name).awaitReceived(type, ANSWER);
    if (r.isEmpty()) {
      throw world.failure(
          "a " + type + " for peer " + name + "; received " + peer(name).received());
    }
    int expected = org.web4.rtt.ChannelNames.STANDARD.indexOf(channel);
    if (r.get().channel() != expected) {
      throw world.failure(type + " on channel " + channel + "; it came on " + r.get().channel());
    }
  }

  @Then("peer {string} receives a STATE_UPDATE with the implementation's view {string}")
  public void stateUpdateView(String name, String view) throws Exception {
    JsonNode s = receives(name, "STATE_UPDATE");
    String got = s.path("trust").path("sender_view").asText("(none)");
    if (!got.equals(view)) {
      throw world.failure("trust.sender_view " + view + " in the STATE_UPDATE; got " + got);
    }
  }

  // --------------------------------------------------------------------------------- messages

  @When("peer {string} sends an INTENT")
  public void intent(String name) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("goal", "ask");
    p.put("topic", "conformance");
    p.put("priority", "normal");
    send(name, peer(name).envelope("INTENT", p));
  }

  @When("peer {string} sends an INTENT whose signature is corrupted")
  public void corruptedIntent(String name) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("goal", "ask");
    p.put("topic", "conformance");
    p.put("priority", "normal");
    ObjectNode e = peer(name).envelope("INTENT", p);
    byte[] sig = java.util.Base64.getDecoder().decode(e.path("sign").path("signature").asText());
    sig[0] ^= 0x01;
    ((ObjectNode) e.path("sign"))
        .put("signature", java.util.Base64.getEncoder().encodeToString(sig));
    send(name, e);
  }

  @When("peer {string} sends a STATE_UPDATE")
  public void stateUpdate(String name) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("presence", "focused");
    p.put("lri", 10);
    send(name, peer(name).envelope("STATE_UPDATE", p));
  }

  @When("peer {string} sends a STATE_UPDATE signed by {string}")
  public void impersonated(String name, String key) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("presence", "focused");
    p.put("lri", 10);
    ObjectNode e =
        EnvelopeBuilder.of(Protocol.CIP, "STATE_UPDATE")
            .msgId(world.freshUuid())
            .timestamp(world.clock())
            .sender(key, VectorKeys.key(key))
            .receiver("iut", "0".repeat(64))
            .payload(p)
            .sign(VectorKeys.key(key));
    send(name, e);
  }

  @Then("peer {string} receives an INTENT_RESPONSE that accepts it")
  public void accepted(String name) throws Exception {
    JsonNode r = receives(name, "INTENT_RESPONSE");
    checkIntentRef(name, r);
    if (!r.path("payload").path("decision").asText().equals("accept")) {
      throw world.failure("decision accept; got " + r.path("payload"));
    }
  }

  @Then("peer {string} receives an INTENT_RESPONSE that defers it")
  public void deferred(String name) throws Exception {
    JsonNode r = receives(name, "INTENT_RESPONSE");
    checkIntentRef(name, r);
    JsonNode p = r.path("payload");
    if (!p.path("decision").asText().equals("defer") || p.path("retry_after_ms").asLong() < 1000) {
      throw world.failure("decision defer with retry_after_ms ≥ 1000; got " + p);
    }
  }

  private void checkIntentRef(String name, JsonNode response) {
    String sent = lastSent.getOrDefault(name, NODES.objectNode()).path("msg_id").asText();
    String ref = response.path("payload").path("intent_ref").asText();
    if (!ref.equals(sent)) {
      throw world.failure("intent_ref " + sent + " (the INTENT's msg_id); got " + ref);
    }
  }

  @Then("the implementation refuses peer {string}'s message with {string}")
  public void refused(String name, String code) throws Exception {
    Optional<ErrorBody> e = peer(name).awaitError(ANSWER);
    if (e.isEmpty()) {
      throw world.failure("an ERROR " + code + " for the message of " + name);
    }
    String msgId = lastSent.getOrDefault(name, NODES.objectNode()).path("msg_id").asText();
    if (!e.get().code().equals(code) || !msgId.equals(e.get().msgId())) {
      throw world.failure(
          "ERROR "
              + code
              + " naming msg_id "
              + msgId
              + "; got "
              + e.get().code()
              + " "
              + e.get().msgId()
              + " ("
              + e.get().text()
              + ")");
    }
  }

  /**
   * A PING barrier, then nothing more from the peer: every frame it sent (the CREDIT for the last
   * message it took included) has been handled before the next step, e.g. a clock move, so that the
   * implementation's silence timer starts before that move.
   */
  @When("peer {string} goes silent")
  public void goesSilent(String name) throws Exception {
    if (!peer(name).barrier(ANSWER)) {
      throw world.failure("a PONG to the barrier PING of " + name);
    }
  }

  @Then("peer {string} receives no VERIFY")
  public void noVerify(String name) throws Exception {
    Optional<JsonNode> v = peer(name).awaitEnvelope("VERIFY", Duration.ofMillis(500));
    if (v.isPresent()) {
      throw world.failure("no VERIFY after a wrong challenge response; got one");
    }
  }

  // -------------------------------------------------------------------------------- knowledge

  @When("peer {string} proposes the fact {string}")
  public void propose(String name, String fact) throws IOException {
    proposeWith(name, fact, true);
  }

  @When("peer {string} proposes the fact {string} without a DMP trace")
  public void proposeWithoutTrace(String name, String fact) throws IOException {
    proposeWith(name, fact, false);
  }

  private void proposeWith(String name, String fact, boolean trace) throws IOException {
    ObjectNode p = NODES.objectNode();
    ObjectNode f = p.putObject("fact");
    f.put("statement", "statement " + fact);
    f.put("domain", "conformance");
    f.put("confidence", 0.9);
    f.putArray("sources");
    if (trace) {
      ObjectNode t = p.putObject("dmp_trace");
      t.put("decision_id", world.freshUuid().toString());
      t.putArray("steps").add("observed");
      t.putArray("evidence");
    }
    ObjectNode e = peer(name).envelope("FACT_PROPOSE", p);
    facts.put(fact, e.path("msg_id").asText());
    send(name, e);
  }

  @When("peer {string} confirms the fact {string}")
  public void confirm(String name, String fact) throws IOException {
    review(name, fact, "FACT_CONFIRM", "confirm");
  }

  @When("peer {string} rejects the fact {string}")
  public void reject(String name, String fact) throws IOException {
    review(name, fact, "FACT_REJECT", "reject");
  }

  @When("peer {string} challenges the fact {string} with reason {string}")
  public void challenge(String name, String fact, String reason) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("fact_ref", factId(fact));
    p.put("reason", reason);
    send(name, peer(name).envelope("FACT_CHALLENGE", p));
  }

  @When("peer {string} confirms a fact the implementation never saw")
  public void confirmUnknown(String name) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("fact_ref", world.freshUuid().toString());
    p.put("decision", "confirm");
    p.put("confidence", 1);
    send(name, peer(name).envelope("FACT_CONFIRM", p));
  }

  private void review(String name, String fact, String type, String decision) throws IOException {
    ObjectNode p = NODES.objectNode();
    p.put("fact_ref", factId(fact));
    p.put("decision", decision);
    p.put("confidence", decision.equals("confirm") ? 1 : 0);
    send(name, peer(name).envelope(type, p));
  }

  @Then("peer {string} receives a {word} for the fact {string}")
  public void outcome(String name, String type, String fact) throws Exception {
    JsonNode r = receives(name, type);
    String ref = r.path("payload").path("fact_ref").asText();
    if (!ref.equals(factId(fact))) {
      throw world.failure(type + " with fact_ref " + factId(fact) + "; got " + ref);
    }
  }

  @Then("peer {string} receives no verdict on the fact {string}")
  public void noOutcome(String name, String fact) throws Exception {
    for (String t : List.of("FACT_CONFIRM", "FACT_REJECT")) {
      if (peer(name).awaitEnvelope(t, Duration.ofMillis(300)).isPresent()) {
        throw world.failure("no verdict on " + fact + " yet; got " + t);
      }
    }
  }

  @Then("the implementation reports the fact {string} as {string}")
  public void factStatus(String fact, String status) throws Exception {
    long deadline = System.nanoTime() + ANSWER.toNanos();
    Backoff backoff = new Backoff();
    String got = "(absent)";
    while (System.nanoTime() < deadline) {
      Exchange ex = world.harness().knowledge();
      world.record(ex);
      for (JsonNode f : ex.reply().path("facts")) {
        if (f.path("fact_ref").asText().equals(factId(fact))) {
          got = f.path("status").asText();
        }
      }
      if (got.equals(status)) {
        return;
      }
      backoff.pause();
    }
    throw world.failure("knowledge: fact " + fact + " " + status + "; got " + got);
  }

  private String factId(String fact) {
    String id = facts.get(fact);
    if (id == null) {
      throw new IllegalStateException("no fact named \"" + fact + "\" was proposed");
    }
    return id;
  }

  // ------------------------------------------------------------------------------------ trust

  @Then("the implementation holds peer {string} as {string}")
  public void holds(String name, String state) throws Exception {
    String fp = TesterPeer.identityOf(name, world.seed()).publicKey().fingerprint();
    long deadline = System.nanoTime() + ANSWER.toNanos();
    Backoff backoff = new Backoff();
    String got = "untrusted";
    while (System.nanoTime() < deadline) {
      Exchange ex = world.harness().trust();
      world.record(ex);
      got = "untrusted";
      for (JsonNode p : ex.reply().path("peers")) {
        if (p.path("fingerprint").asText().equals(fp)) {
          got = p.path("state").asText();
        }
      }
      if (got.equals(state)) {
        return;
      }
      backoff.pause();
    }
    throw world.failure("trust state of " + name + " " + state + "; got " + got);
  }

  @When("the operator sets peer {string} to {string}")
  public void override(String name, String state) throws HarnessException {
    String fp = TesterPeer.identityOf(name, world.seed()).publicKey().fingerprint();
    world.record(world.harness().trustOverride(fp, state));
    resetAtEnd();
  }

  @When("the implementation's load is {string} with lri {int}")
  public void load(String presence, int lri) throws HarnessException {
    world.record(world.harness().localState(presence, lri));
    resetAtEnd();
  }

  // -------------------------------------------------------------------------------- initiator

  @Given("peer {string} listens for RTT connections")
  public void listens(String name) throws IOException {
    world.useCurrentTime();
    listener = world.closeAtEnd(new TesterListener(world.transcript(), world.seed()));
  }

  @When("the implementation is asked to dial peer {string}")
  public void dial(String name) {
    TesterListener l = requireListener();
    InetSocketAddress a = l.address();
    dial =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return world.harness().dial(a.getAddress().getHostAddress(), a.getPort(), null);
              } catch (HarnessException e) {
                throw new CompletionException(e);
              }
            });
  }

  @When("peer {string} answers the RTT handshake")
  public void answerRtt(String name) throws Exception {
    TesterPeer rtt = world.closeAtEnd(requireListener().accept(RttLimits.HANDSHAKE_TIMEOUT, name));
    if (!rtt.respond(rtt.validPayload())) {
      throw world.failure("handshake message 3 from the implementation");
    }
    peers.put(name, cipPeerOf(rtt));
    CompletableFuture<Exchange> d = dial;
    if (d != null) {
      world.record(d.get(30, TimeUnit.SECONDS));
    }
  }

  @Then("peer {string} receives a HELLO naming {string} without a challenge response")
  public void initiatorHello(String name, String protocol) throws Exception {
    JsonNode hello = receives(name, "HELLO");
    JsonNode p = hello.path("payload");
    boolean names = false;
    for (JsonNode x : p.path("protocols")) {
      names |= x.asText().equals(protocol);
    }
    if (!names || p.has("challenge_response")) {
      throw world.failure(
          "an initiator HELLO naming " + protocol + " without challenge_response; got " + p);
    }
    peerHelloCache.put(name, hello);
  }

  @When("peer {string} answers with its HELLO")
  public void answerHello(String name) throws IOException {
    send(name, peer(name).answerHello(cachedHello(name), true));
  }

  @When("peer {string} answers with a HELLO whose challenge response is wrong")
  public void answerBadHello(String name) throws IOException {
    send(name, peer(name).answerHello(cachedHello(name), false));
  }

  @Then("peer {string} receives a VERIFY whose challenge response verifies")
  public void verifyFromIut(String name) throws Exception {
    JsonNode v = receives(name, "VERIFY");
    if (!peer(name).verifyVerifies(v)) {
      throw world.failure("the VERIFY's challenge_response to verify; got " + v.path("payload"));
    }
  }

  private JsonNode cachedHello(String name) {
    JsonNode hello = peerHelloCache.get(name);
    if (hello == null) {
      throw new IllegalStateException("no HELLO received by " + name);
    }
    return hello;
  }

  private TesterListener requireListener() {
    TesterListener l = listener;
    if (l == null) {
      throw new IllegalStateException("no peer listens: a Given step must come first");
    }
    return l;
  }

  // ----------------------------------------------------------------------------------- events

  private long eventMark;

  @Given("the implementation's events are read from now")
  public void markEvents() throws HarnessException {
    Exchange ex =
        world.harness().events(0, 1); // limit 1 to 1000 (HAR-EVT-001); only `last` is read
    world.record(ex);
    eventMark = ex.reply().path("last").asLong();
  }

  @When("the implementation is reset")
  public void reset() throws HarnessException {
    world.record(world.harness().reset());
    eventMark = 0;
  }

  @When("peer {string} ends its connection with GOAWAY")
  public void goAway(String name) throws Exception {
    peer(name).rtt().sendFrame(org.web4.rtt.frame.FrameType.GOAWAY, 0, 0, new byte[4]);
    peer(name).drain(Duration.ofMillis(300));
  }

  @Then("the implementation reported {string} for peer {string}")
  public void reported(String kind, String name) throws Exception {
    String fp = fingerprintOf(name);
    awaitEvent(
        kind + " for " + name,
        e -> e.path("kind").asText().equals(kind) && e.path("peer").asText().equals(fp));
  }

  @Then("the implementation reported {string} for peer {string} from {string} to {string}")
  public void reportedTransition(String kind, String name, String from, String to)
      throws Exception {
    String fp = fingerprintOf(name);
    java.util.function.Predicate<JsonNode> match =
        e ->
            e.path("kind").asText().equals(kind)
                && e.path("peer").asText().equals(fp)
                && e.path("attributes").path("from").asText().equals(from)
                && e.path("attributes").path("to").asText().equals(to);
    awaitEvent(kind + " " + from + " → " + to + " for " + name, match);
    long count = events().stream().filter(match).count();
    if (count != 1) {
      throw world.failure("exactly one " + kind + " " + from + " → " + to + "; got " + count);
    }
  }

  @Then("the implementation reported no {string} for peer {string}")
  public void reportedNone(String kind, String name) throws Exception {
    String fp = fingerprintOf(name);
    for (JsonNode e : events()) {
      if (e.path("kind").asText().equals(kind) && e.path("peer").asText().equals(fp)) {
        throw world.failure("no " + kind + " for " + name + "; got " + e);
      }
    }
  }

  @Then("the implementation reported {string} with code {string} for peer {string}'s message")
  public void reportedError(String kind, String code, String name) throws Exception {
    String msgId = lastSent.getOrDefault(name, NODES.objectNode()).path("msg_id").asText();
    awaitEvent(
        kind + " " + code + " naming " + msgId,
        e ->
            e.path("kind").asText().equals(kind)
                && e.path("msg_id").asText().equals(msgId)
                && e.path("attributes").path("code").asText().equals(code)
                && e.path("attributes").path("closing").isBoolean()
                && !e.path("attributes").path("closing").asBoolean());
  }

  @Then("the implementation reported {string} for the fact {string} as {string}")
  public void reportedFact(String kind, String fact, String status) throws Exception {
    String id = factId(fact);
    awaitEvent(
        kind + " " + fact + " " + status,
        e ->
            e.path("kind").asText().equals(kind)
                && e.path("attributes").path("fact").asText().equals(id)
                && e.path("attributes").path("status").asText().equals(status));
  }

  @Then("the events it reported conform to the event contract and are numbered without gaps")
  public void contract() throws Exception {
    List<JsonNode> all = events();
    if (all.isEmpty()) {
      throw world.failure("some events since the mark");
    }
    String agent = world.harness().info().identity().fingerprint();
    var schema = org.web4.envelope.SchemaCatalog.get().schema("events/event.schema.json");
    long expected = eventMark + 1;
    for (JsonNode e : all) {
      List<String> problems = org.web4.envelope.SchemaCatalog.describe(schema.validate(e));
      if (!problems.isEmpty()) {
        throw world.failure("an event of events/event.schema.json; " + problems + " in " + e);
      }
      if (e.path("seq").asLong() != expected) {
        throw world.failure("seq " + expected + "; got " + e.path("seq") + " in " + e);
      }
      if (!e.path("agent").asText().equals(agent)) {
        throw world.failure("agent " + agent + " (the info identity); got " + e.path("agent"));
      }
      expected++;
    }
  }

  @Then("its first event after the reset is number 1")
  public void firstAfterReset() throws Exception {
    // The implementation reports the handshake when it has read message 3, which may be after the
    // tester finished writing it: wait (bounded) for the first event to exist.
    long deadline = System.nanoTime() + ANSWER.toNanos();
    Backoff backoff = new Backoff();
    Exchange ex = world.harness().events(0, 1);
    while (ex.reply().path("events").isEmpty() && System.nanoTime() < deadline) {
      backoff.pause();
      ex = world.harness().events(0, 1);
    }
    world.record(ex);
    JsonNode first = ex.reply().path("events").path(0);
    if (first.path("seq").asLong() != 1) {
      throw world.failure("the first event after reset to have seq 1; got " + first);
    }
  }

  private List<JsonNode> events() throws HarnessException {
    List<JsonNode> out = new java.util.ArrayList<>();
    long since = eventMark;
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

  private void awaitEvent(String what, java.util.function.Predicate<JsonNode> match)
      throws Exception {
    long deadline = System.nanoTime() + ANSWER.toNanos();
    Backoff backoff = new Backoff();
    while (true) {
      if (events().stream().anyMatch(match)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw world.failure("the event " + what + " within " + ANSWER.toSeconds() + " s");
      }
      backoff.pause();
    }
  }

  private String fingerprintOf(String name) {
    return TesterPeer.identityOf(name, world.seed()).publicKey().fingerprint();
  }

  // ---------------------------------------------------------------------------------- helpers

  /** A CIP peer over an established RTT connection, addressed to the implementation's identity. */
  private CipPeer cipPeerOf(TesterPeer rtt) throws JsonViolation {
    CipPeer p = new CipPeer(rtt, world.seed() ^ System.nanoTime());
    JsonNode payload = StrictJsonParser.withEnvelopeLimits().parse(rtt.peerPayload().orElseThrow());
    p.peerIs(
        payload.path("agent_id").asText(),
        org.web4.crypto.AgentPublicKey.fromBase64(payload.path("pubkey").asText()).fingerprint());
    return p;
  }

  private void send(String name, ObjectNode envelope) throws IOException {
    world.sendAs(name, envelope);
  }

  private JsonNode receives(String name, String type) throws Exception {
    return world.receivedBy(name, type, ANSWER);
  }

  private boolean resetScheduled;

  private void resetAtEnd() {
    if (!resetScheduled) {
      resetScheduled = true;
      world.closeAtEnd(() -> world.harness().reset());
    }
  }
}
