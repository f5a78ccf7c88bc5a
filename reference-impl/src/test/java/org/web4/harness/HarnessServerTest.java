package org.web4.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.SchemaCatalog;

/** The harness over real loopback HTTP (spec/harness.md). */
public class HarnessServerTest {
  static final String TOKEN = "test-token-0123456789abcdef";
  static final HexFormat HEX = HexFormat.of();
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** RFC 8032 §7.1 TEST 1. */
  public static final String SEED =
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";

  static final String PK = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
  static final String SIG_EMPTY =
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";

  /** The unsigned worked example of spec/envelope.md §15, and its signature. */
  public static final String HELLO_UNSIGNED =
      "{\"cip\":\"1.0\",\"msg_id\":\"4f1c2a9e-7b3d-4c5e-9a1f-2b3c4d5e6f70\",\"type\":\"HELLO\","
          + "\"timestamp\":\"2026-01-15T09:30:00Z\",\"sender\":{\"agent_id\":\"alice\","
          + "\"fingerprint\":\"21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9\","
          + "\"pubkey\":\"11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\","
          + "\"capabilities\":[\"state_exchange\",\"knowledge_exchange\"]},"
          + "\"receiver\":{\"agent_id\":\"bob\","
          + "\"fingerprint\":\"39f713d0a644253f04529421b9f51b9b08979d08295959c4f3990ee617f5139f\"},"
          + "\"trust\":{\"sender_view\":\"untrusted\",\"receiver_view\":\"unknown\"},"
          + "\"state\":{\"presence\":\"focused\",\"lri\":20},"
          + "\"payload\":{\"protocols\":[\"cip/1.0\"],"
          + "\"capabilities\":[\"state_exchange\",\"knowledge_exchange\",\"dmp_trace\"],"
          + "\"session_nonce\":\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\","
          + "\"challenge\":\"ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=\","
          + "\"features\":{\"supports_mesh\":false,\"supports_multiplex\":true}}}";

  static final String HELLO_SIGNATURE =
      "/1zLge4fRYdf+Zdy9ukYBD+2Kj2fwVvE6KDJvZWu+oSlVqKZWy9x1v0vfbprGWumtmV/HoDCTLA3wVIKrOdTAw==";

  static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static HarnessServer server = new HarnessServer();
  static URI base = URI.create("http://127.0.0.1");

  @BeforeAll
  static void start() throws IOException {
    AgentKeyPair key = AgentKeyPair.generate(new SecureRandom());
    ReferenceBackend backend =
        new ReferenceBackend(
            new HarnessBackend.Implementation("web4-reference", "test"),
            "iut",
            key,
            Clock.fixed(Instant.parse("2026-01-15T09:30:00Z"), ZoneOffset.UTC));
    server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), TOKEN, backend);
    base = server.baseUri();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  // ---------------------------------------------------------------- operations

  @Test
  void info() throws Exception {
    HttpResponse<String> response = send(get("info"));
    JsonNode body = ok(response, "info");
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(body.get("harness_version").asText()).isEqualTo("1.4");
    assertThat(body.get("protocols").toString())
        .isEqualTo("{\"cip\":[\"1.0\"],\"hcp\":[\"1.0\"],\"lip\":[\"1.0\"]}");
    assertThat(body.get("profiles").toString()).isEqualTo("[\"library\"]");
    assertThat(body.get("capabilities").toString())
        .isEqualTo(
            "[\"canonicalize\",\"sign/raw\",\"sign/envelope\",\"verify/raw\",\"verify/envelope\"]");
    assertThat(body.at("/identity/agent_id").asText()).isEqualTo("iut");
    assertThat(body.at("/implementation/name").asText()).isEqualTo("web4-reference");
  }

  @Test
  void reset() throws Exception {
    JsonNode body = ok(send(post("reset", "{}")), "reset");
    assertThat(body.toString()).isEqualTo("{\"reset\":true}");
  }

  @Test
  void canonicalizeValidAndInvalid() throws Exception {
    JsonNode valid =
        ok(
            send(post("canonicalize", hexInput("input", "{\"b\":1, \"a\":[1.0,2e1,\"\\u0041\"]}"))),
            "canonicalize");
    assertThat(valid.get("result").asText()).isEqualTo("valid");
    assertThat(utf8(valid.get("output").asText())).isEqualTo("{\"a\":[1,20,\"A\"],\"b\":1}");

    JsonNode duplicate =
        ok(send(post("canonicalize", hexInput("input", "{\"a\":1,\"a\":2}"))), "canonicalize");
    assertThat(duplicate.get("result").asText()).isEqualTo("invalid");
    assertThat(duplicate.at("/error/code").asText()).isEqualTo("INVALID_ENVELOPE");
  }

  @Test
  void canonicalizeRefusesInputOverTheEnvelopeLimit() throws Exception {
    String big = "[" + " ".repeat(1_048_575) + "]"; // 1,048,577 bytes
    JsonNode body = ok(send(post("canonicalize", hexInput("input", big))), "canonicalize");
    assertThat(body.at("/error/code").asText()).isEqualTo("INVALID_ENVELOPE");
  }

  @Test
  void signRawIsRfc8032() throws Exception {
    JsonNode body =
        ok(send(post("sign/raw", "{\"seed\":\"" + SEED + "\",\"msg\":\"\"}")), "sign_raw");
    assertThat(body.get("pk").asText()).isEqualTo(PK);
    assertThat(body.get("sig").asText()).isEqualTo(SIG_EMPTY);
  }

  @Test
  void verifyRaw() throws Exception {
    JsonNode valid = ok(send(post("verify/raw", verifyRaw(PK, "", SIG_EMPTY))), "verify_raw");
    assertThat(valid.toString()).isEqualTo("{\"result\":\"valid\"}");

    String flipped = SIG_EMPTY.substring(0, 126) + "0c";
    JsonNode bad = ok(send(post("verify/raw", verifyRaw(PK, "", flipped))), "verify_raw");
    assertThat(bad.at("/error/code").asText()).isEqualTo("SIGNATURE_MISMATCH");

    JsonNode shortKey =
        ok(send(post("verify/raw", verifyRaw(PK.substring(2), "", SIG_EMPTY))), "verify_raw");
    assertThat(shortKey.at("/error/code").asText()).isEqualTo("SIGNATURE_MISMATCH");
    JsonNode shortSig = ok(send(post("verify/raw", verifyRaw(PK, "", "00"))), "verify_raw");
    assertThat(shortSig.at("/error/code").asText()).isEqualTo("SIGNATURE_MISMATCH");
  }

  @Test
  void signEnvelopeReproducesTheWorkedExample() throws Exception {
    JsonNode body =
        ok(send(post("sign/envelope", signEnvelope(SEED, HELLO_UNSIGNED))), "sign_envelope");
    assertThat(body.get("result").asText()).isEqualTo("valid");
    assertThat(body.at("/sign/algo").asText()).isEqualTo("ed25519");
    assertThat(body.at("/sign/signature").asText()).isEqualTo(HELLO_SIGNATURE);
    JsonNode envelope = MAPPER.readTree(utf8(body.get("envelope").asText()));
    assertThat(envelope.at("/sign/signature").asText()).isEqualTo(HELLO_SIGNATURE);
  }

  @Test
  void signEnvelopeRefusesWhatIsNotAnIJsonObject() throws Exception {
    for (String unsigned : new String[] {"[]", "{\"a\":1,\"a\":2}", "not json"}) {
      JsonNode body =
          ok(send(post("sign/envelope", signEnvelope(SEED, unsigned))), "sign_envelope");
      assertThat(body.at("/error/code").asText()).as(unsigned).isEqualTo("INVALID_ENVELOPE");
    }
  }

  @Test
  void verifyEnvelopeAtTheSuppliedNowWithFreshStateEachTime() throws Exception {
    String signed = signedHello();
    for (int i = 0; i < 2; i++) { // each request has its own replay memory
      JsonNode body =
          ok(
              send(post("verify/envelope", verifyEnvelope(signed, "2026-01-15T09:35:00Z", null))),
              "verify_envelope");
      assertThat(body.toString()).isEqualTo("{\"result\":\"valid\"}");
    }
    JsonNode late =
        ok(
            send(
                post(
                    "verify/envelope",
                    verifyEnvelope(signed, "2026-01-15T09:35:00.000000001Z", null))),
            "verify_envelope");
    assertThat(late.at("/error/code").asText()).isEqualTo("TIMESTAMP");
  }

  @Test
  void verifyEnvelopeAfterPrecedingIsReplay() throws Exception {
    String signed = signedHello();
    ArrayNode preceding = MAPPER.createArrayNode();
    preceding.addObject().put("envelope", signed).put("now", "2026-01-15T09:30:00Z");
    JsonNode body =
        ok(
            send(
                post("verify/envelope", verifyEnvelope(signed, "2026-01-15T09:31:00Z", preceding))),
            "verify_envelope");
    assertThat(body.at("/error/code").asText()).isEqualTo("REPLAY");

    // a preceding envelope that was rejected (stale) is not remembered
    ArrayNode rejected = MAPPER.createArrayNode();
    rejected.addObject().put("envelope", signed).put("now", "2026-01-16T09:30:00Z");
    JsonNode accepted =
        ok(
            send(post("verify/envelope", verifyEnvelope(signed, "2026-01-15T09:31:00Z", rejected))),
            "verify_envelope");
    assertThat(accepted.toString()).isEqualTo("{\"result\":\"valid\"}");
  }

  @Test
  void verifyEnvelopeReportsTheEnvelopeCode() throws Exception {
    JsonNode body =
        ok(
            send(post("verify/envelope", verifyEnvelope(hex("[]"), "2026-01-15T09:30:00Z", null))),
            "verify_envelope");
    assertThat(body.at("/error/code").asText()).isEqualTo("INVALID_ENVELOPE");
  }

  // ---------------------------------------------------------------- harness errors

  @Test
  void unauthorizedWithoutTheRightToken() throws Exception {
    HttpRequest.Builder missing =
        HttpRequest.newBuilder(base.resolve(base.getPath() + "/info")).GET();
    error(send(missing.build()), 401, "UNAUTHORIZED");
    for (String header :
        new String[] {"Bearer wrong", "Bearer " + TOKEN + "x", "Basic " + TOKEN, "Bearer"}) {
      HttpResponse<String> response =
          send(HttpRequest.newBuilder(uri("info")).header("Authorization", header).GET().build());
      error(response, 401, "UNAUTHORIZED");
      assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
    }
    // token first: an unknown path without the token is 401, not 404
    error(send(HttpRequest.newBuilder(uri("nope")).GET().build()), 401, "UNAUTHORIZED");
  }

  @Test
  void notFound() throws Exception {
    error(send(get("nope")), 404, "NOT_FOUND");
    error(send(get("info/")), 404, "NOT_FOUND");
    error(send(authorized(base.resolve("/harness/v2/info")).GET().build()), 404, "NOT_FOUND");
    error(send(authorized(base.resolve("/")).GET().build()), 404, "NOT_FOUND");
  }

  @Test
  void methodNotAllowed() throws Exception {
    HttpResponse<String> getCanon = send(get("canonicalize"));
    error(getCanon, 405, "METHOD_NOT_ALLOWED");
    assertThat(getCanon.headers().firstValue("Allow")).hasValue("POST");
    HttpResponse<String> postInfo = send(post("info", "{}"));
    error(postInfo, 405, "METHOD_NOT_ALLOWED");
    assertThat(postInfo.headers().firstValue("Allow")).hasValue("GET");
    error(
        send(
            authorized(uri("reset")).method("DELETE", HttpRequest.BodyPublishers.noBody()).build()),
        405,
        "METHOD_NOT_ALLOWED");
  }

  @Test
  void tooLarge() throws Exception {
    byte[] body = new byte[HarnessLimits.MAX_BODY_BYTES + 1];
    java.util.Arrays.fill(body, (byte) ' ');
    HttpRequest request =
        authorized(uri("canonicalize"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    error(send(request), 413, "TOO_LARGE");
    // exactly at the limit is not refused for its size (here: it is whitespace, so 400)
    byte[] atLimit = new byte[HarnessLimits.MAX_BODY_BYTES];
    java.util.Arrays.fill(atLimit, (byte) ' ');
    atLimit[0] = '{';
    atLimit[atLimit.length - 1] = '}';
    HttpRequest ok =
        authorized(uri("reset"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(atLimit))
            .build();
    ok(send(ok), "reset");
  }

  @Test
  void unsupportedMediaType() throws Exception {
    for (String type :
        new String[] {"text/plain", "application/json; charset=latin1", "application/jsonx"}) {
      HttpRequest request =
          authorized(uri("reset"))
              .header("Content-Type", type)
              .POST(HttpRequest.BodyPublishers.ofString("{}"))
              .build();
      error(send(request), 415, "UNSUPPORTED_MEDIA_TYPE");
    }
    HttpRequest none =
        authorized(uri("reset")).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    error(send(none), 415, "UNSUPPORTED_MEDIA_TYPE");
    HttpRequest withCharset =
        authorized(uri("reset"))
            .header("Content-Type", "Application/JSON; charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build();
    ok(send(withCharset), "reset");
  }

  @Test
  void badRequests() throws Exception {
    String[][] cases = {
      {"reset", ""},
      {"reset", "{"},
      {"reset", "{} x"},
      {"reset", "{\"a\":1}"},
      {"canonicalize", "{\"input\":\"00\",\"input\":\"01\"}"},
      {"canonicalize", "{}"},
      {"canonicalize", "{\"input\":7}"},
      {"canonicalize", "{\"input\":\"ABCD\"}"},
      {"canonicalize", "{\"input\":\"abc\"}"},
      {"canonicalize", "{\"input\":\"zz\"}"},
      {"canonicalize", "[]"},
      {"sign/raw", "{\"seed\":\"" + SEED.substring(2) + "\",\"msg\":\"\"}"},
      {"sign/raw", "{\"seed\":\"" + SEED + "\"}"},
      {"verify/raw", "{\"pk\":\"" + PK + "\",\"msg\":\"\",\"sig\":\"0\"}"},
      {"sign/envelope", "{\"seed\":\"" + SEED + "\",\"unsigned\":\"7b7d\",\"extra\":1}"},
      {"verify/envelope", "{\"envelope\":\"7b7d\",\"now\":\"2026-02-30T00:00:00Z\"}"},
      {"verify/envelope", "{\"envelope\":\"7b7d\",\"now\":\"2026-01-15 09:30:00Z\"}"},
      {"verify/envelope", "{\"envelope\":\"7b7d\"}"},
      {
        "verify/envelope",
        "{\"envelope\":\"7b7d\",\"now\":\"2026-01-15T09:30:00Z\",\"preceding\":{}}"
      },
      {
        "verify/envelope",
        "{\"envelope\":\"7b7d\",\"now\":\"2026-01-15T09:30:00Z\",\"preceding\":[{\"envelope\":\"7b7d\"}]}"
      },
    };
    for (String[] c : cases) {
      HttpResponse<String> response = send(post(c[0], c[1]));
      assertThat(response.statusCode()).as(c[0] + " " + c[1]).isEqualTo(400);
      error(response, 400, "BAD_REQUEST");
    }
    HttpRequest badUtf8 =
        authorized(uri("reset"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofByteArray(
                    new byte[] {'{', (byte) 0xc0, (byte) 0xaf, '}'}))
            .build();
    error(send(badUtf8), 400, "BAD_REQUEST");
  }

  @Test
  void refusesNonLoopbackAddressesAndBadTokens() throws Exception {
    HarnessServer other = new HarnessServer();
    ReferenceBackend backend =
        new ReferenceBackend(
            new HarnessBackend.Implementation("x", "y"),
            "x",
            AgentKeyPair.generate(new SecureRandom()),
            Clock.systemUTC());
    assertThatThrownBy(() -> other.start(new InetSocketAddress("0.0.0.0", 0), TOKEN, backend))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                other.start(
                    new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 0), TOKEN, backend))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> other.start(InetSocketAddress.createUnresolved("localhost", 0), TOKEN, backend))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                other.start(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "", backend))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                other.start(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "a b", backend))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void concurrentRequests() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      futures.add(
          CLIENT.sendAsync(
              get("info"), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }
    for (CompletableFuture<HttpResponse<String>> f : futures) {
      assertThat(f.get().statusCode()).isEqualTo(200);
    }
  }

  // ---------------------------------------------------------------- helpers

  static String signedHello() throws Exception {
    JsonNode body =
        ok(send(post("sign/envelope", signEnvelope(SEED, HELLO_UNSIGNED))), "sign_envelope");
    return body.get("envelope").asText();
  }

  static URI uri(String op) {
    return URI.create(base + "/" + op);
  }

  static HttpRequest.Builder authorized(URI uri) {
    return HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN);
  }

  static HttpRequest get(String op) {
    return authorized(uri(op)).GET().build();
  }

  static HttpRequest post(String op, String json) {
    return authorized(uri(op))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
        .build();
  }

  static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  /** Asserts 200 and that the body conforms to the operation's response schema. */
  static JsonNode ok(HttpResponse<String> response, String op) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode body = MAPPER.readTree(response.body());
    assertThat(
            SchemaCatalog.describe(
                SchemaCatalog.get()
                    .schema("harness/" + op + ".response.schema.json")
                    .validate(body)))
        .as(response.body())
        .isEmpty();
    return body;
  }

  static void error(HttpResponse<String> response, int status, String code) throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = MAPPER.readTree(response.body());
    assertThat(
            SchemaCatalog.describe(
                SchemaCatalog.get().schema("harness/error.schema.json").validate(body)))
        .as(response.body())
        .isEmpty();
    assertThat(body.at("/error/code").asText()).isEqualTo(code);
  }

  static String hex(String utf8) {
    return HEX.formatHex(utf8.getBytes(StandardCharsets.UTF_8));
  }

  static String utf8(String hex) {
    return new String(HEX.parseHex(hex), StandardCharsets.UTF_8);
  }

  static String hexInput(String member, String utf8) {
    return MAPPER.createObjectNode().put(member, hex(utf8)).toString();
  }

  static String verifyRaw(String pk, String msg, String sig) {
    return MAPPER.createObjectNode().put("pk", pk).put("msg", msg).put("sig", sig).toString();
  }

  static String signEnvelope(String seed, String unsigned) {
    return MAPPER.createObjectNode().put("seed", seed).put("unsigned", hex(unsigned)).toString();
  }

  static String verifyEnvelope(String envelopeHex, String now, @Nullable ArrayNode preceding) {
    ObjectNode body = MAPPER.createObjectNode().put("envelope", envelopeHex).put("now", now);
    if (preceding != null) {
      body.set("preceding", preceding);
    }
    return body.toString();
  }
}
