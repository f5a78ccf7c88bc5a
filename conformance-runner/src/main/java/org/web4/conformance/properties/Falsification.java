package org.web4.conformance.properties;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.quicktheories.api.AsString;
import org.quicktheories.core.Reporter;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.model.Evidence;
import org.web4.conformance.model.Evidences;
import org.web4.conformance.run.CheckOutcome;

/**
 * What QuickTheories found when a property failed, kept instead of thrown: its own report names its
 * internal seed ("Seed was …", which the kit's {@code run --seed} does not take) and inlines the
 * cause's stack trace. The outcome names one seed, the run's, and carries the trace as {@link
 * Evidence.Kind#TRACE}.
 */
final class Falsification implements Reporter {
  private @Nullable Object smallest;
  private String description = "";
  private @Nullable Throwable cause;
  private int examplesUsed;
  private boolean falsified;

  @Override
  public void falisification(
      long seed,
      int examplesUsed,
      Object smallest,
      Throwable cause,
      List<Object> others,
      AsString<Object> asString) {
    record(examplesUsed, smallest, cause, asString);
  }

  @Override
  public void falisification(
      long seed,
      int examplesUsed,
      Object smallest,
      List<Object> others,
      AsString<Object> asString) {
    record(examplesUsed, smallest, null, asString);
  }

  @Override
  public void valuesExhausted(int found) {
    throw new IllegalStateException(
        "the generator gave up after " + found + " examples matching its assumptions");
  }

  private void record(
      int examples, Object value, @Nullable Throwable error, AsString<Object> asString) {
    this.falsified = true;
    this.examplesUsed = examples;
    this.smallest = value;
    this.description = asString.asString(value);
    this.cause = error;
  }

  boolean falsified() {
    return falsified;
  }

  /** The smallest falsifying example QuickTheories found (the very object it checked). */
  @Nullable Object smallest() {
    return smallest;
  }

  /**
   * The failed outcome: the cause's message, the counterexample and the one seed that replays it;
   * the counterexample's exchange as request and reply; the counterexample and the cause's trace as
   * evidence.
   */
  CheckOutcome outcome(@Nullable Exchange exchange, long runSeed) {
    Throwable c = cause;
    String why = c == null ? "the property does not hold" : String.valueOf(c.getMessage());
    String message =
        "falsified after "
            + examplesUsed
            + " examples: "
            + why
            + "\nsmallest counterexample: "
            + oneLine(description)
            + "\nreplay exactly with: run --seed "
            + runSeed;
    List<Evidence> evidence = new ArrayList<>();
    evidence.add(Evidences.text("smallest counterexample", description));
    if (c != null) {
      StringWriter trace = new StringWriter();
      c.printStackTrace(new PrintWriter(trace));
      evidence.add(Evidences.trace("stack trace", trace.toString()));
    }
    return CheckOutcome.failed(message, exchange, null).withEvidence(evidence);
  }

  private static String oneLine(String s) {
    String flat = s.replace('\n', ' ');
    return flat.length() <= 200 ? flat : flat.substring(0, 200) + "… (" + flat.length() + " chars)";
  }
}
