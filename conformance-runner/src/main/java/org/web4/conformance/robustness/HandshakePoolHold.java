package org.web4.conformance.robustness;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.web4.conformance.scenarios.NotApplicableHere;
import org.web4.rtt.RttLimits;

/**
 * The handshake pool held from one source (issue 20: "64 idle sockets re-opened every 10 s lock out
 * every new peer"): {@value #HELD} connections from a second source address of the tester's
 * (127.0.0.2 on loopback) each send handshake message 1, take message 2 and then stay silent — 64
 * handshakes in progress, the whole pool of RTT-LIM-002. [RTT-LIM-006] A legitimate peer from the
 * tester's first address holds fewer handshakes than the source holding the most: the
 * implementation must close that source's oldest and serve it.
 *
 * <p>The verdict does not depend on timing (docs/adr/1212). Before every attempt of the legitimate
 * peer the attack builds a new generation of held handshakes ({@link HeldPool}): {@value #HELD}
 * connections each of which got message 2 (the implementation admitted it), none closed by the
 * tester since. An attempt counts as <em>served while the pool was held</em> only when its own
 * message 2 came less than RTT-LIM-001's 10 s after the oldest of those connections was opened:
 * none of the 64 can have timed out by then, so with 64 places they held every one of them when the
 * peer arrived, and only the displacement RTT-LIM-006 asks for can have made room. An
 * implementation with one global limit of 64 refuses every such attempt, however loaded the machine
 * (a peer it serves in a gap left by a timed-out handshake is not counted). Attempts are retried
 * within the profile's 30 s. The attack needs a second source address, which only an IPv4 loopback
 * target gives the tester: against any other target it is not applicable, with the reason.
 */
final class HandshakePoolHold extends AttackCheck {
  /** Connections the attack holds in the handshake: the whole pool. */
  static final int HELD = RttLimits.MAX_UNAUTHENTICATED;

  /** The bound on building the first generation (not counted in the legitimate peer's time). */
  private static final Duration FIRST_FILL_WITHIN = Duration.ofSeconds(20);

  /** The bound on building each later generation. */
  private static final Duration FILL_WITHIN = Duration.ofSeconds(8);

  /** The pause between two attempts of the legitimate peer. */
  private static final long RETRY_PAUSE_MILLIS = 200;

  HandshakePoolHold() {
    super(
        "handshake-pool-hold",
        HELD
            + " handshakes held from a second source address, re-opened as they close; a"
            + " legitimate peer from the first is served while they are held",
        List.of("RTT-LIM-006"),
        false);
  }

  @Override
  void attack(Attack attack) throws Exception {
    InetSocketAddress target = attack.rtt();
    InetAddress host = target.getAddress();
    if (host == null || !host.isLoopbackAddress() || !(host instanceof Inet4Address)) {
      // not the implementation's fault: the tester has one source address towards a remote target
      throw new NotApplicableHere(
          "the attack needs a second source address (127.0.0.2), which only an IPv4 loopback"
              + " target gives the tester; the target is "
              + target
              + " (run the kit on the implementation's host)");
    }
    InetAddress source =
        InetAddress.getByName(
            host.getHostAddress().equals("127.0.0.2") ? "127.0.0.3" : "127.0.0.2");
    try (HeldPool pool = new HeldPool(source, target, attack.seed())) {
      HeldPool.Generation first = pool.regenerate(FIRST_FILL_WITHIN);
      attack.sampleProcess("with the pool held");
      Tally tally = legitimateWhileHeld(attack, pool, first);
      attack.note(
          "held from "
              + source.getHostAddress()
              + ": "
              + pool.describe()
              + "; the first generation: "
              + first.admitted()
              + " of "
              + HELD
              + " admitted");
      attack.note("legitimate peer while the pool was held: " + tally.describe());
      if (tally.counted == 0 && !(first.admitted() < HELD && tally.servedAtAll > 0)) {
        attack.violation(
            "RTT-LIM-006: a peer from another source than the "
                + HELD
                + " handshakes held from "
                + source.getHostAddress()
                + " must displace the oldest of them and be served while they are held; "
                + tally.describe());
      }
    }
  }

  /**
   * Attempts of the legitimate peer, each after a new generation, until one is served while the
   * pool is held or the deadline passes.
   */
  private Tally legitimateWhileHeld(Attack attack, HeldPool pool, HeldPool.Generation first)
      throws Exception {
    Tally tally = new Tally(legitimateDeadline());
    long start = System.nanoTime();
    long deadline = start + legitimateDeadline().toNanos();
    HeldPool.Generation generation = first;
    while (true) {
      tally.attempts++;
      LegitimatePeer.Attempt attempt =
          LegitimatePeer.attempt(attack.rtt(), attack.seed(), attack.transcript(), "legitimate");
      tally.tookMillis = (System.nanoTime() - start) / 1_000_000;
      if (attempt.served()) {
        tally.servedAtAll++;
        long message2At = attempt.message2At().orElseThrow();
        // [RTT-LIM-001] none of the generation can have timed out before this message 2
        boolean held =
            generation.admitted() == HELD
                && message2At - generation.oldestOpenedAt() < RttLimits.HANDSHAKE_TIMEOUT.toNanos();
        if (held) {
          tally.counted++;
          tally.displacedSeen = pool.closedByImplementation();
          return tally;
        }
        tally.servedNotHeld++;
      } else {
        tally.lastProblem = attempt.problem();
      }
      if (System.nanoTime() + RETRY_PAUSE_MILLIS * 1_000_000 >= deadline) {
        return tally;
      }
      Thread.sleep(RETRY_PAUSE_MILLIS);
      long left = deadline - System.nanoTime();
      generation =
          pool.regenerate(Duration.ofNanos(Math.max(1, Math.min(left, FILL_WITHIN.toNanos()))));
    }
  }

  /** What the legitimate peer got while the pool was held. */
  private static final class Tally {
    private final Duration deadline;
    int attempts;
    int counted;
    int servedAtAll;
    int servedNotHeld;
    int displacedSeen;
    long tookMillis;
    String lastProblem = "";

    Tally(Duration deadline) {
      this.deadline = deadline;
    }

    String describe() {
      String rest =
          (servedNotHeld == 0
                  ? ""
                  : "; "
                      + servedNotHeld
                      + " attempt(s) served when fewer than "
                      + HELD
                      + " handshakes were held or after the oldest could have timed out (not"
                      + " counted)")
              + (lastProblem.isEmpty() ? "" : "; a refused attempt: " + lastProblem);
      return counted > 0
          ? "served while "
              + HELD
              + " handshakes were held, at attempt "
              + attempts
              + " after "
              + tookMillis
              + " ms; "
              + displacedSeen
              + " of the held handshakes seen closed by the implementation then (RTT-LIM-006"
              + " displaces the oldest)"
              + rest
          : "NOT served while the pool was held within "
              + deadline.toMillis() / 1000.0
              + " s ("
              + attempts
              + " attempts, each after "
              + HELD
              + " handshakes were admitted from the other source"
              + rest
              + ")";
    }
  }
}
