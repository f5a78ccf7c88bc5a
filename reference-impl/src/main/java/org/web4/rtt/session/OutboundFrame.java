package org.web4.rtt.session;

import org.jspecify.annotations.Nullable;
import org.web4.rtt.frame.FrameType;

/**
 * A frame this side sends, before it has a sequence number: {@link FrameEncoder} numbers and
 * encrypts it in the order frames reach the socket. {@link #FINISH} is the instruction to send FIN
 * after everything written before it.
 */
@SuppressWarnings("ArrayRecordComponent") // never compared; the body is not shared
record OutboundFrame(@Nullable FrameType type, int flags, int channel, byte[] body) {
  static final OutboundFrame FINISH = new OutboundFrame(null, 0, 0, new byte[0]);
}
