package org.web4.rtt.session;

import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What an endpoint runs on: its transport, the executors that handle each connection's frames, the
 * thread that runs its timers, and the real-time source of the close linger. {@link #shared()} is
 * what every agent uses (ADR 1104): TCP, the JVM's shared session executors, a timer thread that
 * reads the injected clock every 100 ms, {@link System#nanoTime()}. {@link #driven} is for the
 * deterministic simulation of issue 18 (docs/adr/1410): one thread does everything, in an order the
 * test chooses, and calls {@link RttEndpoint#runTimersNow()} itself when its clock moved.
 */
public final class RttRuntime {
  /**
   * How many copies of a retained message a resumed connection sends again (docs/drafts/rtt-
   * resume.md §4.3): {@code position} counts the retransmissions of one channel on one connection
   * from 0. The draft says one each ({@link #AS_SPECIFIED}); anything else is a bug planted by a
   * test to prove that the simulation catches it (never set outside tests).
   */
  @FunctionalInterface
  public interface Retransmission {
    Retransmission AS_SPECIFIED = (channel, position) -> 1;

    int copies(int channel, int position);
  }

  private static final RttRuntime SHARED =
      new RttRuntime(
          RttTransport.tcp(),
          RttEventLoops::nextSessionExecutor,
          true,
          System::nanoTime,
          Retransmission.AS_SPECIFIED);

  private final RttTransport transport;
  private final Supplier<? extends Executor> sessionExecutors;
  private final boolean timerThread;
  private final LongSupplier nanoTime;
  private final Retransmission retransmission;

  private RttRuntime(
      RttTransport transport,
      Supplier<? extends Executor> sessionExecutors,
      boolean timerThread,
      LongSupplier nanoTime,
      Retransmission retransmission) {
    this.transport = transport;
    this.sessionExecutors = sessionExecutors;
    this.timerThread = timerThread;
    this.nanoTime = nanoTime;
    this.retransmission = retransmission;
  }

  /** TCP, the shared event loops and session executors, a timer thread, real time. */
  public static RttRuntime shared() {
    return SHARED;
  }

  /**
   * Driven by its owner: connections come from {@code transport}, every connection's frames are
   * handled by {@code sessions}, no timer thread is started ({@link RttEndpoint#runTimersNow()}
   * runs the timers on the caller's thread), and the close linger reads {@code nanoTime}.
   */
  public static RttRuntime driven(
      RttTransport transport, Executor sessions, LongSupplier nanoTime) {
    return new RttRuntime(transport, () -> sessions, false, nanoTime, Retransmission.AS_SPECIFIED);
  }

  /** The same, with a planted retransmission bug (tests of the simulation only). */
  public RttRuntime withRetransmission(Retransmission planted) {
    return new RttRuntime(transport, sessionExecutors, timerThread, nanoTime, planted);
  }

  RttTransport transport() {
    return transport;
  }

  /** The executor of a new connection's frames (one per connection, ADR 1104). */
  Executor nextSessionExecutor() {
    return sessionExecutors.get();
  }

  boolean timerThread() {
    return timerThread;
  }

  long nanoTime() {
    return nanoTime.getAsLong();
  }

  Retransmission retransmission() {
    return retransmission;
  }
}
