package org.web4.conformance.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.CapturedOutput;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Evidence;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.Profile;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RunHeader;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.run.CoverageGate;
import org.web4.conformance.run.ProfileConformance;
import org.web4.conformance.spec.Requirement;
import org.web4.conformance.spec.RequirementCatalog;

/**
 * A run of the bundled spec with failures of every kind, as the runner's evidence producers write
 * them (issue 16, the contract of {@link Evidence}): a canonicalization failure with its DIFF, an
 * RTT scenario failure with its transcript, a property failure with the falsifying exchange and a
 * folded trace, an errored case, a wire-judge failure, an expected failure, a skipped case, a
 * not-applicable case, a truncated piece, and a requirement no check covers. Every other
 * requirement passes one vector case.
 */
final class FailingRunFixture {
  static final String CANONICAL = "ENV-JCS-003";
  static final String TRANSCRIPT = "RTT-HS-001";
  static final String PROPERTY = "CIP-HS-002";
  static final String ERRORED = "ENV-SIG-001";
  static final String JUDGE = "RTT-FR-001";
  static final String EXPECTED = "HCP-CON-001";
  static final String SKIPPED = "LIP-FET-001";
  static final String NOT_APPLICABLE = "EVT-CIP-001";
  static final String UNCOVERED = "HAR-TRN-003";

  static final String CANONICAL_CASE = "jcs/jcs_numbers.json#7";
  static final String TRANSCRIPT_CASE = "features/rtt/handshake.feature:12";
  static final String PROPERTY_CASE = "property:cip-hello-answers";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> SPECIAL =
      Set.of(
          CANONICAL,
          TRANSCRIPT,
          PROPERTY,
          ERRORED,
          JUDGE,
          EXPECTED,
          SKIPPED,
          NOT_APPLICABLE,
          UNCOVERED);

  private FailingRunFixture() {}

  static RequirementCatalog catalog() {
    return RequirementCatalog.bundled();
  }

  /** The run: every case above, then the verdicts the runner's own gates give it. */
  static RunResult run(RequirementCatalog catalog) {
    List<CaseResult> cases = new ArrayList<>();
    for (Requirement r : catalog.all()) {
      if (!SPECIAL.contains(r.id())) {
        cases.add(passed(r));
      }
    }
    cases.add(canonicalFailure());
    cases.add(transcriptFailure());
    cases.add(propertyFailure());
    cases.add(errored("sign/verify#3", ERRORED));
    cases.add(judgeFailure());
    cases.add(
        result(
            "hcp/consent.feature:30",
            "Consent is asked before the first check",
            CaseKind.SCENARIO,
            EXPECTED,
            Outcome.EXPECTED_FAILURE,
            "issue 42: consent prompt not implemented yet",
            "no CONSENT_REQUEST before CHECK",
            List.of()));
    cases.add(
        result(
            "lip/fetch.feature:8",
            "A fetch over a dead link reports NOT_FOUND",
            CaseKind.SCENARIO,
            SKIPPED,
            Outcome.SKIPPED,
            "the stand-in internet is off (--offline)",
            null,
            List.of()));
    cases.add(
        result(
            "events/cip.feature:5",
            "A trust change emits trust_changed",
            CaseKind.SCENARIO,
            NOT_APPLICABLE,
            Outcome.NOT_APPLICABLE,
            "not applicable: the implementation does not list capability \"events\"",
            null,
            List.of()));
    return finish(catalog, cases);
  }

  /** A run whose only failing cases are {@code errors} errored cases, each with a long trace. */
  static RunResult errors(RequirementCatalog catalog, int errors) {
    List<CaseResult> cases = new ArrayList<>();
    List<Requirement> all = List.copyOf(catalog.all());
    for (Requirement r : all) {
      cases.add(passed(r));
    }
    for (int i = 0; i < errors; i++) {
      cases.add(errored("sign/verify#" + i, all.get(i % all.size()).id()));
    }
    return finish(catalog, cases);
  }

  private static RunResult finish(RequirementCatalog catalog, List<CaseResult> cases) {
    RequirementCoverage coverage =
        CoverageGate.judge(catalog, cases, CoverageGate.Scope.everything(false));
    Map<String, Profile> least = new HashMap<>();
    for (CaseResult c : cases) {
      boolean library = c.requirements().stream().allMatch(id -> id.startsWith("ENV-"));
      least.put(c.id(), library ? Profile.LIBRARY : Profile.CORE);
    }
    RunHeader header =
        new RunHeader(
            "deliberately broken",
            "web4-broken",
            "0.0.1",
            null,
            "0.1.0-test",
            catalog.specVersion(),
            "ab".repeat(32),
            "classpath",
            1,
            Profile.FULL,
            null,
            null,
            Instant.parse("2026-12-06T12:00:00Z"),
            Duration.ofSeconds(42),
            List.of("web4-conformance", "run", "--seed", "1"));
    return new RunResult(
        header,
        cases,
        new CapturedOutput("listening on 127.0.0.1:4000\n", "warning: <slow> disk\n", false),
        List.of(new RunResult.StaleExpectation("jcs/old.json#1", "fixed in 0.0.1")),
        coverage,
        ProfileConformance.judge(catalog, cases, least, Profile.FULL, false, false));
  }

  private static CaseResult passed(Requirement r) {
    return result(
        "vectors/" + r.id().toLowerCase(java.util.Locale.ROOT) + ".json#1",
        "checks " + r.id() + " with `a title`",
        CaseKind.VECTOR,
        r.id(),
        Outcome.PASSED,
        null,
        null,
        List.of());
  }

  private static CaseResult canonicalFailure() {
    String expected = "{\"amount\":56,\"currency\":\"EUR\"}";
    String actual = "{\"amount\":56.0,\"currency\":\"EUR\"}";
    return new CaseResult(
        CANONICAL_CASE,
        "canonicalize",
        "A number with a zero fraction is written without it",
        CaseKind.VECTOR,
        List.of(CANONICAL),
        Outcome.FAILED,
        null,
        Duration.ofMillis(3),
        json("{\"op\":\"canonicalize\",\"input\":{\"amount\":56.0,\"currency\":\"EUR\"}}"),
        json("{\"canonical_hex\":\"" + hex(actual) + "\"}"),
        json("{\"canonical_hex\":\"" + hex(expected) + "\"}"),
        "canonical form differs from the expected bytes",
        List.of(
            new Evidence(
                "canonical form (first difference at byte 13)",
                Evidence.Kind.DIFF,
                "expected: " + expected + "\nactual:   " + actual + "\n",
                hex(actual),
                actual.length(),
                false),
            new Evidence(
                "actual canonical form",
                Evidence.Kind.JSON,
                actual,
                hex(actual),
                actual.length(),
                false)));
  }

  private static CaseResult transcriptFailure() {
    String transcript =
        """
        → 0000 handshake msg1 (32 bytes) e=5f1c…
        ← 0001 handshake msg2 (96 bytes) e, ee, s, es
        → 0002 handshake msg3 (64 bytes) s, se
        ← 0003 CLOSE code=HANDSHAKE_FAILED reason="identity payload missing"\
        """;
    return result(
        TRANSCRIPT_CASE,
        "The responder completes the Noise XX handshake",
        CaseKind.SCENARIO,
        TRANSCRIPT,
        Outcome.FAILED,
        null,
        "the responder closed the connection after message 3",
        List.of(
            new Evidence(
                "RTT transcript",
                Evidence.Kind.TRANSCRIPT,
                transcript,
                null,
                transcript.length(),
                false)));
  }

  private static CaseResult propertyFailure() {
    String exchange = "{\"sent\":{\"type\":\"HELLO\",\"protocols\":[\"cip/1.0\"]},\"got\":null}";
    String big = "x".repeat(200);
    return result(
        PROPERTY_CASE,
        "Every HELLO naming cip/1.0 is answered",
        CaseKind.PROPERTY,
        PROPERTY,
        Outcome.FAILED,
        null,
        "falsified after 17 examples; replay exactly with: run --seed 1090",
        List.of(
            new Evidence(
                "falsifying exchange",
                Evidence.Kind.JSON,
                exchange,
                null,
                exchange.length(),
                false),
            new Evidence(
                "reply payload", Evidence.Kind.TEXT, big, hex(big), 50_000, /* truncated= */ true),
            new Evidence("stack trace", Evidence.Kind.TRACE, trace(30), null, 2_000, false)));
  }

  private static CaseResult judgeFailure() {
    return result(
        "wire-judge:" + JUDGE,
        JUDGE + " held over the whole run",
        CaseKind.JUDGE,
        JUDGE,
        Outcome.FAILED,
        null,
        "a frame of 70000 bytes exceeds the maximum",
        List.of(
            new Evidence(
                "offending frame header",
                Evidence.Kind.TEXT,
                "len=70000 type=DATA ch=3",
                null,
                24,
                false)));
  }

  private static CaseResult errored(String id, String requirement) {
    return result(
        id,
        "Signatures over the canonical form verify",
        CaseKind.VECTOR,
        requirement,
        Outcome.ERRORED,
        trace(40),
        "harness answered 500 after 10 s: java.net.SocketTimeoutException <read timed out>",
        List.of());
  }

  private static String trace(int frames) {
    StringBuilder b =
        new StringBuilder("java.lang.IllegalStateException: harness <broke> & died\n");
    for (int i = 0; i < frames; i++) {
      b.append("\tat org.example.impl.Layer")
          .append(i)
          .append(".call(Layer")
          .append(i)
          .append(".java:")
          .append(100 + i)
          .append(")\n");
    }
    return b.toString();
  }

  private static CaseResult result(
      String id,
      String title,
      CaseKind kind,
      String requirement,
      Outcome outcome,
      @Nullable String detail,
      @Nullable String message,
      List<Evidence> evidence) {
    return new CaseResult(
        id,
        kind.label(),
        title,
        kind,
        List.of(requirement),
        outcome,
        detail,
        Duration.ofMillis(5),
        null,
        null,
        null,
        message,
        evidence);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static String hex(String text) {
    return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
  }
}
