package org.web4.conformance.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.web4.conformance.testing.KitFiles;

/**
 * {@code scripts/resume_interop.py} in the build, as the real processes it starts (ADR 1432):
 * web4py dials a {@code web4 serve --rtt-resume} of the built {@code
 * reference-impl/target/web4.jar} and resumes its RTT 1.1 session after cuts
 * (docs/drafts/rtt-resume.md §16), and with {@code --python} does the same against a web4py
 * listener. Each mode must exit 0 with every step PASS. It had failed 3 of its 11 steps for a whole
 * session unnoticed while it ran only by hand.
 *
 * <p>The script's own waits are bounded (20 s each) and its steps are ordered by PING barriers,
 * never by sleeps; {@link #GUARD_MINUTES} only stops a hung run. Needs python3 with {@code
 * cryptography} (as {@link PythonImplementationTest} does) and the jar a reactor build packages
 * before this module's tests.
 */
class ResumeInteropScriptTest {
  /** A hang guard for one mode, many times a run on a loaded 2-core box; never a measurement. */
  private static final long GUARD_MINUTES = 5;

  @Test
  void web4pyResumesItsSessionWithTheJavaReference() throws Exception {
    Path jar = KitFiles.root().resolve("reference-impl/target/web4.jar");
    assertThat(Files.isRegularFile(jar))
        .as("the built " + jar + " (a reactor build with -am packages reference-impl first)")
        .isTrue();
    assertAllStepsPass(run());
  }

  @Test
  void web4pyResumesItsSessionWithAWeb4pyListener() throws Exception {
    assertAllStepsPass(run("--python"));
  }

  private static void assertAllStepsPass(Finished f) {
    assertThat(f.exit()).as(f.output()).isZero();
    assertThat(f.output())
        .as(f.output())
        .containsPattern("==== [1-9][0-9]* passed, 0 failed")
        .doesNotContain("FAIL ");
  }

  private record Finished(int exit, String output) {}

  /** Runs the script in the kit root with {@code args}, its output read whole, bounded in time. */
  private static Finished run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("python3", "scripts/resume_interop.py"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .directory(KitFiles.root().toFile())
            .redirectErrorStream(true)
            .start();
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    try {
      if (!p.waitFor(GUARD_MINUTES, TimeUnit.MINUTES)) {
        throw new AssertionError(
            "scripts/resume_interop.py "
                + String.join(" ", args)
                + " still running after "
                + GUARD_MINUTES
                + " min");
      }
      return new Finished(p.exitValue(), output.get(1, TimeUnit.MINUTES));
    } finally {
      // the listener the script started must not outlive a failed or hung run
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
  }
}
