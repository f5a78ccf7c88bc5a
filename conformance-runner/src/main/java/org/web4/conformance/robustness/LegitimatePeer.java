package org.web4.conformance.robustness;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.conformance.rtt.Transcript;
import org.web4.rtt.frame.FrameType;

/**
 * The polite peer that follows every attack: a fresh TCP connection, the whole handshake with a
 * valid identity payload, the implementation's confirming PING answered, then a PING of its own
 * whose PONG must come back. It tries again (a new connection each time) until one attempt is
 * served or the deadline passes: an implementation may still be closing what the attack left
 * behind, and a loaded machine is slow; only an implementation that stays unable to serve fails.
 */
final class LegitimatePeer {
  /**
   * How long a legitimate peer is given to be served after an attack: generous, so that a loaded
   * 2-core CI machine passes (docs/adr/1208-robustness-profile.md); a served handshake on an idle
   * machine takes milliseconds.
   */
  static final Duration DEADLINE = Duration.ofSeconds(30);

  /** The wait for one answer (message 2, a frame) within an attempt. */
  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

  /** The pause between two attempts. */
  private static final long RETRY_PAUSE_MILLIS = 500;

  private LegitimatePeer() {}

  /**
   * What the legitimate peer got.
   *
   * @param served whether an attempt completed the handshake and a PING round trip
   * @param attempts the connections it opened
   * @param took from its first connection to the PONG (or to giving up)
   * @param lastProblem what went wrong with the last failed attempt ("" if none failed)
   */
  record Result(
      boolean served, int attempts, Duration took, Duration deadline, String lastProblem) {
    String describe() {
      return served
          ? "served: handshake and PING round trip after "
              + attempts
              + " attempt"
              + (attempts == 1 ? "" : "s")
              + " in "
              + took.toMillis()
              + " ms"
              + (lastProblem.isEmpty() ? "" : " (an earlier attempt: " + lastProblem + ")")
          : "NOT served within "
              + deadline.toMillis() / 1000.0
              + " s ("
              + attempts
              + " attempts; the last: "
              + lastProblem
              + ")";
    }
  }

  /** What an attack does before each attempt of the legitimate peer (e.g. fill a pool again). */
  @FunctionalInterface
  interface BeforeAttempt {
    void prepare() throws Exception;
  }

  /** Tries until served or {@code within} has passed ({@link #DEADLINE} in the kit's runs). */
  static Result probe(InetSocketAddress rtt, long seed, Transcript transcript, Duration within)
      throws InterruptedException {
    try {
      return probe(rtt, seed, transcript, within, () -> {}, "legitimate");
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("nothing to prepare, nothing can fail", e);
    }
  }

  /**
   * As {@link #probe(InetSocketAddress, long, Transcript, Duration)}, while an attack goes on:
   * {@code before} runs before every attempt (its time counts against {@code within}); {@code name}
   * names the peer (its keys derive from it and the seed: several peers at once take several).
   */
  static Result probe(
      InetSocketAddress rtt,
      long seed,
      Transcript transcript,
      Duration within,
      BeforeAttempt before,
      String name)
      throws Exception {
    long start = System.nanoTime();
    long deadline = start + within.toNanos();
    int attempts = 0;
    String problem = "";
    while (true) {
      before.prepare();
      attempts++;
      try (TesterPeer peer = TesterPeer.connect(rtt, transcript, seed, name)) {
        peer.handshake(); // message 1 to 3, then the implementation's PING answered [RTT-HS-007]
        byte[] ping = peer.random().bytes(8);
        peer.sendFrame(FrameType.PING, 0, 0, ping);
        String pong = awaitPong(peer, ping);
        if (pong.isEmpty()) {
          return new Result(
              true, attempts, Duration.ofNanos(System.nanoTime() - start), within, problem);
        }
        problem = pong;
      } catch (Exception e) {
        if (e instanceof InterruptedException interrupted) {
          throw interrupted;
        }
        problem = String.valueOf(e.getMessage() == null ? e : e.getMessage());
      }
      if (System.nanoTime() + RETRY_PAUSE_MILLIS * 1_000_000 >= deadline) {
        return new Result(
            false, attempts, Duration.ofNanos(System.nanoTime() - start), within, problem);
      }
      Thread.sleep(RETRY_PAUSE_MILLIS);
    }
  }

  /** "" when the PONG echoing {@code ping} came; else what came instead. */
  private static String awaitPong(TesterPeer peer, byte[] ping) throws InterruptedException {
    long until = System.nanoTime() + ANSWER_WITHIN.toNanos();
    while (System.nanoTime() < until) {
      TesterPeer.Received r = peer.next(Duration.ofNanos(Math.max(1, until - System.nanoTime())));
      RawFrame f = r.frame();
      if (f == null) {
        return "no PONG: " + r.kind() + " (" + r.detail() + ")";
      }
      if (f.is(FrameType.PONG) && Arrays.equals(f.body(), ping)) {
        return "";
      }
      if (f.is(FrameType.ERROR)) {
        return "an ERROR instead of the PONG: " + f.describe();
      }
      // CREDIT, a PING of its own (answered by nobody: the round trip takes less than 15 s)
    }
    return "no PONG within " + ANSWER_WITHIN.toSeconds() + " s";
  }
}
