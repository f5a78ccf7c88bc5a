package org.web4.conformance.harnessapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.Capability;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.Needs;

/**
 * The harness's HTTP contract (spec/harness.md §2, §3, §5): info and its capabilities, the token,
 * paths, methods, media types, body sizes and the order of refusals — what any operation's request
 * meets before the operation itself.
 */
final class HarnessContractChecks {
  /**
   * One operation per capability of harness.md Table 4, with a body its request schema accepts, so
   * that only a missing capability can make it 404 and a listed one answers 200 with its response
   * schema. clock/advance moves the implementation's clock, so it is probed only when unlisted.
   */
  private record Probe(
      Capability capability, String method, String operation, @Nullable String body) {
    String responseSchema() {
      return operation.replace('/', '_') + ".response.schema.json";
    }
  }

  private static final List<Probe> PROBES =
      List.of(
          new Probe(Capability.CANONICALIZE, "POST", "canonicalize", "{\"input\":\"5b5d\"}"),
          new Probe(
              Capability.SIGN_RAW,
              "POST",
              "sign/raw",
              "{\"seed\":\"" + "00".repeat(32) + "\",\"msg\":\"\"}"),
          new Probe(
              Capability.SIGN_ENVELOPE,
              "POST",
              "sign/envelope",
              "{\"seed\":\"" + "00".repeat(32) + "\",\"unsigned\":\"7b7d\"}"),
          new Probe(
              Capability.VERIFY_RAW,
              "POST",
              "verify/raw",
              "{\"pk\":\""
                  + "00".repeat(32)
                  + "\",\"msg\":\"\",\"sig\":\""
                  + "00".repeat(64)
                  + "\"}"),
          new Probe(
              Capability.VERIFY_ENVELOPE,
              "POST",
              "verify/envelope",
              "{\"envelope\":\"7b7d\",\"now\":\"2026-06-01T12:00:00Z\"}"),
          new Probe(Capability.RTT, "GET", "rtt/connections", null),
          new Probe(Capability.CLOCK, "POST", "clock/advance", "{\"seconds\":1}"),
          new Probe(Capability.CLOCK_HOLD, "POST", "clock/hold", "{}"),
          new Probe(Capability.CIP, "GET", "trust", null),
          new Probe(Capability.EVENTS, "POST", "events", "{\"since\":0,\"limit\":1}"),
          new Probe(Capability.HCP, "GET", "hcp/sessions", null),
          new Probe(Capability.LIP, "GET", "lip/queue", null),
          new Probe(Capability.MESH, "GET", "mesh", null),
          new Probe(Capability.RTT_SEND, "GET", "rtt/inbox", null));

  private static final HexFormat HEX = HexFormat.of();
  private static final int MAX_BODY = 4_194_304;

  private HarnessContractChecks() {}

  static List<Check> checks() {
    List<Check> c = new ArrayList<>();
    c.add(
        new ApiCheck(
            "info",
            "info answers its schema, version 1.4 (or 1.3, 1.2, 1.1, 1.0) and the agent's identity",
            List.of("HAR-INFO-001", "HAR-INFO-002", "HAR-VER-001", "HAR-API-001"),
            Needs.harness(),
            h -> {
              RawHarness.Reply r = h.call("GET", "info", null);
              JsonNode info = Expect.reply(r, 200, "info.response.schema.json");
              String version = info.path("harness_version").asText();
              Expect.that(
                  version.equals("1.4")
                      || version.equals("1.3")
                      || version.equals("1.2")
                      || version.equals("1.1")
                      || version.equals("1.0"),
                  "harness_version 1.4, 1.3, 1.2, 1.1 or 1.0",
                  r);
              JsonNode id = info.path("identity");
              if (!id.isObject()) {
                // [HAR-INFO-001] identity "MAY be omitted or null when no listed capability needs
                // the IUT's own key (none of sign/envelope, rtt and cip is listed)"
                java.util.Set<Capability> listed = listedCapabilities(h);
                Expect.that(
                    !listed.contains(Capability.SIGN_ENVELOPE)
                        && !listed.contains(Capability.RTT)
                        && !listed.contains(Capability.CIP),
                    "an identity (sign/envelope, rtt or cip is listed)",
                    r);
                return;
              }
              byte[] pk = Base64.getDecoder().decode(id.path("pubkey").asText());
              String fp = HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(pk));
              Expect.that(
                  fp.equals(id.path("fingerprint").asText()),
                  "fingerprint = SHA-256(pubkey) = " + fp,
                  r);
            }));
    c.add(
        new ApiCheck(
            "capabilities",
            "every listed capability's operation answers (clock/advance and clock/hold excepted)",
            List.of("HAR-INFO-003", "HAR-INFO-004", "HAR-INFO-005", "HAR-INFO-006"),
            Needs.harness(),
            h -> {
              // [HAR-INFO-003] "list ... exactly when the IUT implements the operations": a listed
              // capability's operation must answer, with its response schema
              java.util.Set<Capability> listed = listedCapabilities(h);
              for (Probe p : PROBES) {
                // moving or holding the clock would last until the next reset: the scenarios of
                // features/rtt/timers.feature call those two
                if (listed.contains(p.capability())
                    && p.capability() != Capability.CLOCK
                    && p.capability() != Capability.CLOCK_HOLD) {
                  Expect.reply(
                      h.call(p.method(), p.operation(), p.body()), 200, p.responseSchema());
                }
              }
            }));
    c.add(
        new ApiCheck(
            "unlisted-capabilities",
            "an operation whose capability info does not list is 404 NOT_FOUND",
            List.of("HAR-INFO-003", "HAR-INFO-004", "HAR-INFO-005", "HAR-INFO-006", "HAR-CLK-003"),
            Needs.harness(),
            h -> {
              // [HAR-INFO-003] "an operation whose capability is not listed MUST be answered 404
              // NOT_FOUND"; harness 1.0's sign and verify stand for both of their halves
              java.util.Set<Capability> listed = listedCapabilities(h);
              for (Probe p : PROBES) {
                if (!listed.contains(p.capability())) {
                  Expect.refusal(h.call(p.method(), p.operation(), p.body()), 404, "NOT_FOUND");
                }
              }
            }));
    c.add(
        new ApiCheck(
            "token",
            "a request without the token, with another scheme or another token is 401",
            List.of("HAR-TRN-003", "HAR-ERR-001"),
            Needs.harness(),
            h -> {
              for (String auth :
                  new String[] {null, "Bearer wrong-" + h.token(), "Basic " + h.token()}) {
                RawHarness.Reply r = h.send("GET", "info", auth, null, null);
                Expect.refusal(r, 401, "UNAUTHORIZED");
                Expect.that(
                    !r.header("WWW-Authenticate").isEmpty(), "a WWW-Authenticate header", r);
              }
              Expect.reply(
                  h.send("GET", "info", "bearer " + h.token(), null, null),
                  200,
                  "info.response.schema.json");
            }));
    c.add(
        new ApiCheck(
            "paths",
            "only /harness/v1/<operation>, exactly, is served",
            List.of("HAR-VER-002", "HAR-ERR-001"),
            Needs.harness(),
            h -> {
              for (String path : List.of("nope", "info/", "INFO", "../v2/info")) {
                Expect.refusal(h.call("GET", path, null), 404, "NOT_FOUND");
              }
              Expect.reply(h.call("GET", "info?x=1", null), 200, "info.response.schema.json");
            }));
    c.add(
        new ApiCheck(
            "check-order",
            "refusals come in the order token, path, method, media type, size, JSON, schema",
            List.of("HAR-ERR-002", "HAR-ERR-003", "HAR-ERR-004"),
            Needs.harness(Capability.CANONICALIZE),
            h -> {
              Expect.refusal(
                  h.send("GET", "nope", "Bearer wrong", null, null), 401, "UNAUTHORIZED");
              Expect.refusal(
                  h.send("DELETE", "nope", "Bearer " + h.token(), null, null), 404, "NOT_FOUND");
              RawHarness.Reply method = h.call("POST", "info", "{}");
              Expect.refusal(method, 405, "METHOD_NOT_ALLOWED");
              Expect.that(
                  method.header("Allow").contains("GET"), "an Allow header naming GET", method);
              byte[] notJson = "{\"input\":".getBytes(StandardCharsets.UTF_8);
              Expect.refusal(
                  h.send("POST", "canonicalize", "Bearer " + h.token(), "text/plain", notJson),
                  415,
                  "UNSUPPORTED_MEDIA_TYPE");
              Expect.refusal(
                  h.send("POST", "canonicalize", "Bearer " + h.token(), null, notJson),
                  415,
                  "UNSUPPORTED_MEDIA_TYPE");
              Expect.refusal(
                  h.send(
                      "POST",
                      "canonicalize",
                      "Bearer " + h.token(),
                      "application/json; charset=latin1",
                      notJson),
                  415,
                  "UNSUPPORTED_MEDIA_TYPE");
              Expect.refusal(
                  h.send(
                      "POST", "canonicalize", "Bearer " + h.token(), "application/json", notJson),
                  400,
                  "BAD_REQUEST");
            }));
    c.add(
        new ApiCheck(
            "bad-requests",
            "malformed JSON, duplicates, schema violations and bad hex are 400",
            List.of("HAR-API-002", "HAR-API-003", "HAR-ERR-001"),
            Needs.harness(Capability.CANONICALIZE),
            h -> {
              for (String body :
                  List.of(
                      "{\"input\":\"5b5d\"",
                      "{\"input\":\"5b5d\",\"input\":\"5b5d\"}",
                      "{\"input\":\"5b5d\",\"extra\":1}",
                      "{}",
                      "{\"input\":\"5B5D\"}",
                      "{\"input\":\"5b5\"}",
                      "{\"input\":42}",
                      "[\"5b5d\"]")) {
                Expect.refusal(h.call("POST", "canonicalize", body), 400, "BAD_REQUEST");
              }
            }));
    c.add(
        new ApiCheck(
            "events-limit",
            "events answers a limit of 1 and of 1000; 0 and 1001 are 400",
            List.of("HAR-EVT-001", "HAR-API-003", "HAR-ERR-001"),
            Needs.harness(Capability.EVENTS),
            h -> {
              for (int limit : new int[] {1, 1000}) {
                Expect.reply(
                    h.call("POST", "events", "{\"since\":0,\"limit\":" + limit + "}"),
                    200,
                    "events.response.schema.json");
              }
              for (int limit : new int[] {0, 1001}) {
                Expect.refusal(
                    h.call("POST", "events", "{\"since\":0,\"limit\":" + limit + "}"),
                    400,
                    "BAD_REQUEST");
              }
            }));
    c.add(
        new ApiCheck(
            "body-size",
            "a 4 MiB body is read; one byte more is 413",
            List.of("HAR-LIM-001", "HAR-API-004", "HAR-ERR-001"),
            Needs.harness(Capability.CANONICALIZE),
            h -> {
              Expect.reply(
                  h.call("POST", "canonicalize", padded(MAX_BODY)),
                  200,
                  "canonicalize.response.schema.json");
              Expect.refusal(
                  h.call("POST", "canonicalize", padded(MAX_BODY + 1)), 413, "TOO_LARGE");
            }));
    return c;
  }

  /** What {@code info.capabilities} lists, harness 1.0 names expanded. */
  private static java.util.Set<Capability> listedCapabilities(RawHarness h) throws Exception {
    RawHarness.Reply r = h.call("GET", "info", null);
    List<String> names = new ArrayList<>();
    Expect.reply(r, 200, "info.response.schema.json")
        .path("capabilities")
        .forEach(n -> names.add(n.asText()));
    return Capability.listed(names);
  }

  /** A canonicalize request of exactly {@code size} bytes: hex input padded with spaces. */
  private static String padded(int size) {
    String head = "{\"input\":\"" + "20".repeat(600_000) + "\"}";
    return head + " ".repeat(size - head.length());
  }
}
