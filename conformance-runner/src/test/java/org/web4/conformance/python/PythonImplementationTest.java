package org.web4.conformance.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.model.RunResult;
import org.web4.conformance.testing.KitFiles;
import org.web4.conformance.testing.PythonKitRun;

/**
 * The second implementation (implementations/python, written from spec/) is checked like any
 * implementation would be: its own unit tests, then the whole kit over the wire through its target
 * file, with its expected-failures file in force (unlisted failures and stale entries fail). The
 * report is kept beside the reference's: conformance-runner/target/reports/python/. Needs python3
 * with the cryptography package (the build's other Python cross-checks need it too).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PythonImplementationTest {
  private static final Path PYTHON = KitFiles.root().resolve("implementations/python");

  /**
   * web4py's own unit tests, started with the class so that they overlap the kit's run against
   * web4py ({@link PythonKitRun}, started in the background when the test plan began; each alone
   * leaves a core mostly idle: about 90 s each on the build machine); they share nothing, the unit
   * tests binding their own loopback ports.
   */
  private static @Nullable Process unitTests;

  private static @Nullable CompletableFuture<byte[]> unitTestOutput;

  @BeforeAll
  static void startTheUnitTests() throws IOException {
    Process p =
        new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", "tests")
            .directory(PYTHON.toFile())
            .redirectErrorStream(true)
            .start();
    unitTests = p;
    unitTestOutput =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return p.getInputStream().readAllBytes();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
  }

  @AfterAll
  static void stopTheUnitTests() {
    if (unitTests != null) {
      unitTests.destroyForcibly();
    }
  }

  @Test
  @Order(2)
  void itsOwnUnitTestsPass() throws Exception {
    Process p = Objects.requireNonNull(unitTests);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String text =
        new String(
            Objects.requireNonNull(unitTestOutput).get(1, TimeUnit.MINUTES),
            StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(tail(text)).isZero();
    assertThat(text).contains("OK");
  }

  @Test
  @Order(1)
  void theKitPassesAgainstIt() throws Exception {
    RunResult result = PythonKitRun.get();
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
