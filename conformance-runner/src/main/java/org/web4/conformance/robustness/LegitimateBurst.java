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
 * breaks a rule. [RTT-LIM-002] makes room for 64 handshakes at once, so a burst of 48 from one
 * source fits; a peer the implementation closes may try again (every 0.5 s), and each must be
 * served within the profile's 30 s of the burst's start. How many were served at their first
 * attempt is reported, not judged (it depends on the machine's load: a handshake still waiting for
 * a core counts against the 64).
 */
final class LegitimateBurst extends AttackCheck {
  static final int DIALERS = 48;

  LegitimateBurst() {
    super(
        "legitimate-burst",
        DIALERS
            + " legitimate peers at once, each served within 30 s (retries allowed); the share"
            + " served at the first attempt is reported",
        List.of("RTT-LIM-002"),
        false);
  }

  @Override
  void attack(Attack attack) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService dialers = Executors.newFixedThreadPool(DIALERS);
    List<Future<LegitimatePeer.Result>> results = new ArrayList<>();
    try {
      for (int i = 0; i < DIALERS; i++) {
        String name = "burst-" + i;
        results.add(
            dialers.submit(
                () ->
                    LegitimatePeer.probe(
                        attack.rtt(),
                        attack.seed(),
                        new Transcript(), // 48 at once: one transcript each, none kept
                        legitimateDeadline(),
                        go::await,
                        name)));
      }
      go.countDown();
      int served = 0;
      int firstAttempt = 0;
      int mostAttempts = 0;
      List<Long> millis = new ArrayList<>();
      String aProblem = "";
      for (Future<LegitimatePeer.Result> f : results) {
        // bounded: each probe gives up after the deadline; the margin is for a loaded machine
        LegitimatePeer.Result r =
            f.get(
                legitimateDeadline().plus(Duration.ofSeconds(30)).toMillis(),
                TimeUnit.MILLISECONDS);
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
              + " %), at most "
              + mostAttempts
              + " attempts"
              + (millis.isEmpty()
                  ? ""
                  : "; served in "
                      + millis.get(millis.size() / 2)
                      + " ms (median), "
                      + millis.get(millis.size() - 1)
                      + " ms (slowest)")
              + (aProblem.isEmpty() ? "" : "; a refused attempt: " + aProblem));
      if (served < DIALERS) {
        attack.violation(
            (DIALERS - served)
                + " of "
                + DIALERS
                + " legitimate peers dialling at once were not served within "
                + legitimateDeadline().toSeconds()
                + " s (RTT-LIM-002 makes room for 64 handshakes at once); the last problem: "
                + aProblem);
      }
    } finally {
      dialers.shutdownNow();
    }
  }
}
