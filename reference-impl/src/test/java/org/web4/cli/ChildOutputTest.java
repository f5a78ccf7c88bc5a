package org.web4.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ChildOutputTest {
  private static ByteArrayInputStream text(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void returnsTheLinesBeforeTheAwaitedOneAndHandsEveryLineOn() throws Exception {
    List<String> each = new CopyOnWriteArrayList<>();
    ChildOutput out = new ChildOutput(text("rtt 127.0.0.1:9\nready\nafter\n"), "t", 100, each::add);
    assertThat(out.awaitLine("ready"::equals, Duration.ofSeconds(30)))
        .containsExactly("rtt 127.0.0.1:9");
    out.awaitEnd(30_000);
    assertThat(each).containsExactly("rtt 127.0.0.1:9", "ready", "after");
  }

  @Test
  void saysTheOutputEndedWhenTheLineNeverCame() throws Exception {
    ChildOutput out = new ChildOutput(text("starting\n"), "t", 100, l -> {});
    ChildOutput.NoSuchLine e =
        catchThrowableOfType(
            ChildOutput.NoSuchLine.class,
            () -> out.awaitLine("ready"::equals, Duration.ofSeconds(30)));
    assertThat(e.ended()).isTrue();
    assertThat(e.seen()).containsExactly("starting");
  }

  @Test
  void saysTheTimeRanOutWhileTheChildStaysSilent() throws Exception {
    try (PipedOutputStream child = new PipedOutputStream();
        PipedInputStream stream = new PipedInputStream(child)) {
      ChildOutput out = new ChildOutput(stream, "t", 100, l -> {});
      ChildOutput.NoSuchLine e =
          catchThrowableOfType(
              ChildOutput.NoSuchLine.class,
              () -> out.awaitLine("ready"::equals, Duration.ofMillis(50)));
      assertThat(e.ended()).isFalse();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void keepsOnlyTheLastCharactersOfAChattyChild() {
    ChildOutput out =
        new ChildOutput(text("a".repeat(50) + "\n" + "b".repeat(50) + "\n"), "t", 60, l -> {});
    out.awaitEnd(30_000);
    assertThat(out.truncated()).isTrue();
    assertThat(out.text()).hasSize(60).endsWith("b".repeat(50) + "\n");
    assertThat(out.lastLines(1)).containsExactly("b".repeat(50));
  }
}
