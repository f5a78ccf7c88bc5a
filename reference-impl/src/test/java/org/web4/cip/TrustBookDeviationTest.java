package org.web4.cip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web4.rtt.Deviation;

/**
 * The deviation {@link Deviation#CIP_ANOMALY_AS_BAD_SIGNATURE} (docs/deviations.md) changes one
 * thing in the trust book: an ANOMALY is taken as a BAD_SIGNATURE, and every other event is as
 * Table 4.4 says. The kit's {@code CipDeviationsTest} shows the kit catches it; this shows the
 * deviation is that one change and nothing else.
 */
class TrustBookDeviationTest {
  private static final String PEER = "peer";

  @Test
  void anAnomalyIsTakenAsABadSignatureAndNothingElseChanges() {
    for (TrustState from : TrustState.values()) {
      for (TrustEvent event : TrustEvent.values()) {
        TrustBook deviant = new TrustBook(t -> {}, Set.of(Deviation.CIP_ANOMALY_AS_BAD_SIGNATURE));
        TrustBook spec = new TrustBook(t -> {});
        deviant.override(PEER, from);
        spec.override(PEER, from);
        TrustEvent taken = event == TrustEvent.ANOMALY ? TrustEvent.BAD_SIGNATURE : event;
        assertThat(deviant.apply(PEER, event))
            .as("%s on %s", event, from)
            .isEqualTo(TrustFsm.next(from, taken))
            .isEqualTo(spec.apply(PEER, taken));
      }
    }
  }

  @Test
  void withoutTheDeviationAnAnomalyFollowsTable44() {
    TrustBook spec = new TrustBook(t -> {}, Set.of());
    spec.override(PEER, TrustState.TRUSTED);
    assertThat(spec.apply(PEER, TrustEvent.ANOMALY))
        .isEqualTo(TrustFsm.next(TrustState.TRUSTED, TrustEvent.ANOMALY));
  }
}
