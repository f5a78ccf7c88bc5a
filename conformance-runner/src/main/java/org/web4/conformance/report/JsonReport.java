package org.web4.conformance.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.format.DateTimeFormatter;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.CapturedOutput;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Evidence;
import org.web4.conformance.model.NotApplicableReasons;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.ProfileResult;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RunHeader;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.model.SecretMask;
import org.web4.conformance.model.Tally;

/**
 * The machine-readable report, {@code report.json}, as a JSON tree. Its shape is
 * schemas/report/report.schema.json. Request, reply, expected value and evidence are kept for
 * failed and errored cases only; the implementation's output has its secrets masked.
 */
public final class JsonReport {
  /** Version of the report format; bumped when schemas/report/report.schema.json changes. */
  public static final String REPORT_VERSION = "2.0";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonReport() {}

  public static ObjectNode of(RunResult run, RequirementMatrix matrix) {
    ObjectNode root = NODES.objectNode();
    root.put("report_version", REPORT_VERSION);
    root.set("header", header(run.header()));

    ObjectNode summary = root.putObject("summary");
    Tally counts = run.tally();
    for (Outcome o : Outcome.values()) {
      summary.put(o.label(), counts.get(o));
    }
    summary.put("total", run.cases().size());
    summary.put("succeeded", run.succeeded());
    ArrayNode reasons = summary.putArray("not_applicable_reasons");
    NotApplicableReasons.of(run.cases())
        .reasons()
        .forEach(r -> reasons.addObject().put("reason", r.reason()).put("cases", r.cases()));

    ArrayNode profiles = root.putArray("profiles");
    for (ProfileResult p : run.profiles()) {
      ObjectNode n = profiles.addObject();
      n.put("profile", p.profile().label());
      n.put("verdict", p.verdict().label());
      n.put("summary", p.line());
      n.put("passed", p.passed());
      p.failed().forEach(n.withArray("failed")::add);
      p.untested().forEach(n.withArray("untested")::add);
      p.unmet().forEach(n.withArray("unmet")::add);
      n.put("not_applicable", p.notApplicable().size());
    }

    ArrayNode stale = root.putObject("expected_failures").putArray("stale");
    run.staleExpectations()
        .forEach(e -> stale.addObject().put("id", e.id()).put("reason", e.reason()));

    ObjectNode reqSummary = root.putObject("requirement_summary");
    run.coverage().counts().forEach((v, n) -> reqSummary.put(v.label(), n));
    root.set("coverage_gate", coverageGate(run.coverage()));

    ArrayNode requirements = root.putArray("requirements");
    for (RequirementMatrix.Row row : matrix.rows()) {
      ObjectNode r = requirements.addObject();
      r.put("id", row.requirement().id());
      r.put("level", row.requirement().level());
      r.put("file", row.requirement().file());
      r.put("text", row.requirement().text());
      r.put("verdict", row.verdict().label());
      RequirementCoverage.Entry coverage = row.coverage();
      if (coverage.why() != null) {
        r.put("why", coverage.why());
      }
      if (coverage.declaredWhen() != null) {
        r.put("declared_untested_when", coverage.declaredWhen());
      }
      ArrayNode cases = r.putArray("cases");
      row.cases().forEach(c -> cases.add(c.id()));
    }

    ArrayNode cases = root.putArray("cases");
    for (CaseResult c : run.cases()) {
      cases.add(caseNode(c));
    }

    // issue 16: a token or key the implementation printed stays out of CI artifacts; the target
    // masks the secrets it knows, this masks whatever looks like one
    CapturedOutput masked = SecretMask.patternsOnly().mask(run.output());
    ObjectNode output = root.putObject("iut_output");
    output.put("stdout", masked.stdout());
    output.put("stderr", masked.stderr());
    output.put("truncated", masked.truncated());
    return root;
  }

  /**
   * The gate's conclusion: passed unless a requirement is untested without a declared reason; the
   * summary line; the undeclared and the declared untested requirements with their why.
   */
  private static ObjectNode coverageGate(RequirementCoverage coverage) {
    ObjectNode gate = NODES.objectNode();
    gate.put("passed", coverage.passed());
    gate.put("summary", coverage.summaryLine());
    ArrayNode undeclared = gate.putArray("untested");
    for (RequirementCoverage.Entry e : coverage.undeclaredUntested()) {
      undeclared.addObject().put("id", e.id()).put("why", String.valueOf(e.why()));
    }
    ArrayNode declared = gate.putArray("declared_untested");
    for (RequirementCoverage.Entry e : coverage.declaredUntested()) {
      declared
          .addObject()
          .put("id", e.id())
          .put("when", String.valueOf(e.declaredWhen()))
          .put("why", String.valueOf(e.why()));
    }
    return gate;
  }

  private static ObjectNode header(RunHeader h) {
    ObjectNode n = NODES.objectNode();
    n.put("target", h.targetName());
    ObjectNode impl = n.putObject("implementation");
    if (h.implementationName() != null) {
      impl.put("name", h.implementationName());
    }
    if (h.implementationVersion() != null) {
      impl.put("version", h.implementationVersion());
    }
    if (h.identity() != null) {
      ObjectNode id = impl.putObject("identity");
      id.put("agent_id", h.identity().agentId());
      id.put("pubkey", h.identity().pubkey());
      id.put("fingerprint", h.identity().fingerprint());
    }
    n.put("kit_version", h.kitVersion());
    n.put("spec_version", h.specVersion());
    ObjectNode vectors = n.putObject("vectors");
    vectors.put("manifest_sha256", h.vectorsManifestSha256());
    vectors.put("source", h.vectorsSource());
    n.put("seed", h.seed());
    n.put("profile", h.profile().label());
    if (h.tags() != null) {
      n.put("tags", h.tags());
    }
    if (h.examples() != null) {
      n.put("examples", h.examples());
    }
    n.put("started_at", DateTimeFormatter.ISO_INSTANT.format(h.startedAt()));
    n.put("duration_ms", h.duration().toMillis());
    ArrayNode argv = n.putArray("command_line");
    h.commandLine().forEach(argv::add);
    return n;
  }

  private static ObjectNode caseNode(CaseResult c) {
    ObjectNode n = NODES.objectNode();
    n.put("id", c.id());
    n.put("suite", c.suite());
    n.put("title", c.title());
    n.put("kind", c.kind().label());
    ArrayNode reqs = n.putArray("requirements");
    c.requirements().forEach(reqs::add);
    n.put("outcome", c.outcome().label());
    n.put("duration_ms", c.duration().toNanos() / 1_000_000.0);
    if (c.detail() != null) {
      n.put(c.outcome() == Outcome.ERRORED ? "trace" : "reason", c.detail());
    }
    if (c.message() != null) {
      n.put("message", c.message());
    }
    if (c.outcome() == Outcome.FAILED
        || c.outcome() == Outcome.ERRORED
        || c.outcome() == Outcome.EXPECTED_FAILURE) {
      putIfPresent(n, "request", c.request());
      putIfPresent(n, "reply", c.reply());
      putIfPresent(n, "expected", c.expected());
      if (!c.evidence().isEmpty()) {
        ArrayNode evidence = n.putArray("evidence");
        c.evidence().forEach(e -> evidence.add(evidenceNode(e)));
      }
    }
    return n;
  }

  private static ObjectNode evidenceNode(Evidence e) {
    ObjectNode n = NODES.objectNode();
    n.put("label", e.label());
    n.put("kind", e.kind().name());
    n.put("text", e.text());
    if (e.hex() != null) {
      n.put("hex", e.hex());
    }
    n.put("bytes", e.bytes());
    n.put("truncated", e.truncated());
    return n;
  }

  private static void putIfPresent(ObjectNode n, String name, @Nullable JsonNode value) {
    if (value != null) {
      n.set(name, value);
    }
  }
}
