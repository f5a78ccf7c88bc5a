package org.web4.conformance.robustness;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.rtt.TesterRandom;
import org.web4.conformance.rtt.Transcript;

/**
 * What one attack works with and what it found: the implementation's RTT address (and harness, when
 * the check asked for it), the check's transcript, a random generator derived from the run's seed
 * and the attack's name, and the attack's notes and violations.
 */
final class Attack {
  private final InetSocketAddress rtt;
  private final Optional<HarnessClient> harness;
  private final long seed;
  private final Transcript transcript;
  private final TesterRandom random;
  private final List<String> notes = new ArrayList<>();
  private final List<String> violations = new ArrayList<>();
  private final Consumer<String> sampler;

  Attack(
      String name,
      InetSocketAddress rtt,
      Optional<HarnessClient> harness,
      long seed,
      Transcript transcript,
      Consumer<String> sampler) {
    this.sampler = sampler;
    this.rtt = rtt;
    this.harness = harness;
    this.seed = seed;
    this.transcript = transcript;
    this.random = TesterRandom.of(seed, "robustness/" + name);
  }

  InetSocketAddress rtt() {
    return rtt;
  }

  /** The harness, when the check declared that it uses it and the target has one. */
  HarnessClient harness() {
    return harness.orElseThrow(() -> new IllegalStateException("this attack has no harness"));
  }

  long seed() {
    return seed;
  }

  Transcript transcript() {
    return transcript;
  }

  /** Every random choice of the attack: the same seed replays the same attack. */
  TesterRandom random() {
    return random;
  }

  /** Samples the implementation's process now (when it can be seen), labelled for the evidence. */
  void sampleProcess(String label) {
    sampler.accept(label);
  }

  /** What the attack did or saw, for the evidence. */
  void note(String what) {
    notes.add(what);
  }

  /** A requirement the implementation broke under the attack: the check fails. */
  void violation(String what) {
    violations.add(what);
  }

  List<String> notes() {
    return List.copyOf(notes);
  }

  List<String> violations() {
    return List.copyOf(violations);
  }
}
