package org.web4.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameCodec;
import org.web4.rtt.frame.FrameException;
import org.web4.rtt.frame.FrameType;

/**
 * The RTT frame decoder (spec/rtt.md §4): any plaintext of a Noise transport message either decodes
 * or is refused with {@link FrameException} (on the wire: ERROR FRAME, RTT-FR-004); nothing else
 * escapes. A frame that decodes encodes back to the same bytes, and an ERROR body is judged without
 * an exception [RTT-ERR-005].
 */
class FrameCodecFuzzTest {

  @FuzzTest
  void decode(byte[] plaintext) {
    Frame frame;
    try {
      frame = FrameCodec.decode(plaintext);
    } catch (FrameException refused) {
      return;
    }
    assertArrayEquals(plaintext, FrameCodec.encode(frame), "encode(decode(frame)) == frame");
    assertTrue(frame.body().length <= Frame.MAX_BODY);
    if (frame.type() == FrameType.ERROR) {
      // Optional.empty() when the body is not as §4.3 defines it; a body that decodes re-encodes
      // to itself, since §4.3 requires the RFC 8785 form.
      ErrorBody.decode(frame.body())
          .ifPresent(
              body -> assertArrayEquals(frame.body(), body.encode(), "ERROR body round trip"));
    }
  }
}
