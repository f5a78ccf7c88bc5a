package org.web4.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.web4.soak.FaultProxy;
import org.web4.soak.Soak;
import picocli.CommandLine;

/** {@code web4 soak}'s options (docs/adr/1412); the soak itself: SoakAgainstReferenceTest. */
class SoakCommandTest {
  private static Soak.Options parse(String... args) throws Exception {
    SoakCommand c = new SoakCommand();
    new CommandLine(c).parseArgs(args);
    return c.options();
  }

  @Test
  void theIssuesCommandLineIsUnderstood() throws Exception {
    Soak.Options o =
        parse("--duration", "60m", "--peers", "4", "--faults", "kill,delay", "--rate", "20");
    assertThat(o.duration()).isEqualTo(Duration.ofMinutes(60));
    assertThat(o.peers()).isEqualTo(4);
    assertThat(o.faults()).containsExactlyInAnyOrder(FaultProxy.Fault.KILL, FaultProxy.Fault.DELAY);
    assertThat(o.listenerCommand()).contains("serve", "--rtt-resume", "--events");
    assertThat(o.rowEvery()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void thePythonTargetRunsWeb4pyWithResume() throws Exception {
    Soak.Options o = parse("--duration", "1h", "--target", "python", "--faults", "kill,refuse");
    assertThat(o.listenerCommand()).startsWith("python3", "-m", "web4py", "serve", "--rtt-resume");
    assertThat(o.listenerWorkdir().toString()).endsWith("implementations/python");
    assertThat(o.faults()).contains(FaultProxy.Fault.REFUSE);
  }

  @Test
  void durationsReadAsPeopleWriteThem() {
    assertThat(SoakCommand.parse("250ms", "--x")).isEqualTo(Duration.ofMillis(250));
    assertThat(SoakCommand.parse("90s", "--x")).isEqualTo(Duration.ofSeconds(90));
    assertThat(SoakCommand.parse("PT1H", "--x")).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> SoakCommand.parse("soon", "--duration"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--duration");
  }

  @Test
  void anUnknownFaultOrTooManyPeersIsAUsageError() {
    assertThatThrownBy(() -> parse("--faults", "explode"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> parse("--peers", "65")).isInstanceOf(IllegalArgumentException.class);
  }
}
