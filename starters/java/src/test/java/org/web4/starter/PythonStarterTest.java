package org.web4.starter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.target.TargetDescriptor;

/**
 * The Python starter harness (starters/python/web4_harness.py) as an implementer uses it: wired to
 * web4py's library functions (starters/python/tests/web4py_wired.py imports them from
 * implementations/python) and started by the kit as a real process on 127.0.0.1, it passes every
 * vector, harness API check and property of the five library operations. Its own unit tests
 * (partial implementations, refusals) pass too. Needs python3 with the cryptography package.
 */
class PythonStarterTest {

  @Test
  void wiredToWeb4pyItPassesTheKitsChecksOfTheLibraryOperations() throws Exception {
    TargetDescriptor target =
        new TargetDescriptor(
            "python starter + web4py",
            new TargetDescriptor.Launch(
                List.of(
                    "python3",
                    "starters/python/tests/web4py_wired.py",
                    "--port",
                    "{harness_port}",
                    "--token",
                    "{harness_token}"),
                null,
                Map.of(),
                Duration.ofSeconds(30)),
            null,
            null,
            null);
    List<CaseResult> cases = LibraryChecks.run(target);
    LibraryChecks.assertAllPassed(cases);
  }

  @Test
  void itsOwnUnitTestsPass() throws Exception {
    Process p =
        new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", "starters/python/tests")
            .directory(LibraryChecks.kitRoot().toFile())
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("the unit tests ended within 2 minutes").isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(text).isZero();
    assertThat(text).contains("OK");
  }
}
