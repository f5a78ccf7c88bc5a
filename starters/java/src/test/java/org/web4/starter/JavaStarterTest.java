package org.web4.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.target.TargetDescriptor;

/**
 * The Java starter harness, started as a real server on 127.0.0.1, checked by the kit: wired to the
 * reference implementation's library classes it passes every vector, harness API check and property
 * of the five library operations; with only {@code canonicalize} wired it lists only that (harness
 * 1.1) and answers the others 404 (HAR-INFO-003).
 */
class JavaStarterTest {
  private static final String TOKEN = "starter-java-test-token";

  @Test
  void wiredToTheReferenceItPassesTheKitsChecksOfTheLibraryOperations() throws Exception {
    try (StarterHarness harness =
        StarterHarness.start(0, TOKEN, new ReferenceWiredImplementation())) {
      assertThat(harness.capabilities())
          .containsExactly(
              "canonicalize", "sign/raw", "sign/envelope", "verify/raw", "verify/envelope");
      TargetDescriptor target =
          new TargetDescriptor(
              "java starter + reference",
              null,
              new TargetDescriptor.Connect(harness.url(), TOKEN, null),
              null,
              null);
      // every check, harness/malformed-http (HAR-API-001) and harness/header-limits (HAR-LIM-005)
      // included: the starter's RequestGate answers them before the JDK server sees the request
      List<CaseResult> cases = LibraryChecks.run(target);
      LibraryChecks.assertAllPassed(cases);
    }
  }

  @Test
  void anOperationThatIsNotImplementedIsNotListedAndAnswers404() throws Exception {
    Implementation onlyCanonicalize =
        new Implementation() {
          @Override
          public byte[] canonicalize(byte[] input) {
            return input;
          }
        };
    try (StarterHarness harness = StarterHarness.start(0, TOKEN, onlyCanonicalize)) {
      HttpResponse<String> info = send(harness, "GET", "info", "");
      assertThat(info.statusCode()).isEqualTo(200);
      assertThat(info.body())
          .contains("\"harness_version\":\"1.1\"")
          .contains("\"capabilities\":[\"canonicalize\"]")
          .contains("\"identity\":null")
          .contains("\"profiles\":[]");
      for (String op : List.of("sign/raw", "sign/envelope", "verify/raw", "verify/envelope")) {
        HttpResponse<String> r = send(harness, "POST", op, "{}");
        assertThat(r.statusCode()).as(op).isEqualTo(404);
        assertThat(r.body()).contains("\"code\":\"NOT_FOUND\"");
      }
      assertThat(send(harness, "POST", "canonicalize", "{\"input\":\"5b5d\"}").body())
          .isEqualTo("{\"result\":\"valid\",\"output\":\"5b5d\"}");
    }
  }

  @Test
  void signEnvelopeWithoutAnIdentityIsRefusedAtStart() {
    Implementation noIdentity =
        new Implementation() {
          @Override
          public SignedEnvelope signEnvelope(byte[] seed, byte[] unsigned) {
            return new SignedEnvelope(unsigned, new byte[64]);
          }
        };
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> StarterHarness.start(0, TOKEN, noIdentity))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("identity()");
  }

  /** {@code method op} with the token; an empty {@code body} sends none. */
  private static HttpResponse<String> send(
      StarterHarness harness, String method, String op, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(harness.url() + "/" + op))
            .header("Authorization", "Bearer " + TOKEN)
            .header("Content-Type", "application/json");
    b.method(
        method,
        body.isEmpty()
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
