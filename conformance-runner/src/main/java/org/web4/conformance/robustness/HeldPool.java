package org.web4.conformance.robustness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.conformance.rtt.Transcript;

/**
 * The handshakes {@link HandshakePoolHold} holds from its second source address, one generation at
 * a time: a generation is {@value HandshakePoolHold#HELD} connections that each sent message 1 and
 * got message 2 (the implementation admitted each), none closed by the tester since. A connection
 * the implementation closes before message 2 (refused: the pool is full, or the places of the
 * previous generation are not free yet) is re-opened at once; one with no answer yet is waited for.
 */
final class HeldPool implements AutoCloseable {
  /** How long one read waits for a message 2 (or a close) before the next connection is read. */
  private static final Duration POLL = Duration.ofMillis(20);

  /** The pause after a round in which the implementation refused a connection. */
  private static final long REFUSED_PAUSE_MILLIS = 20;

  /**
   * One generation.
   *
   * @param admitted how many of its connections got message 2 ({@value HandshakePoolHold#HELD} when
   *     the pool is held)
   * @param oldestOpenedAt {@link System#nanoTime()} before the oldest admitted one was opened
   */
  record Generation(int admitted, long oldestOpenedAt) {}

  private final InetAddress source;
  private final InetSocketAddress target;
  private final long seed;
  // the held connections' many handshakes would drown the transcript: a throwaway one
  private final Transcript quiet = new Transcript();
  private final List<Held> admitted = new ArrayList<>();
  private final List<Held> pending = new ArrayList<>();
  private int generations;
  private int opened;
  private int refused;
  private int notAdmittedInTime;

  HeldPool(InetAddress source, InetSocketAddress target, long seed) {
    this.source = source;
    this.target = target;
    this.seed = seed;
  }

  /**
   * Closes the previous generation and opens a new one: returns when {@value
   * HandshakePoolHold#HELD} are admitted, or when {@code within} has passed (fewer then).
   */
  Generation regenerate(Duration within) throws InterruptedException {
    close();
    generations++;
    long until = System.nanoTime() + within.toNanos();
    while (admitted.size() < HandshakePoolHold.HELD && System.nanoTime() < until) {
      while (admitted.size() + pending.size() < HandshakePoolHold.HELD) {
        open().ifPresent(pending::add);
      }
      boolean refusedThisRound = false;
      for (Held h : List.copyOf(pending)) {
        switch (h.poll()) {
          case ADMITTED -> {
            pending.remove(h);
            admitted.add(h);
          }
          case REFUSED -> {
            pending.remove(h);
            h.peer.close();
            refused++;
            refusedThisRound = true;
          }
          case WAITING -> {
            // not answered yet (a loaded implementation): read again next round
          }
        }
        if (admitted.size() >= HandshakePoolHold.HELD || System.nanoTime() >= until) {
          break;
        }
      }
      if (refusedThisRound) {
        Thread.sleep(REFUSED_PAUSE_MILLIS);
      }
    }
    notAdmittedInTime += admitted.size() < HandshakePoolHold.HELD ? 1 : 0;
    long oldest = admitted.stream().mapToLong(Held::openedAt).min().orElse(System.nanoTime());
    return new Generation(admitted.size(), oldest);
  }

  /** How many admitted connections of this generation the implementation has closed by now. */
  int closedByImplementation() {
    int closed = 0;
    for (Held h : admitted) {
      if (h.closed()) {
        closed++;
      }
    }
    return closed;
  }

  String describe() {
    return generations
        + " generations of "
        + HandshakePoolHold.HELD
        + " admitted handshakes ("
        + notAdmittedInTime
        + " not complete in time), "
        + opened
        + " connections opened, "
        + refused
        + " refused at once by the implementation and re-opened";
  }

  /** A new connection that sent message 1, or empty when the connect itself failed. */
  private Optional<Held> open() throws InterruptedException {
    String name = "holder-" + opened++;
    long openedAt = System.nanoTime();
    TesterPeer peer = null;
    try {
      peer = TesterPeer.connectFrom(source, target, quiet, seed, name);
      peer.sendMessage1(new byte[0]);
      return Optional.of(new Held(peer, openedAt));
    } catch (Exception e) {
      if (peer != null) {
        peer.close();
      }
      refused++;
      Thread.sleep(REFUSED_PAUSE_MILLIS); // a full accept queue: let the implementation catch up
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    admitted.forEach(h -> h.peer.close());
    pending.forEach(h -> h.peer.close());
    admitted.clear();
    pending.clear();
  }

  private enum State {
    ADMITTED,
    REFUSED,
    WAITING
  }

  private record Held(TesterPeer peer, long openedAt) {
    /** Reads message 2 (admitted), the end of the connection (refused), or nothing yet. */
    State poll() {
      try {
        return peer.readHandshakeMessage(POLL).isPresent() ? State.ADMITTED : State.REFUSED;
      } catch (IOException e) {
        return State.WAITING; // nothing within the poll
      }
    }

    /** Whether the implementation has closed it (after message 2, nothing more comes). */
    boolean closed() {
      try {
        return peer.readHandshakeMessage(Duration.ofMillis(1)).isEmpty();
      } catch (IOException e) {
        return false; // nothing within 1 ms: still open
      }
    }
  }
}
