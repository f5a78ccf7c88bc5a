package org.web4.agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.web4.rtt.handshake.RttHandshakeException;
import org.web4.rtt.session.Reconnector;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.RttEndpoint;

/**
 * The peers the harness dialled with {@code "resume":true} (spec/harness.md §4.17, HAR-RES-005):
 * each is kept by the endpoint's {@link Reconnector}, which after an abrupt end resumes the session
 * on its own on the docs/drafts/rtt-resume.md §6 backoff read from the agent's (harness-controlled)
 * clock, and gives the peer up when the retention time has passed (the session expired, draft §7).
 * {@code reset} stops them all.
 */
final class KeptDials {
  private final RttEndpoint endpoint;
  private final long seed;
  private final Set<String> kept = ConcurrentHashMap.newKeySet();

  KeptDials(RttEndpoint endpoint, long seed) {
    this.endpoint = endpoint;
    this.seed = seed;
  }

  /**
   * [HAR-RES-005] dials and keeps the peer; a peer already kept is given up first (the harness's
   * latest dial wins).
   */
  RttConnection dial(InetSocketAddress address, String peerFingerprint)
      throws IOException, RttHandshakeException {
    Reconnector r = endpoint.reconnector();
    r.stop(peerFingerprint);
    RttConnection c =
        r.keep(
            address,
            peerFingerprint,
            seed ^ peerFingerprint.hashCode(),
            Reconnector.AfterRetention.GIVE_UP, // HAR-RES-005: "until … the retention time"
            (connection, how) -> {});
    kept.add(peerFingerprint);
    return c;
  }

  /** [HAR-RES-005] {@code reset}: nothing is dialled again. */
  void stopAll() {
    for (String peer : kept) {
      endpoint.reconnector().stop(peer);
    }
    kept.clear();
  }
}
