package org.web4.conformance.rtt;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.web4.conformance.worker.Worker;
import org.web4.conformance.worker.WorkerLocal;

/**
 * What every tester connection of a run shares, bound by whoever runs the scenarios (the runner, or
 * the build's Cucumber hooks): the tester clock its envelopes are stamped with, and the observers
 * of its connections (the wire judge among them). A worker's scenarios run one at a time, so the
 * binding is the {@link Worker}'s: the process's in a serial run, each worker's own with {@code
 * --jobs} (docs/adr/1103).
 *
 * <p>Unbound, the clock is the system clock and nothing observes the wire.
 */
public final class TesterContext {
  /** One worker's binding. */
  private static final class Bound {
    volatile Clock clock = Clock.systemUTC();
    final List<WireObserver.Factory> observers = new CopyOnWriteArrayList<>();
  }

  private static final WorkerLocal<Bound> BOUND = new WorkerLocal<>(Bound::new);

  private TesterContext() {}

  /** A binding that ends when closed. */
  @FunctionalInterface
  public interface Binding extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * The tester's clock: envelope timestamps of every tester peer come from it (exact replay: a run
   * with a fixed clock and a fixed seed sends the same bytes). Closing the binding restores the
   * clock that was in force before.
   */
  public static Binding useClock(Clock testerClock) {
    Bound bound = BOUND.get();
    Clock before = bound.clock;
    bound.clock = testerClock;
    return () -> bound.clock = before;
  }

  /** The tester clock now. */
  public static Instant now() {
    return clock().instant();
  }

  public static Clock clock() {
    return BOUND.get().clock;
  }

  /** Every tester connection opened until the binding closes gets an observer from the factory. */
  public static Binding observe(WireObserver.Factory factory) {
    List<WireObserver.Factory> observers = BOUND.get().observers;
    observers.add(factory);
    return () -> observers.remove(factory);
  }

  /** The observers of a new connection, one per bound factory. */
  static WireObserver observersOf(WireObserver.Connection connection) {
    List<WireObserver> all = new ArrayList<>();
    for (WireObserver.Factory f : BOUND.get().observers) {
      all.add(f.open(connection));
    }
    return all.isEmpty() ? WireObserver.NONE : new WireObservers(all);
  }
}
