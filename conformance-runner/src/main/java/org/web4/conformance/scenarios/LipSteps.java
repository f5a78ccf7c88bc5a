package org.web4.conformance.scenarios;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.cucumber.datatable.DataTable;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.cip.CipPeer;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessException;
import org.web4.conformance.lip.LipPeer;
import org.web4.conformance.lip.StandInWeb;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.envelope.SchemaCatalog;
import org.web4.envelope.Timestamps;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/**
 * Steps for spec/lip.md §4: the stand-in internet (WireMock, {@link StandInWeb}) serves evidence
 * documents and faults, named tester peers (after their CIP handshake, {@link CipSteps}) ask the
 * implementation to fetch, send evidence, votes and conflict reports, and the steps check the
 * implementation's replies on the wire, the WireMock journal (what it actually fetched), and
 * through the harness its source rules, queue and events. Waits are bounded by the spec's numbers
 * plus 1 s; negative checks use a PING barrier (LIP-RPL-003).
 */
public final class LipSteps {
  /** The media type of an evidence document (spec/lip.md §4.3). */
  static final String MEDIA_TYPE = "application/vnd.web4.evidence+json";

  /** LIP-RPL-003: every reply to a LIP_FETCH within 5 s of its arrival. */
  static final Duration REPLIES = Duration.ofSeconds(5);

  /** How long a step waits for what must come: the spec's 5 s plus 1 s. */
  static final Duration BOUND = REPLIES.plusSeconds(1);

  /** What a tester's measurement may add to the implementation's 5 s (loopback, reading). */
  static final Duration MEASUREMENT_SLACK = Duration.ofMillis(300);

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** A list in a step: {@code "/a, /b"}. */
  private static final java.util.regex.Pattern LIST = java.util.regex.Pattern.compile(",\\s*");

  private final World world = World.current();
  private final Map<String, LipPeer> peers = new HashMap<>();
  private final Map<String, ObjectNode> served = new HashMap<>();
  private final Map<String, String> evidenceIds = new HashMap<>();
  private final Map<String, Fetch> fetches = new HashMap<>();
  private final Map<String, ObjectNode> lastSent = new HashMap<>();
  private final List<String[]> rules = new ArrayList<>();
  private boolean resetScheduled;

  /** One LIP_FETCH a peer sent: its msg_id, its sources (URIs) and when it left. */
  private record Fetch(String msgId, List<String> sources, long sentNanos) {}

  /** Every LIP scenario starts with an empty stand-in web; in the full profile, a fresh IUT. */
  @Before(value = "@lip", order = 20_000)
  public void freshWeb(Scenario scenario) throws HarnessException {
    StandInWeb.reset();
    if (!scenario.getSourceTagNames().contains("@core")) {
      world.record(world.harness().reset());
    }
  }

  // --------------------------------------------------------------------------------- peers

  private LipPeer peer(String name) throws JsonViolation {
    LipPeer p = peers.get(name);
    if (p != null) {
      return p;
    }
    CipPeer cip = world.cipPeers().get(name);
    if (cip == null) {
      throw new IllegalStateException("no peer \"" + name + "\": a Given step must connect it");
    }
    JsonNode payload =
        StrictJsonParser.withEnvelopeLimits().parse(cip.rtt().peerPayload().orElseThrow());
    p =
        new LipPeer(
            cip.rtt(),
            payload.path("agent_id").asText(),
            org.web4.crypto.AgentPublicKey.fromBase64(payload.path("pubkey").asText())
                .fingerprint(),
            world.seed() * 0x9E3779B97F4A7C15L + world.clock().toEpochMilli());
    peers.put(name, p);
    return p;
  }

  private String fingerprintOf(String name) {
    return TesterPeer.identityOf(name, world.seed()).publicKey().fingerprint();
  }

  // ----------------------------------------------------------------------------- the web

  /** A path on the stand-in web, or a full URI ({@code {closed}} names a port nothing serves). */
  private String uri(String pathOrUri) throws IOException {
    String s =
        pathOrUri
            .replace("{web}", StandInWeb.uri(""))
            .replace("{port}", Integer.toString(StandInWeb.port()));
    if (s.startsWith("http")) {
      return s;
    }
    if (s.startsWith("{closed}")) {
      return "http://127.0.0.1:" + StandInWeb.closedPort() + s.substring("{closed}".length());
    }
    return StandInWeb.uri(s);
  }

  private static ObjectNode document(List<String> claims, boolean withEvidence) {
    ObjectNode d = NODES.objectNode();
    d.put("web4_evidence", "1.0");
    ArrayNode c = d.putArray("claims");
    claims.forEach(c::add);
    ArrayNode e = d.putArray("evidence");
    if (withEvidence) {
      e.add("a citation for " + claims.get(0));
    }
    d.put("confidence", 0.9);
    return d;
  }

  private void serveDocument(String path, ObjectNode document) {
    served.put(path, document);
    StandInWeb.serve(
        path,
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", MEDIA_TYPE)
            .withBody(document.toString().getBytes(StandardCharsets.UTF_8)));
  }

  @Given("the web serves evidence at {string} with the claim {string}")
  public void serves(String path, String claim) {
    serveDocument(path, document(List.of(claim), true));
  }

  @Given("the web serves evidence at {string} with the claims {string} and {string}")
  public void servesTwo(String path, String a, String b) {
    serveDocument(path, document(List.of(a, b), true));
  }

  @Given("the web serves evidence at {string} with no evidence entries")
  public void servesWithoutEvidence(String path) {
    serveDocument(path, document(List.of("claim of " + path), false));
  }

  @Given("the web serves at {string} the evidence document:")
  public void servesDocString(String path, String body) throws JsonViolation {
    JsonNode d = StrictJsonParser.withDepthLimitOnly().parse(body.getBytes(StandardCharsets.UTF_8));
    serveDocument(path, (ObjectNode) d);
  }

  @Given("the web serves evidence at {string} with the content type {string}")
  public void servesWithType(String path, String type) {
    ResponseDefinitionBuilder r =
        aResponse()
            .withStatus(200)
            .withBody(document(List.of("claim of " + path), true).toString());
    if (!type.equals("none")) {
      r = r.withHeader("Content-Type", type);
    }
    served.put(path, document(List.of("claim of " + path), true));
    StandInWeb.serve(path, r);
  }

  @Given("the web serves evidence at {string} with the header {string} set to {string}")
  public void servesWithHeader(String path, String header, String value) {
    StandInWeb.serve(
        path,
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", MEDIA_TYPE)
            .withHeader(header, value)
            .withBody(document(List.of("claim of " + path), true).toString()));
  }

  @Given("the web serves at {string} an evidence document of exactly {int} bytes")
  public void servesSized(String path, int bytes) {
    ObjectNode d = document(List.of("claim of " + path), true);
    String text = d.toString();
    int pad = bytes - text.getBytes(StandardCharsets.UTF_8).length;
    if (pad < 0) {
      throw new IllegalArgumentException("a document cannot be as small as " + bytes + " bytes");
    }
    // whitespace before the final '}' keeps it a conforming document of the exact size
    String body = text.substring(0, text.length() - 1) + " ".repeat(pad) + "}";
    served.put(path, d);
    StandInWeb.serve(
        path,
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", MEDIA_TYPE)
            .withBody(body.getBytes(StandardCharsets.UTF_8)));
  }

  /** Bodies that are not conforming evidence documents (spec/lip.md §4.3 conditions 4 and 5). */
  static byte[] malformed(String name) {
    String claims65 =
        String.join(
            ",", java.util.stream.IntStream.range(0, 65).mapToObj(i -> "\"c" + i + "\"").toList());
    String tail = "\"evidence\":[\"e\"],\"confidence\":0.9}";
    String text =
        switch (name) {
          case "not JSON" -> "web4 evidence";
          case "a BOM" -> "\uFEFF{\"web4_evidence\":\"1.0\",\"claims\":[\"a\"]," + tail;
          case "a duplicate member" ->
              "{\"web4_evidence\":\"1.0\",\"claims\":[\"a\"],\"claims\":[\"b\"]," + tail;
          case "a lone surrogate" -> "{\"web4_evidence\":\"1.0\",\"claims\":[\"\\ud800\"]," + tail;
          case "depth 33" ->
              "{\"web4_evidence\":\"1.0\",\"claims\":[\"a\"],\"evidence\":[\"e\"],\"confidence\":0.9,\"x\":"
                  + "[".repeat(32)
                  + "]".repeat(32)
                  + "}";
          case "no web4_evidence" -> "{\"claims\":[\"a\"]," + tail;
          case "version 2.0" -> "{\"web4_evidence\":\"2.0\",\"claims\":[\"a\"]," + tail;
          case "an unknown member" ->
              "{\"web4_evidence\":\"1.0\",\"claims\":[\"a\"],\"extra\":1," + tail;
          case "no claims" -> "{\"web4_evidence\":\"1.0\",\"claims\":[]," + tail;
          case "65 claims" -> "{\"web4_evidence\":\"1.0\",\"claims\":[" + claims65 + "]," + tail;
          case "duplicate claims" -> "{\"web4_evidence\":\"1.0\",\"claims\":[\"a\",\"a\"]," + tail;
          case "confidence 1.5" ->
              "{\"web4_evidence\":\"1.0\",\"claims\":[\"a\"],\"evidence\":[\"e\"],\"confidence\":1.5}";
          case "an array" -> "[\"a\"]";
          default -> throw new IllegalArgumentException("no malformed body named " + name);
        };
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Given("the web serves {string} as evidence at {string}")
  public void servesMalformed(String name, String path) {
    StandInWeb.serve(
        path,
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", MEDIA_TYPE)
            .withBody(malformed(name)));
  }

  @Given("the web answers {string} with status {int}")
  public void status(String path, int status) {
    StandInWeb.serve(
        path,
        aResponse()
            .withStatus(status)
            .withHeader("Content-Type", MEDIA_TYPE)
            .withBody(status == 204 ? "" : document(List.of("claim of " + path), true).toString()));
  }

  @Given("the web serves evidence at {string} after {int} ms")
  public void delayed(String path, int ms) {
    ObjectNode d = document(List.of("claim of " + path), true);
    served.put(path, d);
    StandInWeb.serve(
        path,
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", MEDIA_TYPE)
            .withBody(d.toString())
            .withFixedDelay(ms));
  }

  @Given("the web dribbles evidence at {string} over {int} ms in {int} chunks")
  public void dribbled(String path, int ms, int chunks) {
    ObjectNode d = document(List.of("claim of " + path), true);
    served.put(path, d);
    StandInWeb.serve(
        path,
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", MEDIA_TYPE)
            .withBody(d.toString())
            .withChunkedDribbleDelay(chunks, ms));
  }

  @Given("the web redirects {string} to {string} with status {int}")
  public void redirect(String path, String location, int status) throws IOException {
    String target = location.startsWith("{web}") ? uri(location) : location;
    StandInWeb.serve(path, aResponse().withStatus(status).withHeader("Location", target));
  }

  @Given("the web answers {string} with status {int} and no Location")
  public void redirectWithoutLocation(String path, int status) {
    StandInWeb.serve(path, aResponse().withStatus(status));
  }

  @Given("the web answers {string} with the fault {string}")
  public void fault(String path, String fault) {
    StandInWeb.fault(path, Fault.valueOf(fault));
  }

  // ---------------------------------------------------------------------------- the journal

  @Then("the web received {int} request(s) for {string} with the evidence Accept header")
  public void received(int n, String path) {
    List<LoggedRequest> requests = StandInWeb.requestsFor(pathOnly(path));
    if (requests.size() != n) {
      throw world.failure(n + " request(s) for " + path + "; the journal has " + journal());
    }
    for (LoggedRequest r : requests) {
      boolean ok =
          r.getMethod().getName().equals("GET")
              && MEDIA_TYPE.equals(r.getHeader("Accept"))
              && !r.containsHeader("Cookie")
              && !r.containsHeader("Authorization")
              && r.getBody().length == 0;
      if (!ok) {
        throw world.failure(
            "GET "
                + path
                + " with Accept: "
                + MEDIA_TYPE
                + ", no Cookie, no Authorization, no body; got "
                + describe(r));
      }
    }
  }

  @Then("the web received no request for {string}")
  public void noRequest(String path) {
    List<LoggedRequest> requests = StandInWeb.requestsFor(pathOnly(path));
    if (!requests.isEmpty()) {
      throw world.failure("no request for " + path + "; the journal has " + journal());
    }
  }

  @Then("the web received no request at all")
  public void noRequestAtAll() {
    if (!StandInWeb.allRequests().isEmpty()) {
      throw world.failure("no request at all; the journal has " + journal());
    }
  }

  private static String pathOnly(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }

  private static String journal() {
    List<String> out = new ArrayList<>();
    for (LoggedRequest r : StandInWeb.allRequests()) {
      out.add(describe(r));
    }
    return out.isEmpty() ? "(no request)" : String.join("; ", out);
  }

  private static String describe(LoggedRequest r) {
    return r.getMethod().getName() + " " + r.getUrl() + " " + r.getHeaders().all();
  }

  // ----------------------------------------------------------------------- source rules

  @Given("the implementation's source {string} is {string}")
  public void rule(String prefix, String tier) throws Exception {
    rules.add(new String[] {prefix, tier});
    configure();
  }

  @Given("the implementation's sources are:")
  public void rules(DataTable table) throws Exception {
    for (List<String> row : table.asLists()) {
      if (row.get(0).equals("prefix")) {
        continue;
      }
      rules.add(new String[] {row.get(0), row.get(1)});
    }
    configure();
  }

  private void configure() throws Exception {
    ObjectNode req = NODES.objectNode();
    ArrayNode list = req.putArray("sources");
    for (String[] r : rules) {
      ObjectNode o = list.addObject();
      o.put("prefix", uri(r[0]));
      o.put("tier", r[1]);
    }
    Exchange ex = world.harness().lipSources(req);
    world.record(ex);
    conforms(ex, "harness/lip_sources.response.schema.json");
    resetAtEnd();
  }

  @Then("the implementation lists the source {string} at tier {string}")
  public void listsSource(String prefix, String tier) throws Exception {
    JsonNode s = source(prefix);
    if (!s.path("tier").asText().equals(tier)) {
      throw world.failure("the source " + prefix + " at tier " + tier + "; got " + s);
    }
  }

  @Then(
      "the implementation lists the {word} source {string} at tier {string} with runs {int} and {int}")
  public void listsSourceRuns(String origin, String prefix, String tier, int c, int r)
      throws Exception {
    JsonNode s = source(prefix);
    if (!s.path("tier").asText().equals(tier)
        || !s.path("origin").asText().equals(origin)
        || s.path("corroborated_run").asInt(-1) != c
        || s.path("refuted_run").asInt(-1) != r) {
      throw world.failure(
          "the "
              + origin
              + " source "
              + prefix
              + " at "
              + tier
              + " with corroborated_run "
              + c
              + " and refuted_run "
              + r
              + "; got "
              + s);
    }
  }

  private JsonNode source(String prefix) throws Exception {
    Exchange ex = world.harness().lipSourcesList();
    world.record(ex);
    conforms(ex, "harness/lip_sources_get.response.schema.json");
    String want = uri(prefix);
    for (JsonNode s : ex.reply().path("sources")) {
      if (s.path("prefix").asText().equals(want)) {
        return s;
      }
    }
    throw world.failure("a source " + want + " in lip/sources");
  }

  // ----------------------------------------------------------------------------- fetching

  @When("peer {string} asks the implementation to fetch {string}")
  public void fetch(String name, String sources) throws Exception {
    sendFetch(name, sources, null);
  }

  @When("peer {string} asks the implementation to fetch {string} and sends a PING right after")
  public void fetchThenPing(String name, String sources) throws Exception {
    sendFetch(name, sources, null);
    pings.put(name, peer(name).ping());
  }

  @When("peer {string} asks the implementation to fetch {string} signed by {string}")
  public void fetchImpersonated(String name, String sources, String signer) throws Exception {
    sendFetch(name, sources, signer);
  }

  private final Map<String, byte[]> pings = new HashMap<>();

  private void sendFetch(String name, String sources, @Nullable String signer) throws Exception {
    List<String> uris = new ArrayList<>();
    for (String s : LIST.splitAsStream(sources).toList()) {
      uris.add(uri(s.strip()));
    }
    ObjectNode p = NODES.objectNode();
    p.put("query", "conformance: " + sources);
    ArrayNode list = p.putArray("sources");
    uris.forEach(list::add);
    LipPeer peer = peer(name);
    ObjectNode e =
        signer == null
            ? peer.envelope("LIP_FETCH", p, null)
            : peer.envelope(
                "LIP_FETCH",
                p,
                null,
                Instant.ofEpochMilli(System.currentTimeMillis()),
                TesterPeer.identityOf(signer, world.seed()));
    lastSent.put(name, e);
    long at = System.nanoTime();
    peer.send(e);
    fetches.put(name, new Fetch(e.path("msg_id").asText(), uris, at));
  }

  private Fetch fetchOf(String name) {
    Fetch f = fetches.get(name);
    if (f == null) {
      throw new IllegalStateException("peer \"" + name + "\" asked for no fetch");
    }
    return f;
  }

  private long remainingNanos(Fetch f) {
    return Math.max(0, f.sentNanos() + BOUND.toNanos() - System.nanoTime());
  }

  @Then("peer {string} receives LIP_EVIDENCE for {string} with tier {string}")
  public void evidence(String name, String path, String tier) throws Exception {
    Fetch f = fetchOf(name);
    String want = uri(path);
    Optional<LipPeer.Received> r =
        peer(name)
            .await(
                x ->
                    isType(x, "LIP_EVIDENCE")
                        && env(x).path("source").path("uri").asText().equals(want)
                        && env(x).path("payload").path("fetch_ref").asText().equals(f.msgId()),
                Duration.ofNanos(remainingNanos(f)));
    if (r.isEmpty()) {
      throw world.failure(
          "a LIP_EVIDENCE for "
              + want
              + " answering "
              + f.msgId()
              + " within "
              + BOUND.toSeconds()
              + " s; received "
              + received(name));
    }
    JsonNode env = env(r.get());
    checkEvidence(env, path, tier, f);
    evidenceIds.put(path, env.path("msg_id").asText());
  }

  private void checkEvidence(JsonNode env, String path, String tier, Fetch f) {
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
    ObjectNode doc = served.get(path);
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
    Fetch f = fetchOf(name);
    barrier(name);
    List<String> want = new ArrayList<>();
    for (String p : LIST.splitAsStream(paths).toList()) {
      want.add(uri(p.strip()));
    }
    List<String> got = new ArrayList<>();
    for (LipPeer.Received r : peer(name).all()) {
      if (isType(r, "LIP_EVIDENCE")
          && env(r).path("payload").path("fetch_ref").asText().equals(f.msgId())) {
        got.add(env(r).path("source").path("uri").asText());
        evidenceIds.put(
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
    Fetch f = fetchOf(name);
    barrier(name);
    List<String> got = new ArrayList<>();
    boolean error = false;
    for (LipPeer.Received r : peer(name).all()) {
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
    barrier(name);
    for (LipPeer.Received r : peer(name).all()) {
      if (isType(r, "LIP_EVIDENCE")) {
        throw world.failure("no LIP_EVIDENCE; got " + r.describe());
      }
    }
  }

  @Then("the implementation answers peer {string}'s fetch with {string}")
  public void fetchError(String name, String code) throws Exception {
    Fetch f = fetchOf(name);
    Optional<LipPeer.Received> e =
        peer(name)
            .await(
                x -> x.error() != null && f.msgId().equals(x.error().msgId()),
                Duration.ofNanos(remainingNanos(f)));
    if (e.isEmpty()) {
      throw world.failure(
          "an ERROR "
              + code
              + " naming the LIP_FETCH "
              + f.msgId()
              + "; received "
              + received(name));
    }
    var err = e.get().error();
    if (err == null || !err.code().equals(code) || e.get().channel() != LipPeer.KNOWLEDGE) {
      throw world.failure(
          "ERROR " + code + " on knowledge naming " + f.msgId() + "; got " + e.get().describe());
    }
    // non-closing, and the only one: the connection still answers a PING, with no second ERROR
    barrier(name);
    for (LipPeer.Received r : peer(name).pending()) {
      if (r.error() != null && f.msgId().equals(r.error().msgId())) {
        throw world.failure("exactly one ERROR naming the LIP_FETCH; got also " + r.describe());
      }
    }
  }

  @Then("the implementation answers peer {string}'s fetch with no ERROR")
  public void noFetchError(String name) throws Exception {
    Fetch f = fetchOf(name);
    barrier(name);
    for (LipPeer.Received r : peer(name).all()) {
      if (r.error() != null && f.msgId().equals(r.error().msgId())) {
        throw world.failure("no ERROR naming the LIP_FETCH; got " + r.describe());
      }
    }
  }

  @Then("every reply to peer {string}'s fetch came within 5 seconds")
  public void repliesInTime(String name) throws Exception {
    Fetch f = fetchOf(name);
    barrier(name);
    for (LipPeer.Received r : peer(name).all()) {
      boolean reply =
          (isType(r, "LIP_EVIDENCE")
                  && env(r).path("payload").path("fetch_ref").asText().equals(f.msgId()))
              || (r.error() != null && f.msgId().equals(r.error().msgId()));
      long ms = (r.nanos() - f.sentNanos()) / 1_000_000;
      if (reply && ms > REPLIES.plus(MEASUREMENT_SLACK).toMillis()) {
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
    Fetch f = fetchOf(name);
    byte[] opaque = pings.get(name);
    if (opaque == null) {
      throw new IllegalStateException("peer \"" + name + "\" sent no PING after its fetch");
    }
    Optional<LipPeer.Received> pong =
        peer(name).awaitPong(opaque, Duration.ofNanos(remainingNanos(f)));
    if (pong.isEmpty()) {
      throw world.failure(
          "the PONG within " + BOUND.toSeconds() + " s; received " + received(name));
    }
    long ms = (pong.get().nanos() - f.sentNanos()) / 1_000_000;
    if (ms > REPLIES.plus(MEASUREMENT_SLACK).toMillis()) {
      throw world.failure("the PONG within 5 s (RTT-HB-002); it came after " + ms + " ms");
    }
    boolean anyReply = false;
    for (LipPeer.Received r : peer(name).all()) {
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
              + received(name));
    }
  }

  // ------------------------------------------------------------------ notifications, votes

  private String evidenceId(String path) {
    String id = evidenceIds.get(path);
    if (id == null) {
      throw new IllegalStateException("no evidence of \"" + path + "\" was received or sent");
    }
    return id;
  }

  @Then("peer {string} receives a LIP_ACCEPT for the evidence of {string} with reason {string}")
  public void accepted(String name, String path, String reason) throws Exception {
    decision(name, "LIP_ACCEPT", "accept", path, reason, List.of());
  }

  @Then(
      "peer {string} receives a LIP_ACCEPT for the evidence of {string} with reason {string} from {string}")
  public void acceptedBy(String name, String path, String reason, String voters) throws Exception {
    decision(name, "LIP_ACCEPT", "accept", path, reason, names(voters));
  }

  @Then("peer {string} receives a LIP_REJECT for the evidence of {string} with reason {string}")
  public void rejected(String name, String path, String reason) throws Exception {
    decision(name, "LIP_REJECT", "reject", path, reason, List.of());
  }

  @Then(
      "peer {string} receives a LIP_REJECT for the evidence of {string} with reason {string} from {string}")
  public void rejectedBy(String name, String path, String reason, String voters) throws Exception {
    decision(name, "LIP_REJECT", "reject", path, reason, names(voters));
  }

  private static List<String> names(String list) {
    return java.util.regex.Pattern.compile(",\\s*|\\s+and\\s+").splitAsStream(list).toList();
  }

  @Then(
      "peer {string} has already received a {word} for the evidence of {string} with reason {string}")
  public void alreadyDecided(String name, String type, String path, String reason)
      throws Exception {
    barrier(name);
    decision(
        name,
        type,
        type.equals("LIP_ACCEPT") ? "accept" : "reject",
        path,
        reason,
        List.of(),
        Duration.ZERO);
  }

  @Then(
      "peer {string} has already received a {word} for the evidence of {string} with reason {string} from {string}")
  public void alreadyDecidedBy(String name, String type, String path, String reason, String voters)
      throws Exception {
    barrier(name);
    decision(
        name,
        type,
        type.equals("LIP_ACCEPT") ? "accept" : "reject",
        path,
        reason,
        names(voters),
        Duration.ZERO);
  }

  private void decision(
      String name, String type, String decision, String path, String reason, List<String> voters)
      throws Exception {
    decision(name, type, decision, path, reason, voters, BOUND);
  }

  private void decision(
      String name,
      String type,
      String decision,
      String path,
      String reason,
      List<String> voters,
      Duration wait)
      throws Exception {
    String id = evidenceId(path);
    Optional<LipPeer.Received> r =
        peer(name)
            .await(
                x ->
                    isType(x, type)
                        && env(x).path("payload").path("evidence_ref").asText().equals(id),
                wait);
    if (r.isEmpty()) {
      throw world.failure(
          "a " + type + " for the evidence " + id + " of " + path + "; received " + received(name));
    }
    JsonNode p = env(r.get()).path("payload");
    TreeSet<String> fps = new TreeSet<>();
    voters.forEach(v -> fps.add(fingerprintOf(v)));
    ArrayNode want = NODES.arrayNode();
    fps.forEach(want::add);
    if (!p.path("decision").asText().equals(decision)
        || !p.path("reason").asText().equals(reason)
        || !p.path("corroborators").equals(want)
        || r.get().channel() != LipPeer.KNOWLEDGE) {
      throw world.failure(
          type
              + " on knowledge with decision "
              + decision
              + ", reason "
              + reason
              + ", corroborators "
              + want
              + "; got "
              + p);
    }
  }

  @Then(
      "peer {string} receives a LIP_CONFLICT for the evidence of {string} naming {string} from {string} with severity {string}")
  public void conflict(String name, String path, String claim, String reporter, String severity)
      throws Exception {
    String want = uri(path);
    Optional<LipPeer.Received> r =
        peer(name)
            .await(
                x ->
                    isType(x, "LIP_CONFLICT")
                        && env(x).path("source").path("uri").asText().equals(want),
                BOUND);
    if (r.isEmpty()) {
      throw world.failure("a LIP_CONFLICT for " + want + "; received " + received(name));
    }
    JsonNode p = env(r.get()).path("payload");
    ArrayNode claims = NODES.arrayNode().add(claim);
    ArrayNode refs = NODES.arrayNode().add(fingerprintOf(reporter));
    if (!p.path("conflicts").equals(claims)
        || !p.path("local_refs").equals(refs)
        || !p.path("severity").asText().equals(severity)) {
      throw world.failure(
          "LIP_CONFLICT conflicts "
              + claims
              + ", local_refs "
              + refs
              + ", severity "
              + severity
              + "; got "
              + p);
    }
  }

  @Then("peer {string} receives no LIP decision")
  public void noDecision(String name) throws Exception {
    barrier(name);
    for (LipPeer.Received r : peer(name).pending()) {
      if (isType(r, "LIP_ACCEPT") || isType(r, "LIP_REJECT") || isType(r, "LIP_CONFLICT")) {
        throw world.failure("no LIP_ACCEPT, LIP_REJECT or LIP_CONFLICT; got " + r.describe());
      }
    }
  }

  @When("peer {string} accepts the evidence of {string}")
  public void accept(String name, String path) throws Exception {
    vote(name, "LIP_ACCEPT", "accept", evidenceId(path));
  }

  @When("peer {string} rejects the evidence of {string}")
  public void reject(String name, String path) throws Exception {
    vote(name, "LIP_REJECT", "reject", evidenceId(path));
  }

  @When("peer {string} accepts an evidence the implementation never held")
  public void acceptUnknown(String name) throws Exception {
    vote(name, "LIP_ACCEPT", "accept", world.freshUuid().toString());
  }

  private void vote(String name, String type, String decision, String ref) throws Exception {
    ObjectNode p = NODES.objectNode();
    p.put("evidence_ref", ref);
    p.put("decision", decision);
    p.put("reason", "checked by the conformance tester");
    p.putArray("corroborators");
    ObjectNode e = peer(name).envelope(type, p, null);
    lastSent.put(name, e);
    peer(name).sendAndWaitForDelivery(e);
  }

  @When("peer {string} reports a conflict with the claim {string} of {string}")
  public void report(String name, String claim, String path) throws Exception {
    reportWith(name, claim, path, "high");
  }

  @When(
      "peer {string} reports a conflict with the claim {string} of {string} with severity {string}")
  public void reportWith(String name, String claim, String path, String severity) throws Exception {
    ObjectNode p = NODES.objectNode();
    p.putArray("conflicts").add(claim);
    p.putArray("local_refs");
    p.put("severity", severity);
    ObjectNode e = peer(name).envelope("LIP_CONFLICT", p, sourceBlock(path, "unknown", 0));
    lastSent.put(name, e);
    peer(name).sendAndWaitForDelivery(e);
  }

  private ObjectNode sourceBlock(String path, String tier, long aheadSeconds) throws IOException {
    ObjectNode s = NODES.objectNode();
    s.put("uri", uri(path));
    s.put("trust_tier", tier);
    s.put(
        "retrieved_at",
        Timestamps.format(
            Instant.ofEpochMilli(System.currentTimeMillis()).plusSeconds(aheadSeconds)));
    return s;
  }

  @When("peer {string} sends LIP_EVIDENCE from {string} with the claim {string}")
  public void peerEvidence(String name, String path, String claim) throws Exception {
    sendEvidence(name, path, claim, true, "unknown", 0);
  }

  @When("peer {string} sends LIP_EVIDENCE from {string} with no evidence entries")
  public void peerEvidenceWithout(String name, String path) throws Exception {
    sendEvidence(name, path, "claim of " + path, false, "unknown", 0);
  }

  @When("peer {string} sends LIP_EVIDENCE from {string} declaring tier {string}")
  public void peerEvidenceDeclaring(String name, String path, String tier) throws Exception {
    sendEvidence(name, path, "claim of " + path, true, tier, 0);
  }

  @When("peer {string} sends LIP_EVIDENCE from {string} retrieved {int} seconds ahead")
  public void peerEvidenceAhead(String name, String path, int seconds) throws Exception {
    sendEvidence(name, path, "claim of " + path, true, "unknown", seconds);
  }

  private void sendEvidence(
      String name, String path, String claim, boolean withEvidence, String tier, long ahead)
      throws Exception {
    ObjectNode p = NODES.objectNode();
    p.putArray("claims").add(claim);
    ArrayNode ev = p.putArray("evidence");
    if (withEvidence) {
      ev.add("a citation for " + claim);
    }
    p.put("confidence", 0.8);
    ObjectNode e = peer(name).envelope("LIP_EVIDENCE", p, sourceBlock(path, tier, ahead));
    lastSent.put(name, e);
    evidenceIds.put(path, e.path("msg_id").asText());
    peer(name).sendAndWaitForDelivery(e);
  }

  @When("peer {string} sends {int} LIP_EVIDENCE from {string}")
  public void manyEvidence(String name, int n, String path) throws Exception {
    LipPeer peer = peer(name);
    for (int i = 0; i < n; i++) {
      ObjectNode p = NODES.objectNode();
      p.putArray("claims").add("claim " + i + " of " + path);
      p.putArray("evidence").add("citation " + i);
      p.put("confidence", 0.8);
      ObjectNode e = peer.envelope("LIP_EVIDENCE", p, sourceBlock(path, "unknown", 0));
      peer.send(e);
      if (i % 50 == 49) {
        peer.barrier(BOUND); // keeps within the RTT window and lets the implementation catch up
      }
    }
    if (!peer.barrier(BOUND)) {
      throw world.failure("the PONG after " + n + " LIP_EVIDENCE");
    }
  }

  @Then("the implementation refuses peer {string}'s LIP message with {string}")
  public void refused(String name, String code) throws Exception {
    String msgId = lastSent.getOrDefault(name, NODES.objectNode()).path("msg_id").asText();
    Optional<LipPeer.Received> e =
        peer(name).await(x -> x.error() != null && msgId.equals(x.error().msgId()), BOUND);
    if (e.isEmpty()) {
      throw world.failure("an ERROR " + code + " naming " + msgId + "; received " + received(name));
    }
    var err = e.get().error();
    if (err == null || !err.code().equals(code) || e.get().channel() != LipPeer.KNOWLEDGE) {
      throw world.failure(
          "ERROR " + code + " on knowledge naming " + msgId + "; got " + e.get().describe());
    }
    if (!peer(name).barrier(BOUND)) {
      throw world.failure("a non-closing ERROR: the connection to answer a PING afterwards");
    }
  }

  @Then("the implementation does not refuse peer {string}'s LIP message")
  public void notRefused(String name) throws Exception {
    String msgId = lastSent.getOrDefault(name, NODES.objectNode()).path("msg_id").asText();
    barrier(name);
    for (LipPeer.Received r : peer(name).all()) {
      if (r.error() != null && msgId.equals(r.error().msgId())) {
        throw world.failure("no ERROR naming " + msgId + "; got " + r.describe());
      }
    }
  }

  // ----------------------------------------------------------------------------- the queue

  @Then("the implementation reports the evidence of {string} as {string}")
  public void itemStatus(String path, String status) throws Exception {
    awaitItem(path, status + " (reason null)", i -> i.path("status").asText().equals(status));
  }

  @Then("the implementation reports the evidence of {string} as {string} with reason {string}")
  public void itemStatusReason(String path, String status, String reason) throws Exception {
    awaitItem(
        path,
        status + " with reason " + reason,
        i -> i.path("status").asText().equals(status) && i.path("reason").asText().equals(reason));
  }

  @Then("the implementation holds the evidence of {string} in memory")
  public void inMemory(String path) throws Exception {
    awaitItem(path, "in memory", i -> i.path("in_memory").asBoolean(false));
  }

  @Then("the implementation does not hold the evidence of {string} in memory")
  public void notInMemory(String path) throws Exception {
    JsonNode item = item(path);
    if (item.path("in_memory").asBoolean(true)) {
      throw world.failure("the evidence of " + path + " not in memory; got " + item);
    }
  }

  @Then("the implementation lists the evidence of {string} with the corroborators {string}")
  public void itemCorroborators(String path, String voters) throws Exception {
    TreeSet<String> fps = new TreeSet<>();
    if (!voters.equals("none")) {
      names(voters).forEach(v -> fps.add(fingerprintOf(v)));
    }
    ArrayNode want = NODES.arrayNode();
    fps.forEach(want::add);
    awaitItem(path, "corroborators " + want, i -> i.path("corroborators").equals(want));
  }

  @Then(
      "the implementation lists the evidence of {string} with a conflict from {string} that is {word}")
  public void itemConflict(String path, String reporter, String openOrResolved) throws Exception {
    String fp = fingerprintOf(reporter);
    boolean open = openOrResolved.equals("open");
    awaitItem(
        path,
        "a conflict with " + reporter + " that is " + openOrResolved,
        i -> {
          for (JsonNode c : i.path("conflicts")) {
            if (c.path("with").asText().equals(fp) && c.path("open").asBoolean() == open) {
              return true;
            }
          }
          return false;
        });
  }

  @Then("the implementation's queue holds {int} item(s)")
  public void queueSize(int n) throws Exception {
    Exchange ex = queue();
    if (ex.reply().path("items").size() != n) {
      throw world.failure(n + " items in lip/queue; got " + ex.reply().path("items").size());
    }
  }

  private JsonNode item(String path) throws Exception {
    String id = evidenceId(path);
    Exchange ex = queue();
    for (JsonNode i : ex.reply().path("items")) {
      if (i.path("id").asText().equals(id)) {
        return i;
      }
    }
    throw world.failure("the item " + id + " (the evidence of " + path + ") in lip/queue");
  }

  private void awaitItem(String path, String what, Predicate<JsonNode> p) throws Exception {
    long deadline = System.nanoTime() + REPLIES.toNanos();
    JsonNode got = NODES.nullNode();
    while (true) {
      try {
        got = item(path);
        if (p.test(got)) {
          return;
        }
      } catch (AssertionError notYet) {
        // not listed yet
      }
      if (System.nanoTime() > deadline) {
        throw world.failure("lip/queue: the evidence of " + path + " " + what + "; got " + got);
      }
      Thread.sleep(20);
    }
  }

  private Exchange queue() throws Exception {
    Exchange ex = world.harness().lipQueue();
    world.record(ex);
    conforms(ex, "harness/lip_queue.response.schema.json");
    return ex;
  }

  private void conforms(Exchange ex, String schema) {
    List<String> problems =
        SchemaCatalog.describe(SchemaCatalog.get().schema(schema).validate(ex.reply()));
    if (!problems.isEmpty()) {
      throw world.failure("a reply conforming to " + schema + "; " + problems);
    }
  }

  @When("the implementation's clock advances {int} seconds for LIP")
  public void advance(int seconds) throws HarnessException {
    world.record(world.harness().advanceClock(seconds));
    resetAtEnd();
  }

  @When("every peer closes its connection")
  public void closeAll() throws Exception {
    for (CipPeer p : world.cipPeers().values()) {
      p.close();
    }
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (System.nanoTime() < deadline) {
      Exchange ex = world.harness().rttConnections();
      world.record(ex);
      if (ex.reply().path("connections").isEmpty()) {
        return;
      }
      Thread.sleep(20);
    }
    throw world.failure("no RTT connection after every peer closed its own");
  }

  // -------------------------------------------------------------------------------- events

  @Then("the implementation reported {string} with reason {string} for {string}")
  public void failedEvent(String kind, String reason, String path) throws Exception {
    Fetch f = lastFetch();
    String want = uri(path);
    List<JsonNode> sourceEvents =
        awaitEvents(
            e ->
                (e.path("kind").asText().equals("lip.source.failed")
                        || e.path("kind").asText().equals("lip.source.fetched"))
                    && e.path("msg_id").asText().equals(f.msgId())
                    && (e.path("attributes").path("uri").asText().equals(want)
                        || e.path("attributes").path("listed").asText().equals(want)),
            1);
    JsonNode e = sourceEvents.get(0);
    if (sourceEvents.size() != 1
        || !e.path("kind").asText().equals(kind)
        || !e.path("attributes").path("reason").asText().equals(reason)) {
      throw world.failure(
          "exactly one "
              + kind
              + " with reason "
              + reason
              + " for "
              + want
              + "; got "
              + sourceEvents);
    }
  }

  @Then("the implementation reported {string} for {string} with tier {string} and {int} bytes")
  public void fetchedEvent(String kind, String path, String tier, int bytes) throws Exception {
    Fetch f = lastFetch();
    String want = uri(path);
    List<JsonNode> sourceEvents =
        awaitEvents(
            e ->
                e.path("kind").asText().startsWith("lip.source.")
                    && !e.path("kind").asText().equals("lip.source.tier_changed")
                    && e.path("msg_id").asText().equals(f.msgId())
                    && (e.path("attributes").path("uri").asText().equals(want)
                        || e.path("attributes").path("listed").asText().equals(want)),
            1);
    JsonNode e = sourceEvents.get(0);
    JsonNode a = e.path("attributes");
    if (sourceEvents.size() != 1
        || !e.path("kind").asText().equals(kind)
        || !a.path("tier").asText().equals(tier)
        || a.path("bytes").asInt(-1) != bytes) {
      throw world.failure(
          "exactly one "
              + kind
              + " for "
              + want
              + " at "
              + tier
              + ", "
              + bytes
              + " bytes; got "
              + sourceEvents);
    }
  }

  @Then("the implementation reported the statuses {string} for the evidence of {string}")
  public void statusEvents(String statuses, String path) throws Exception {
    String id = evidenceId(path);
    List<String> want = LIST.splitAsStream(statuses).toList();
    List<JsonNode> got =
        awaitEvents(
            e ->
                e.path("kind").asText().equals("lip.item.status")
                    && e.path("msg_id").asText().equals(id),
            want.size());
    List<String> seen = new ArrayList<>();
    for (JsonNode e : got) {
      if (!e.path("attributes").path("item").asText().equals(id)) {
        throw world.failure("lip.item.status with item " + id + "; got " + e);
      }
      String reason = e.path("attributes").path("reason").asText();
      seen.add(
          e.path("attributes").path("status").asText() + (reason.equals("-") ? "" : " " + reason));
    }
    if (!seen.equals(want)) {
      throw world.failure("lip.item.status " + want + " for " + id + "; got " + seen);
    }
  }

  @Then(
      "the implementation reported one tier change of {string} from {string} to {string} caused by {string}")
  public void tierEvent(String prefix, String from, String to, String cause) throws Exception {
    String want = uri(prefix);
    List<JsonNode> got =
        awaitEvents(e -> e.path("kind").asText().equals("lip.source.tier_changed"), 1);
    List<JsonNode> matching = new ArrayList<>();
    for (JsonNode e : got) {
      JsonNode a = e.path("attributes");
      if (a.path("source").asText().equals(want)) {
        matching.add(e);
      }
    }
    if (matching.size() != 1
        || !matching.get(0).path("attributes").path("from").asText().equals(from)
        || !matching.get(0).path("attributes").path("to").asText().equals(to)
        || !matching.get(0).path("attributes").path("cause").asText().equals(cause)) {
      throw world.failure(
          "exactly one lip.source.tier_changed "
              + want
              + " "
              + from
              + " → "
              + to
              + " ("
              + cause
              + "); got "
              + got);
    }
  }

  @Then("the implementation reported no tier change")
  public void noTierEvent() throws Exception {
    for (JsonNode e : events()) {
      if (e.path("kind").asText().equals("lip.source.tier_changed")) {
        throw world.failure("no lip.source.tier_changed; got " + e);
      }
    }
  }

  private Fetch lastFetch() {
    Fetch last = null;
    for (Fetch f : fetches.values()) {
      if (last == null || f.sentNanos() > last.sentNanos()) {
        last = f;
      }
    }
    if (last == null) {
      throw new IllegalStateException("no peer asked for a fetch");
    }
    return last;
  }

  /** The matching events once at least {@code atLeast} exist (at most {@link #REPLIES}). */
  private List<JsonNode> awaitEvents(Predicate<JsonNode> match, int atLeast) throws Exception {
    long deadline = System.nanoTime() + REPLIES.toNanos();
    while (true) {
      List<JsonNode> got = events().stream().filter(match).toList();
      if (got.size() >= atLeast) {
        Thread.sleep(50); // a duplicate would come with the same step of the implementation
        return events().stream().filter(match).toList();
      }
      if (System.nanoTime() > deadline) {
        throw world.failure(
            atLeast + " matching event(s) within " + REPLIES.toSeconds() + " s; got " + got);
      }
      Thread.sleep(20);
    }
  }

  /** Every event since the scenario's reset. */
  private List<JsonNode> events() throws HarnessException {
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

  // ---------------------------------------------------------------------------------- info

  @Then("the implementation's info lists the capability {string}")
  public void capability(String capability) throws Exception {
    var info = world.harness().info();
    if (!info.capabilities().contains(capability)) {
      throw world.failure("capability " + capability + " in info; got " + info.capabilities());
    }
  }

  @Then("the implementation answers GET lip\\/queue and GET lip\\/sources")
  public void lipOperationsAnswer() throws Exception {
    queue();
    Exchange ex = world.harness().lipSourcesList();
    world.record(ex);
    conforms(ex, "harness/lip_sources_get.response.schema.json");
  }

  // ------------------------------------------------------------------------------- helpers

  private static JsonNode env(LipPeer.Received r) {
    JsonNode e = r.envelope();
    return e == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : e;
  }

  private static boolean isType(LipPeer.Received r, String type) {
    return env(r).path("type").asText().equals(type);
  }

  private void barrier(String name) throws Exception {
    if (!peer(name).barrier(BOUND)) {
      throw world.failure(
          "the PONG of a PING barrier within "
              + BOUND.toSeconds()
              + " s; received "
              + received(name));
    }
  }

  private String received(String name) throws JsonViolation {
    List<String> out = new ArrayList<>();
    for (LipPeer.Received r : peer(name).all()) {
      out.add(r.describe());
    }
    return out.toString();
  }

  private void resetAtEnd() {
    if (!resetScheduled) {
      resetScheduled = true;
      world.closeAtEnd(() -> world.harness().reset());
    }
  }
}
