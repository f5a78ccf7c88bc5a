package org.web4.rtt.session;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Which accepted connections of one listening endpoint may be in the handshake: at most {@code
 * capacity} at once [RTT-LIM-002], shared fairly between sources [RTT-LIM-006] (spec/rtt.md §7,
 * docs/adr/1205).
 *
 * <p>A source is the IPv4 address a connection comes from, or the first 64 bits of its IPv6
 * address. When all places are taken, a connection from a source holding fewer handshakes than the
 * source holding the most takes the place of that source's oldest handshake; any other is refused.
 * One lock guards every count: accepts come from the listener's loop, releases from any thread.
 *
 * @param <C> what is closed when a handshake is displaced (a Netty channel; a string in tests)
 */
final class HandshakeAdmission<C> {
  /** One admitted handshake. Releasing it twice, or after it was displaced, changes nothing. */
  static final class Ticket<C> {
    private final String source;
    private final long order;
    private final C connection;
    private boolean released;

    private Ticket(String source, long order, C connection) {
      this.source = source;
      this.order = order;
      this.connection = connection;
    }

    C connection() {
      return connection;
    }
  }

  /**
   * The answer to a connection that arrived: admitted (possibly displacing another handshake, which
   * the caller closes) or refused (the caller closes it at once, without reading).
   */
  record Decision<C>(@Nullable Ticket<C> admitted, Optional<C> displaced) {
    boolean refused() {
      return admitted == null;
    }
  }

  private final int capacity;
  private final boolean fair;
  private final Map<String, ArrayDeque<Ticket<C>>> bySource = new HashMap<>();
  private int inProgress;
  private long accepted;

  /**
   * @param fair false for {@code Deviation.GLOBAL_HANDSHAKE_LIMIT} (testing the kit only): every
   *     connection beyond the capacity is refused, whatever its source (breaks RTT-LIM-006)
   */
  HandshakeAdmission(int capacity, boolean fair) {
    this.capacity = capacity;
    this.fair = fair;
  }

  /** Decides on a connection accepted from {@code remote}, in accept order. */
  synchronized Decision<C> admit(C connection, SocketAddress remote) {
    String source = sourceOf(remote);
    Optional<C> displaced = Optional.empty();
    if (inProgress >= capacity) {
      // [RTT-LIM-002] a source holding as many as the source holding the most is refused at once.
      ArrayDeque<Ticket<C>> heaviest = fair ? heaviest() : null;
      int own = bySource.getOrDefault(source, new ArrayDeque<>()).size();
      if (heaviest == null || own >= heaviest.size()) {
        return new Decision<>(null, Optional.empty());
      }
      // [RTT-LIM-006] a source holding fewer displaces the oldest handshake of the heaviest.
      Ticket<C> oldest = heaviest.peekFirst();
      if (oldest == null) {
        return new Decision<>(null, Optional.empty());
      }
      release(oldest);
      displaced = Optional.of(oldest.connection);
    }
    Ticket<C> ticket = new Ticket<>(source, accepted++, connection);
    bySource.computeIfAbsent(source, s -> new ArrayDeque<>()).addLast(ticket);
    inProgress++;
    return new Decision<>(ticket, displaced);
  }

  /** The handshake ended (completed, failed, timed out, displaced): its place is free. */
  synchronized void release(Ticket<C> ticket) {
    if (ticket.released) {
      return;
    }
    ticket.released = true;
    inProgress--;
    ArrayDeque<Ticket<C>> queue = bySource.get(ticket.source);
    if (queue != null) {
      queue.remove(ticket);
      if (queue.isEmpty()) {
        bySource.remove(ticket.source);
      }
    }
  }

  /** True when the ticket no longer holds a place (it ended or was displaced). */
  synchronized boolean released(Ticket<C> ticket) {
    return ticket.released;
  }

  /** How many admitted handshakes are in progress. */
  synchronized int inProgress() {
    return inProgress;
  }

  /**
   * The handshakes of the source holding the most; of several, the one whose oldest handshake was
   * accepted first [RTT-LIM-006].
   */
  private @Nullable ArrayDeque<Ticket<C>> heaviest() {
    ArrayDeque<Ticket<C>> best = null;
    for (ArrayDeque<Ticket<C>> queue : bySource.values()) {
      Ticket<C> first = queue.peekFirst();
      if (first == null) {
        continue;
      }
      if (best == null
          || queue.size() > best.size()
          || (queue.size() == best.size() && first.order < best.getFirst().order)) {
        best = queue;
      }
    }
    return best;
  }

  /**
   * The source of a connection [RTT-LIM-006]: its IPv4 address (an IPv4-mapped IPv6 address is the
   * IPv4 one, as Java already reads it), or the first 64 bits of its IPv6 address.
   */
  static String sourceOf(SocketAddress remote) {
    if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
      InetAddress address = inet.getAddress();
      if (address instanceof Inet6Address) {
        return "v6:" + Arrays.toString(Arrays.copyOf(address.getAddress(), 8));
      }
      if (address instanceof Inet4Address) {
        return address.getHostAddress();
      }
    }
    return String.valueOf(remote);
  }
}
