package org.web4.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web4.cip.TrustState;

/**
 * When a MESH_VOUCH is a {@code vouch} event (spec/mesh.md §4.6: every condition, each failing
 * alone) and which vouches an agent sends (MESH-TRU-003).
 */
class VouchingTest {
  private static final String SELF = "self";
  private static final String SENDER = "sender";
  private static final String SUBJECT = "subject";

  @Test
  void aVouchNeedsViewTrustedATrustedSenderAndAnUnknownThirdAgent() {
    assertThat(Vouching.isVouchEvent("trusted", TrustState.TRUSTED, SENDER, SUBJECT, SELF, true))
        .isTrue();
    assertThat(
            Vouching.isVouchEvent("blacklisted", TrustState.TRUSTED, SENDER, SUBJECT, SELF, true))
        .isFalse();
    for (TrustState s : List.of(TrustState.UNTRUSTED, TrustState.PROBING, TrustState.BLACKLISTED)) {
      assertThat(Vouching.isVouchEvent("trusted", s, SENDER, SUBJECT, SELF, true)).isFalse();
    }
    assertThat(Vouching.isVouchEvent("trusted", TrustState.TRUSTED, SENDER, SUBJECT, SELF, false))
        .isFalse();
    assertThat(Vouching.isVouchEvent("trusted", TrustState.TRUSTED, SENDER, SELF, SELF, true))
        .isFalse();
    assertThat(Vouching.isVouchEvent("trusted", TrustState.TRUSTED, SENDER, SENDER, SELF, true))
        .isFalse();
  }

  @Test
  void aPeerBecomingTrustedIsVouchedToTrustedNeighboursAndHearsOfTheOthers() {
    // X became trusted; N1 trusted neighbour, N2 probing neighbour, T trusted non-neighbour
    Set<String> trusted = Set.of("X", "N1", "T");
    assertThat(Vouching.onTrusted("X", trusted, List.of("N1", "N2")))
        .containsExactly(new Vouching.Vouch("N1", "X"));
    assertThat(Vouching.onTrusted("N1", trusted, List.of("N1", "N2")))
        .containsExactlyInAnyOrder(new Vouching.Vouch("N1", "X"), new Vouching.Vouch("N1", "T"));
  }

  @Test
  void aCompletedSessionWithATrustedNeighbourHearsOfEveryOtherTrustedPeer() {
    assertThat(Vouching.onSession("N1", List.of("N1", "T")))
        .containsExactly(new Vouching.Vouch("N1", "T"));
  }
}
