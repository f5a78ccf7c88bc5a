package org.web4.conformance.judge;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.web4.conformance.harness.HarnessClient;

/**
 * Every msg_id the implementation sent since its last harness reset, across all its connections,
 * with where it was first seen: spec 0.4.0 [ENV-MSG-002] "an implementation MUST NOT send two
 * envelopes with the same msg_id (across all its connections, since its last harness reset or
 * start)". On a connection that resumes an RTT 1.1 session, the same envelope sent again byte for
 * byte is one envelope, not two: a resume retransmits the messages the peer did not deliver (rtt.md
 * §12, RTT-RES-008), the implementation's answers included (RTT-RES-016). Anywhere else it is a
 * second envelope with a used msg_id. Thread-safe.
 */
final class MsgIds implements HarnessClient.StateListener {
  /** Where a msg_id was first seen, and the SHA-256 of the envelope's bytes. */
  @SuppressWarnings("ArrayRecordComponent") // compared with Arrays.equals, never changed
  private record Seen(String where, byte[] digest) {}

  private final Map<String, Seen> firstSeen = new HashMap<>();

  /**
   * Records a msg_id sent at {@code where} in {@code envelope}.
   *
   * @param resumed whether {@code where} is a connection that resumes an RTT 1.1 session
   * @return where it was sent before (in another envelope, when {@code resumed}), if it was
   */
  synchronized Optional<String> record(
      String msgId, String where, byte[] envelope, boolean resumed) {
    byte[] digest = sha256(envelope);
    Seen before = firstSeen.putIfAbsent(msgId, new Seen(where, digest));
    if (before == null || (resumed && Arrays.equals(before.digest(), digest))) {
      return Optional.empty();
    }
    return Optional.of(before.where());
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is in every JDK", e);
    }
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
