package org.web4.conformance.report;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Evidence;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RequirementVerdict;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.model.Tally;

/**
 * {@code junit.xml} in the format CI systems read (the Ant/Surefire schema), laid out as Cucumber's
 * JUnit formatter lays out scenarios (issue 16): one {@code testsuite} per suite, one {@code
 * testcase} per case whose {@code classname} is the suite (the feature file, the vector file) and
 * whose {@code name} is the case's title (its ID added when the title is empty or repeats in the
 * suite), the case ID and requirement IDs as properties; failed cases get {@code <failure>},
 * errored {@code <error>}, each with a one-line {@code message} of at most {@value #MESSAGE_LIMIT}
 * characters, the whole message (or trace) as its text, and the exchange and evidence in the case's
 * {@code <system-out>}; skipped and not-applicable cases get {@code <skipped>}. A last suite,
 * {@value #COVERAGE_SUITE}, has one {@code testcase} per untested or not selected requirement: a
 * {@code <failure>} when it fails the coverage gate (untested without a reason declared in
 * spec/README.md §7), else {@code <skipped>} with the reason.
 */
public final class JunitXmlReport {
  public static final String COVERAGE_SUITE = "requirement-coverage";

  /** The longest {@code message} attribute: CI UIs show it on one line. */
  public static final int MESSAGE_LIMIT = 200;

  private JunitXmlReport() {}

  public static String render(RunResult run) {
    Map<String, List<CaseResult>> bySuite = new LinkedHashMap<>();
    for (CaseResult c : run.cases()) {
      bySuite.computeIfAbsent(c.suite(), k -> new ArrayList<>()).add(c);
    }
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      x.writeStartDocument("UTF-8", "1.0");
      x.writeCharacters("\n");
      x.writeStartElement("testsuites");
      x.writeAttribute("name", "web4-conformance " + run.header().targetName());
      Tally counts = run.tally();
      List<RequirementCoverage.Entry> uncovered = uncovered(run.coverage());
      int gateFailures = run.coverage().undeclaredUntested().size();
      x.writeAttribute("tests", Integer.toString(run.cases().size() + uncovered.size()));
      x.writeAttribute("failures", Integer.toString(counts.get(Outcome.FAILED) + gateFailures));
      x.writeAttribute("errors", Integer.toString(counts.get(Outcome.ERRORED)));
      x.writeAttribute(
          "skipped",
          Integer.toString(
              counts.get(Outcome.SKIPPED)
                  + counts.get(Outcome.NOT_APPLICABLE)
                  + counts.get(Outcome.EXPECTED_FAILURE)
                  + uncovered.size()
                  - gateFailures));
      x.writeAttribute("time", seconds(run.header().duration().toNanos()));
      for (Map.Entry<String, List<CaseResult>> suite : bySuite.entrySet()) {
        writeSuite(x, suite.getKey(), suite.getValue());
      }
      if (!uncovered.isEmpty()) {
        writeCoverageSuite(x, uncovered, gateFailures);
      }
      x.writeCharacters("\n");
      x.writeEndElement();
      x.writeEndDocument();
      x.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("cannot write junit.xml", e);
    }
    return out.toString();
  }

  private static void writeSuite(XMLStreamWriter x, String name, List<CaseResult> cases)
      throws XMLStreamException {
    int failures = 0;
    int errors = 0;
    int skipped = 0;
    long nanos = 0;
    for (CaseResult c : cases) {
      nanos += c.duration().toNanos();
      switch (c.outcome()) {
        case FAILED -> failures++;
        case ERRORED -> errors++;
        case SKIPPED, NOT_APPLICABLE, EXPECTED_FAILURE -> skipped++;
        case PASSED -> {}
      }
    }
    x.writeCharacters("\n  ");
    x.writeStartElement("testsuite");
    x.writeAttribute("name", clean(name));
    x.writeAttribute("tests", Integer.toString(cases.size()));
    x.writeAttribute("failures", Integer.toString(failures));
    x.writeAttribute("errors", Integer.toString(errors));
    x.writeAttribute("skipped", Integer.toString(skipped));
    x.writeAttribute("time", seconds(nanos));
    Map<String, Integer> titles = new HashMap<>();
    cases.forEach(c -> titles.merge(c.title(), 1, Integer::sum));
    for (CaseResult c : cases) {
      x.writeCharacters("\n    ");
      x.writeStartElement("testcase");
      x.writeAttribute("classname", clean(name));
      boolean titleNamesIt = !c.title().isBlank() && titles.getOrDefault(c.title(), 0) == 1;
      x.writeAttribute("name", clean(titleNamesIt ? c.title() : c.title() + " (" + c.id() + ")"));
      x.writeAttribute("time", seconds(c.duration().toNanos()));
      x.writeStartElement("properties");
      x.writeEmptyElement("property");
      x.writeAttribute("name", "id");
      x.writeAttribute("value", clean(c.id()));
      for (String r : c.requirements()) {
        x.writeEmptyElement("property");
        x.writeAttribute("name", "requirement");
        x.writeAttribute("value", r);
      }
      x.writeEmptyElement("property");
      x.writeAttribute("name", "title");
      x.writeAttribute("value", clean(c.title()));
      x.writeEndElement();
      switch (c.outcome()) {
        case FAILED -> {
          problem(x, "failure", c);
          details(x, c);
        }
        case ERRORED -> {
          problem(x, "error", c);
          details(x, c);
        }
        case SKIPPED, NOT_APPLICABLE, EXPECTED_FAILURE -> {
          x.writeEmptyElement("skipped");
          x.writeAttribute(
              "message",
              clean(
                  (c.outcome() == Outcome.NOT_APPLICABLE
                          ? "not applicable: "
                          : c.outcome() == Outcome.EXPECTED_FAILURE ? "expected failure: " : "")
                      + nz(c.detail())));
        }
        case PASSED -> {}
      }
      x.writeEndElement();
    }
    x.writeCharacters("\n  ");
    x.writeEndElement();
  }

  /** The requirements that no check tested in this run: untested or not selected. */
  private static List<RequirementCoverage.Entry> uncovered(RequirementCoverage coverage) {
    return coverage.entries().stream()
        .filter(
            e ->
                e.verdict() == RequirementVerdict.UNTESTED
                    || e.verdict() == RequirementVerdict.NOT_SELECTED)
        .toList();
  }

  private static void writeCoverageSuite(
      XMLStreamWriter x, List<RequirementCoverage.Entry> uncovered, int failures)
      throws XMLStreamException {
    x.writeCharacters("\n  ");
    x.writeStartElement("testsuite");
    x.writeAttribute("name", COVERAGE_SUITE);
    x.writeAttribute("tests", Integer.toString(uncovered.size()));
    x.writeAttribute("failures", Integer.toString(failures));
    x.writeAttribute("errors", "0");
    x.writeAttribute("skipped", Integer.toString(uncovered.size() - failures));
    x.writeAttribute("time", "0.000");
    for (RequirementCoverage.Entry e : uncovered) {
      x.writeCharacters("\n    ");
      x.writeStartElement("testcase");
      x.writeAttribute("classname", COVERAGE_SUITE);
      x.writeAttribute("name", e.id() + " " + e.verdict().label());
      x.writeAttribute("time", "0.000");
      if (e.failsTheGate()) {
        x.writeStartElement("failure");
        x.writeAttribute(
            "message",
            clean(e.id() + " is untested without a reason declared in spec/README.md §7"));
        x.writeAttribute("type", "untested");
        x.writeCharacters(clean(nz(e.why())));
        x.writeEndElement();
      } else {
        x.writeEmptyElement("skipped");
        String when = e.declaredWhen();
        x.writeAttribute(
            "message",
            clean((when == null ? "" : "declared untested " + when + ": ") + nz(e.why())));
      }
      x.writeEndElement();
    }
    x.writeCharacters("\n  ");
    x.writeEndElement();
  }

  /** The failure or error: a short message, the whole message (and an error's trace) as text. */
  private static void problem(XMLStreamWriter x, String element, CaseResult c)
      throws XMLStreamException {
    x.writeStartElement(element);
    x.writeAttribute("message", clean(shortMessage(c.message())));
    x.writeAttribute("type", c.outcome().label());
    StringBuilder body = new StringBuilder(nz(c.message()));
    if (c.outcome() == Outcome.ERRORED && c.detail() != null) {
      body.append('\n').append(c.detail());
    }
    x.writeCharacters(clean(body.toString()));
    x.writeEndElement();
  }

  /**
   * The case's exchange and evidence, in {@code <system-out>} as Cucumber puts a scenario's steps.
   */
  private static void details(XMLStreamWriter x, CaseResult c) throws XMLStreamException {
    StringBuilder out = new StringBuilder();
    if (c.request() != null) {
      out.append("request:  ").append(c.request()).append('\n');
    }
    if (c.reply() != null) {
      out.append("reply:    ").append(c.reply()).append('\n');
    }
    if (c.expected() != null) {
      out.append("expected: ").append(c.expected()).append('\n');
    }
    for (Evidence e : c.evidence()) {
      if (e.kind() == Evidence.Kind.TRACE) {
        continue; // the error's text carries the trace
      }
      out.append("\n--- ").append(e.label());
      if (e.truncated()) {
        out.append(" (cut; ").append(e.bytes()).append(" bytes in all)");
      }
      out.append(" ---\n").append(e.text());
      if (e.hex() != null && e.kind() != Evidence.Kind.DIFF) {
        out.append("\nhex: ").append(e.hex());
      }
      out.append('\n');
    }
    if (out.length() == 0) {
      return;
    }
    x.writeStartElement("system-out");
    x.writeCharacters(clean(out.toString()));
    x.writeEndElement();
  }

  /** The first line of a message, at most {@value #MESSAGE_LIMIT} characters. */
  static String shortMessage(@Nullable String message) {
    String m = nz(message).strip();
    int nl = m.indexOf('\n');
    String first = nl < 0 ? m : m.substring(0, nl).strip();
    boolean more = nl >= 0 || first.length() > MESSAGE_LIMIT;
    if (first.length() > MESSAGE_LIMIT - 2) {
      first = first.substring(0, MESSAGE_LIMIT - 2);
    }
    return more ? first + " …" : first;
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
  }

  private static String nz(@Nullable String s) {
    return s == null ? "" : s;
  }

  /** Drops characters XML 1.0 cannot carry (control characters other than tab, LF, CR). */
  static String clean(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints()
        .forEach(
            cp -> {
              boolean ok =
                  cp == 0x9
                      || cp == 0xA
                      || cp == 0xD
                      || (cp >= 0x20 && cp <= 0xD7FF)
                      || (cp >= 0xE000 && cp <= 0xFFFD)
                      || cp >= 0x10000;
              if (ok) {
                b.appendCodePoint(cp);
              } else {
                b.append(String.format(Locale.ROOT, "\\u%04x", cp));
              }
            });
    return b.toString();
  }
}
