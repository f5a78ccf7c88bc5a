package org.web4.rtt;

/**
 * Deliberate departures from spec/rtt.md (and spec/hcp.md) that the reference can be told to make,
 * so that the conformance kit's own tests can show that it detects each one (a check that cannot
 * fail is not a check). Only code can turn them on — no command-line option does — and no
 * deployment should.
 */
public enum Deviation {
  /** Accept an identity payload whose binding does not verify (violates RTT-HS-004/005). */
  SKIP_BINDING_CHECK,
  /** Accept DATA beyond the window (violates RTT-FLOW-001). */
  IGNORE_WINDOW,
  /** Accept envelopes on any standard channel (violates RTT-CH-002). */
  ANY_CHANNEL,
  /** Accept frames whatever their sequence number (violates RTT-FR-002). */
  NO_SEQUENCE_CHECK,
  /** HCP: no pacing, incoming or outgoing, whatever the level (violates spec/hcp.md §4.4). */
  HCP_NO_PACING,
  /** HCP: the principal's own consent is not consulted (violates HCP-CON-003, HCP-CON-005). */
  HCP_IGNORE_PRINCIPAL_CONSENT
}
