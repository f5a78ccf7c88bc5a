package org.web4.conformance.run;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.CaseKind;

/**
 * A check that stands for another: the same id, title, kind, requirements and needs (a check that
 * is not applicable stays not applicable); a subclass decides only how it runs.
 */
public abstract class ForwardingCheck implements Check {
  private final Check check;

  protected ForwardingCheck(Check check) {
    this.check = check;
  }

  /** The check this one stands for. */
  protected final Check delegate() {
    return check;
  }

  @Override
  public final String id() {
    return check.id();
  }

  @Override
  public final String title() {
    return check.title();
  }

  @Override
  public final CaseKind kind() {
    return check.kind();
  }

  @Override
  public final List<String> requirements() {
    return check.requirements();
  }

  @Override
  public final @Nullable Needs needs() {
    return check.needs();
  }
}
