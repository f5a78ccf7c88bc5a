package org.web4.conformance.harness;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A harness capability of harness 1.4 (spec/harness.md Table 4): what {@code info.capabilities}
 * lists, and what each operation needs.
 */
public enum Capability {
  CANONICALIZE("canonicalize"),
  SIGN_RAW("sign/raw"),
  SIGN_ENVELOPE("sign/envelope"),
  VERIFY_RAW("verify/raw"),
  VERIFY_ENVELOPE("verify/envelope"),
  RTT("rtt"),
  CLOCK("clock"),
  /** Harness 1.2: {@code clock/hold} (spec/harness.md §4.9, HAR-CLK-002, HAR-CLK-003). */
  CLOCK_HOLD("clock/hold"),
  CIP("cip"),
  EVENTS("events"),
  HCP("hcp"),
  LIP("lip"),
  MESH("mesh"),
  /** Harness 1.2: RTT 1.1 session resume on demand (spec/harness.md §4.15). */
  RTT_RESUME("rtt_resume"),
  /**
   * Harness 1.3: the implementation sends on, and reports what it delivered on, named channels
   * (spec/harness.md §4.16).
   */
  RTT_SEND("rtt_send"),
  /**
   * Harness 1.4: {@code rtt/dial} with {@code "resume":true}, the implementation as the resuming
   * session dialer (spec/harness.md §4.17).
   */
  RTT_DIAL_RESUME("rtt_dial_resume");

  /** The operations of a harness that implements the envelope layer alone (profile library). */
  public static final Set<Capability> LIBRARY =
      EnumSet.of(CANONICALIZE, SIGN_RAW, SIGN_ENVELOPE, VERIFY_RAW, VERIFY_ENVELOPE);

  /**
   * The operation paths of Table 4 (under {@code /harness/v1/}) and the capability each needs;
   * {@code info} and {@code reset} need none.
   */
  private static final Map<String, Capability> BY_OPERATION =
      Map.ofEntries(
          Map.entry("canonicalize", CANONICALIZE),
          Map.entry("sign/raw", SIGN_RAW),
          Map.entry("sign/envelope", SIGN_ENVELOPE),
          Map.entry("verify/raw", VERIFY_RAW),
          Map.entry("verify/envelope", VERIFY_ENVELOPE),
          Map.entry("rtt/dial", RTT),
          Map.entry("rtt/connections", RTT),
          // only mesh/send makes the implementation fill a send queue (spec/harness.md §4.8)
          Map.entry("rtt/send_queue", MESH),
          Map.entry("rtt/resume", RTT_RESUME),
          Map.entry("rtt/send", RTT_SEND),
          Map.entry("rtt/inbox", RTT_SEND),
          Map.entry("clock/advance", CLOCK),
          Map.entry("clock/hold", CLOCK_HOLD),
          Map.entry("trust", CIP),
          Map.entry("trust/anchors", CIP),
          Map.entry("trust/override", CIP),
          Map.entry("state/local", CIP),
          Map.entry("knowledge", CIP),
          Map.entry("events", EVENTS),
          Map.entry("human/state", HCP),
          Map.entry("human/consent", HCP),
          Map.entry("human/intent", HCP),
          Map.entry("human/decision", HCP),
          Map.entry("human/check-in", HCP),
          Map.entry("hcp/sessions", HCP),
          Map.entry("lip/sources", LIP),
          Map.entry("lip/queue", LIP),
          Map.entry("mesh", MESH),
          Map.entry("mesh/send", MESH));

  private final String label;

  Capability(String label) {
    this.label = label;
  }

  /** The name {@code info.capabilities} lists, e.g. {@code sign/envelope}. */
  public String label() {
    return label;
  }

  /**
   * The capability an operation path of Table 4 needs; empty for {@code info} and {@code reset}.
   */
  public static Optional<Capability> ofOperation(String operation) {
    return Optional.ofNullable(BY_OPERATION.get(operation.toLowerCase(Locale.ROOT)));
  }

  /**
   * What an {@code info.capabilities} list grants. A harness 1.0 name stays valid (spec/harness.md
   * §4.1, HAR-INFO-003): {@code sign} means {@code sign/raw} and {@code sign/envelope}, {@code
   * verify} means {@code verify/raw} and {@code verify/envelope}. Names the kit does not know are
   * ignored (a later minor version may add capabilities).
   */
  public static Set<Capability> listed(Collection<String> names) {
    Set<Capability> listed = EnumSet.noneOf(Capability.class);
    for (String name : names) {
      switch (name) {
        case "sign" -> listed.addAll(EnumSet.of(SIGN_RAW, SIGN_ENVELOPE));
        case "verify" -> listed.addAll(EnumSet.of(VERIFY_RAW, VERIFY_ENVELOPE));
        default -> {
          for (Capability c : values()) {
            if (c.label.equals(name)) {
              listed.add(c);
            }
          }
        }
      }
    }
    return listed;
  }
}
