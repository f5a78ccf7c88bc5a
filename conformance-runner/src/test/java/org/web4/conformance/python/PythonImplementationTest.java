package org.web4.conformance.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.testing.AfterTheOtherClasses;
import org.web4.conformance.testing.KitFiles;
import org.web4.conformance.testing.PythonKitRun;
import org.web4.conformance.testing.PythonUnitTests;

/**
 * The second implementation (implementations/python, written from spec/) is checked like any
 * implementation would be: its own unit tests, then the whole kit over the wire through its target
 * file, with its expected-failures file in force (unlisted failures and stale entries fail). The
 * report is kept beside the reference's: conformance-runner/target/reports/python/. Needs python3
 * with the cryptography package (the build's other Python cross-checks need it too).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@AfterTheOtherClasses
class PythonImplementationTest {
  @AfterAll
  static void stopTheUnitTests() {
    PythonUnitTests.stop();
  }

  @Test
  @Order(2)
  void itsOwnUnitTestsPass() throws Exception {
    // started when the test plan began (SharedRunsEarly), beside the kit's run against web4py
    PythonUnitTests.Finished unit = PythonUnitTests.get();
    assertThat(unit.exit()).as(tail(unit.output())).isZero();
    assertThat(unit.output()).contains("OK");
  }

  @Test
  @Order(1)
  void theKitPassesAgainstIt() throws Exception {
    RunResult result = PythonKitRun.get().result();
    List<String> problems =
        result.cases().stream()
            .filter(c -> c.outcome() == Outcome.FAILED || c.outcome() == Outcome.ERRORED)
            .map(CaseResult::id)
            .toList();
    assertThat(problems).as("unexpected failures; see target/reports/python").isEmpty();
    assertThat(result.staleExpectations()).as("stale expected failures").isEmpty();
    assertThat(result.coverage().undeclaredUntested())
        .as("untested without a reason declared in spec/README.md §7")
        .isEmpty();
    assertThat(result.succeeded()).isTrue();
  }

  /** scripts/web4_demo.py: Python agents and a Java reference agent agree on a fact over RTT. */
  @Test
  @Order(3)
  void theDemoScriptRuns() throws Exception {
    Process p =
        new ProcessBuilder("python3", "scripts/web4_demo.py")
            .directory(KitFiles.root().toFile())
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(tail(text)).isZero();
    assertThat(text)
        .contains("INTENT_RESPONSE")
        .contains("java-ben holds the fact as accepted")
        .contains("cip.knowledge.decided")
        .contains("hcp.action.delivered")
        .contains("topic=topic:demo")
        .contains("lip.source.fetched")
        .contains("reason=tier status=accepted")
        .contains("==== done");
  }

  private static String tail(String text) {
    return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
  }
}
