package org.web4.conformance.model;

import java.util.Locale;

/**
 * Conformance profiles (spec/README.md §2.5): {@code library} and {@code core} are disjoint, {@code
 * full} holds both and everything else.
 */
public enum Profile {
  /** The harness alone, for the envelope layer: canonicalize, sign, verify. */
  LIBRARY,
  /** The wire only: RTT connections to the implementation under test, no harness. */
  CORE,
  /** Wire plus harness: every requirement. */
  FULL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a check whose least profile is {@code required} runs in a run of this profile. */
  public boolean includes(Profile required) {
    return this == FULL || required == this;
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
