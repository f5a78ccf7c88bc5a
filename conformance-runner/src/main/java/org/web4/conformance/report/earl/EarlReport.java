package org.web4.conformance.report.earl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.web4.conformance.report.digest.ReportDigest;

/**
 * One run as an EARL 1.0 report (W3C Evaluation and Report Language) in JSON-LD, {@code
 * report.earl.jsonld}: the format W3C implementation reports are assembled from (issue 16 item 6).
 *
 * <p>One {@code earl:Assertion} per requirement of the spec, asserted by the kit about the
 * implementation: the test is the requirement ({@code earl:TestRequirement}, identified by {@code
 * urn:web4:requirement:<ID>} so that reports of different implementations and kit versions name the
 * same test alike), the result's outcome maps the requirement's verdict as {@link EarlOutcome}
 * says, and its {@code earl:info} lists the cases that did not pass. The context is inline: the
 * document expands without fetching anything (docs/adr/0309).
 */
public final class EarlReport {
  /** Where a requirement's test IRI starts; the requirement ID follows. */
  public static final String TEST_IRI_PREFIX = "urn:web4:requirement:";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private EarlReport() {}

  public static ObjectNode of(ReportDigest report) {
    ObjectNode root = NODES.objectNode();
    root.set("@context", context());
    ArrayNode graph = root.putArray("@graph");

    ObjectNode kit = graph.addObject();
    kit.put("@id", "_:kit");
    kit.putArray("@type").add("earl:Assertor").add("earl:Software").add("doap:Project");
    kit.put("name", "Web4 Conformance Kit");
    kit.putObject("release").put("revision", report.kitVersion());
    kit.put("description", "spec " + report.specVersion() + ", profile " + report.profile());

    ObjectNode subject = graph.addObject();
    subject.put("@id", "_:subject");
    subject.putArray("@type").add("earl:TestSubject").add("doap:Project");
    subject.put(
        "name",
        report.implementationName() == null ? report.target() : report.implementationName());
    if (report.implementationVersion() != null) {
      subject.putObject("release").put("revision", report.implementationVersion());
    }
    subject.put("description", "target " + report.target());

    for (ReportDigest.Requirement r : report.requirements()) {
      graph.add(assertion(report, r));
    }
    return root;
  }

  private static ObjectNode assertion(ReportDigest report, ReportDigest.Requirement r) {
    ObjectNode a = NODES.objectNode();
    a.put("@type", "earl:Assertion");
    a.put("assertedBy", "_:kit");
    a.put("subject", "_:subject");
    a.put("mode", "earl:automatic");
    ObjectNode test = a.putObject("test");
    test.put("@id", TEST_IRI_PREFIX + r.id());
    test.put("@type", "earl:TestRequirement");
    test.put("title", r.id());
    test.put("description", r.text());
    ObjectNode result = a.putObject("result");
    result.put("@type", "earl:TestResult");
    result.put("outcome", EarlOutcome.of(r.verdict()).compactIri());
    if (!report.startedAt().isEmpty()) {
      result.put("date", report.startedAt());
    }
    result.put("info", info(report, r));
    return a;
  }

  /** The verdict in the kit's words, then the cases that did not pass or why it is untested. */
  private static String info(ReportDigest report, ReportDigest.Requirement r) {
    StringBuilder s = new StringBuilder("verdict: ").append(r.verdict());
    if (r.why() != null) {
      s.append(" (").append(r.why()).append(')');
    }
    List<ReportDigest.Case> cases = report.notPassingCasesOf(r);
    for (ReportDigest.Case c : cases) {
      s.append('\n').append(c.id()).append(' ').append(c.outcome());
      if (c.why() != null) {
        s.append(": ").append(c.why());
      }
    }
    s.append('\n').append(r.caseIds().size()).append(" covering cases");
    return s.toString();
  }

  /** Terms for the EARL, Dublin Core and DOAP properties used above; IRIs coerced where needed. */
  private static ObjectNode context() {
    ObjectNode c = NODES.objectNode();
    c.put("earl", "http://www.w3.org/ns/earl#");
    c.put("dct", "http://purl.org/dc/terms/");
    c.put("doap", "http://usefulinc.com/ns/doap#");
    c.put("xsd", "http://www.w3.org/2001/XMLSchema#");
    idTerm(c, "assertedBy", "earl:assertedBy");
    idTerm(c, "subject", "earl:subject");
    idTerm(c, "test", "earl:test");
    idTerm(c, "mode", "earl:mode");
    idTerm(c, "outcome", "earl:outcome");
    c.put("result", "earl:result");
    c.put("info", "earl:info");
    c.putObject("date").put("@id", "dct:date").put("@type", "xsd:dateTime");
    c.put("title", "dct:title");
    c.put("description", "dct:description");
    c.put("name", "doap:name");
    c.put("release", "doap:release");
    c.put("revision", "doap:revision");
    return c;
  }

  private static void idTerm(ObjectNode context, String term, String iri) {
    context.putObject(term).put("@id", iri).put("@type", "@id");
  }
}
