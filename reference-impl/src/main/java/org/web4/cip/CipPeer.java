package org.web4.cip;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.BiConsumer;
import org.web4.envelope.ErrorCode;

/**
 * Who an envelope came from, and how the behaviour answers and refuses it: the peer of a session
 * (answers on it, refusals are ERROR frames) or the origin of a relayed envelope (answers are
 * originated, spec/mesh.md §4.2; refusals go back through the mesh).
 */
final class CipPeer {
  private final String fingerprint;
  private final BiConsumer<String, ObjectNode> answer;
  private final CipRuntime.RelayedRefusal refusal;
  private final boolean relayed;

  private CipPeer(
      String fingerprint,
      BiConsumer<String, ObjectNode> answer,
      CipRuntime.RelayedRefusal refusal,
      boolean relayed) {
    this.fingerprint = fingerprint;
    this.answer = answer;
    this.refusal = refusal;
    this.relayed = relayed;
  }

  /** The peer of a session. */
  static CipPeer ofSession(CipSession session, CipRefusal refusal, CipOutbox outbox) {
    return new CipPeer(
        session.peerFingerprint,
        (type, payload) -> outbox.send(session, type, payload),
        (code, why) -> refusal.refuse(why),
        false);
  }

  /**
   * The origin of a relayed envelope.
   *
   * @param tell sends an answer to the origin [MESH-DEL-001] (4)
   */
  static CipPeer relayed(
      String origin, CipRuntime.RelayedRefusal refusal, BiConsumer<String, ObjectNode> tell) {
    return new CipPeer(origin, (type, payload) -> tell.accept(type, payload), refusal, true);
  }

  String fingerprint() {
    return fingerprint;
  }

  /** Whether the envelope came relayed through the mesh rather than on a session. */
  boolean relayed() {
    return relayed;
  }

  void answer(String type, ObjectNode payload) {
    answer.accept(type, payload);
  }

  /** Refuses the envelope: a TRUST_VIOLATION ERROR on a session, or back through the mesh. */
  void refuse(String why) {
    refusal.refuse(ErrorCode.TRUST_VIOLATION, why); // [MESH-DEL-002] when relayed
  }
}
