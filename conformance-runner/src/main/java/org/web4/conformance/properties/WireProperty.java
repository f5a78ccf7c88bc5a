package org.web4.conformance.properties;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.CheckContext;
import org.web4.conformance.run.CheckOutcome;
import org.web4.conformance.run.Needs;

/**
 * A differential property run against the implementation, with the reference code as the oracle. On
 * failure it reports QuickTheories' shrunk counterexample, the exchange of that very example, and
 * the one seed that replays it ({@code run --seed N}: the run's, not QuickTheories' own).
 */
abstract class WireProperty<T> implements Check {
  private final String id;
  private final String title;
  private final List<String> requirements;
  private final int examples;
  private final Needs needs;

  /**
   * @param needs the harness operation the property calls for every example
   */
  WireProperty(String id, String title, List<String> requirements, int examples, Needs needs) {
    this.id = id;
    this.needs = needs;
    this.title = title;
    this.requirements = requirements;
    this.examples = examples;
  }

  /** What is generated. */
  abstract Gen<T> generator();

  /**
   * Asks the implementation about one example and compares with the oracle; throws AssertionError
   * with a precise message on a difference. Records the exchange in {@code last}.
   */
  abstract void check(CheckContext context, T example, AtomicReference<@Nullable Exchange> last)
      throws Exception;

  @Override
  public String id() {
    return id;
  }

  @Override
  public String title() {
    return title + " (" + examples + " examples)";
  }

  @Override
  public Needs needs() {
    return needs;
  }

  @Override
  public CaseKind kind() {
    return CaseKind.PROPERTY;
  }

  @Override
  public List<String> requirements() {
    return requirements;
  }

  @Override
  public CheckOutcome run(CheckContext context) throws Exception {
    AtomicReference<@Nullable Exchange> last = new AtomicReference<>();
    AtomicReference<@Nullable Exception> error = new AtomicReference<>();
    // issue 16: the evidence is the exchange of the example QuickTheories reports (the smallest
    // falsifying one), not whatever the last shrink attempt sent, so every failing example's
    // exchange is kept
    IdentityHashMap<Object, @Nullable Exchange> falsifying = new IdentityHashMap<>();
    Falsification found = new Falsification();
    QuickTheory.qt()
        .withReporter(found)
        .withFixedSeed(context.seed() ^ id.hashCode())
        .withExamples(examples)
        .withShrinkCycles(200)
        .forAll(generator())
        .checkAssert(
            example -> {
              try {
                check(context, example, last);
              } catch (AssertionError e) {
                falsifying.put(example, last.get());
                throw e;
              } catch (Exception e) {
                error.set(e);
                throw new AssertionError("the implementation did not answer: " + e.getMessage(), e);
              }
            });
    Exception cause = error.get();
    if (cause != null) {
      throw cause;
    }
    if (!found.falsified()) {
      return CheckOutcome.passed(null, null);
    }
    return found.outcome(falsifying.get(found.smallest()), context.seed());
  }
}
