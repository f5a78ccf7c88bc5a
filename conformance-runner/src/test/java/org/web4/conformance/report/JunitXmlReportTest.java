package org.web4.conformance.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Evidence;
import org.web4.conformance.model.Evidences;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.testing.HandMadeRuns;

/**
 * Issue 16 item 4: junit.xml named tests "features/envelope/signature.feature:9 [ENV-SIG-001
 * ENV-SIG-008]" and carried an 11,571-character failure message. Laid out as Cucumber's formatter
 * does, a CI UI shows the title under its feature, a one-line message, the details beside.
 */
class JunitXmlReportTest {
  private static final String SUITE = "features/envelope/signature.feature";

  @Test
  void aCaseIsNamedByItsTitleUnderItsSuiteWithAShortMessageAndDetailsInSystemOut()
      throws Exception {
    String longMessage =
        "expected the envelope to be refused with SIG_INVALID\n" + "x".repeat(11_500);
    Evidence diff =
        Evidences.diff(
            "canonical form",
            "[0]".getBytes(StandardCharsets.UTF_8),
            "[0.0]".getBytes(StandardCharsets.UTF_8));
    CaseResult failed =
        new CaseResult(
            SUITE + ":9",
            SUITE,
            "A tampered signature is refused",
            CaseKind.SCENARIO,
            List.of("ENV-SIG-001", "ENV-SIG-008"),
            Outcome.FAILED,
            null,
            Duration.ofMillis(5),
            new ObjectMapper().readTree("{\"op\":\"verify\"}"),
            new ObjectMapper().readTree("{\"result\":\"valid\"}"),
            null,
            longMessage,
            List.of(java.util.Objects.requireNonNull(diff)));

    Element testcase =
        testcases(
                JunitXmlReport.render(
                    HandMadeRuns.of(
                        List.of(failed, passed("a"), passed("a")), List.of(), List.of())))
            .get(0);

    assertThat(testcase.getAttribute("name")).isEqualTo("A tampered signature is refused");
    assertThat(testcase.getAttribute("classname")).isEqualTo(SUITE);
    Element failure = (Element) testcase.getElementsByTagName("failure").item(0);
    assertThat(failure.getAttribute("message"))
        .isEqualTo("expected the envelope to be refused with SIG_INVALID …")
        .hasSizeLessThanOrEqualTo(JunitXmlReport.MESSAGE_LIMIT);
    assertThat(failure.getTextContent()).isEqualTo(longMessage);
    String systemOut = testcase.getElementsByTagName("system-out").item(0).getTextContent();
    assertThat(systemOut)
        .contains("request:  {\"op\":\"verify\"}")
        .contains("reply:    {\"result\":\"valid\"}")
        .contains(
            "--- canonical form (first difference at byte 2) ---\nexpected: [0]\nactual:   [0.0]");
  }

  @Test
  void aTitleThatRepeatsInItsSuiteIsNamedWithTheCaseId() throws Exception {
    List<Element> cases =
        testcases(
            JunitXmlReport.render(
                HandMadeRuns.of(List.of(passed("a"), passed("b")), List.of(), List.of())));

    assertThat(cases)
        .extracting(c -> c.getAttribute("name"))
        .containsExactly("same title (jcs#a)", "same title (jcs#b)");
  }

  @Test
  void aLongFirstLineIsCutToTheLimit() {
    assertThat(JunitXmlReport.shortMessage("y".repeat(500)))
        .hasSize(JunitXmlReport.MESSAGE_LIMIT)
        .endsWith(" …");
    assertThat(JunitXmlReport.shortMessage("short")).isEqualTo("short");
  }

  private static CaseResult passed(String id) {
    return new CaseResult(
        "jcs#" + id,
        "jcs",
        "same title",
        CaseKind.VECTOR,
        List.of("ENV-JCS-001"),
        Outcome.PASSED,
        null,
        Duration.ZERO,
        null,
        null,
        null,
        null,
        List.of());
  }

  private static List<Element> testcases(String xml) throws Exception {
    NodeList list =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
            .getElementsByTagName("testcase");
    List<Element> out = new java.util.ArrayList<>();
    for (int i = 0; i < list.getLength(); i++) {
      out.add((Element) list.item(i));
    }
    return out;
  }
}
