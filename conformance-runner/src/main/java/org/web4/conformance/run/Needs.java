package org.web4.conformance.run;

import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.Capability;
import org.web4.conformance.model.Profile;

/**
 * What one check needs from the implementation under test and from the run: a harness and the
 * capabilities it calls, the RTT wire, and so the least profile it belongs to. The one place that
 * decides (docs/adr/0306-not-applicable-capabilities-profiles.md):
 *
 * <ul>
 *   <li>a scenario by its tags ({@link #forScenarioTags}: {@code @core} is the wire alone; the area
 *       and operation tags of {@link #SCENARIO_TAGS} name the capabilities);
 *   <li>a vector by the harness operation it calls ({@link #forOperation});
 *   <li>a harness API check and a property by the {@code needs} of its declaration ({@link
 *       #harness}, {@link #wire});
 *   <li>any other check by its suite's profile ({@link #of}).
 * </ul>
 *
 * <p>A check whose need the run cannot meet is not applicable ({@link #unmetBy}), never run: [HAR-
 * INFO-003] an operation whose capability is not listed answers 404, so calling it would only
 * error.
 *
 * @param usesHarness whether the check talks to the harness
 * @param usesWire whether the check talks to the implementation's RTT endpoint
 * @param capabilities the harness capabilities it calls (a subset of what {@code info} must list)
 * @param attack whether the check attacks the implementation (profile robustness alone,
 *     docs/adr/1208-robustness-profile.md)
 */
public record Needs(
    boolean usesHarness, boolean usesWire, Set<Capability> capabilities, boolean attack) {

  /**
   * Scenario tags (without {@code @}) that name what a scenario calls besides the wire: the area
   * tags of features/ and, for the envelope features that only call the vector operations, the
   * operation tags.
   */
  static final Map<String, Capability> SCENARIO_TAGS =
      Map.ofEntries(
          Map.entry("rtt", Capability.RTT),
          Map.entry("clock", Capability.CLOCK),
          // a scenario that holds the clock still to check a boundary exactly (HAR-CLK-002)
          Map.entry("clock-hold", Capability.CLOCK_HOLD),
          Map.entry("cip", Capability.CIP),
          Map.entry("events", Capability.EVENTS),
          Map.entry("hcp", Capability.HCP),
          Map.entry("lip", Capability.LIP),
          Map.entry("mesh", Capability.MESH),
          Map.entry("rtt-resume", Capability.RTT_RESUME),
          Map.entry("rtt-send", Capability.RTT_SEND),
          Map.entry("rtt-dial-resume", Capability.RTT_DIAL_RESUME),
          Map.entry("canonicalize", Capability.CANONICALIZE),
          Map.entry("sign-raw", Capability.SIGN_RAW),
          Map.entry("sign-envelope", Capability.SIGN_ENVELOPE),
          Map.entry("verify-raw", Capability.VERIFY_RAW),
          Map.entry("verify-envelope", Capability.VERIFY_ENVELOPE));

  /** How every reason of a check the plan finds not applicable starts (issue 15 decision 1). */
  public static final String REASON_PREFIX = "not applicable: ";

  /** The tag of a scenario that talks to the implementation over the wire only (no harness). */
  static final String WIRE_ONLY_TAG = "core";

  /**
   * The tags (without {@code @}) that say what a scenario needs: {@value #WIRE_ONLY_TAG} and those
   * of {@link #SCENARIO_TAGS}, sorted.
   */
  public static List<String> knownTags() {
    List<String> tags = new java.util.ArrayList<>(SCENARIO_TAGS.keySet());
    tags.add(WIRE_ONLY_TAG);
    tags.sort(null);
    return List.copyOf(tags);
  }

  public Needs(boolean usesHarness, boolean usesWire, Set<Capability> capabilities) {
    this(usesHarness, usesWire, capabilities, false);
  }

  public Needs {
    capabilities = capabilities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(capabilities));
    if (!capabilities.isEmpty() && !usesHarness) {
      throw new IllegalArgumentException("a capability is a harness capability: " + capabilities);
    }
  }

  /** The wire alone (profile core). */
  public static Needs wire() {
    return new Needs(false, true, Set.of());
  }

  /**
   * The harness with these capabilities (none: {@code info}, {@code reset} and the transport
   * rules); profile library when they are all library capabilities.
   */
  public static Needs harness(Capability... capabilities) {
    return new Needs(true, false, Set.of(capabilities));
  }

  /** The harness with these capabilities and the wire (profile full). */
  public static Needs harnessAndWire(Capability... capabilities) {
    return new Needs(true, true, Set.of(capabilities));
  }

  /**
   * An attack over the wire (profile robustness): the harness is used when the target has one
   * ({@code harness}), else the check works without it.
   */
  public static Needs attack(boolean harness) {
    return new Needs(harness, true, Set.of(), true);
  }

  /** A vector or check that calls one harness operation of Table 4 (e.g. {@code verify/raw}). */
  public static Needs forOperation(String operation) {
    Optional<Capability> capability = Capability.ofOperation(operation);
    return capability.isPresent() ? harness(capability.get()) : harness();
  }

  /**
   * A scenario by its tags (without {@code @}): {@code core} is the wire alone; otherwise the
   * harness, the capabilities of its tags in {@link #SCENARIO_TAGS}, and the wire when it is tagged
   * {@code rtt}. A scenario with no such tag needs the harness and the wire: what it calls is then
   * found out when it runs (an unlisted operation's 404 makes it not applicable).
   */
  public static Needs forScenarioTags(Collection<String> tags) {
    if (tags.contains(WIRE_ONLY_TAG)) {
      return wire();
    }
    Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
    for (String tag : tags) {
      Capability c = SCENARIO_TAGS.get(tag);
      if (c != null) {
        capabilities.add(c);
      }
    }
    if (capabilities.isEmpty()) {
      return new Needs(true, true, Set.of());
    }
    return new Needs(true, capabilities.contains(Capability.RTT), capabilities);
  }

  /** A check that declares no needs: what its suite's profile implies. */
  public static Needs forProfile(Profile profile) {
    return switch (profile) {
      case CORE -> wire();
      case LIBRARY -> harness();
      case FULL -> new Needs(true, true, Set.of());
      case ROBUSTNESS -> attack(false);
    };
  }

  /** The needs of a check of a suite: the check's own, else its suite's profile's. */
  public static Needs of(Suite suite, Check check) {
    Needs declared = check.needs();
    return declared != null ? declared : forProfile(suite.profile());
  }

  /**
   * The least profile this check belongs to: robustness for an attack, core for the wire alone,
   * library for the harness with library capabilities only, full otherwise.
   */
  public Profile profile() {
    if (attack) {
      return Profile.ROBUSTNESS;
    }
    if (!usesHarness) {
      return Profile.CORE;
    }
    return !usesWire && Capability.LIBRARY.containsAll(capabilities)
        ? Profile.LIBRARY
        : Profile.FULL;
  }

  /**
   * Why a check with these needs is not applicable in a run of {@code profile} against an
   * implementation that offers {@code offer}, e.g. {@code not applicable: the implementation does
   * not list capability "sign/envelope"}; empty when it runs.
   */
  public Optional<String> unmetBy(Profile profile, Offer offer) {
    if (usesWire && !profile.hasRtt()) {
      return reason("profile \"" + profile.label() + "\" has no RTT");
    }
    if (usesHarness && !profile.hasHarness()) {
      return reason("profile \"" + profile.label() + "\" has no harness");
    }
    if (!attack && profile == Profile.ROBUSTNESS) {
      return reason("profile \"robustness\" runs the attacks alone");
    }
    if (attack && profile != Profile.ROBUSTNESS) {
      return reason(
          "an attack runs in profile \"robustness\" alone (--profile robustness), not in \""
              + profile.label()
              + "\"");
    }
    if (!profile.includes(profile())) {
      return reason("profile \"" + profile.label() + "\" does not cover " + quoted(notLibrary()));
    }
    if (usesWire && !offer.rtt()) {
      return reason("the target names no RTT address");
    }
    if (usesHarness && !offer.harness()) {
      return reason("the target has no harness");
    }
    List<String> missing =
        capabilities.stream()
            .filter(c -> !offer.capabilities().contains(c))
            .sorted()
            .map(Capability::label)
            .toList();
    if (!missing.isEmpty()) {
      return reason(
          "the implementation does not list capabilit"
              + (missing.size() == 1 ? "y " : "ies ")
              + quoted(missing));
    }
    return Optional.empty();
  }

  private List<String> notLibrary() {
    return capabilities.stream()
        .filter(c -> !Capability.LIBRARY.contains(c))
        .sorted()
        .map(Capability::label)
        .toList();
  }

  private static String quoted(List<String> names) {
    return String.join(", ", names.stream().map(n -> "\"" + n + "\"").toList());
  }

  private static Optional<String> reason(String why) {
    return Optional.of(REASON_PREFIX + why);
  }

  /** The reason a case that errored with 404 for an unlisted operation is not applicable. */
  static Optional<String> unlistedOperation(
      String operation, int status, @Nullable String body, Offer offer) {
    if (status != 404 || body == null || !body.contains("NOT_FOUND")) {
      return Optional.empty();
    }
    // HarnessException names the operation as "POST /verify/envelope"
    String path = operation.substring(operation.lastIndexOf(' ') + 1).replaceFirst("^/", "");
    Optional<Capability> c = Capability.ofOperation(path);
    if (c.isEmpty() || offer.capabilities().contains(c.get())) {
      return Optional.empty();
    }
    return reason("the implementation does not list capability \"" + c.get().label() + "\"");
  }
}
