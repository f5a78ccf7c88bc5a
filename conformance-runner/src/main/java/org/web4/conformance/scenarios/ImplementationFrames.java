package org.web4.conformance.scenarios;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Predicate;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.rtt.frame.FrameType;

/**
 * How the steps where the implementation sends on named channels ({@link RttResumeIutSendsSteps},
 * {@link RttResumeSendPolicySteps}) read its frames: what an earlier step read ahead first, then
 * the connection, each wait bounded; the implementation's PINGs answered (spec/rtt.md §8: a peer
 * answers every PING); the frames the step passes over skipped. One reading loop for both, so that
 * the two cannot drift apart.
 */
record ImplementationFrames(World world, RttState rtt, NamedChannelSession state) {
  /** How long the tester waits for one of the implementation's frames (bounded, not timed). */
  static final Duration ARRIVAL = Duration.ofSeconds(60);

  /**
   * The next frame of the implementation that {@code skipped} does not pass over, from {@link
   * NamedChannelSession#pending} first; a PING that {@code answered} accepts is answered with its
   * PONG and read past (one it refuses is returned, like the tester's own barrier). A missing frame
   * within {@link #ARRIVAL} fails the check {@code expected}.
   */
  TesterPeer.Received next(
      String expected, Predicate<RawFrame> answered, Predicate<TesterPeer.Received> skipped)
      throws InterruptedException {
    TesterPeer.Received early = state.pending.poll();
    if (early != null) {
      return early;
    }
    long deadline = System.nanoTime() + ARRIVAL.toNanos();
    while (true) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      TesterPeer.Received r = rtt.peer().next(Duration.ofMillis(left));
      RawFrame f = rtt.requireFrame(r, expected);
      if (f.is(FrameType.PING) && answered.test(f)) {
        try {
          rtt.peer().sendFrame(FrameType.PONG, 0, 0, f.body());
        } catch (IOException e) {
          throw world.failure(expected + "; the connection failed: " + e);
        }
        continue;
      }
      if (skipped.test(r)) {
        continue;
      }
      return r;
    }
  }

  /** The number a message of the implementation carries in its first 8 bytes (HAR-RES-003). */
  static long numberOf(byte[] message) {
    return message.length < 8 ? -1 : ByteBuffer.wrap(message).getLong();
  }

  /**
   * The tester takes a message of the implementation: ACK for its last frame, then the message's
   * bytes back as CREDIT on its channel (ACK first, RTT-RES-003).
   */
  void acknowledgeAndCredit(TesterPeer.Received r) throws IOException {
    RawFrame f = r.requireFrame();
    byte[] m = r.message();
    if (m == null) {
      throw new IllegalArgumentException("a DATA frame that ends no message: " + f.describe());
    }
    rtt.peer().sendFrame(FrameType.ACK, 0, 0, RttState.uint32(f.sequence() + 1));
    rtt.peer().sendFrame(FrameType.CREDIT, 0, f.channel(), RttState.uint32(m.length));
  }
}
