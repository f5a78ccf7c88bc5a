package org.web4.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short {@code web4 soak} (docs/adr/1412) against the reference listener as a child process, with
 * kills and delays: nothing lost, nothing duplicated, and the sessions resumed. It asserts counts
 * only, never a time; the guards (kills every 2 s on average for 20 s, "at least 3 resumes") hold
 * on a loaded 2-core machine.
 */
class SoakAgainstReferenceTest {
  @TempDir Path dir;

  @Test
  void killsAndDelaysLoseAndDuplicateNothingAndTheSessionsResume() throws Exception {
    Path events = dir.resolve("listener-events.jsonl");
    ListenerCommand listener =
        ListenerCommand.of("reference", ListenerCommand.kitRoot(Path.of("")), events);
    Path report = dir.resolve("soak.csv");
    Soak.Options options =
        new Soak.Options(
            Duration.ofSeconds(30),
            2,
            EnumSet.of(FaultProxy.Fault.KILL, FaultProxy.Fault.DELAY),
            listener.command(),
            listener.workdir(),
            events,
            20,
            1412,
            report,
            Duration.ofSeconds(2),
            0.05,
            Duration.ofMillis(200),
            Duration.ofSeconds(10),
            Duration.ofSeconds(5));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Soak.Result r = new Soak(options).run(new PrintStream(out, true, StandardCharsets.UTF_8));
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(r.lost()).as(printed).isZero();
    assertThat(r.duplicated()).as(printed).isZero();
    assertThat(r.delivered()).as(printed).isPositive();
    assertThat(r.kills()).as(printed).isGreaterThanOrEqualTo(3);
    assertThat(r.resumed()).as(printed).isGreaterThanOrEqualTo(3);
    assertThat(r.exitCode()).isZero();
    assertThat(Files.readAllLines(report).get(0))
        .startsWith("elapsed_s,sent,delivered")
        .contains("soak_heap_after_gc_mib");
    assertThat(Files.readString(dir.resolve("soak.csv.md"))).contains("| elapsed_s |", "lost 0");
  }
}
