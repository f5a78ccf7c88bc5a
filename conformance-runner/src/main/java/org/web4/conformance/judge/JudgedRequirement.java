package org.web4.conformance.judge;

/**
 * The requirements the wire judge holds every implementation to, on everything it sends in every
 * scenario, with what one judgement is about (the unit its counts are in).
 */
public enum JudgedRequirement {
  /** spec/rtt.md §4.1: "Every frame an endpoint sends MUST be encoded as in §4.1 and Table 4." */
  RTT_FR_001("RTT-FR-001", "frames", "every frame is encoded as rtt.md §4.1 and Table 4 define"),
  /** spec/rtt.md §4.1: sequence numbers 0, 1, 2, … in each direction. */
  RTT_FR_002("RTT-FR-002", "frames", "the frames' sequence numbers are 0, 1, 2, …"),
  /** spec/rtt.md §4.3: "Every ERROR body an endpoint sends MUST be as above." */
  RTT_ERR_002("RTT-ERR-002", "ERROR bodies", "every ERROR body is as rtt.md §4.3 defines it"),
  /** spec 0.4.0 rtt.md §3: an accepting responder's transport frame 0 is a PING. */
  RTT_HS_007(
      "RTT-HS-007",
      "accepted connections",
      "an accepting responder's first frame is a PING on channel 0 (8-byte body, flags 0)"),
  /** spec/envelope.md §9: every envelope passes steps 1–9 at a receiver with the sender's clock. */
  ENV_GEN_001(
      "ENV-GEN-001",
      "envelopes",
      "every envelope passes envelope.md §13 steps 1–9 at the implementation's clock"),
  /** spec/rtt.md §3.2: the key that signs its envelopes is the identity it presents. */
  RTT_HS_003(
      "RTT-HS-003",
      "envelopes",
      "every envelope is signed by the identity bound in the connection's handshake"),
  /** spec 0.4.0 envelope.md §7: no msg_id sent twice since the last reset. */
  ENV_MSG_002(
      "ENV-MSG-002",
      "envelopes",
      "no msg_id is sent twice (on any connection) since the last harness reset"),
  /** spec 0.4.0 rtt.md §5: every envelope on its Table 5 channel. */
  RTT_CH_007("RTT-CH-007", "envelopes", "every envelope travels on its rtt.md Table 5 channel");

  private final String id;
  private final String unit;
  private final String rule;

  JudgedRequirement(String id, String unit, String rule) {
    this.id = id;
    this.unit = unit;
    this.rule = rule;
  }

  /** The requirement ID in spec/. */
  public String id() {
    return id;
  }

  /** What one judgement is about, plural: {@code frames}, {@code envelopes}, … */
  public String unit() {
    return unit;
  }

  /** The rule, in a line. */
  public String rule() {
    return rule;
  }
}
