package org.web4.conformance.scenarios;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.FrameType;

/**
 * The tester's RTT connection of one scenario and what every RTT step needs of it: the last
 * sequence numbers sent, reading the implementation's next frame (bounded), the end of the
 * connection, and the checks of an ERROR frame. One per scenario, injected.
 */
public final class RttState {
  private final World world;

  public RttState(World world) {
    this.world = world;
  }

  /** How long the tester waits for an answer the spec says must come (PONG: 5 s, RTT-HB-002). */
  static final Duration ANSWER = RttLimits.PONG_WITHIN;

  /** How long the tester waits for the connection to end after a closing ERROR or GOAWAY. */
  static final Duration CLOSE = RttLimits.GOAWAY_CLOSE_WITHIN;

  static final HexFormat HEX = HexFormat.of();
  private @Nullable TesterPeer peer;
  long lastSentSeq = -1;
  long lastMessageSeq = -1;

  TesterPeer peer() {
    TesterPeer p = peer;
    if (p == null) {
      throw new IllegalStateException("no tester connection: a Given step must open one");
    }
    return p;
  }

  /** The tester's connection from now on. */
  TesterPeer use(TesterPeer connection) {
    peer = connection;
    return connection;
  }

  // ---------------------------------------------------------------------------------- helpers

  /** The implementation's identity payload is as spec/rtt.md §3.2 says, every problem named. */
  void checkIdentityPayload() {
    byte[] payload =
        peer()
            .peerPayload()
            .orElseThrow(() -> world.failure("an identity payload from the implementation"));
    byte[] noiseStatic = peer().peerStatic().orElseThrow();
    List<String> problems = IdentityChecks.problems(payload, noiseStatic);
    if (!problems.isEmpty()) {
      throw world.failure("a valid identity payload (spec/rtt.md §3.2); " + problems);
    }
  }

  /**
   * The next frame the implementation sends, skipping CREDIT and ACK frames (they may come at any
   * time) unless the expectation is about them.
   */
  RawFrame awaitFrame(String expected) throws InterruptedException {
    return awaitFrame(expected, ANSWER);
  }

  /** {@link #awaitFrame(String)}, waiting at most {@code within}. */
  RawFrame awaitFrame(String expected, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      TesterPeer.Received r = peer().next(Duration.ofMillis(left));
      RawFrame f = requireFrame(r, expected);
      boolean aboutCredit = expected.startsWith("CREDIT");
      if (!aboutCredit && (f.is(FrameType.CREDIT) || f.is(FrameType.ACK))) {
        continue;
      }
      if (f.is(FrameType.DATA)) {
        continue; // the implementation's own messages (e.g. its CIP HELLO as initiator)
      }
      return f;
    }
  }

  RawFrame requireFrame(TesterPeer.Received r, String expected) {
    if (r.kind() != TesterPeer.Received.Kind.FRAME) {
      throw world.failure(expected + "; got " + r.kind() + " (" + r.detail() + ")");
    }
    return r.requireFrame();
  }

  void awaitClosed(String when) throws InterruptedException {
    long deadline = System.nanoTime() + CLOSE.toNanos();
    while (true) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      TesterPeer.Received r = peer().next(Duration.ofMillis(left));
      switch (r.kind()) {
        case CLOSED -> {
          return;
        }
        case TIMEOUT ->
            throw world.failure(
                "the connection to end "
                    + when
                    + " within "
                    + CLOSE.toSeconds()
                    + " s; it stayed open");
        case FRAME ->
            throw world.failure("nothing more " + when + "; got " + r.requireFrame().describe());
        case UNREADABLE -> throw world.failure("nothing more " + when + "; got " + r.detail());
      }
    }
  }

  ErrorBody checkError(RawFrame f, String code, boolean closing) {
    if (!f.is(FrameType.ERROR)) {
      throw world.failure("an ERROR frame with code " + code + "; got " + f.describe());
    }
    byte[] body = f.body();
    Optional<ErrorBody> e = ErrorBody.decode(body);
    if (e.isEmpty()) {
      throw world.failure("an ERROR body as spec/rtt.md §4.3 defines it; got " + f.describe());
    }
    if (!IdentityChecks.isCanonical(body)) {
      throw world.failure("the ERROR body in its RFC 8785 form; got " + f.describe());
    }
    if (!e.get().code().equals(code)) {
      throw world.failure(
          "error code " + code + "; got " + e.get().code() + " (" + e.get().text() + ")");
    }
    boolean isClosing = (f.flags() & 0x01) != 0;
    if (isClosing != closing || (f.flags() & ~0x01) != 0) {
      throw world.failure(
          (closing ? "a closing ERROR (flags 0x01)" : "a non-closing ERROR (flags 0x00)")
              + "; got "
              + f.describe());
    }
    return e.get();
  }

  static long nextSeqOf(TesterPeer p) {
    return p.nextSequence();
  }

  static int channelId(String channel) {
    int standard = ChannelNames.STANDARD.indexOf(channel);
    return standard >= 0 ? standard : Integer.parseInt(channel);
  }

  static byte[] uint32(long v) {
    return ByteBuffer.allocate(4).putInt((int) v).array();
  }
}
