package org.web4.conformance.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web4.conformance.harness.Capability;
import org.web4.conformance.model.Profile;

/** What a check needs, and why it is not applicable when a run or an implementation lacks it. */
class NeedsTest {
  private static final Offer CANONICALIZE_ONLY =
      new Offer(true, Set.of(Capability.CANONICALIZE), false);
  private static final Offer RTT_ONLY = new Offer(false, Set.of(), true);

  @Test
  void aScenarioTaggedCoreNeedsTheWireAlone() {
    Needs needs = Needs.forScenarioTags(List.of("ENV-SIG-004", "core", "cip", "rtt"));

    assertThat(needs).isEqualTo(Needs.wire());
    assertThat(needs.profile()).isEqualTo(Profile.CORE);
    assertThat(needs.unmetBy(Profile.CORE, RTT_ONLY)).isEmpty();
    assertThat(needs.unmetBy(Profile.LIBRARY, CANONICALIZE_ONLY))
        .contains("not applicable: profile \"library\" has no RTT");
    assertThat(needs.unmetBy(Profile.FULL, CANONICALIZE_ONLY))
        .contains("not applicable: the target names no RTT address");
  }

  @Test
  void areaTagsNameCapabilitiesAndTheWire() {
    Needs needs = Needs.forScenarioTags(List.of("lip", "rtt", "clock"));

    assertThat(needs.capabilities())
        .containsExactlyInAnyOrder(Capability.LIP, Capability.RTT, Capability.CLOCK);
    assertThat(needs.usesWire()).isTrue();
    assertThat(needs.profile()).isEqualTo(Profile.FULL);
    assertThat(needs.unmetBy(Profile.CORE, RTT_ONLY))
        .contains("not applicable: profile \"core\" has no harness");
  }

  @Test
  void anEnvelopeScenarioBelongsToTheLibraryProfile() {
    Needs needs = Needs.forScenarioTags(List.of("ENV-JSON-002", "canonicalize", "verify-envelope"));

    assertThat(needs.profile()).isEqualTo(Profile.LIBRARY);
    assertThat(needs.unmetBy(Profile.LIBRARY, CANONICALIZE_ONLY))
        .contains(
            "not applicable: the implementation does not list capability \"verify/envelope\"");
    assertThat(needs.unmetBy(Profile.CORE, RTT_ONLY))
        .contains("not applicable: profile \"core\" has no harness");
  }

  @Test
  void aVectorNeedsTheCapabilityOfItsOperation() {
    assertThat(Needs.forOperation("sign/envelope"))
        .isEqualTo(Needs.harness(Capability.SIGN_ENVELOPE));
    assertThat(Needs.forOperation("reset")).isEqualTo(Needs.harness());
    assertThat(Needs.forOperation("canonicalize").unmetBy(Profile.FULL, CANONICALIZE_ONLY))
        .isEmpty();
  }

  @Test
  void severalMissingCapabilitiesAreNamedInTableOrder() {
    Needs needs = Needs.harness(Capability.VERIFY_RAW, Capability.SIGN_RAW);

    assertThat(needs.unmetBy(Profile.FULL, CANONICALIZE_ONLY))
        .contains(
            "not applicable: the implementation does not list capabilities \"sign/raw\","
                + " \"verify/raw\"");
  }

  @Test
  void theLibraryProfileDoesNotCoverTheProtocolCapabilities() {
    assertThat(Needs.harness(Capability.CIP).unmetBy(Profile.LIBRARY, Offer.everything()))
        .contains("not applicable: profile \"library\" does not cover \"cip\"");
  }

  @Test
  void harnessOneZeroNamesGrantBothHalves() {
    assertThat(Capability.listed(List.of("canonicalize", "sign", "verify", "teleport")))
        .isEqualTo(
            EnumSet.of(
                Capability.CANONICALIZE,
                Capability.SIGN_RAW,
                Capability.SIGN_ENVELOPE,
                Capability.VERIFY_RAW,
                Capability.VERIFY_ENVELOPE));
  }

  @Test
  void aNotFoundForAnUnlistedOperationIsNotApplicable() {
    String notFound = "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no such operation\"}}";

    assertThat(Needs.unlistedOperation("POST /sign/raw", 404, notFound, CANONICALIZE_ONLY))
        .contains("not applicable: the implementation does not list capability \"sign/raw\"");
    assertThat(Needs.unlistedOperation("POST /canonicalize", 404, notFound, CANONICALIZE_ONLY))
        .isEmpty();
    assertThat(Needs.unlistedOperation("POST /sign/raw", 500, notFound, CANONICALIZE_ONLY))
        .isEmpty();
  }
}
