package org.web4.hcp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.Deviation;
import org.web4.rtt.resume.Session;
import org.web4.rtt.session.RttConnection;

/**
 * One {@link HcpSession} per RTT connection — per RTT 1.1 session, across its connections: a
 * resumed session carries its HCP session on (spec/rtt.md §12, RTT-RES-016) — and the order in
 * which they opened (§4.1: an action for a peer goes on its most recently opened session). Guarded
 * by the runtime's lock.
 */
final class HcpSessions {
  /** Keyed by the RTT session a connection carries, or by the connection (RTT 1.0). */
  private final Map<Object, HcpSession> byConnection = new LinkedHashMap<>();

  private final Set<Deviation> deviations;
  private long openedCount;

  /**
   * Deviation.HCP_FORGOTTEN_ON_RESUME (testing the kit only): sessions keyed by the connection
   * whatever it carries (breaks RTT-RES-016).
   */
  private final boolean forgottenOnResume;

  HcpSessions(Set<Deviation> deviations) {
    this.deviations = Set.copyOf(deviations);
    this.forgottenOnResume = deviations.contains(Deviation.HCP_FORGOTTEN_ON_RESUME);
  }

  /** The connection's session, created on its first HCP envelope. */
  HcpSession of(RttConnection connection) {
    HcpSession s =
        byConnection.computeIfAbsent(
            scope(connection), c -> new HcpSession(connection, deviations));
    s.connection = connection; // after a resume, the session's new connection
    return s;
  }

  @Nullable HcpSession get(RttConnection connection) {
    return byConnection.get(scope(connection));
  }

  /**
   * What an HCP session belongs to: the connection's RTT 1.1 session [RTT-RES-016], or the
   * connection (RTT 1.0).
   */
  private Object scope(RttConnection connection) {
    if (forgottenOnResume) {
      return connection;
    }
    return connection.session().map(Object.class::cast).orElse(connection);
  }

  /** Every session, open or not. */
  Iterable<HcpSession> all() {
    return byConnection.values();
  }

  /** The peer's first HCP_HELLO opened {@code s}. */
  void opened(HcpSession s) {
    s.opened = true;
    s.openedSeq = ++openedCount;
  }

  /**
   * The connection ended: its session too, unless its RTT session lives on (suspended, or resumed
   * on another connection already) — a resume carries it on [RTT-RES-016]. Sessions of RTT sessions
   * that ended while suspended go too.
   */
  void remove(RttConnection connection) {
    byConnection.remove(connection);
    byConnection
        .keySet()
        .removeIf(k -> k instanceof Session rs && rs.state() == Session.State.ENDED);
  }

  void clear() {
    byConnection.clear();
    openedCount = 0;
  }

  /** The open sessions, in the order they opened. */
  List<HcpSession> open() {
    List<HcpSession> out = new ArrayList<>();
    for (HcpSession s : byConnection.values()) {
      if (s.opened) {
        out.add(s);
      }
    }
    out.sort(Comparator.comparingLong(s -> s.openedSeq));
    return out;
  }

  /** The peer's most recently opened session (§4.1). */
  Optional<HcpSession> latest(String peer) {
    HcpSession latest = null;
    for (HcpSession s : open()) {
      if (s.peerFingerprint.equals(peer)) {
        latest = s;
      }
    }
    return Optional.ofNullable(latest);
  }
}
