package org.web4.conformance.scenarios;

import static org.web4.conformance.scenarios.LipState.env;
import static org.web4.conformance.scenarios.LipState.isType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.lip.LipPeer;
import org.web4.conformance.lip.StandInWeb;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.envelope.Timestamps;

/**
 * Steps for spec/lip.md §4.1–4.5 (fetching): a named peer asks the implementation to fetch sources
 * of the stand-in web; the steps check the LIP_EVIDENCE and ERRORs it answers, their order and
 * their timing (LIP-RPL-003), and use a PING after the fetch as the barrier that every reply
 * precedes.
 */
public final class LipFetchSteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final World world;
  private final Peers peers;
  private final LipState lip;

  public LipFetchSteps(World world, Peers peers, LipState lip) {
    this.world = world;
    this.peers = peers;
    this.lip = lip;
  }

  // ----------------------------------------------------------------------------- fetching

  @When("peer {string} asks the implementation to fetch {string}")
  public void fetch(String name, String sources) throws Exception {
    sendFetch(name, sources, null);
  }

  @When("peer {string} asks the implementation to fetch {string} and sends a PING right after")
  public void fetchThenPing(String name, String sources) throws Exception {
    sendFetch(name, sources, null);
    lip.pings.put(name, peers.lip(name).ping());
  }

  @When("peer {string} asks the implementation to fetch {string} signed by {string}")
  public void fetchImpersonated(String name, String sources, String signer) throws Exception {
    sendFetch(name, sources, signer);
  }

  private void sendFetch(String name, String sources, @Nullable String signer) throws Exception {
    List<String> uris = new ArrayList<>();
    for (String s : LipState.LIST.splitAsStream(sources).toList()) {
      uris.add(lip.uri(s.strip()));
    }
    ObjectNode p = NODES.objectNode();
    p.put("query", "conformance: " + sources);
    ArrayNode list = p.putArray("sources");
    uris.forEach(list::add);
    LipPeer peer = peers.lip(name);
    ObjectNode e =
        signer == null
            ? peer.envelope("LIP_FETCH", p, null)
            : peer.envelope(
                "LIP_FETCH",
                p,
                null,
                Instant.ofEpochMilli(org.web4.conformance.rtt.TesterContext.clock().millis()),
                TesterPeer.identityOf(signer, world.seed()));
    peers.sent(name, e);
    long at = System.nanoTime();
    peer.send(e);
    lip.fetches.put(name, new LipState.Fetch(e.path("msg_id").asText(), uris, at));
  }

  @Then("peer {string} receives LIP_EVIDENCE for {string} with tier {string}")
  public void evidence(String name, String path, String tier) throws Exception {
    LipState.Fetch f = lip.fetchOf(name);
    String want = lip.uri(path);
    Optional<LipPeer.Received> r =
        peers
            .lip(name)
            .await(
                x ->
                    isType(x, "LIP_EVIDENCE")
                        && env(x).path("source").path("uri").asText().equals(want)
                        && env(x).path("payload").path("fetch_ref").asText().equals(f.msgId()),
                Duration.ofNanos(lip.remainingNanos(f)));
    if (r.isEmpty()) {
      throw world.failure(
          "a LIP_EVIDENCE for "
              + want
              + " answering "
              + f.msgId()
              + " within "
              + LipState.BOUND.toSeconds()
              + " s; received "
              + lip.received(name));
    }
    JsonNode env = env(r.get());
    checkEvidence(env, path, tier, f);
    lip.evidenceIds.put(path, env.path("msg_id").asText());
  }

  private void checkEvidence(JsonNode env, String path, String tier, LipState.Fetch f) {
    JsonNode source = env.path("source");
    if (!source.path("trust_tier").asText().equals(tier)) {
      throw world.failure("trust_tier " + tier + " for " + path + "; got " + source);
    }
    if (Timestamps.parse(source.path("retrieved_at").asText()).isEmpty()) {
      throw world.failure("a retrieved_at timestamp; got " + source);
    }
    JsonNode payload = env.path("payload");
    if (!payload.path("fetch_ref").asText().equals(f.msgId())) {
      throw world.failure("fetch_ref " + f.msgId() + "; got " + payload);
    }
    ObjectNode doc = lip.served.get(path);
    if (doc != null) {
      boolean same =
          payload.path("claims").equals(doc.path("claims"))
              && payload.path("evidence").equals(doc.path("evidence"))
              && payload
                      .path("confidence")
                      .decimalValue()
                      .compareTo(doc.path("confidence").decimalValue())
                  == 0
              && payload.path("extraction_notes").equals(doc.path("extraction_notes"))
              && payload.size() == doc.size(); // fetch_ref replaces web4_evidence
      if (!same) {
        throw world.failure(
            "claims, evidence, confidence and extraction_notes exactly as served "
                + doc
                + "; got "
                + payload);
      }
    }
  }

  @Then("peer {string} receives LIP_EVIDENCE for {string} in that order")
  public void evidenceInOrder(String name, String paths) throws Exception {
    LipState.Fetch f = lip.fetchOf(name);
    lip.barrier(name);
    List<String> want = new ArrayList<>();
    for (String p : LipState.LIST.splitAsStream(paths).toList()) {
      want.add(lip.uri(p.strip()));
    }
    List<String> got = new ArrayList<>();
    for (LipPeer.Received r : peers.lip(name).all()) {
      if (isType(r, "LIP_EVIDENCE")
          && env(r).path("payload").path("fetch_ref").asText().equals(f.msgId())) {
        got.add(env(r).path("source").path("uri").asText());
        lip.evidenceIds.put(
            env(r).path("source").path("uri").asText().substring(StandInWeb.uri("").length()),
            env(r).path("msg_id").asText());
      }
    }
    if (!got.equals(want)) {
      throw world.failure("LIP_EVIDENCE for " + want + " in that order; got " + got);
    }
  }

  @Then("the evidence peer {string} received follows the order of its fetch")
  public void evidenceFollowsOrder(String name) throws Exception {
    LipState.Fetch f = lip.fetchOf(name);
    lip.barrier(name);
    List<String> got = new ArrayList<>();
    boolean error = false;
    for (LipPeer.Received r : peers.lip(name).all()) {
      if (isType(r, "LIP_EVIDENCE")
          && env(r).path("payload").path("fetch_ref").asText().equals(f.msgId())) {
        got.add(env(r).path("source").path("uri").asText());
      }
      error |= r.error() != null && f.msgId().equals(r.error().msgId());
    }
    int at = 0;
    for (String uri : got) {
      int i = f.sources().subList(at, f.sources().size()).indexOf(uri);
      if (i < 0) {
        throw world.failure(
            "LIP_EVIDENCE in the order of the fetch's sources " + f.sources() + "; got " + got);
      }
      at += i + 1;
    }
    if (got.isEmpty() != error) {
      throw world.failure(
          "either LIP_EVIDENCE (and no ERROR) or one ERROR; got "
              + got
              + (error ? " and an ERROR" : ""));
    }
  }

  @Then("peer {string} receives no LIP_EVIDENCE")
  public void noEvidence(String name) throws Exception {
    lip.barrier(name);
    for (LipPeer.Received r : peers.lip(name).all()) {
      if (isType(r, "LIP_EVIDENCE")) {
        throw world.failure("no LIP_EVIDENCE; got " + r.describe());
      }
    }
  }

  @Then("the implementation answers peer {string}'s fetch with {string}")
  public void fetchError(String name, String code) throws Exception {
    LipState.Fetch f = lip.fetchOf(name);
    Optional<LipPeer.Received> e =
        peers
            .lip(name)
            .await(
                x -> x.error() != null && f.msgId().equals(x.error().msgId()),
                Duration.ofNanos(lip.remainingNanos(f)));
    if (e.isEmpty()) {
      throw world.failure(
          "an ERROR "
              + code
              + " naming the LIP_FETCH "
              + f.msgId()
              + "; received "
              + lip.received(name));
    }
    var err = e.get().error();
    if (err == null || !err.code().equals(code) || e.get().channel() != LipPeer.KNOWLEDGE) {
      throw world.failure(
          "ERROR " + code + " on knowledge naming " + f.msgId() + "; got " + e.get().describe());
    }
    // non-closing, and the only one: the connection still answers a PING, with no second ERROR
    lip.barrier(name);
    for (LipPeer.Received r : peers.lip(name).pending()) {
      if (r.error() != null && f.msgId().equals(r.error().msgId())) {
        throw world.failure("exactly one ERROR naming the LIP_FETCH; got also " + r.describe());
      }
    }
  }

  @Then("the implementation answers peer {string}'s fetch with no ERROR")
  public void noFetchError(String name) throws Exception {
    LipState.Fetch f = lip.fetchOf(name);
    lip.barrier(name);
    for (LipPeer.Received r : peers.lip(name).all()) {
      if (r.error() != null && f.msgId().equals(r.error().msgId())) {
        throw world.failure("no ERROR naming the LIP_FETCH; got " + r.describe());
      }
    }
  }

  @Then("every reply to peer {string}'s fetch came within 5 seconds")
  public void repliesInTime(String name) throws Exception {
    LipState.Fetch f = lip.fetchOf(name);
    lip.barrier(name);
    for (LipPeer.Received r : peers.lip(name).all()) {
      boolean reply =
          (isType(r, "LIP_EVIDENCE")
                  && env(r).path("payload").path("fetch_ref").asText().equals(f.msgId()))
              || (r.error() != null && f.msgId().equals(r.error().msgId()));
      long ms = (r.nanos() - f.sentNanos()) / 1_000_000;
      if (reply && ms > LipState.REPLIES.plus(LipState.MEASUREMENT_SLACK).toMillis()) {
        throw world.failure(
            "every reply within 5 s of the LIP_FETCH; "
                + r.describe()
                + " came after "
                + ms
                + " ms");
      }
    }
  }

  @Then("peer {string} receives the PONG after every reply to its fetch, within 5 seconds")
  public void pongAfterReplies(String name) throws Exception {
    LipState.Fetch f = lip.fetchOf(name);
    byte[] opaque = lip.pings.get(name);
    if (opaque == null) {
      throw new IllegalStateException("peer \"" + name + "\" sent no PING after its fetch");
    }
    Optional<LipPeer.Received> pong =
        peers.lip(name).awaitPong(opaque, Duration.ofNanos(lip.remainingNanos(f)));
    if (pong.isEmpty()) {
      throw world.failure(
          "the PONG within " + LipState.BOUND.toSeconds() + " s; received " + lip.received(name));
    }
    long ms = (pong.get().nanos() - f.sentNanos()) / 1_000_000;
    if (ms > LipState.REPLIES.plus(LipState.MEASUREMENT_SLACK).toMillis()) {
      throw world.failure("the PONG within 5 s (RTT-HB-002); it came after " + ms + " ms");
    }
    boolean anyReply = false;
    for (LipPeer.Received r : peers.lip(name).all()) {
      boolean reply =
          (isType(r, "LIP_EVIDENCE")
                  && env(r).path("payload").path("fetch_ref").asText().equals(f.msgId()))
              || (r.error() != null && f.msgId().equals(r.error().msgId()));
      anyReply |= reply;
      if (reply && r.order() > pong.get().order()) {
        throw world.failure(
            "every reply to the LIP_FETCH before the PONG; " + r.describe() + " came after it");
      }
    }
    if (!anyReply) {
      throw world.failure(
          "a reply to the LIP_FETCH (evidence or ERROR) before the PONG; received "
              + lip.received(name));
    }
  }
}
