package org.web4.conformance.harnessapi;

import java.util.List;
import org.web4.conformance.model.CaseKind;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.CheckContext;
import org.web4.conformance.run.CheckOutcome;
import org.web4.conformance.run.Needs;

/** One check of the harness API itself (spec/harness.md), over raw HTTP. */
final class ApiCheck implements Check {

  /** The body of a check; an AssertionError (see {@link Expect}) is a failure. */
  @FunctionalInterface
  interface Body {
    void run(RawHarness harness) throws Exception;
  }

  private final String id;
  private final String title;
  private final List<String> requirements;
  private final Needs needs;
  private final Body body;

  /**
   * @param needs the capabilities of the operations the check calls ({@link Needs#harness}): it is
   *     not applicable when info does not list one of them
   */
  ApiCheck(String id, String title, List<String> requirements, Needs needs, Body body) {
    this.id = "harness/" + id;
    this.needs = needs;
    this.title = title;
    this.requirements = List.copyOf(requirements);
    this.body = body;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String title() {
    return title;
  }

  @Override
  public CaseKind kind() {
    return CaseKind.SCENARIO;
  }

  @Override
  public List<String> requirements() {
    return requirements;
  }

  @Override
  public Needs needs() {
    return needs;
  }

  @Override
  public CheckOutcome run(CheckContext context) throws Exception {
    RawHarness harness = new RawHarness(context.harness().baseUrl(), context.harness().token());
    try {
      body.run(harness);
      return CheckOutcome.passed(null, null);
    } catch (AssertionError e) {
      return CheckOutcome.failed(String.valueOf(e.getMessage()), null, null);
    }
  }
}
