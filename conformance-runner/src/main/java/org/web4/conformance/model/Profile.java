package org.web4.conformance.model;

import java.util.Locale;

/** Conformance profiles (spec/README.md §2.5). */
public enum Profile {
  /** The wire only: RTT connections to the implementation under test. */
  CORE,
  /** Wire plus harness. */
  FULL;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether a check that needs {@code required} runs in a run of this profile. */
  public boolean includes(Profile required) {
    return this == FULL || required == CORE;
  }
}
