package org.web4.conformance.robustness;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.FrameType;

/**
 * Inputs that are costly to parse, in the identity payload of handshake message 3 (spec/rtt.md
 * Table 3.3 check 1: the payload is within the limits of envelope.md §4): a number of {@value
 * #NUMBER_DIGITS} digits (over ENV-LIM-003's 4,096 characters), an array of {@value #VALUES} values
 * (as many as a message 3 holds: under ENV-LIM-004's bound, so the parse must be cheap rather than
 * refused early) and {@value #DEPTH} nested arrays (over ENV-LIM-002's depth 32). Every payload is
 * refused: [RTT-HS-005] a closing ERROR {@code HANDSHAKE}, within {@value #REFUSED_WITHIN_SECONDS}
 * s, for each of {@value #ROUNDS} rounds of {@value #AT_ONCE} concurrent connections per payload.
 * The implementation's CPU time across the attack is in the evidence when the runner can see its
 * process. Then a legitimate peer must be served.
 */
final class HeavyIdentityPayloads extends AttackCheck {
  static final int NUMBER_DIGITS = 60_000;
  static final int VALUES = 30_000;
  static final int DEPTH = 30_000;
  static final int AT_ONCE = 8;
  static final int ROUNDS = 4;

  /** The wait for the refusal after message 3. */
  static final int REFUSED_WITHIN_SECONDS = 10;

  HeavyIdentityPayloads() {
    super(
        "costly-identity-payloads",
        "identity payloads with a "
            + NUMBER_DIGITS
            + "-digit number, "
            + VALUES
            + " values, "
            + DEPTH
            + " nested arrays, "
            + AT_ONCE
            + " at once; each refused, then a legitimate peer is served",
        List.of("ENV-LIM-002", "ENV-LIM-003", "ENV-LIM-004", "RTT-HS-005"),
        false);
  }

  @Override
  void attack(Attack attack) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(AT_ONCE);
    try {
      for (String kind : List.of("long number", "many values", "deep nesting")) {
        int refused = 0;
        long slowest = 0;
        List<String> wrong = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
          List<Future<Optional<String>>> running = new ArrayList<>();
          List<Long> started = new ArrayList<>();
          for (int i = 0; i < AT_ONCE; i++) {
            started.add(System.nanoTime());
            running.add(pool.submit(() -> refusal(attack, kind)));
          }
          for (int i = 0; i < AT_ONCE; i++) {
            Optional<String> problem = running.get(i).get();
            slowest = Math.max(slowest, System.nanoTime() - started.get(i));
            if (problem.isEmpty()) {
              refused++;
            } else if (wrong.size() < 3) {
              wrong.add(problem.get());
            } else {
              wrong.set(2, "… and more");
            }
          }
        }
        int tries = ROUNDS * AT_ONCE;
        attack.note(
            kind
                + ": "
                + refused
                + " of "
                + tries
                + " payloads refused with ERROR HANDSHAKE; the slowest answer "
                + slowest / 1_000_000
                + " ms after its connect");
        if (refused < tries) {
          attack.violation(
              "RTT-HS-005 (payload with a "
                  + kind
                  + "): "
                  + (tries - refused)
                  + " of "
                  + tries
                  + " not refused with a closing ERROR HANDSHAKE within "
                  + REFUSED_WITHIN_SECONDS
                  + " s: "
                  + String.join("; ", wrong));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Empty when the implementation refused the payload as RTT-HS-005 says; else what it did. */
  private static Optional<String> refusal(Attack attack, String kind) throws Exception {
    try (TesterPeer peer =
        TesterPeer.connect(attack.rtt(), attack.transcript(), attack.seed(), "costly")) {
      peer.sendMessage1(new byte[0]);
      Optional<byte[]> m2 = peer.readHandshakeMessage(RttLimits.HANDSHAKE_TIMEOUT);
      if (m2.isEmpty()) {
        return Optional.of("closed instead of message 2");
      }
      peer.readMessage2(m2.get());
      peer.sendMessage3(payload(peer.validPayload(), kind));
      TesterPeer.Received r = peer.next(Duration.ofSeconds(REFUSED_WITHIN_SECONDS));
      RawFrame f = r.frame();
      if (f == null) {
        return Optional.of(r.kind() + " (" + r.detail() + ")");
      }
      Optional<ErrorBody> e = f.is(FrameType.ERROR) ? ErrorBody.decode(f.body()) : Optional.empty();
      if (e.isPresent() && e.get().code().equals("HANDSHAKE")) {
        return Optional.empty();
      }
      return Optional.of(f.describe());
    }
  }

  /** The valid payload with one member more, whose value is what {@code kind} names. */
  static byte[] payload(byte[] valid, String kind) {
    StringBuilder value = new StringBuilder();
    switch (kind) {
      case "long number" -> value.append('1').append("2".repeat(NUMBER_DIGITS - 1));
      case "many values" -> {
        value.append('[');
        for (int i = 0; i < VALUES; i++) {
          value.append(i == 0 ? "0" : ",0");
        }
        value.append(']');
      }
      case "deep nesting" -> value.append("[".repeat(DEPTH)).append("]".repeat(DEPTH));
      default -> throw new IllegalArgumentException(kind);
    }
    String text = new String(valid, StandardCharsets.UTF_8);
    // "a" sorts first: the member goes right after '{' (the payload stays in RFC 8785 order)
    return ("{\"a\":" + value + "," + text.substring(1)).getBytes(StandardCharsets.UTF_8);
  }
}
