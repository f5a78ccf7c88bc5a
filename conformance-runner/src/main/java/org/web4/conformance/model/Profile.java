package org.web4.conformance.model;

import java.util.Locale;

/**
 * Conformance profiles (spec/README.md §2.5): {@code library} and {@code core} are disjoint, {@code
 * full} holds both and everything else but {@code robustness}, which runs the attacks of {@code
 * org.web4.conformance.robustness} alone (docs/adr/1208-robustness-profile.md).
 */
public enum Profile {
  /** The harness alone, for the envelope layer: canonicalize, sign, verify. */
  LIBRARY,
  /** The wire only: RTT connections to the implementation under test, no harness. */
  CORE,
  /** Wire plus harness: every requirement. */
  FULL,
  /**
   * Attacks over the wire (and on the harness where there is one), each followed by a legitimate
   * peer that must still be served; not part of {@code full}, which must not get slower.
   */
  ROBUSTNESS;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a check whose least profile is {@code required} runs in a run of this profile. */
  public boolean includes(Profile required) {
    return this == FULL ? required != ROBUSTNESS : required == this;
  }

  /** Whether a run of this profile talks to the implementation's RTT endpoint. */
  public boolean hasRtt() {
    return this != LIBRARY;
  }

  /** Whether a run of this profile uses the implementation's harness. */
  public boolean hasHarness() {
    return this != CORE;
  }
}
