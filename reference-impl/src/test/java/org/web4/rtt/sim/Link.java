package org.web4.rtt.sim;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.session.RttConnection;

/**
 * One simulated TCP connection between the two agents: the dialer's channel, the listener's, a pipe
 * each way, and the RTT connections the endpoints built on them once their handshakes completed.
 */
final class Link {
  final long number;
  final SimulatedChannel dialerSide;
  final SimulatedChannel listenerSide;
  final Pipe toListener;
  final Pipe toDialer;
  private final long latency;
  private long stalledUntil;
  private @Nullable RttConnection dialerConnection;
  private @Nullable RttConnection listenerConnection;

  Link(
      SimulatedNetwork network,
      long number,
      SimulatedChannel dialerSide,
      SimulatedChannel listenerSide,
      long latency) {
    this.number = number;
    this.dialerSide = dialerSide;
    this.listenerSide = listenerSide;
    this.latency = latency;
    this.toListener = new Pipe(network, this, listenerSide);
    this.toDialer = new Pipe(network, this, dialerSide);
    dialerSide.onReadRequested(toDialer::readRequested);
    listenerSide.onReadRequested(toListener::readRequested);
  }

  /** One-way latency, microseconds. */
  long latency() {
    return latency;
  }

  long stalledUntil() {
    return stalledUntil;
  }

  /** A delay: nothing moves either way until {@code until}. */
  void stall(long until) {
    stalledUntil = Math.max(stalledUntil, until);
  }

  /** An endpoint built an RTT connection on one of this link's channels. */
  void connected(RttConnection c, boolean dialer) {
    if (dialer) {
      dialerConnection = c;
    } else {
      listenerConnection = c;
    }
  }

  /** The RTT connection at the other end of {@code c}, if that side completed its handshake. */
  @Nullable RttConnection other(RttConnection c) {
    return c == dialerConnection ? listenerConnection : dialerConnection;
  }

  /** Whether both ends are RTT connections and both are still open. */
  boolean established() {
    return dialerConnection != null
        && listenerConnection != null
        && dialerSide.isOpen()
        && listenerSide.isOpen();
  }

  /** Whether both ends became RTT connections (its end is then a disconnect). */
  boolean wasEstablished() {
    return dialerConnection != null && listenerConnection != null;
  }

  /** A TCP reset: both sides see the end now; what was in flight is lost. */
  void reset() {
    toListener.kill();
    toDialer.kill();
    close(dialerSide);
    close(listenerSide);
  }

  /**
   * Half-open: one side's socket is gone (its host lost the connection) and the other side hears
   * nothing more, not even the end; it notices by its heartbeat, or (the listener) when the dialer
   * resumes on a new connection.
   */
  void halfOpen(boolean dialerGone) {
    if (dialerGone) {
      toListener.kill();
      toDialer.blackhole();
      close(dialerSide);
    } else {
      toDialer.kill();
      toListener.blackhole();
      close(listenerSide);
    }
  }

  /**
   * One side's application closes its connection abruptly ({@code RttConnection.close()}: no
   * GOAWAY); the other side sees the end of the stream after what was in flight.
   */
  void closeLocally(boolean dialer) {
    RttConnection c = dialer ? dialerConnection : listenerConnection;
    if (c != null) {
      c.close();
    }
  }

  private static void close(SimulatedChannel c) {
    if (c.isRegistered() && c.isOpen()) {
      var unused = c.close();
    }
  }

  /**
   * Runs what the two channels' event loops hold and moves what they wrote into the pipes; returns
   * whether anything happened.
   */
  boolean pump() {
    boolean fromDialer = pump(dialerSide, toListener);
    boolean fromListener = pump(listenerSide, toDialer);
    return fromDialer || fromListener;
  }

  private static boolean pump(SimulatedChannel c, Pipe out) {
    if (!c.isRegistered()) {
      if (!c.isOpen() && !out.endQueued() && !out.dead()) {
        out.end(); // refused at accept, before registration
        return true;
      }
      return false;
    }
    boolean moved = false;
    c.runPendingTasks(); // flushes FlushConsolidationHandler deferred, events Netty queued
    for (Object o = c.readOutbound(); o != null; o = c.readOutbound()) {
      out.add((ByteBuf) o);
      moved = true;
    }
    if ((!c.isOpen() || c.outputShut()) && !out.endQueued() && !out.dead()) {
      out.end();
      moved = true;
    }
    return moved;
  }

  /** Whether both channels are closed and nothing more goes through either pipe. */
  boolean finished() {
    return !dialerSide.isOpen() && !listenerSide.isOpen() && toListener.dead() && toDialer.dead();
  }

  @Override
  public String toString() {
    return "link " + number + " (" + dialerSide + ")";
  }
}
