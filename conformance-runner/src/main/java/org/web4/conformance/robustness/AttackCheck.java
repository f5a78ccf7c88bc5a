package org.web4.conformance.robustness;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.model.Evidence;
import org.web4.conformance.model.Evidences;
import org.web4.conformance.model.Outcome;
import org.web4.conformance.rtt.Transcript;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.CheckContext;
import org.web4.conformance.run.CheckOutcome;
import org.web4.conformance.run.Needs;
import org.web4.conformance.scenarios.NotApplicableHere;

/**
 * One attack of the robustness profile (docs/adr/1208-robustness-profile.md), then the legitimate
 * peer that must still be served ({@link LegitimatePeer}). The check fails when the attack saw a
 * requirement broken or the legitimate peer was not served within {@link LegitimatePeer#DEADLINE}.
 * When the runner launched the implementation, its process is sampled before the attack, right
 * after it and after the legitimate peer ({@link ProcessGauge}); the growth is reported in the
 * evidence, judged only for file descriptors left open ({@link ProcessObservation}).
 */
abstract class AttackCheck implements Check {
  private final String name;
  private final String title;
  private final List<String> requirements;
  private final boolean usesHarness;
  private Duration legitimateDeadline = LegitimatePeer.DEADLINE;

  /**
   * @param name the attack's stable name: the check's id is {@code robustness/<name>}
   * @param usesHarness whether the attack needs the implementation's harness
   */
  AttackCheck(String name, String title, List<String> requirements, boolean usesHarness) {
    this.name = name;
    this.title = title;
    this.requirements = List.copyOf(requirements);
    this.usesHarness = usesHarness;
  }

  /**
   * This check with another deadline for the legitimate peer (the tests of a deliberately weak
   * implementation, which would otherwise wait out the generous default).
   */
  AttackCheck legitimatePeerWithin(Duration deadline) {
    this.legitimateDeadline = deadline;
    return this;
  }

  /** How long the legitimate peer is given ({@link LegitimatePeer#DEADLINE} in the kit's runs). */
  final Duration legitimateDeadline() {
    return legitimateDeadline;
  }

  /**
   * Attacks; notes what it did and any requirement the implementation broke. Throws {@link
   * NotApplicableHere} when it finds that the target cannot be attacked this way (the case is then
   * not applicable, with the reason).
   */
  abstract void attack(Attack attack) throws Exception;

  @Override
  public final String id() {
    return "robustness/" + name;
  }

  @Override
  public final String title() {
    return title;
  }

  @Override
  public final CaseKind kind() {
    return CaseKind.SCENARIO;
  }

  @Override
  public final List<String> requirements() {
    return requirements;
  }

  @Override
  public final Needs needs() {
    return Needs.attack(usesHarness);
  }

  @Override
  public final CheckOutcome run(CheckContext context) throws Exception {
    InetSocketAddress rtt =
        context
            .rtt()
            .orElseThrow(() -> new IllegalStateException("the target names no RTT address"));
    Transcript transcript = new Transcript();
    ProcessObservation observed = ProcessObservation.of(context.process());
    Attack attack =
        new Attack(
            name,
            rtt,
            usesHarness ? Optional.of(context.harness()) : Optional.empty(),
            context.seed(),
            transcript,
            observed::during);
    observed.before();
    long start = System.nanoTime();
    try {
      attack(attack);
    } catch (NotApplicableHere notHere) {
      return CheckOutcome.notApplicable(String.valueOf(notHere.getMessage()));
    }
    long attackMillis = (System.nanoTime() - start) / 1_000_000;
    observed.afterAttack();
    Transcript politeTranscript = new Transcript();
    LegitimatePeer.Result legitimate =
        LegitimatePeer.probe(rtt, context.seed(), politeTranscript, legitimateDeadline);
    observed.afterLegitimatePeer();

    List<String> violations = new ArrayList<>(attack.violations());
    if (!legitimate.served()) {
      violations.add(
          "a legitimate peer was not served within "
              + legitimateDeadline.toSeconds()
              + " s of the attack's end: "
              + legitimate.describe());
    }
    violations.addAll(observed.violations());

    List<Evidence> evidence = new ArrayList<>();
    List<String> lines = new ArrayList<>(attack.notes());
    lines.add("the attack took " + attackMillis + " ms");
    lines.add("legitimate peer: " + legitimate.describe());
    evidence.add(Evidences.text("attack", String.join("\n", lines)));
    evidence.add(Evidences.text("implementation process", observed.describe()));
    if (!legitimate.served() && !politeTranscript.isEmpty()) {
      evidence.add(
          Evidences.text("the legitimate peer's RTT transcript", politeTranscript.render()));
    }
    if (!attack.violations().isEmpty() && !transcript.isEmpty()) {
      evidence.add(Evidences.text("the attack's RTT transcript", transcript.render()));
    }
    // report.json keeps evidence for failed cases only: a passed attack's figures go in its
    // message, so that what it measured is in every report
    String message =
        violations.isEmpty()
            ? String.join("\n", lines) + "\nimplementation process: " + observed.describe()
            : String.join("\n", violations);
    return new CheckOutcome(
        violations.isEmpty() ? Outcome.PASSED : Outcome.FAILED,
        message,
        null,
        null,
        null,
        evidence);
  }
}
