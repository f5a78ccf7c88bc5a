package org.web4.hcp;

import java.util.Optional;
import java.util.Set;
import org.web4.rtt.Deviation;

/**
 * The HCP trust of one session (spec/hcp.md §4.7): its state and the run of corrective feedback
 * behind {@code misunderstanding}. Each input returns the transition it caused, if any; the table
 * is {@link HcpTrust}. Not thread-safe: the runtime's lock guards it. Replayed by {@code
 * vectors/hcp/hcp_trust_test.json}.
 */
public final class SocialTrust {
  /** A change of state and the Table 4.7a event that caused it. */
  public record Transition(HcpTrust.State from, HcpTrust.State to, HcpTrust.Event cause) {}

  private HcpTrust.State state = HcpTrust.State.UNTRUSTED;
  private int correctiveRun;

  /** Deviation.HCP_RESTORED_TO_TRUSTED (testing the kit only): breaks HCP-TRU-001. */
  private final boolean restoredToTrusted;

  public SocialTrust() {
    this(Set.of());
  }

  /**
   * With deliberate deviations from spec/hcp.md (for testing the kit only, see {@link Deviation}).
   */
  public SocialTrust(Set<Deviation> deviations) {
    this.restoredToTrusted = deviations.contains(Deviation.HCP_RESTORED_TO_TRUSTED);
  }

  public HcpTrust.State state() {
    return state;
  }

  /** The peer's first HCP_HELLO was accepted; {@code revoked}: a consent is revoked then. */
  public Optional<Transition> hello(boolean revoked) {
    return apply(revoked ? HcpTrust.Event.HELLO_REVOKED : HcpTrust.Event.HELLO);
  }

  /**
   * An accepted HCP_FEEDBACK: validating, corrective (the second in a row is {@code
   * misunderstanding}, and the run starts again) or neither (the run is kept).
   *
   * @param satisfaction -1 when absent
   */
  public Optional<Transition> feedback(int satisfaction, int corrections) {
    switch (HcpTrust.classify(satisfaction, corrections)) {
      case VALIDATING -> {
        correctiveRun = 0;
        return apply(HcpTrust.Event.VALIDATED);
      }
      case CORRECTIVE -> {
        correctiveRun++;
        if (correctiveRun == HcpTrust.MISUNDERSTANDING_RUN) {
          correctiveRun = 0;
          return apply(HcpTrust.Event.MISUNDERSTANDING);
        }
        return Optional.empty();
      }
      case NEUTRAL -> {
        return Optional.empty();
      }
    }
    throw new AssertionError("unreachable");
  }

  /** A consent became revoked. */
  public Optional<Transition> revoked() {
    return apply(HcpTrust.Event.REVOKED);
  }

  /** No consent is revoked any more. */
  public Optional<Transition> restored() {
    return apply(HcpTrust.Event.RESTORED);
  }

  private Optional<Transition> apply(HcpTrust.Event event) {
    HcpTrust.State from = state;
    HcpTrust.State to =
        restoredToTrusted && event == HcpTrust.Event.RESTORED && from == HcpTrust.State.RESTRICTED
            ? HcpTrust.State.TRUSTED
            : HcpTrust.next(from, event);
    if (from == to) {
      return Optional.empty();
    }
    state = to;
    return Optional.of(new Transition(from, to, event));
  }
}
