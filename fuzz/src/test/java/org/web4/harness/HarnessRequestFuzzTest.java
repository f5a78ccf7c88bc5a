package org.web4.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.SchemaCatalog;

/**
 * The harness request parsing (spec/harness.md §5): the router's checks in order — token, path,
 * method, media type, announced size (all on the head), actual size, I-JSON, request schema — then
 * the operation's own reading of its members (Requests: hex, timestamps). Any request gets a JSON
 * answer with a status of §5; never 500, which is what an exception escaping the parsing becomes
 * [HAR-ERR-002].
 *
 * <p>Input layout: byte 0 picks the operation, byte 1 the header variant (bits: 0 token, 1
 * Content-Type, 2–3 Content-Length), the rest is the request body.
 */
class HarnessRequestFuzzTest {
  private static final String TOKEN = "fuzz-token";
  private static final List<String> PATHS =
      List.of(
          "canonicalize",
          "sign/raw",
          "verify/raw",
          "sign/envelope",
          "verify/envelope",
          "info",
          "reset",
          "no/such/operation");
  private static final Set<Integer> STATUSES = Set.of(200, 400, 401, 404, 405, 413, 415);

  private static final HarnessRouter ROUTER = router();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema ERROR_SCHEMA =
      SchemaCatalog.get().schema("harness/error.schema.json");

  private static HarnessRouter router() {
    ReferenceBackend backend =
        new ReferenceBackend(
            new HarnessBackend.Implementation("web4-reference", "fuzz"),
            "iut",
            AgentKeyPair.generate(new SecureRandom()),
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    return new HarnessRouter(
        new BearerToken(TOKEN),
        List.of(
            new InfoOperation(backend),
            new ResetOperation(backend),
            new CanonicalizeOperation(backend),
            new SignRawOperation(backend),
            new VerifyRawOperation(backend),
            new SignEnvelopeOperation(backend),
            new VerifyEnvelopeOperation(backend)));
  }

  @FuzzTest
  @DictionaryFile(resourcePath = "/org/web4/fuzz/json.dict")
  void request(byte[] input) throws IOException {
    int operation = input.length > 0 ? input[0] & 0xFF : 0;
    int variant = input.length > 1 ? input[1] & 0xFF : 0;
    byte[] body = input.length > 2 ? Arrays.copyOfRange(input, 2, input.length) : new byte[0];
    String path = PATHS.get(operation % PATHS.size());
    String method = path.equals("info") ? "GET" : (operation & 0x80) != 0 ? "PUT" : "POST";

    List<String> authorization = (variant & 0x01) == 0 ? List.of("Bearer " + TOKEN) : List.of();
    List<String> contentType =
        (variant & 0x02) == 0
            ? List.of("application/json")
            : List.of("application/json; charset=latin1");
    long announced =
        switch ((variant >> 2) & 0x03) {
          case 0 -> body.length;
          case 1 -> -1; // chunked: no announced length
          case 2 -> body.length + (long) variant * 977;
          default -> 10_000_000_000L;
        };
    RequestHead head =
        new RequestHead(
            method, HarnessServer.BASE_PATH + "/" + path, authorization, contentType, announced);

    // what HarnessConnection does: admit on the head, then answer the complete body
    int answeredStatus = 200;
    JsonNode answered;
    try {
      answered = ROUTER.answer(ROUTER.admit(head), body);
    } catch (HarnessException e) {
      answeredStatus = e.error().status();
      answered = Responses.error(e.error(), String.valueOf(e.getMessage()));
    }
    int status = answeredStatus;
    JsonNode answer = answered;
    byte[] response = JSON.writeValueAsBytes(answer);
    assertTrue(
        STATUSES.contains(status),
        () ->
            "status "
                + status
                + ": "
                + new String(response, java.nio.charset.StandardCharsets.UTF_8));
    // [HAR-API-001] one UTF-8 JSON object (RFC 8259: not necessarily I-JSON; an error message may
    // quote a noncharacter of the request, docs/fuzzing.md)
    JsonNode read = JSON.readTree(response);
    assertTrue(read.isObject(), "a JSON object answers every request");
    if (status != 200) {
      assertTrue(ERROR_SCHEMA.validate(answer).isEmpty(), () -> "error.schema.json: " + answer);
      // §5: the code goes with the status
      String code = answer.path("error").path("code").asText();
      assertEquals(status, HarnessError.valueOf(code).status(), "error code " + code);
    }
  }
}
