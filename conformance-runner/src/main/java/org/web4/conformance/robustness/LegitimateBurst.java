package org.web4.conformance.robustness;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.web4.conformance.rtt.Transcript;

/**
 * A legitimate burst (issue 20 point 6: "48 honest dialers at once — the reference refused 39 %"):
 * {@value #DIALERS} peers, each with its own identity, released together, each doing what the
 * legitimate peer does (the whole handshake, then a PING round trip). Not an attack: nothing here
 * breaks a rule. The dialers hold their 48 handshakes at once whatever the machine's load: each
 * waits, after message 2 (or after being refused), until all have got that far ({@link
 * #BARRIER_WITHIN} at most) before it sends message 3. [RTT-LIM-002] makes room for 64 handshakes
 * at once, so a first connection closed instead of message 2 is a violation, however loaded the
 * machine; a peer whose attempt failed otherwise (its handshake timed out on a loaded machine) may
 * try again (every 0.5 s), and each must be served within the profile's 30 s of the burst's start.
 * The times are reported, not judged.
 */
final class LegitimateBurst extends AttackCheck {
  static final int DIALERS = 48;

  /** The longest a dialer waits at the barrier for the others' message 2 (RTT-LIM-001: 10 s). */
  static final Duration BARRIER_WITHIN = Duration.ofSeconds(6);

  LegitimateBurst() {
    super(
        "legitimate-burst",
        DIALERS
            + " legitimate peers holding their handshakes at once: none refused at accept, each"
            + " served within 30 s",
        List.of("RTT-LIM-002"),
        false);
  }

  /** One dialer's outcome: the first attempt, then the retries if it was not served. */
  private record Dialer(LegitimatePeer.Result result, boolean refusedAtFirst) {}

  @Override
  void attack(Attack attack) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    CountDownLatch atMessage2 = new CountDownLatch(DIALERS);
    ExecutorService dialers = Executors.newFixedThreadPool(DIALERS);
    List<Future<Dialer>> results = new ArrayList<>();
    try {
      for (int i = 0; i < DIALERS; i++) {
        String name = "burst-" + i;
        results.add(dialers.submit(() -> dial(attack, name, go, atMessage2)));
      }
      go.countDown();
      int served = 0;
      int firstAttempt = 0;
      int refusedAtFirst = 0;
      int mostAttempts = 0;
      List<Long> millis = new ArrayList<>();
      String aProblem = "";
      for (Future<Dialer> f : results) {
        // bounded: each dialer gives up after the deadline; the margin is for a loaded machine
        Dialer d =
            f.get(
                legitimateDeadline().plus(Duration.ofSeconds(30)).toMillis(),
                TimeUnit.MILLISECONDS);
        LegitimatePeer.Result r = d.result();
        refusedAtFirst += d.refusedAtFirst() ? 1 : 0;
        mostAttempts = Math.max(mostAttempts, r.attempts());
        if (r.served()) {
          served++;
          millis.add(r.took().toMillis());
          if (r.attempts() == 1) {
            firstAttempt++;
          }
        }
        if (!r.lastProblem().isEmpty()) {
          aProblem = r.lastProblem();
        }
      }
      Collections.sort(millis);
      attack.note(
          served
              + " of "
              + DIALERS
              + " served, "
              + firstAttempt
              + " at the first attempt ("
              + Math.round(100.0 * firstAttempt / DIALERS)
              + " %), "
              + refusedAtFirst
              + " refused at accept, at most "
              + mostAttempts
              + " attempts"
              + (millis.isEmpty()
                  ? ""
                  : "; served in "
                      + millis.get(millis.size() / 2)
                      + " ms (median), "
                      + millis.get(millis.size() - 1)
                      + " ms (slowest)")
              + (aProblem.isEmpty() ? "" : "; a failed attempt: " + aProblem));
      if (refusedAtFirst > 0) {
        attack.violation(
            "RTT-LIM-002: "
                + refusedAtFirst
                + " of "
                + DIALERS
                + " legitimate peers holding their handshakes at once were closed instead of"
                + " message 2 at their first connection; RTT-LIM-002 makes room for 64"
                + " handshakes");
      }
      if (served < DIALERS) {
        attack.violation(
            (DIALERS - served)
                + " of "
                + DIALERS
                + " legitimate peers dialling at once were not served within "
                + legitimateDeadline().toSeconds()
                + " s; the last problem: "
                + aProblem);
      }
    } finally {
      dialers.shutdownNow();
    }
  }

  /** One dialer: the first attempt with the barrier after message 2, then retries if needed. */
  private Dialer dial(Attack attack, String name, CountDownLatch go, CountDownLatch atMessage2)
      throws Exception {
    go.await();
    long start = System.nanoTime();
    Transcript transcript = new Transcript(); // 48 at once: one transcript each, none kept
    LegitimatePeer.Attempt first =
        LegitimatePeer.attempt(
            attack.rtt(),
            attack.seed(),
            transcript,
            name,
            admitted -> {
              atMessage2.countDown();
              // every dialer holds its handshake until all have theirs (or were refused)
              var unused = atMessage2.await(BARRIER_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
            });
    if (first.served()) {
      return new Dialer(
          new LegitimatePeer.Result(
              true, 1, Duration.ofNanos(System.nanoTime() - start), legitimateDeadline(), ""),
          false);
    }
    Duration left = legitimateDeadline().minus(Duration.ofNanos(System.nanoTime() - start));
    LegitimatePeer.Result retried =
        LegitimatePeer.probe(
            attack.rtt(),
            attack.seed(),
            transcript,
            left.isNegative() ? Duration.ZERO : left,
            () -> {},
            name);
    return new Dialer(
        new LegitimatePeer.Result(
            retried.served(),
            1 + retried.attempts(),
            Duration.ofNanos(System.nanoTime() - start),
            legitimateDeadline(),
            retried.served() ? first.problem() : retried.lastProblem()),
        first.closedBeforeMessage2());
  }
}
