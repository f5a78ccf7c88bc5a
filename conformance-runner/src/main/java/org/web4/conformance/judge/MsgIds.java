package org.web4.conformance.judge;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.web4.conformance.harness.HarnessClient;

/**
 * Every msg_id the implementation sent since its last harness reset, across all its connections,
 * with where it was first seen: spec 0.4.0 [ENV-MSG-002] "an implementation MUST NOT send two
 * envelopes with the same msg_id (across all its connections, since its last harness reset or
 * start)". Thread-safe.
 */
final class MsgIds implements HarnessClient.StateListener {
  private final Map<String, String> firstSeen = new HashMap<>();

  /**
   * Records a msg_id sent at {@code where}.
   *
   * @return where it was sent before, if it was
   */
  synchronized Optional<String> record(String msgId, String where) {
    return Optional.ofNullable(firstSeen.putIfAbsent(msgId, where));
  }

  @Override
  public synchronized void reset() {
    firstSeen.clear();
  }

  @Override
  public void clockAdvanced(java.time.Instant now) {
    // msg_ids do not expire: the requirement holds until the next reset
  }
}
