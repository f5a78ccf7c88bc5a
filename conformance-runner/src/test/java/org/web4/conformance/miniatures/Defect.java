package org.web4.conformance.miniatures;

/** The one deliberate defect of a miniature implementation. */
public enum Defect {
  /** Accepts envelopes without verifying their signature (validation step 7 skipped). */
  SKIPS_SIGNATURE_VERIFICATION,
  /** Sorts member names by their UTF-8 bytes instead of UTF-16 code units when canonicalizing. */
  SORTS_MEMBERS_BY_UTF8,
  /** Accepts duplicate member names (the last one wins), in canonicalize and in envelopes. */
  ACCEPTS_DUPLICATE_MEMBERS,
  /** Forgets msg_ids: never reports REPLAY. */
  NO_REPLAY_MEMORY,
  /** Accepts a clock skew of 600 s instead of 300 s. */
  LENIENT_CLOCK,
  /**
   * Parses numbers of any length and any number of values (issue 20: no ENV-LIM-003, no
   * ENV-LIM-004), in canonicalize and in envelopes.
   */
  NO_PARSE_COST_LIMITS
}
