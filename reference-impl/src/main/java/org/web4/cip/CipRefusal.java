package org.web4.cip;

import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.web4.envelope.ErrorCode;
import org.web4.rtt.session.RttConnection;

/** A refusal of one envelope: a non-closing ERROR on its channel (rtt.md RTT-ERR-003). */
final class CipRefusal {
  private final RttConnection connection;
  private final int channel;
  private final long lastFrame;
  private final String msgId;
  private final @Nullable Consumer<String> forget;
  private final CipEvents events;

  /**
   * @param forget forgets the msg_id in the agent's replay memory: only the deviation
   *     CIP_FORGET_REFUSED passes one (ENV-RPL-001 keeps a refused envelope remembered); else null
   */
  CipRefusal(
      RttConnection connection,
      int channel,
      long lastFrame,
      String msgId,
      @Nullable Consumer<String> forget,
      CipEvents events) {
    this.connection = connection;
    this.channel = channel;
    this.lastFrame = lastFrame;
    this.msgId = msgId;
    this.forget = forget;
    this.events = events;
  }

  void refuse(String why) {
    refuseWith(ErrorCode.TRUST_VIOLATION, why);
  }

  void refuseWith(ErrorCode code, String why) {
    if (forget != null) {
      forget.accept(msgId); // the deviation
    }
    connection.refuseMessage(channel, lastFrame, msgId, code, why);
    events.emit("cip.refused", connection.label(), Map.of("code", code.name(), "msg_id", msgId));
  }
}
