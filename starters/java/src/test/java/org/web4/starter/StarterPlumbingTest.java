package org.web4.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the kit's harness checks do not reach, over real HTTP on 127.0.0.1: a chunked body over 4
 * MiB (HAR-LIM-001), every I-JSON rule of a request body (HAR-API-003) and the calendar of {@code
 * now} (ENV-TIME-001), with an implementation whose operations accept everything, so that only the
 * starter can refuse.
 */
class StarterPlumbingTest {
  private static final String TOKEN = "plumbing-test-token";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static StarterHarness harness;

  @BeforeAll
  static void start() throws Exception {
    harness =
        StarterHarness.start(
            0,
            TOKEN,
            new Implementation() {
              @Override
              public byte[] canonicalize(byte[] input) {
                return input;
              }

              @Override
              public void verifyEnvelope(TimedEnvelope envelope, List<TimedEnvelope> preceding) {}
            });
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @Test
  void aChunkedBodyOver4MiBIs413() throws Exception {
    byte[] big = new byte[RequestBody.MAX_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    HttpRequest request =
        base("canonicalize")
            .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))
            .build();
    HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.body()).contains("\"code\":\"TOO_LARGE\"");
  }

  @Test
  void everyIJsonRuleOfTheBodyIs400() throws Exception {
    List<byte[]> bodies =
        List.of(
            utf8("{\"input\":\"5b5d\""),
            utf8("{\"input\":\"5b5d\",\"input\":\"5b5d\"}"),
            utf8("{\"input\":\"5b5d\",\"\\u0069nput\":\"5b5d\"}"),
            utf8("{\"input\":\"\\ud800\"}"),
            utf8("{\"input\":\"\\udc00\\ud800\"}"),
            utf8("{\"input\":\"\\ufdd0\"}"),
            utf8("{\"input\":\"\\ud83f\\udfff\"}"),
            utf8("{\"input\":\"5b5d\",\"x\":1e400}"),
            utf8("{\"input\":NaN}"),
            utf8("{\"input\":01}"),
            utf8("{\"input\":\"5b5d\"} x"),
            utf8("\uFEFF{\"input\":\"5b5d\"}"),
            new byte[] {'{', '"', 'i', '"', ':', '"', (byte) 0xc0, (byte) 0xaf, '"', '}'},
            utf8("[".repeat(33) + "]".repeat(33)),
            utf8("{\"input\":\"5B5D\"}"),
            utf8("{\"input\":\"5b5\"}"),
            utf8("{\"input\":\"5b5d\",\"extra\":1}"),
            utf8("{}"),
            utf8("[\"5b5d\"]"));
    for (byte[] body : bodies) {
      HttpResponse<String> r = post("canonicalize", body);
      assertThat(r.statusCode()).as(new String(body, StandardCharsets.UTF_8)).isEqualTo(400);
      assertThat(r.body()).contains("\"code\":\"BAD_REQUEST\"");
    }
  }

  @Test
  void depth32AndAcceptedNumbersPassTheParser() throws Exception {
    // depth 32 and 1e-400 pass the I-JSON rules, so the refusal is the unknown member
    String deep = "{\"input\":\"5b5d\",\"x\":" + "[".repeat(31) + "1e-400" + "]".repeat(31) + "}";
    HttpResponse<String> r = post("canonicalize", utf8(deep));
    assertThat(r.body()).contains("unknown member \\\"x\\\"");
    assertThat(post("canonicalize", utf8(" {\"input\":\"5b5d\"}\r\n")).statusCode()).isEqualTo(200);
  }

  @Test
  void nowMustBeARealUtcTime() throws Exception {
    for (String now :
        List.of("2026-02-29T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:00:60Z", "x")) {
      String body = "{\"envelope\":\"7b7d\",\"now\":\"" + now + "\"}";
      assertThat(post("verify/envelope", utf8(body)).statusCode()).as(now).isEqualTo(400);
    }
    String leap = "{\"envelope\":\"7b7d\",\"now\":\"2000-02-29T23:59:59.123456789Z\"}";
    HttpResponse<String> ok = post("verify/envelope", utf8(leap));
    assertThat(ok.body()).isEqualTo("{\"result\":\"valid\"}");
  }

  private static HttpResponse<String> post(String op, byte[] body) throws Exception {
    return HTTP.send(
        base(op).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.Builder base(String op) {
    return HttpRequest.newBuilder(URI.create(harness.url() + "/" + op))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
