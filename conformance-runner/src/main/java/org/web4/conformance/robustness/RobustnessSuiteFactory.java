package org.web4.conformance.robustness;

import java.util.List;
import org.web4.conformance.model.Profile;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.Suite;
import org.web4.conformance.run.SuiteEnvironment;
import org.web4.conformance.run.SuiteFactory;

/**
 * The robustness profile's one suite (issue 20 item 3, docs/adr/1208-robustness-profile.md): the
 * attacks an implementation meets on an open port, each followed by a legitimate peer that must
 * still be served. Its checks run only with {@code --profile robustness}; in any other run they are
 * not applicable, so that the default run does not get slower.
 */
public final class RobustnessSuiteFactory implements SuiteFactory {
  /** The suite's name in reports. */
  public static final String SUITE = "robustness";

  @Override
  public List<Suite> suites(SuiteEnvironment environment) {
    // only a run of profile robustness lists the attacks: every other run stays as it was, not
    // even longer by a line of not-applicable cases
    return environment.profile() == Profile.ROBUSTNESS ? List.of(suite(attacks())) : List.of();
  }

  /** The attacks, in the order they run. */
  static List<AttackCheck> attacks() {
    return List.of(
        new ConnectionFlood(),
        new HandshakeSlowloris(),
        new HandshakePoolHold(),
        new RandomFirstMessages(),
        new HeavyIdentityPayloads(),
        new ShortTransportMessages(),
        new PingFlood(),
        new PinnedMemory(),
        new HarnessSlowloris(),
        new LegitimateBurst());
  }

  /** The robustness suite of these attacks. */
  static Suite suite(List<? extends Check> attacks) {
    return new RobustnessSuite(List.copyOf(attacks));
  }

  private static final class RobustnessSuite implements Suite {
    private final List<Check> checks;

    RobustnessSuite(List<Check> checks) {
      this.checks = checks;
    }

    @Override
    public String name() {
      return SUITE;
    }

    @Override
    public Profile profile() {
      return Profile.ROBUSTNESS;
    }

    @Override
    public List<Check> checks() {
      return checks;
    }
  }
}
