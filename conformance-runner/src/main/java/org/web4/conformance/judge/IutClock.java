package org.web4.conformance.judge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.HarnessClient;

/**
 * What the implementation's clock reads, as far as the runner knows: the tester clock plus the
 * offset the harness moved it by (spec/harness.md HAR-CLK-001: {@code clock/advance} moves it
 * forward and answers its new time, {@code reset} returns it to real time). With no harness the
 * offset stays 0. While the harness holds it (HAR-CLK-002, harness 1.2) it reads what the last
 * {@code clock/hold} or {@code clock/advance} answered, whatever the tester clock does.
 *
 * <p>An envelope is stamped when it is sent and judged when the tester reads it; a reset or a clock
 * move can fall in between. So the judge may ask for every reading the implementation's clock could
 * have had since a moment: the current offset and every offset in force since then. Thread-safe.
 */
public final class IutClock implements HarnessClient.StateListener {
  private final Clock tester;

  /** The offsets in force, oldest first, each from a tester instant on. */
  private final List<Segment> history = new ArrayList<>();

  /**
   * From {@code from} (a tester instant) on, the implementation's clock reads the tester clock plus
   * {@code offset}, or, when {@code held} is set, exactly {@code held}.
   */
  private record Segment(Instant from, Duration offset, @Nullable Instant held) {
    Instant reading(Instant testerNow) {
      return held != null ? held : testerNow.plus(offset);
    }
  }

  public IutClock(Clock tester) {
    this.tester = tester;
    history.add(new Segment(Instant.MIN, Duration.ZERO, null));
  }

  /** The tester clock's reading now. */
  public Instant testerNow() {
    return tester.instant();
  }

  /** The implementation's clock now. */
  public synchronized Instant now() {
    return history.get(history.size() - 1).reading(tester.instant());
  }

  /**
   * The readings the implementation's clock may have had for something sent since {@code since} (a
   * tester instant): now under the current offset first, then under each earlier offset that was in
   * force at or after {@code since}.
   */
  public synchronized List<Instant> readingsSince(Instant since) {
    Instant t = tester.instant();
    Set<Instant> readings = new LinkedHashSet<>();
    for (int i = history.size() - 1; i >= 0; i--) {
      Segment s = history.get(i);
      readings.add(s.reading(t));
      if (!s.from().isAfter(since)) {
        break;
      }
    }
    return new ArrayList<>(readings);
  }

  /** Whether the harness holds the implementation's clock (HAR-CLK-002). */
  public synchronized boolean held() {
    return history.get(history.size() - 1).held() != null;
  }

  @Override
  public synchronized void reset() {
    history.add(new Segment(tester.instant(), Duration.ZERO, null));
  }

  @Override
  public synchronized void clockAdvanced(Instant iutNow) {
    Instant t = tester.instant();
    history.add(new Segment(t, Duration.between(t, iutNow), held() ? iutNow : null));
  }

  @Override
  public synchronized void clockHeld(Instant iutNow) {
    Instant t = tester.instant();
    history.add(new Segment(t, Duration.between(t, iutNow), iutNow));
  }
}
