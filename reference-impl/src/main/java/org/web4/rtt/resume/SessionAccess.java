package org.web4.rtt.resume;

import java.util.concurrent.CompletableFuture;
import org.web4.rtt.session.RttConnection;

/**
 * What the endpoint (another package) asks of a session: the request, and the answer to wait for.
 */
public final class SessionAccess {
  private SessionAccess() {}

  /** [RTT-RES-004] the request message 3 carries, bound to {@code h2}. */
  public static ResumeRequest request(Session s, byte[] h2) {
    return s.request(h2);
  }

  /** The RESUME answer on connection {@code c}. */
  public static CompletableFuture<ResumeAnswer> answer(Session s, RttConnection c) {
    return s.answer();
  }
}
