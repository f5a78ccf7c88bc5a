package org.web4.conformance.harnessapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.Capability;
import org.web4.conformance.model.Profile;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.Needs;
import org.web4.conformance.run.Suite;
import org.web4.conformance.run.SuiteEnvironment;
import org.web4.conformance.run.SuiteFactory;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.Ed25519Verifier;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.Protocol;
import org.web4.envelope.Timestamps;
import org.web4.json.JsonCanonicalizer;
import org.web4.vectors.PrettyJson;
import org.web4.vectors.SamplePayloads;
import org.web4.vectors.VectorKeys;

/**
 * Checks of the harness API itself (spec/harness.md), so that an implementation's harness — the
 * instrument every {@code full} check relies on — is held to its contract: authentication, paths,
 * methods, media types, sizes, refusals and the semantics of each operation.
 */
public final class HarnessApiSuiteFactory implements SuiteFactory {

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
          new Probe(Capability.CIP, "GET", "trust", null),
          new Probe(Capability.EVENTS, "POST", "events", "{\"since\":0,\"limit\":1}"),
          new Probe(Capability.HCP, "GET", "hcp/sessions", null),
          new Probe(Capability.LIP, "GET", "lip/queue", null),
          new Probe(Capability.MESH, "GET", "mesh", null));

  private static final HexFormat HEX = HexFormat.of();
  private static final Instant CLOCK = Instant.parse("2026-06-01T12:00:00Z");
  private static final int MAX_BODY = 4_194_304;

  @Override
  public List<Suite> suites(SuiteEnvironment environment) {
    List<Check> all = new ArrayList<>(checks());
    all.add(stalledRequest(environment.slow()));
    return List.of(new HarnessSuite(all));
  }

  /**
   * [HAR-LIM-002] "stop waiting for a request whose headers and body have not completely arrived
   * within 60 seconds ... and close that connection": a request that never finishes must be cut off
   * within 60 s (plus 5 s of grace for scheduling), and the harness must go on answering. Up to a
   * minute, so only with {@code --slow}.
   */
  static Check stalledRequest(boolean slow) {
    ApiCheck check =
        new ApiCheck(
            "stalled-request",
            "a request that never completes is cut off within 60 s",
            List.of("HAR-LIM-002", "HAR-ERR-005"),
            Needs.harness(Capability.CANONICALIZE),
            h -> {
              String head =
                  "POST "
                      + h.base().getPath()
                      + "canonicalize HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                      + h.token()
                      + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"in";
              long start = System.nanoTime();
              try (Socket s = new Socket(h.base().getHost(), h.base().getPort())) {
                s.setSoTimeout(65_000);
                s.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                try {
                  while (s.getInputStream().read() >= 0) {
                    // drain whatever the harness answers before it closes
                  }
                } catch (java.net.SocketTimeoutException e) {
                  throw new AssertionError("the stalled request was still open after 65 s");
                } catch (java.io.IOException e) {
                  // a reset counts as closed
                }
              }
              long seconds = (System.nanoTime() - start) / 1_000_000_000L;
              if (seconds > 65) {
                throw new AssertionError(
                    "the stalled request was closed only after " + seconds + " s");
              }
              Expect.reply(h.call("GET", "info", null), 200, "info.response.schema.json");
            });
    return slow ? check : new SkippedCheck(check, "takes up to 60 s; run with --slow");
  }

  private record HarnessSuite(List<Check> checks) implements Suite {
    @Override
    public String name() {
      return "harness";
    }

    @Override
    public Profile profile() {
      return Profile.FULL;
    }
  }

  static List<Check> checks() {
    List<Check> c = new ArrayList<>();
    c.add(
        new ApiCheck(
            "info",
            "info answers its schema, version 1.1 (or 1.0) and the agent's identity",
            List.of("HAR-INFO-001", "HAR-INFO-002", "HAR-VER-001", "HAR-API-001"),
            Needs.harness(),
            h -> {
              RawHarness.Reply r = h.call("GET", "info", null);
              JsonNode info = Expect.reply(r, 200, "info.response.schema.json");
              String version = info.path("harness_version").asText();
              Expect.that(
                  version.equals("1.1") || version.equals("1.0"), "harness_version 1.1 or 1.0", r);
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
            "every listed capability's operation answers (clock/advance excepted)",
            List.of("HAR-INFO-003", "HAR-INFO-004", "HAR-INFO-005", "HAR-INFO-006"),
            Needs.harness(),
            h -> {
              // [HAR-INFO-003] "list ... exactly when the IUT implements the operations": a listed
              // capability's operation must answer, with its response schema
              java.util.Set<Capability> listed = listedCapabilities(h);
              for (Probe p : PROBES) {
                if (listed.contains(p.capability()) && p.capability() != Capability.CLOCK) {
                  Expect.reply(
                      h.call(p.method(), p.operation(), p.body()), 200, p.responseSchema());
                }
              }
            }));
    c.add(
        new ApiCheck(
            "unlisted-capabilities",
            "an operation whose capability info does not list is 404 NOT_FOUND",
            List.of("HAR-INFO-003", "HAR-INFO-004", "HAR-INFO-005", "HAR-INFO-006"),
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
    c.add(
        new ApiCheck(
            "verdicts-are-200",
            "a verdict about the data is 200 result invalid, never a 4xx",
            List.of("HAR-API-004", "HAR-VRF-001"),
            Needs.harness(Capability.VERIFY_RAW),
            h -> {
              RawHarness.Reply r =
                  h.call(
                      "POST",
                      "verify/raw",
                      "{\"pk\":\""
                          + "00".repeat(31)
                          + "\",\"msg\":\"\",\"sig\":\""
                          + "00".repeat(64)
                          + "\"}");
              JsonNode v = Expect.reply(r, 200, "verify_raw.response.schema.json");
              Expect.that(v.path("result").asText().equals("invalid"), "result invalid", r);
            }));
    c.add(
        new ApiCheck(
            "canonicalize-valid",
            "canonicalize answers the RFC 8785 form of valid input",
            List.of("HAR-JCS-001"),
            Needs.harness(Capability.CANONICALIZE),
            h -> {
              RawHarness.Reply ok =
                  h.call(
                      "POST",
                      "canonicalize",
                      "{\"input\":\"" + HEX.formatHex(utf8("{\"b\":1.0,\"a\":[1E2]}")) + "\"}");
              JsonNode v = Expect.reply(ok, 200, "canonicalize.response.schema.json");
              Expect.that(
                  v.path("output").asText().equals(HEX.formatHex(utf8("{\"a\":[100],\"b\":1}"))),
                  "output {\"a\":[100],\"b\":1}",
                  ok);
            }));
    c.add(
        new ApiCheck(
            "canonicalize-invalid",
            "canonicalize answers INVALID_ENVELOPE for input that is not JSON",
            List.of("HAR-JCS-002"),
            Needs.harness(Capability.CANONICALIZE),
            h -> {
              RawHarness.Reply bad =
                  h.call(
                      "POST",
                      "canonicalize",
                      "{\"input\":\"" + HEX.formatHex(utf8("{\"a\":")) + "\"}");
              JsonNode w = Expect.reply(bad, 200, "canonicalize.response.schema.json");
              Expect.that(
                  w.path("error").path("code").asText().equals("INVALID_ENVELOPE"),
                  "INVALID_ENVELOPE",
                  bad);
            }));
    c.add(
        new ApiCheck(
            "raw-signatures",
            "sign/raw is RFC 8032 (TEST 1) and verify/raw applies the pinned criteria",
            List.of("HAR-SIG-001", "HAR-VRF-001"),
            Needs.harness(Capability.SIGN_RAW, Capability.VERIFY_RAW),
            h -> {
              String seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
              String sig =
                  "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
              RawHarness.Reply r =
                  h.call("POST", "sign/raw", "{\"seed\":\"" + seed + "\",\"msg\":\"\"}");
              JsonNode s = Expect.reply(r, 200, "sign_raw.response.schema.json");
              Expect.that(
                  s.path("pk")
                      .asText()
                      .equals("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
                  "the RFC 8032 public key",
                  r);
              Expect.that(s.path("sig").asText().equals(sig), "the RFC 8032 signature", r);
              String pk = s.path("pk").asText();
              RawHarness.Reply ok =
                  h.call(
                      "POST",
                      "verify/raw",
                      "{\"pk\":\"" + pk + "\",\"msg\":\"\",\"sig\":\"" + sig + "\"}");
              Expect.that(
                  Expect.reply(ok, 200, "verify_raw.response.schema.json")
                      .path("result")
                      .asText()
                      .equals("valid"),
                  "valid",
                  ok);
              String flipped = sig.substring(0, 127) + (sig.charAt(127) == '0' ? '1' : '0');
              RawHarness.Reply no =
                  h.call(
                      "POST",
                      "verify/raw",
                      "{\"pk\":\"" + pk + "\",\"msg\":\"\",\"sig\":\"" + flipped + "\"}");
              JsonNode n = Expect.reply(no, 200, "verify_raw.response.schema.json");
              Expect.that(
                  n.path("error").path("code").asText().equals("SIGNATURE_MISMATCH"),
                  "SIGNATURE_MISMATCH",
                  no);
            }));
    c.add(
        new ApiCheck(
            "sign-envelope",
            "sign/envelope replaces sign, signs what it is given, refuses what is not an object",
            List.of("HAR-SIG-002", "HAR-SIG-003"),
            Needs.harness(Capability.SIGN_ENVELOPE),
            h -> {
              AgentKeyPair alice = VectorKeys.key("alice");
              ObjectNode broken = envelope();
              broken.remove("msg_id");
              broken.putObject("sign").put("algo", "none");
              RawHarness.Reply r =
                  h.call("POST", "sign/envelope", signRequest(alice, PrettyJson.compact(broken)));
              JsonNode s = Expect.reply(r, 200, "sign_envelope.response.schema.json");
              Expect.that(
                  s.path("result").asText().equals("valid"),
                  "a broken envelope is signed without further checks",
                  r);
              byte[] sig = Base64.getDecoder().decode(s.path("sign").path("signature").asText());
              byte[] input = JsonCanonicalizer.canonicalizeWithout(broken, "sign");
              Expect.that(
                  Ed25519Verifier.isValid(alice.publicKey().raw(), input, sig),
                  "a signature over the canonical form without sign",
                  r);
              RawHarness.Reply no =
                  h.call("POST", "sign/envelope", signRequest(alice, utf8("[1,2]")));
              JsonNode n = Expect.reply(no, 200, "sign_envelope.response.schema.json");
              Expect.that(
                  n.path("error").path("code").asText().equals("INVALID_ENVELOPE"),
                  "INVALID_ENVELOPE for a non-object",
                  no);
            }));
    c.add(
        new ApiCheck(
            "verify-envelope-verdicts",
            "verify/envelope answers valid, or invalid with the code",
            List.of("HAR-VEN-001"),
            Needs.harness(Capability.VERIFY_ENVELOPE),
            h -> {
              RawHarness.Reply ok =
                  h.call("POST", "verify/envelope", verifyRequest(signedEnvelope(), false));
              Expect.that(
                  Expect.reply(ok, 200, "verify_envelope.response.schema.json")
                      .path("result")
                      .asText()
                      .equals("valid"),
                  "valid",
                  ok);
              ObjectNode noId = envelope();
              noId.remove("msg_id");
              String broken =
                  HEX.formatHex(
                      PrettyJson.compact(EnvelopeBuilder.signed(noId, VectorKeys.key("alice"))));
              RawHarness.Reply no = h.call("POST", "verify/envelope", verifyRequest(broken, false));
              JsonNode v = Expect.reply(no, 200, "verify_envelope.response.schema.json");
              Expect.that(
                  v.path("error").path("code").asText().equals("INVALID_ENVELOPE"),
                  "INVALID_ENVELOPE without msg_id",
                  no);
            }));
    c.add(
        new ApiCheck(
            "verify-envelope-preceding",
            "verify/envelope validates the preceding envelopes first, with the same replay memory",
            List.of("HAR-VEN-002"),
            Needs.harness(Capability.VERIFY_ENVELOPE),
            h -> {
              RawHarness.Reply rep =
                  h.call("POST", "verify/envelope", verifyRequest(signedEnvelope(), true));
              JsonNode v = Expect.reply(rep, 200, "verify_envelope.response.schema.json");
              Expect.that(
                  v.path("error").path("code").asText().equals("REPLAY"),
                  "REPLAY after the same envelope in preceding",
                  rep);
            }));
    c.add(
        new ApiCheck(
            "verify-envelope-stateless",
            "verify/envelope changes nothing: the same request gets the same answer",
            List.of("HAR-VEN-003"),
            Needs.harness(Capability.VERIFY_ENVELOPE),
            h -> {
              String e = signedEnvelope();
              h.call("POST", "verify/envelope", verifyRequest(e, true));
              for (int i = 0; i < 2; i++) {
                RawHarness.Reply ok = h.call("POST", "verify/envelope", verifyRequest(e, false));
                Expect.that(
                    Expect.reply(ok, 200, "verify_envelope.response.schema.json")
                        .path("result")
                        .asText()
                        .equals("valid"),
                    "valid every time",
                    ok);
              }
            }));
    c.add(
        new ApiCheck(
            "reset",
            "reset answers {\"reset\":true}",
            List.of("HAR-RST-001"),
            Needs.harness(),
            h -> {
              RawHarness.Reply r = h.call("POST", "reset", "{}");
              Expect.that(
                  Expect.reply(r, 200, "reset.response.schema.json").path("reset").asBoolean(false),
                  "reset true",
                  r);
            }));
    c.add(
        new ApiCheck(
            "concurrency",
            "50 concurrent info requests all answer 200",
            List.of("HAR-LIM-003"),
            Needs.harness(),
            h -> {
              ExecutorService pool = Executors.newFixedThreadPool(50);
              try {
                List<Future<RawHarness.Reply>> replies = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                  replies.add(
                      pool.submit(
                          () -> new RawHarness(h.base(), h.token()).call("GET", "info", null)));
                }
                for (Future<RawHarness.Reply> f : replies) {
                  RawHarness.Reply r = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
                  Expect.that(r.status == 200, "200", r);
                }
              } finally {
                pool.shutdownNow();
              }
            }));
    c.add(
        new ApiCheck(
            "still-answering",
            "after truncated, abandoned and garbage requests, info still answers 200",
            List.of("HAR-ERR-005"),
            Needs.harness(),
            h -> {
              String host = h.base().getHost();
              int port = h.base().getPort();
              for (String junk :
                  List.of(
                      "POST "
                          + h.base().getPath()
                          + "canonicalize HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                          + h.token()
                          + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"in",
                      "\u0000\u0001garbage\r\n\r\n",
                      "GET " + h.base().getPath() + "info HTTP/1.1\r\n")) {
                try (Socket s = new Socket(host, port)) {
                  s.setSoTimeout(2000);
                  OutputStream out = s.getOutputStream();
                  out.write(junk.getBytes(StandardCharsets.ISO_8859_1));
                  out.flush();
                }
              }
              Expect.reply(h.call("GET", "info", null), 200, "info.response.schema.json");
            }));
    c.addAll(HarnessLimitChecks.checks());
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

  private static ObjectNode envelope() {
    EnvelopeBuilder b =
        EnvelopeBuilder.of(Protocol.CIP, "INTENT")
            .msgId(VectorKeys.msgId(424242))
            .timestamp(CLOCK)
            .sender("alice", VectorKeys.key("alice"))
            .receiver("bob", VectorKeys.key("bob").publicKey().fingerprint())
            .payload(SamplePayloads.payload("INTENT"));
    return b.unsigned();
  }

  private static String signedEnvelope() {
    return HEX.formatHex(
        PrettyJson.compact(EnvelopeBuilder.signed(envelope(), VectorKeys.key("alice"))));
  }

  private static String verifyRequest(String envelopeHex, boolean itselfPreceding) {
    String now = Timestamps.format(CLOCK);
    String preceding =
        itselfPreceding
            ? ",\"preceding\":[{\"envelope\":\"" + envelopeHex + "\",\"now\":\"" + now + "\"}]"
            : "";
    return "{\"envelope\":\"" + envelopeHex + "\",\"now\":\"" + now + "\"" + preceding + "}";
  }

  private static String signRequest(AgentKeyPair key, byte[] unsigned) {
    return "{\"seed\":\""
        + HEX.formatHex(key.seed())
        + "\",\"unsigned\":\""
        + HEX.formatHex(unsigned)
        + "\"}";
  }

  /** A canonicalize request of exactly {@code size} bytes: hex input padded with spaces. */
  private static String padded(int size) {
    String head = "{\"input\":\"" + "20".repeat(600_000) + "\"}";
    return head + " ".repeat(size - head.length());
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
