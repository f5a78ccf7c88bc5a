package org.web4.hcp;

import java.util.Set;
import org.web4.rtt.Deviation;

/** The HCP deviations a reference agent runs with (testing the kit only, see {@link Deviation}). */
record HcpDeviations(
    /* HCP_NO_PACING: breaks spec/hcp.md §4.4. */
    boolean noPacing,
    /* HCP_IGNORE_PRINCIPAL_CONSENT: breaks HCP-CON-003, HCP-CON-005. */
    boolean ignorePrincipalConsent,
    /* HCP_LIMITED_AS_GRANTED: breaks HCP-CON-002. */
    boolean limitedAsGranted,
    /* HCP_SKIP_CHECK_IN: breaks HCP-CHK-001. */
    boolean skipCheckIn,
    /* HCP_SLOW_BEFORE_CHECK_IN: breaks HCP-SES-006. */
    boolean slowBeforeCheckIn,
    /* HCP_INTERVAL_ONE_SECOND_SHORT: breaks HCP-PAC-002, HCP-PAC-004 at their boundary. */
    boolean intervalOneSecondShort) {

  /** The minimum interval of a slow level (spec/hcp.md Table 4.4b), as the deviations read it. */
  java.time.Duration minInterval() {
    return intervalOneSecondShort ? Pacing.MIN_INTERVAL.minusSeconds(1) : Pacing.MIN_INTERVAL;
  }

  static HcpDeviations of(Set<Deviation> deviations) {
    return new HcpDeviations(
        deviations.contains(Deviation.HCP_NO_PACING),
        deviations.contains(Deviation.HCP_IGNORE_PRINCIPAL_CONSENT),
        deviations.contains(Deviation.HCP_LIMITED_AS_GRANTED),
        deviations.contains(Deviation.HCP_SKIP_CHECK_IN),
        deviations.contains(Deviation.HCP_SLOW_BEFORE_CHECK_IN),
        deviations.contains(Deviation.HCP_INTERVAL_ONE_SECOND_SHORT));
  }
}
