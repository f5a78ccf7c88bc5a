package org.web4.conformance.report;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.RequirementCoverage;
import org.web4.conformance.model.RequirementVerdict;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.model.Tally;

/**
 * {@code junit.xml} in the format CI systems read (the Ant/Surefire schema): one {@code testsuite}
 * per suite, one {@code testcase} per case, named {@code <case id> [<requirement IDs>]} with the
 * requirement IDs also as properties; failed cases get {@code <failure>}, errored {@code <error>},
 * skipped and not-applicable {@code <skipped>}. A last suite, {@value #COVERAGE_SUITE}, has one
 * {@code testcase} per untested or not selected requirement: a {@code <failure>} when it fails the
 * coverage gate (untested without a reason declared in spec/README.md §7), else {@code <skipped>}
 * with the reason.
 */
public final class JunitXmlReport {
  public static final String COVERAGE_SUITE = "requirement-coverage";

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
    for (CaseResult c : cases) {
      x.writeCharacters("\n    ");
      x.writeStartElement("testcase");
      x.writeAttribute("classname", clean(name));
      x.writeAttribute("name", clean(c.id() + " [" + String.join(" ", c.requirements()) + "]"));
      x.writeAttribute("time", seconds(c.duration().toNanos()));
      x.writeStartElement("properties");
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
        case FAILED -> problem(x, "failure", c);
        case ERRORED -> problem(x, "error", c);
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

  private static void problem(XMLStreamWriter x, String element, CaseResult c)
      throws XMLStreamException {
    x.writeStartElement(element);
    x.writeAttribute("message", clean(nz(c.message())));
    x.writeAttribute("type", c.outcome().label());
    StringBuilder body = new StringBuilder();
    if (c.request() != null) {
      body.append("request:  ").append(c.request()).append('\n');
    }
    if (c.reply() != null) {
      body.append("reply:    ").append(c.reply()).append('\n');
    }
    if (c.expected() != null) {
      body.append("expected: ").append(c.expected()).append('\n');
    }
    if (c.outcome() == Outcome.ERRORED && c.detail() != null) {
      body.append(c.detail());
    }
    x.writeCharacters(clean(body.toString()));
    x.writeEndElement();
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
