package org.web4.conformance.scenarios;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.cucumber.java.Before;
import io.cucumber.java.Scenario;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.web4.conformance.harness.HarnessException;
import org.web4.conformance.lip.StandInWeb;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/**
 * Steps for the stand-in internet of spec/lip.md §4 (WireMock, {@link StandInWeb}): the evidence
 * documents and faults it serves, and its journal of what the implementation actually fetched.
 * Every LIP scenario starts with an empty stand-in web and, in the full profile, a freshly reset
 * implementation. The journal is read after every peer's PING barrier: LIP-RPL-003 orders every
 * reply to a fetch, and so every request made for it, before the PONG.
 */
public final class StandInWebSteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final World world;
  private final Peers peers;
  private final LipState lip;
  private final Events events;

  public StandInWebSteps(World world, Peers peers, LipState lip, Events events) {
    this.world = world;
    this.peers = peers;
    this.lip = lip;
    this.events = events;
  }

  /** Every LIP scenario starts with an empty stand-in web; in the full profile, a fresh IUT. */
  @Before(value = "@lip", order = 20_000)
  public void freshWeb(Scenario scenario) throws HarnessException {
    StandInWeb.reset();
    if (!scenario.getSourceTagNames().contains("@core")) {
      world.record(world.harness().reset());
      events.wasReset();
    }
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
    lip.served.put(path, document);
    StandInWeb.serve(
        path,
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", LipState.MEDIA_TYPE)
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
    lip.served.put(path, document(List.of("claim of " + path), true));
    StandInWeb.serve(path, r);
  }

  @Given("the web serves evidence at {string} with the header {string} set to {string}")
  public void servesWithHeader(String path, String header, String value) {
    StandInWeb.serve(
        path,
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", LipState.MEDIA_TYPE)
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
    lip.served.put(path, d);
    StandInWeb.serve(
        path,
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", LipState.MEDIA_TYPE)
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
            .withHeader("Content-Type", LipState.MEDIA_TYPE)
            .withBody(malformed(name)));
  }

  @Given("the web answers {string} with status {int}")
  public void status(String path, int status) {
    StandInWeb.serve(
        path,
        aResponse()
            .withStatus(status)
            .withHeader("Content-Type", LipState.MEDIA_TYPE)
            .withBody(status == 204 ? "" : document(List.of("claim of " + path), true).toString()));
  }

  @Given("the web serves evidence at {string} after {int} ms")
  public void delayed(String path, int ms) {
    ObjectNode d = document(List.of("claim of " + path), true);
    lip.served.put(path, d);
    StandInWeb.serve(
        path,
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", LipState.MEDIA_TYPE)
            .withBody(d.toString())
            .withFixedDelay(ms));
  }

  @Given("the web dribbles evidence at {string} over {int} ms in {int} chunks")
  public void dribbled(String path, int ms, int chunks) {
    ObjectNode d = document(List.of("claim of " + path), true);
    lip.served.put(path, d);
    StandInWeb.serve(
        path,
        aResponse()
            .withStatus(200)
            .withHeader("Content-Type", LipState.MEDIA_TYPE)
            .withBody(d.toString())
            .withChunkedDribbleDelay(chunks, ms));
  }

  @Given("the web redirects {string} to {string} with status {int}")
  public void redirect(String path, String location, int status) throws IOException {
    String target = location.startsWith("{web}") ? lip.uri(location) : location;
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
  public void received(int n, String path) throws Exception {
    peers.barrierAll();
    List<LoggedRequest> requests = StandInWeb.requestsFor(pathOnly(path));
    if (requests.size() != n) {
      throw world.failure(n + " request(s) for " + path + "; the journal has " + journal());
    }
    for (LoggedRequest r : requests) {
      boolean ok =
          r.getMethod().getName().equals("GET")
              && LipState.MEDIA_TYPE.equals(r.getHeader("Accept"))
              && !r.containsHeader("Cookie")
              && !r.containsHeader("Authorization")
              && r.getBody().length == 0;
      if (!ok) {
        throw world.failure(
            "GET "
                + path
                + " with Accept: "
                + LipState.MEDIA_TYPE
                + ", no Cookie, no Authorization, no body; got "
                + describe(r));
      }
    }
  }

  @Then("the web received no request for {string}")
  public void noRequest(String path) throws Exception {
    peers.barrierAll();
    List<LoggedRequest> requests = StandInWeb.requestsFor(pathOnly(path));
    if (!requests.isEmpty()) {
      throw world.failure("no request for " + path + "; the journal has " + journal());
    }
  }

  @Then("the web received no request at all")
  public void noRequestAtAll() throws Exception {
    peers.barrierAll();
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
}
