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
import org.web4.rtt.session.RttConnection;

/**
 * One {@link HcpSession} per RTT connection, and the order in which they opened (§4.1: an action
 * for a peer goes on its most recently opened session). Guarded by the runtime's lock.
 */
final class HcpSessions {
  private final Map<RttConnection, HcpSession> byConnection = new LinkedHashMap<>();
  private final Set<Deviation> deviations;
  private long openedCount;

  HcpSessions(Set<Deviation> deviations) {
    this.deviations = Set.copyOf(deviations);
  }

  /** The connection's session, created on its first HCP envelope. */
  HcpSession of(RttConnection connection) {
    return byConnection.computeIfAbsent(connection, c -> new HcpSession(c, deviations));
  }

  @Nullable HcpSession get(RttConnection connection) {
    return byConnection.get(connection);
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

  void remove(RttConnection connection) {
    byConnection.remove(connection);
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
