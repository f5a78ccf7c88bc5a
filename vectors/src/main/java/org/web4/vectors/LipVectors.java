package org.web4.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.web4.envelope.Timestamps;
import org.web4.lip.Acceptance;
import org.web4.lip.EvidenceDocument;
import org.web4.lip.FailureReason;
import org.web4.lip.LipQueue;
import org.web4.lip.LipUri;
import org.web4.lip.SourceRules;
import org.web4.lip.Tier;

/**
 * The LIP vectors (spec/lip.md §4): {@code lip/lip_evidence_document_test.json} (HTTP responses and
 * whether each is a conforming evidence document, §4.3, with the payload it gives or the reason of
 * Table 4.4b), {@code lip/lip_source_test.json} (URI normalization §4.6.1, tiers by the longest
 * matching rule, Table 4.6a, and tier movement, Tables 4.6b and 4.6c) and {@code
 * lip/lip_queue_test.json} (input sequences of the deferred-acceptance queue with the statuses,
 * notifications and tier changes after each step, Tables 4.7a–4.7c, including every example of
 * Table 4.7b). Every expectation is computed by the reference ({@link EvidenceDocument}, {@link
 * LipUri}, {@link SourceRules}, {@link LipQueue}); the examples of Table 4.7b are also written out
 * here, and a disagreement stops the generator. Offline vectors: for an implementation's own unit
 * tests; the runner checks LIP over the wire (features/lip).
 */
final class LipVectors {
  static final String DOCUMENT_PATH = "lip/lip_evidence_document_test.json";
  static final String SOURCE_PATH = "lip/lip_source_test.json";
  static final String QUEUE_PATH = "lip/lip_queue_test.json";

  static final String MEDIA_TYPE = EvidenceDocument.MEDIA_TYPE;
  private static final HexFormat HEX = HexFormat.of();

  /** The queue sequences start at this instant on the agent's clock. */
  static final Instant T0 = EnvelopeVectors.T0;

  /** The origin every vector URI uses. */
  static final String ORIGIN = "http://127.0.0.1:8080";

  private LipVectors() {}

  static List<VectorFile> build() {
    return List.of(documentFile(), sourceFile(), queueFile());
  }

  // ------------------------------------------------------------------ evidence documents

  private static VectorFile documentFile() {
    VectorFile file =
        new VectorFile(
            DOCUMENT_PATH,
            "Web4-LIP-EvidenceDocument",
            "vectors/lip_evidence_document_test.schema.json",
            List.of(
                "Final HTTP responses of a source (spec/lip.md section 4.3): status, headers (name,"
                    + " value; names case-insensitive) and body (hex). result valid: a conforming"
                    + " evidence document; payload is the LIP_EVIDENCE payload it gives (without"
                    + " fetch_ref, which the fetch adds). result invalid: reason is the failure"
                    + " reason of Table 4.4b, checked in the order status, headers, size, body.",
                "Redirect statuses are not final responses and do not appear here."));
    file.note("Conforming", "Functionality", "A conforming evidence document.")
        .note("Status", "Functionality", "A final status other than 200: http_status.")
        .note("MediaType", "Functionality", "Another media type or a content coding: media_type.")
        .note("Size", "EdgeCase", "The 262,144-byte limit, at and just over it.")
        .note(
            "Malformed",
            "Functionality",
            "Not I-JSON within depth 32, or not Table 4.3: malformed.")
        .note("Order", "EdgeCase", "Two failures at once: the first in the checking order wins.");
    List<String> fet8 = List.of("LIP-FET-008");
    ObjectNode g = file.group("LipEvidenceDocument");
    g.put("source", "spec/lip.md section 4.3, Table 4.3, Table 4.4b");
    g.put("maxBytes", EvidenceDocument.MAX_BYTES);
    String good =
        "{\"web4_evidence\":\"1.0\",\"claims\":[\"Water boils at 100 °C at 101.325 kPa.\"],"
            + "\"evidence\":[\"CRC Handbook, 97th ed., 6-10\"],\"confidence\":0.9}";
    String notes =
        "{\"web4_evidence\":\"1.0\",\"claims\":[\"b\",\"a\"],\"evidence\":[],\"confidence\":1,"
            + "\"extraction_notes\":\"kept\"}";
    doc(file, g, "the example of section 4.3", "Conforming", fet8, 200, type(MEDIA_TYPE), good);
    doc(
        file,
        g,
        "claims in order, empty evidence, extraction_notes kept",
        "Conforming",
        fet8,
        200,
        type(MEDIA_TYPE),
        notes);
    doc(
        file,
        g,
        "media type in another case with charset=UTF-8",
        "Conforming",
        fet8,
        200,
        type("Application/VND.web4.Evidence+JSON; charset=UTF-8"),
        good);
    doc(
        file,
        g,
        "charset quoted",
        "Conforming",
        fet8,
        200,
        type(MEDIA_TYPE + "; charset=\"utf-8\""),
        good);
    doc(
        file,
        g,
        "Content-Encoding identity",
        "Conforming",
        fet8,
        200,
        List.of(h("Content-Type", MEDIA_TYPE), h("Content-Encoding", "identity")),
        good);
    for (int status : new int[] {201, 204, 206, 300, 304, 404, 500}) {
      doc(file, g, "status " + status, "Status", fet8, status, type(MEDIA_TYPE), good);
    }
    doc(file, g, "application/json", "MediaType", fet8, 200, type("application/json"), good);
    doc(file, g, "no Content-Type", "MediaType", fet8, 200, List.of(), good);
    doc(
        file,
        g,
        "charset=iso-8859-1",
        "MediaType",
        fet8,
        200,
        type(MEDIA_TYPE + "; charset=iso-8859-1"),
        good);
    doc(
        file,
        g,
        "another parameter",
        "MediaType",
        fet8,
        200,
        type(MEDIA_TYPE + "; version=1"),
        good);
    doc(
        file,
        g,
        "two Content-Type headers",
        "MediaType",
        fet8,
        200,
        List.of(h("Content-Type", MEDIA_TYPE), h("Content-Type", MEDIA_TYPE)),
        good);
    doc(
        file,
        g,
        "Content-Encoding gzip",
        "MediaType",
        fet8,
        200,
        List.of(h("Content-Type", MEDIA_TYPE), h("Content-Encoding", "gzip")),
        good);
    doc(
        file,
        g,
        "404 with another media type: the status comes first",
        "Order",
        fet8,
        404,
        type("text/html"),
        "<html></html>");
    String big = padded(good, EvidenceDocument.MAX_BYTES);
    doc(
        file,
        g,
        "exactly 262,144 bytes (whitespace before the last brace)",
        "Size",
        List.of("LIP-FET-007"),
        200,
        type(MEDIA_TYPE),
        big);
    doc(
        file,
        g,
        "262,145 bytes",
        "Size",
        List.of("LIP-FET-007"),
        200,
        type(MEDIA_TYPE),
        padded(good, EvidenceDocument.MAX_BYTES + 1));
    doc(
        file,
        g,
        "262,145 bytes of text/plain: the media type comes first",
        "Order",
        List.of("LIP-FET-007", "LIP-FET-008"),
        200,
        type("text/plain"),
        padded(good, EvidenceDocument.MAX_BYTES + 1));
    String tail = "\"evidence\":[\"e\"],\"confidence\":0.9}";
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("not JSON", "web4 evidence");
    bad.put("empty body", "");
    bad.put("a byte order mark", "\uFEFF" + good);
    bad.put(
        "a duplicate member",
        "{\"web4_evidence\":\"1.0\",\"claims\":[\"a\"],\"claims\":[\"b\"]," + tail);
    bad.put(
        "a lone surrogate escape", "{\"web4_evidence\":\"1.0\",\"claims\":[\"\\ud800\"]," + tail);
    bad.put(
        "nesting depth 33",
        "{\"web4_evidence\":\"1.0\",\"claims\":[\"a\"],\"x\":"
            + "[".repeat(32)
            + "]".repeat(32)
            + ","
            + tail);
    bad.put(
        "nesting depth 32 (an unknown member: still malformed)",
        "{\"web4_evidence\":\"1.0\",\"claims\":[\"a\"],\"x\":"
            + "[".repeat(31)
            + "]".repeat(31)
            + ","
            + tail);
    bad.put("no web4_evidence", "{\"claims\":[\"a\"]," + tail);
    bad.put("web4_evidence 2.0", "{\"web4_evidence\":\"2.0\",\"claims\":[\"a\"]," + tail);
    bad.put("web4_evidence as a number", "{\"web4_evidence\":1.0,\"claims\":[\"a\"]," + tail);
    bad.put(
        "an unknown member",
        "{\"web4_evidence\":\"1.0\",\"claims\":[\"a\"],\"contradicts\":[\"b\"]," + tail);
    bad.put("no claims member", "{\"web4_evidence\":\"1.0\"," + tail);
    bad.put("claims empty", "{\"web4_evidence\":\"1.0\",\"claims\":[]," + tail);
    bad.put("65 claims", "{\"web4_evidence\":\"1.0\",\"claims\":[" + claims(65) + "]," + tail);
    bad.put("duplicate claims", "{\"web4_evidence\":\"1.0\",\"claims\":[\"a\",\"a\"]," + tail);
    bad.put("an empty claim", "{\"web4_evidence\":\"1.0\",\"claims\":[\"\"]," + tail);
    bad.put(
        "65 evidence entries",
        "{\"web4_evidence\":\"1.0\",\"claims\":[\"a\"],\"evidence\":["
            + claims(65)
            + "],\"confidence\":0.9}");
    bad.put(
        "no evidence member", "{\"web4_evidence\":\"1.0\",\"claims\":[\"a\"],\"confidence\":0.9}");
    bad.put(
        "confidence 1.5",
        "{\"web4_evidence\":\"1.0\",\"claims\":[\"a\"],\"evidence\":[],\"confidence\":1.5}");
    bad.put(
        "confidence as a string",
        "{\"web4_evidence\":\"1.0\",\"claims\":[\"a\"],\"evidence\":[],\"confidence\":\"0.9\"}");
    bad.put(
        "an empty extraction_notes",
        "{\"web4_evidence\":\"1.0\",\"claims\":[\"a\"],\"evidence\":[],\"confidence\":0.9,\"extraction_notes\":\"\"}");
    bad.put("an array, not an object", "[" + good + "]");
    bad.put("trailing content", good + " {}");
    for (Map.Entry<String, String> e : bad.entrySet()) {
      doc(file, g, e.getKey(), "Malformed", fet8, 200, type(MEDIA_TYPE), e.getValue());
    }
    byte[] invalidUtf8 =
        concat(
            good.substring(0, good.length() - 1).getBytes(StandardCharsets.UTF_8),
            new byte[] {',', '"', 'x', '"', ':', '"', (byte) 0xC3, '"', '}'});
    docBytes(file, g, "invalid UTF-8", "Malformed", fet8, 200, type(MEDIA_TYPE), invalidUtf8);
    return file;
  }

  private static String claims(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("\"c" + i + "\"");
    }
    return String.join(",", out);
  }

  private static String padded(String document, int bytes) {
    int pad = bytes - document.getBytes(StandardCharsets.UTF_8).length;
    return document.substring(0, document.length() - 1) + " ".repeat(pad) + "}";
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static String[] h(String name, String value) {
    return new String[] {name, value};
  }

  private static List<String[]> type(String value) {
    List<String[]> out = new ArrayList<>();
    out.add(h("Content-Type", value));
    return out;
  }

  private static void doc(
      VectorFile file,
      ObjectNode group,
      String comment,
      String flag,
      List<String> requirements,
      int status,
      List<String[]> headers,
      String body) {
    docBytes(
        file,
        group,
        comment,
        flag,
        requirements,
        status,
        headers,
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static void docBytes(
      VectorFile file,
      ObjectNode group,
      String comment,
      String flag,
      List<String> requirements,
      int status,
      List<String[]> headers,
      byte[] body) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    ObjectNode fields = VectorFile.fields();
    fields.put("status", status);
    ArrayNode hs = fields.putArray("headers");
    for (String[] header : headers) {
      hs.addArray().add(header[0]).add(header[1]);
      map.computeIfAbsent(header[0], k -> new ArrayList<>()).add(header[1]);
    }
    fields.put("bodyHex", HEX.formatHex(body));
    EvidenceDocument.Verdict v = EvidenceDocument.judge(status, map, body);
    boolean expectValid =
        flag.equals("Conforming")
            || (flag.equals("Size") && body.length <= EvidenceDocument.MAX_BYTES);
    if (v.conforms() != expectValid) {
      throw new IllegalStateException("the reference disagrees on \"" + comment + "\": " + v);
    }
    ObjectNode payload = v.payload();
    FailureReason failure = v.failure();
    if (payload != null) {
      fields.set("payload", payload);
    } else if (failure != null) {
      fields.put("reason", failure.wire());
    }
    file.test(
        group, comment, List.of(flag), expectValid ? "valid" : "invalid", requirements, fields);
  }

  // ------------------------------------------------------------------------- sources

  private static VectorFile sourceFile() {
    VectorFile file =
        new VectorFile(
            SOURCE_PATH,
            "Web4-LIP-Source",
            "vectors/lip_source_test.schema.json",
            List.of(
                "Group LipUriNormalization (spec/lip.md section 4.6.1): uri → normalized, or"
                    + " normalized null when uri is not an http-uri (section 1.1).",
                "Group LipRedirectTarget (section 4.4): a Location resolved against base (RFC 3986"
                    + " section 5.2), fragment removed, normalized: target, or null (bad_redirect).",
                "Group LipTier (Table 4.6a): under the group's rules (prefix and tier as configured),"
                    + " uri has tier and source (the prefix of the matching rule with the longest"
                    + " path, or the implicit origin rule scheme://host[:port]/ when none matches).",
                "Group LipTierMovement (Tables 4.6b, 4.6c): a rule starting at tier with runs 0;"
                    + " each step is an event of the rule's source (corroborated, refuted); after"
                    + " each, the rule's tier and runs c (corroborated_run) and r (refuted_run)."));
    file.note("Normalization", "Functionality", "One normalization of section 4.6.1.")
        .note("NotHttpUri", "Functionality", "Not an http-uri: no normalized form.")
        .note("Redirect", "Functionality", "A Location resolved to its target, or refused.")
        .note("LongestMatch", "Functionality", "The rule with the longest matching path wins.")
        .note("Origin", "EdgeCase", "Scheme, host and port must match exactly after normalization.")
        .note("Movement", "Functionality", "A tier moved, or not, by a run of events.");
    ObjectNode norm = file.group("LipUriNormalization");
    norm.put("source", "spec/lip.md section 4.6.1");
    List<String> src1 = List.of("LIP-SRC-001");
    String[][] uris = {
      {"http://Example.ORG:80/a/./b/../c?q=1", "the example of section 4.6.1"},
      {"http://example.org", "an empty path becomes /"},
      {"https://example.org:443/x", "the default https port is removed"},
      {"http://example.org:443/x", "443 is not the default for http"},
      {"http://example.org:0080/x", "the default port with leading zeros"},
      {"http://example.org:08080/x", "leading zeros of another port are removed"},
      {"http://[::1]:8080/", "an IPv6 literal"},
      {"http://[FE80::AB]/", "an IPv6 literal is lower-cased"},
      {"http://example.org/%7Euser/%2f", "percent-encodings in the path stay as they are"},
      {"http://EXAMPLE.org/Path/Case", "the path keeps its case"},
      {"http://example.org/a/b/../../..", "dot segments above the root"},
      {"http://example.org/a/./", "a trailing dot segment"},
      {"http://example.org/a?", "an empty query stays"},
      {"http://example.org/a?x=/../y", "dot segments in the query stay"},
      {"http://example.org/a//b", "an empty segment stays"},
    };
    for (String[] u : uris) {
      normTest(file, norm, u[1], "Normalization", src1, u[0]);
    }
    for (String[] u :
        new String[][] {
          {"HTTP://example.org/", "an upper-case scheme"},
          {"ftp://example.org/", "another scheme"},
          {"https://user@example.org/", "userinfo"},
          {"https://example.org/#top", "a fragment"},
          {"https://example.org:/", "an empty port"},
          {"http:///path", "no host"},
        }) {
      normTest(file, norm, u[1], "NotHttpUri", src1, u[0]);
    }
    ObjectNode redirect = file.group("LipRedirectTarget");
    redirect.put("source", "spec/lip.md section 4.4");
    List<String> fet5 = List.of("LIP-FET-005");
    String base = ORIGIN + "/dir/old?x=1";
    for (String[] l :
        new String[][] {
          {"/new", "an absolute path"},
          {"new", "a relative path"},
          {"../up", "a relative path with a dot segment"},
          {"?y=2", "a query only"},
          {"", "an empty reference: the same URI"},
          {"#frag", "a fragment only: the same URI, fragment removed"},
          {"//example.org:80/p", "a network-path reference"},
          {"https://example.org/p#f", "an absolute URI with a fragment"},
          {"HTTP://example.org/p", "an upper-case scheme is not an http-uri"},
          {"ftp://example.org/p", "another scheme"},
          {"http://exa mple.org/", "a space"},
          {"/caf\u00e9", "a non-ASCII character"},
        }) {
      ObjectNode f = VectorFile.fields();
      f.put("base", base);
      f.put("location", l[0]);
      Optional<LipUri> target = LipUri.parse(base).orElseThrow().resolve(l[0]);
      if (target.isPresent()) {
        f.put("target", target.get().toString());
      } else {
        f.putNull("target");
      }
      file.test(
          redirect, l[1], List.of("Redirect"), target.isPresent() ? "valid" : "invalid", fet5, f);
    }

    ObjectNode tiers = file.group("LipTier");
    tiers.put("source", "spec/lip.md Table 4.6a");
    ArrayNode rules = tiers.putArray("rules");
    List<SourceRules.Configured> configured = new ArrayList<>();
    String[][] ruleList = {
      {ORIGIN + "/a/", "low"},
      {ORIGIN + "/a/b/", "high"},
      {ORIGIN + "/a/b/c", "blocked"},
      {"http://127.0.0.1/", "medium"},
      {"https://127.0.0.1:8080/", "high"},
    };
    for (String[] r : ruleList) {
      ObjectNode o = rules.addObject();
      o.put("prefix", r[0]);
      o.put("tier", r[1]);
      configured.add(new SourceRules.Configured(r[0], Tier.ofWire(r[1]).orElseThrow()));
    }
    SourceRules sr = new SourceRules();
    try {
      sr.configure(configured);
    } catch (SourceRules.BadRule e) {
      throw new IllegalStateException(e);
    }
    String[][] tierCases = {
      {ORIGIN + "/a/x", "LongestMatch", "a prefix rule"},
      {ORIGIN + "/a/b/x", "LongestMatch", "the longer prefix wins"},
      {ORIGIN + "/a/b/c", "LongestMatch", "a document rule"},
      {ORIGIN + "/a/b/cd", "LongestMatch", "a document rule matches only its path"},
      {ORIGIN + "/a/b/c/", "LongestMatch", "a document rule does not match below it"},
      {ORIGIN + "/a/b/c?q=1", "LongestMatch", "the query plays no part"},
      {ORIGIN + "/a", "LongestMatch", "a prefix rule needs the trailing slash"},
      {ORIGIN + "/z", "LongestMatch", "no rule: unknown, the origin is the source"},
      {"http://127.0.0.1:80/a/x", "Origin", "the default port: the port-less rule"},
      {"http://127.0.0.1:8081/a/x", "Origin", "another port: no rule"},
      {"https://127.0.0.1:8080/a/x", "Origin", "another scheme: its own rule"},
      {"http://localhost:8080/a/x", "Origin", "another host: no rule"},
      {ORIGIN + "/a/./b/x", "LongestMatch", "judged after normalization"},
    };
    for (String[] t : tierCases) {
      LipUri u = LipUri.parse(t[0]).orElseThrow();
      ObjectNode f = VectorFile.fields();
      f.put("uri", t[0]);
      f.put("tier", sr.tierOf(u).wire());
      file.test(tiers, t[2], List.of(t[1]), "valid", src1, f);
    }

    ObjectNode moves = file.group("LipTierMovement");
    moves.put("source", "spec/lip.md Tables 4.6b and 4.6c");
    String c = "corroborated";
    String r = "refuted";
    movement(
        file,
        moves,
        "unknown: the third corroborated in a row lifts to low",
        "unknown",
        List.of(c, c, c));
    movement(
        file,
        moves,
        "unknown: the second refuted in a row also gives low",
        "unknown",
        List.of(r, r));
    movement(
        file,
        moves,
        "low: three corroborated lift to medium, three more do not lift to high",
        "low",
        List.of(c, c, c, c, c, c));
    movement(file, moves, "low: refuted runs do not lower it", "low", List.of(r, r, r));
    movement(file, moves, "medium: the second refuted lowers to low", "medium", List.of(r, r));
    movement(file, moves, "medium: corroborated runs never lift it", "medium", List.of(c, c, c, c));
    movement(
        file,
        moves,
        "high: the second refuted lowers to medium, two more to low",
        "high",
        List.of(r, r, r, r));
    movement(
        file,
        moves,
        "a refuted between corroborated starts the run again",
        "low",
        List.of(c, c, r, c, c, c));
    movement(
        file,
        moves,
        "a corroborated between refuted starts the run again",
        "high",
        List.of(r, c, r, r));
    movement(file, moves, "blocked never moves", "blocked", List.of(c, c, c, r, r));
    return file;
  }

  private static void normTest(
      VectorFile file,
      ObjectNode group,
      String comment,
      String flag,
      List<String> req,
      String uri) {
    ObjectNode f = VectorFile.fields();
    f.put("uri", uri);
    Optional<LipUri> n = LipUri.parse(uri);
    if (n.isPresent() != flag.equals("Normalization")) {
      throw new IllegalStateException("the reference disagrees on " + uri);
    }
    if (n.isPresent()) {
      f.put("normalized", n.get().toString());
    } else {
      f.putNull("normalized");
    }
    file.test(group, comment, List.of(flag), n.isPresent() ? "valid" : "invalid", req, f);
  }

  private static void movement(
      VectorFile file, ObjectNode group, String comment, String tier, List<String> events) {
    SourceRules rules = new SourceRules();
    String prefix = ORIGIN + "/s/";
    try {
      rules.configure(List.of(new SourceRules.Configured(prefix, Tier.ofWire(tier).orElseThrow())));
    } catch (SourceRules.BadRule e) {
      throw new IllegalStateException(e);
    }
    LipUri item = LipUri.parse(prefix + "doc").orElseThrow();
    ObjectNode f = VectorFile.fields();
    f.put("tier", tier);
    ArrayNode steps = f.putArray("steps");
    for (String e : events) {
      if (e.equals("corroborated")) {
        rules.corroborated(item);
      } else {
        rules.refuted(item);
      }
      SourceRules.Rule rule = rules.rules().get(0);
      ObjectNode s = steps.addObject();
      s.put("event", e);
      s.put("tier", rule.tier().wire());
      s.put("c", rule.corroboratedRun());
      s.put("r", rule.refutedRun());
    }
    file.test(group, comment, List.of("Movement"), "valid", List.of("LIP-SRC-002"), f);
  }

  // -------------------------------------------------------------------------- the queue

  private static VectorFile queueFile() {
    VectorFile file =
        new VectorFile(
            QUEUE_PATH,
            "Web4-LIP-Queue",
            "vectors/lip_queue_test.schema.json",
            List.of(
                "Input sequences of the deferred-acceptance queue (spec/lip.md section 4.7). Each"
                    + " test starts with no item, the group's rules, the agent not overloaded and"
                    + " its clock at the group's start; steps are applied in order.",
                "Steps: arrive (an item: id, uri, retrievedAheadSeconds relative to the agent's"
                    + " clock, evidence empty or not, the claims, and its asker or originator);"
                    + " vote (accept or reject of item by voter, trusted or not; refused when the"
                    + " item is unknown: TRUST_VIOLATION, nothing changes); report (a LIP_CONFLICT"
                    + " by reporter, trusted or not, for uri naming claims, with severity); load"
                    + " (overloaded true or false); advance (the agent's clock moves seconds);"
                    + " configure (the rules are replaced).",
                "After each step: effects, in order (status: an item took a status, with reason and"
                    + " for LIP_ACCEPT/LIP_REJECT the corroborators; conflict: a conflict opened,"
                    + " told with LIP_CONFLICT; tier: a source's tier changed), and statuses, every"
                    + " item's status and reason. Peers are named by opaque ids; corroborators are"
                    + " listed in ascending order of the ids (an agent lists fingerprints, whose"
                    + " order differs)."));
    file.note("Table47b", "Functionality", "An example of Table 4.7b.")
        .note("Row", "Functionality", "A row of Table 4.7a.")
        .note(
            "Conflict", "Functionality", "A reported conflict opened or resolved (section 4.7.3).")
        .note(
            "History",
            "Functionality",
            "Votes moving a source's tier (Table 4.6b) and the items judged again.")
        .note("Final", "EdgeCase", "accepted and rejected are final.");
    ObjectNode g = file.group("LipQueue");
    g.put("source", "spec/lip.md section 4.7, Tables 4.7a and 4.7b");
    g.put("start", Timestamps.format(T0));
    ArrayNode rules = g.putArray("rules");
    String[][] ruleList = {
      {ORIGIN + "/unknown/", "unknown"},
      {ORIGIN + "/low/", "low"},
      {ORIGIN + "/medium/", "medium"},
      {ORIGIN + "/high/", "high"},
      {ORIGIN + "/blocked/", "blocked"},
    };
    List<SourceRules.Configured> configured = new ArrayList<>();
    for (String[] r : ruleList) {
      ObjectNode o = rules.addObject();
      o.put("prefix", r[0]);
      o.put("tier", r[1]);
      configured.add(new SourceRules.Configured(r[0], Tier.ofWire(r[1]).orElseThrow()));
    }
    Seq s;
    // Table 4.7b, one row after the other
    s =
        new Seq(
            file,
            g,
            configured,
            "item from a medium source: accepted (tier)",
            "Table47b",
            List.of("LIP-QUE-003"));
    s.arrive("i", "/medium/doc", null, "asker").expect("i", "accepted tier").done();
    s =
        new Seq(
            file,
            g,
            configured,
            "item from a low source; LIP_ACCEPT from trusted A; A again; probing D; trusted B: accepted (corroborated A, B)",
            "Table47b",
            List.of("LIP-QUE-004"));
    s.arrive("i", "/low/doc", null, "asker")
        .expect("i", "pending")
        .vote("i", "A", true, true)
        .expect("i", "pending")
        .vote("i", "A", true, true)
        .expect("i", "pending")
        .vote("i", "D", true, false)
        .expect("i", "pending")
        .vote("i", "B", true, true)
        .expect("i", "accepted corroborated")
        .done();
    s =
        new Seq(
            file,
            g,
            configured,
            "item from an unknown source received from trusted A; LIP_ACCEPT from A: not counted",
            "Table47b",
            List.of("LIP-QUE-008"));
    s.arrive("i", "/unknown/doc", "A", null)
        .vote("i", "A", true, true)
        .expect("i", "pending")
        .done();
    s =
        new Seq(
            file,
            g,
            configured,
            "item from a high source while overloaded: pending; accepted (tier) when the load drops",
            "Table47b",
            List.of("LIP-QUE-005"));
    s.load(true)
        .arrive("i", "/high/doc", null, "asker")
        .expect("i", "pending")
        .load(false)
        .expect("i", "accepted tier")
        .done();
    s =
        new Seq(
            file,
            g,
            configured,
            "item with empty evidence from a high source: rejected (no_provenance)",
            "Table47b",
            List.of("LIP-QUE-002"));
    s.arriveWithout("i", "/high/doc").expect("i", "rejected no_provenance").done();
    s =
        new Seq(
            file,
            g,
            configured,
            "pending item; LIP_CONFLICT from trusted A; LIP_ACCEPT from B and C: disputed; then LIP_ACCEPT from A: accepted (corroborated A, B, C)",
            "Table47b",
            List.of("LIP-CON-001", "LIP-CON-003"));
    s.arrive("i", "/low/doc", null, "asker")
        .report("A", true, "/low/doc", "high", "claim of /low/doc")
        .expect("i", "disputed")
        .vote("i", "B", true, true)
        .vote("i", "C", true, true)
        .expect("i", "disputed")
        .vote("i", "A", true, true)
        .expect("i", "accepted corroborated")
        .done();
    s =
        new Seq(
            file,
            g,
            configured,
            "pending item; LIP_REJECT from trusted A: rejected (peer_rejection)",
            "Table47b",
            List.of("LIP-QUE-006"));
    s.arrive("i", "/low/doc", null, "asker")
        .vote("i", "A", false, true)
        .expect("i", "rejected peer_rejection")
        .done();
    // the rows of Table 4.7a
    s =
        new Seq(
            file,
            g,
            configured,
            "row 1: an item from a blocked source",
            "Row",
            List.of("LIP-QUE-002"));
    s.arrive("i", "/blocked/doc", "A", null).expect("i", "rejected blocked").done();
    s =
        new Seq(
            file,
            g,
            configured,
            "row 3: retrieved 301 s ahead is rejected, 300 s ahead is not",
            "Row",
            List.of("LIP-QUE-002"));
    s.arriveAhead("i", "/low/a", 301)
        .expect("i", "rejected retrieval_time")
        .arriveAhead("j", "/low/b", 300)
        .expect("j", "pending")
        .done();
    s =
        new Seq(
            file,
            g,
            configured,
            "row 6: pending after 86,399 s, expired at 86,400 s",
            "Row",
            List.of("LIP-QUE-007"));
    s.arrive("i", "/low/doc", null, "asker")
        .advance(86_399)
        .expect("i", "pending")
        .advance(1)
        .expect("i", "rejected expired")
        .done();
    s =
        new Seq(
            file,
            g,
            configured,
            "row 6 before row 7: a disputed item expires too",
            "Row",
            List.of("LIP-QUE-007"));
    s.arrive("i", "/low/doc", null, "asker")
        .report("A", true, "/low/doc", "low", "claim of /low/doc")
        .advance(86_400)
        .expect("i", "rejected expired")
        .done();
    s =
        new Seq(
            file,
            g,
            configured,
            "row 8 before row 10: two corroborations while overloaded, accepted when the load drops",
            "Row",
            List.of("LIP-QUE-005"));
    s.load(true)
        .arrive("i", "/unknown/doc", null, "asker")
        .vote("i", "A", true, true)
        .vote("i", "B", true, true)
        .expect("i", "pending")
        .load(false)
        .expect("i", "accepted corroborated")
        .done();
    s =
        new Seq(
            file,
            g,
            configured,
            "a vote naming no item is refused; nothing changes",
            "Row",
            List.of("LIP-QUE-008"));
    s.arrive("i", "/low/doc", null, "asker")
        .vote("nothing", "A", true, true)
        .expect("i", "pending")
        .done();
    // conflicts
    s =
        new Seq(
            file,
            g,
            configured,
            "a report from a probing peer, for another claim or another source opens nothing",
            "Conflict",
            List.of("LIP-CON-001"));
    s.arrive("i", "/low/doc", null, "asker")
        .report("D", false, "/low/doc", "high", "claim of /low/doc")
        .report("A", true, "/low/doc", "high", "another claim")
        .report("A", true, "/low/other", "high", "claim of /low/doc")
        .expect("i", "pending")
        .done();
    s =
        new Seq(
            file,
            g,
            configured,
            "two reporters: disputed until both resolve; each resolution also counts",
            "Conflict",
            List.of("LIP-CON-001", "LIP-CON-003"));
    s.arrive("i", "/low/doc", null, "asker")
        .report("A", true, "/low/doc", "medium", "claim of /low/doc")
        .report("B", true, "/low/doc", "low", "claim of /low/doc")
        .vote("i", "A", true, true)
        .expect("i", "disputed")
        .vote("i", "B", true, true)
        .expect("i", "accepted corroborated")
        .done();
    s =
        new Seq(
            file,
            g,
            configured,
            "a trusted reject rejects a disputed item",
            "Conflict",
            List.of("LIP-QUE-006"));
    s.arrive("i", "/low/doc", null, "asker")
        .report("A", true, "/low/doc", "high", "claim of /low/doc")
        .vote("i", "B", false, true)
        .expect("i", "rejected peer_rejection")
        .done();
    // finality and history
    s =
        new Seq(
            file,
            g,
            configured,
            "accepted is final: a trusted reject later leaves it accepted (and refutes the source)",
            "Final",
            List.of("LIP-QUE-001"));
    s.arrive("i", "/medium/doc", null, "asker")
        .vote("i", "A", false, true)
        .expect("i", "accepted tier")
        .done();
    s =
        new Seq(
            file,
            g,
            configured,
            "three corroborated items lift a low source; a pending item from it is then accepted on its tier",
            "History",
            List.of("LIP-SRC-002", "LIP-SRC-003"));
    s.arrive("p", "/low/pending", null, "asker")
        .arrive("a", "/low/1", null, "asker")
        .vote("a", "A", true, true)
        .vote("a", "B", true, true)
        .arrive("b", "/low/2", null, "asker")
        .vote("b", "A", true, true)
        .vote("b", "B", true, true)
        .arrive("c", "/low/3", null, "asker")
        .vote("c", "A", true, true)
        .vote("c", "B", true, true)
        .expect("p", "accepted tier")
        .done();
    s =
        new Seq(
            file,
            g,
            configured,
            "configuring the source of a pending item as blocked rejects it",
            "History",
            List.of("LIP-SRC-003"));
    s.arrive("i", "/low/doc", null, "asker")
        .configure(ORIGIN + "/low/", "blocked")
        .expect("i", "rejected blocked")
        .done();
    s =
        new Seq(
            file,
            g,
            configured,
            "an origin with no rule gets a learned rule; its third corroborated item lifts it to low",
            "History",
            List.of("LIP-SRC-002"));
    s.arrive("a", "http://127.0.0.1:9090/x/1", null, "asker")
        .vote("a", "A", true, true)
        .vote("a", "B", true, true)
        .arrive("b", "http://127.0.0.1:9090/x/2", null, "asker")
        .vote("b", "A", true, true)
        .vote("b", "B", true, true)
        .arrive("c", "http://127.0.0.1:9090/x/3", null, "asker")
        .vote("c", "A", true, true)
        .vote("c", "B", true, true)
        .done();
    return file;
  }

  /** One queue sequence: builds the steps and replays them on the reference as it goes. */
  private static final class Seq {
    private final VectorFile file;
    private final ObjectNode group;
    private final String comment;
    private final String flag;
    private final List<String> requirements;
    private final LipQueue queue = new LipQueue();
    private final ObjectNode fields = VectorFile.fields();
    private final ArrayNode steps = fields.putArray("steps");
    private Instant now = T0;
    private boolean overloaded;

    Seq(
        VectorFile file,
        ObjectNode group,
        List<SourceRules.Configured> rules,
        String comment,
        String flag,
        List<String> requirements) {
      this.file = file;
      this.group = group;
      this.comment = comment;
      this.flag = flag;
      this.requirements = requirements;
      try {
        queue.reset(rules);
      } catch (SourceRules.BadRule e) {
        throw new IllegalStateException(e);
      }
    }

    private static String uri(String pathOrUri) {
      return pathOrUri.startsWith("http") ? pathOrUri : ORIGIN + pathOrUri;
    }

    Seq arrive(String id, String path, @Nullable String originator, @Nullable String asker) {
      return arrival(id, path, originator, asker, true, 0);
    }

    Seq arriveWithout(String id, String path) {
      return arrival(id, path, null, "asker", false, 0);
    }

    Seq arriveAhead(String id, String path, long seconds) {
      return arrival(id, path, null, "asker", true, seconds);
    }

    private Seq arrival(
        String id,
        String path,
        @Nullable String originator,
        @Nullable String asker,
        boolean evidence,
        long ahead) {
      ObjectNode s = step("arrive");
      s.put("item", id);
      s.put("uri", uri(path));
      s.put("retrievedAheadSeconds", ahead);
      s.put("evidenceEmpty", !evidence);
      String claim = "claim of " + path;
      s.putArray("claims").add(claim);
      if (originator != null) {
        s.put("originator", originator);
      } else {
        s.putNull("originator");
      }
      if (asker != null) {
        s.put("asker", asker);
      } else {
        s.putNull("asker");
      }
      Instant retrieved = now.plusSeconds(ahead);
      return record(
          s,
          queue.arrive(
              new LipQueue.Arrival(
                  id,
                  asker,
                  originator,
                  LipUri.parse(uri(path)).orElseThrow(),
                  Timestamps.format(retrieved),
                  retrieved,
                  List.of(claim),
                  !evidence),
              now,
              overloaded));
    }

    Seq vote(String id, String voter, boolean accept, boolean trusted) {
      ObjectNode s = step("vote");
      s.put("item", id);
      s.put("voter", voter);
      s.put("decision", accept ? "accept" : "reject");
      s.put("trusted", trusted);
      try {
        return record(s, queue.vote(id, voter, accept, trusted, now, overloaded));
      } catch (LipQueue.VoteRefused e) {
        s.put("refused", "TRUST_VIOLATION");
        return record(s, List.of());
      }
    }

    Seq report(String reporter, boolean trusted, String path, String severity, String... claims) {
      ObjectNode s = step("report");
      s.put("reporter", reporter);
      s.put("trusted", trusted);
      s.put("uri", uri(path));
      ArrayNode c = s.putArray("conflicts");
      for (String claim : claims) {
        c.add(claim);
      }
      s.put("severity", severity);
      return record(
          s,
          queue.report(
              reporter,
              trusted,
              LipUri.parse(uri(path)).orElseThrow(),
              List.of(claims),
              severity,
              now,
              overloaded));
    }

    Seq load(boolean overloaded) {
      ObjectNode s = step("load");
      s.put("overloaded", overloaded);
      this.overloaded = overloaded;
      return record(s, queue.rejudge(now, overloaded));
    }

    Seq advance(long seconds) {
      ObjectNode s = step("advance");
      s.put("seconds", seconds);
      now = now.plusSeconds(seconds);
      return record(s, queue.rejudge(now, overloaded));
    }

    Seq configure(String prefix, String tier) {
      ObjectNode s = step("configure");
      ObjectNode r = s.putArray("rules").addObject();
      r.put("prefix", prefix);
      r.put("tier", tier);
      try {
        return record(
            s,
            queue.configure(
                List.of(new SourceRules.Configured(prefix, Tier.ofWire(tier).orElseThrow())),
                now,
                overloaded));
      } catch (SourceRules.BadRule e) {
        throw new IllegalStateException(e);
      }
    }

    private ObjectNode step(String kind) {
      ObjectNode s = steps.addObject();
      s.put("do", kind);
      return s;
    }

    private Seq record(ObjectNode step, List<LipQueue.Effect> effects) {
      ArrayNode out = step.putArray("effects");
      for (LipQueue.Effect e : effects) {
        ObjectNode o = out.addObject();
        if (e instanceof LipQueue.StatusChanged sc) {
          o.put("effect", "status");
          o.put("item", sc.item());
          o.put("status", sc.status().wire());
          Acceptance.Reason reason = sc.reason();
          if (reason == null) {
            o.putNull("reason");
          } else {
            o.put("reason", reason.wire());
          }
          ArrayNode c = o.putArray("corroborators");
          sc.corroborators().forEach(c::add);
        } else if (e instanceof LipQueue.ConflictOpened co) {
          o.put("effect", "conflict");
          o.put("item", co.item());
          o.put("with", co.reporter());
          ArrayNode c = o.putArray("claims");
          co.claims().forEach(c::add);
          o.put("severity", co.severity());
        } else if (e instanceof LipQueue.TierChanged tc) {
          o.put("effect", "tier");
          o.put("source", tc.change().prefix());
          o.put("from", tc.change().from().wire());
          o.put("to", tc.change().to().wire());
          o.put("cause", tc.change().cause());
        }
      }
      ObjectNode statuses = step.putObject("statuses");
      for (LipQueue.Item i : queue.items()) {
        statuses.put(i.id(), i.status().wire() + i.reason().map(r -> " " + r.wire()).orElse(""));
      }
      return this;
    }

    /** Checks the last step's status of an item against the value written out here. */
    Seq expect(String id, String status) {
      JsonNode last = steps.get(steps.size() - 1);
      String got = last.path("statuses").path(id).asText();
      if (!got.equals(status)) {
        throw new IllegalStateException(
            "the reference disagrees with \""
                + comment
                + "\": "
                + id
                + " is "
                + got
                + ", not "
                + status);
      }
      return this;
    }

    void done() {
      file.test(group, comment, List.of(flag), "valid", requirements, fields);
    }
  }
}
