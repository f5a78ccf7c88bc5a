package org.web4.conformance.judge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.web4.conformance.harness.HarnessClient;

/**
 * What the implementation's clock reads, as far as the runner knows: the tester clock plus the
 * offset the harness moved it by (spec/harness.md HAR-CLK-001: {@code clock/advance} moves it
 * forward and answers its new time, {@code reset} returns it to real time). With no harness the
 * offset stays 0.
 *
 * <p>An envelope is stamped when it is sent and judged when the tester reads it; a reset or a clock
 * move can fall in between. So the judge may ask for every reading the implementation's clock could
 * have had since a moment: the current offset and every offset in force since then. Thread-safe.
 */
public final class IutClock implements HarnessClient.StateListener {
  private final Clock tester;

  /** The offsets in force, oldest first, each from a tester instant on. */
  private final List<Segment> history = new ArrayList<>();

  private record Segment(Instant from, Duration offset) {}

  public IutClock(Clock tester) {
    this.tester = tester;
    history.add(new Segment(Instant.MIN, Duration.ZERO));
  }

  /** The tester clock's reading now. */
  public Instant testerNow() {
    return tester.instant();
  }

  /** The implementation's clock now. */
  public synchronized Instant now() {
    return tester.instant().plus(history.get(history.size() - 1).offset());
  }

  /**
   * The readings the implementation's clock may have had for something sent since {@code since} (a
   * tester instant): now under the current offset first, then under each earlier offset that was in
   * force at or after {@code since}.
   */
  public synchronized List<Instant> readingsSince(Instant since) {
    Instant t = tester.instant();
    Set<Duration> offsets = new LinkedHashSet<>();
    for (int i = history.size() - 1; i >= 0; i--) {
      Segment s = history.get(i);
      offsets.add(s.offset());
      if (!s.from().isAfter(since)) {
        break;
      }
    }
    List<Instant> readings = new ArrayList<>();
    offsets.forEach(o -> readings.add(t.plus(o)));
    return readings;
  }

  @Override
  public synchronized void reset() {
    history.add(new Segment(tester.instant(), Duration.ZERO));
  }

  @Override
  public synchronized void clockAdvanced(Instant iutNow) {
    Instant t = tester.instant();
    history.add(new Segment(t, Duration.between(t, iutNow)));
  }
}
