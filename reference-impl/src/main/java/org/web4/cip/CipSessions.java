package org.web4.cip;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.resume.Session;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.SessionLink;

/**
 * The agent's CIP sessions, keyed by what carries them: an RTT 1.0 connection, or an RTT 1.1
 * session across its connections. spec/rtt.md §12 [RTT-RES-016]: a {@code resumed} RESUME carries
 * the CIP session of the RTT session on — its handshake stays complete, nothing is asked again —
 * while after {@code fresh} the connection is a new session and a new CIP handshake is required
 * [RTT-RES-007]. A suspended session keeps its CIP state until the RTT session ends (retention,
 * GOAWAY, a refusal, a fresh answer).
 */
final class CipSessions {
  private final Map<RttConnection, CipSession> byConnection = new ConcurrentHashMap<>();
  private final Map<SessionLink, CipSession> bySession = new ConcurrentHashMap<>();

  /**
   * Whether {@code c} carries an RTT session that had a CIP session before: a resumed one (or, at a
   * dialer, one being resumed until its RESUME answers).
   */
  boolean resumes(RttConnection c) {
    prune();
    SessionLink link = c.session().orElse(null);
    return link != null && bySession.containsKey(link);
  }

  /**
   * The CIP session of the RTT session that {@code c} now carries, moved onto {@code c}; null when
   * there is none (any more).
   */
  @Nullable CipSession carryOn(RttConnection c) {
    SessionLink link = c.session().orElse(null);
    CipSession s = link == null ? null : bySession.get(link);
    if (s == null) {
      return null;
    }
    RttConnection previous = s.connection;
    s.connection = c; // [RTT-RES-016] the session's CIP state, now on its new connection
    byConnection.remove(previous, s);
    byConnection.put(c, s);
    return s;
  }

  /** Whether a CIP session is on {@code c} itself (not only reachable through its RTT session). */
  boolean holds(RttConnection c) {
    return byConnection.containsKey(c);
  }

  /** A new CIP session on {@code c} (and for the RTT session it carries, if resumable). */
  void add(RttConnection c, CipSession s) {
    byConnection.put(c, s);
    c.session().ifPresent(link -> bySession.put(link, s));
  }

  /**
   * The CIP session on {@code c}; for a connection that ended while its RTT session lives on, that
   * session's (what is sent on it is retained and sent after the resume).
   */
  @Nullable CipSession get(RttConnection c) {
    CipSession s = byConnection.get(c);
    if (s != null) {
      return s;
    }
    SessionLink link = c.session().orElse(null);
    return link == null || ended(link) ? null : bySession.get(link);
  }

  /**
   * {@code c} ended; returns the CIP session it carried. The state stays while its RTT session
   * lives on (suspended: a resume carries it on; connected: a resume already moved it), and goes
   * when the RTT session ended with the connection (GOAWAY, a closing refusal) or there is none.
   */
  @Nullable CipSession closed(RttConnection c) {
    CipSession s = byConnection.remove(c);
    SessionLink link = c.session().orElse(null);
    if (s != null && link != null && ended(link)) {
      bySession.remove(link, s);
    }
    return s;
  }

  /** The connection started a new RTT session after a fresh answer: its CIP session is over. */
  void replaced(RttConnection c, CipSession old) {
    byConnection.remove(c, old);
    bySession.values().removeIf(s -> s == old);
  }

  /** The CIP sessions on open connections. */
  Collection<CipSession> live() {
    return byConnection.values();
  }

  void clear() {
    byConnection.clear();
    bySession.clear();
  }

  /** Drops the CIP state of RTT sessions that ended while suspended (retention, eviction). */
  private void prune() {
    List<SessionLink> ended = new ArrayList<>();
    bySession.forEach(
        (link, s) -> {
          if (ended(link)) {
            ended.add(link);
          }
        });
    ended.forEach(bySession::remove);
  }

  private static boolean ended(SessionLink link) {
    return !(link instanceof Session rs) || rs.state() == Session.State.ENDED;
  }
}
