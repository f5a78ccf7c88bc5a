package org.web4.rtt.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.PriorityQueue;
import org.web4.agent.AdjustableClock;

/**
 * The simulation's time: a queue of events in time order (ties in the order they were scheduled)
 * and the injected clock both endpoints read, moved to each event's time before it runs. Nothing
 * reads real time; a simulated day passes as fast as its events run.
 */
final class Scheduler {
  static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

  private record Event(long at, long order, String what, Runnable action)
      implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      int c = Long.compare(at, o.at);
      return c != 0 ? c : Long.compare(order, o.order);
    }
  }

  private final AdjustableClock clock = new AdjustableClock(Clock.fixed(T0, ZoneOffset.UTC));
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  private long now;
  private long order;
  private String running = "start";

  /** The clock the endpoints read (java.time, like the agents' AdjustableClock). */
  Clock clock() {
    return clock;
  }

  /** Microseconds since {@link #T0}. */
  long now() {
    return now;
  }

  /** The simulated time since the start, in nanoseconds (the endpoints' close linger reads it). */
  long nanoTime() {
    return now * 1_000;
  }

  void after(long delayMicros, String what, Runnable action) {
    queue.add(new Event(now + Math.max(0, delayMicros), order++, what, action));
  }

  void at(long atMicros, String what, Runnable action) {
    queue.add(new Event(Math.max(now, atMicros), order++, what, action));
  }

  /** Whether an event is due at or before {@code until}. */
  boolean hasEventBefore(long until) {
    Event next = queue.peek();
    return next != null && next.at <= until;
  }

  /** Moves the clock to the next event and runs it. */
  void runNext() {
    Event e = queue.remove();
    if (e.at > now) {
      clock.advance(Duration.ofNanos((e.at - now) * 1_000));
      now = e.at;
    }
    running = e.what;
    e.action.run();
  }

  /** What the event being run (or last run) is. */
  String running() {
    return running;
  }

  static long seconds(double s) {
    return (long) (s * 1_000_000);
  }

  static String format(long micros) {
    long ms = micros / 1000;
    return String.format(
        java.util.Locale.ROOT,
        "%02d:%02d:%02d.%03d",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        ms % 1000);
  }
}
