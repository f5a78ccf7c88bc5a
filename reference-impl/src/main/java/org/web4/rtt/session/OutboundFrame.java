package org.web4.rtt.session;

import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.frame.FrameType;

/**
 * A frame this side sends, before it has a sequence number: {@link FrameEncoder} numbers and
 * encrypts it in the order frames reach the socket. Its body is a view of bytes nobody changes any
 * more (a DATA fragment is a view of the queued message; docs/adr/1106). {@link #FINISH} is the
 * instruction to send FIN after everything written before it.
 */
record OutboundFrame(@Nullable FrameType type, int flags, int channel, ByteBuffer body) {
  static final OutboundFrame FINISH = new OutboundFrame(null, 0, 0, ByteBuffer.allocate(0));
}
