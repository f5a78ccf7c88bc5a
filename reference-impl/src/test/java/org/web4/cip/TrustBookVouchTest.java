package org.web4.cip;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.web4.agent.AdjustableClock;

/**
 * The two events spec/mesh.md §4.6 adds to the trust book: every cell of Table 4.6, the decay
 * exactly 3,600 s after the vouch by the agent's clock (MESH-TRU-002), what cancels it, and that a
 * vouch and its decay leave a peer unknown.
 */
class TrustBookVouchTest {
  private static final String PEER = "peer";
  private final AdjustableClock clock =
      new AdjustableClock(
          Clock.fixed(Instant.parse("2026-01-15T09:30:00Z"), Clock.systemUTC().getZone()));
  private final List<TrustBook.Transition> seen = new ArrayList<>();
  private final TrustBook book = new TrustBook(seen::add, Set.of(), clock);

  @Test
  void everyCellOfTable46() {
    // spec/mesh.md Table 4.6, row by row: vouch, decay ("·" = unchanged)
    String[][] table = {
      {"untrusted", "probing", "·"},
      {"probing", "·", "untrusted"},
      {"trusted", "·", "·"},
      {"blacklisted", "·", "·"},
    };
    TrustEvent[] columns = {TrustEvent.VOUCH, TrustEvent.DECAY};
    for (String[] row : table) {
      TrustState from = TrustState.ofWire(row[0]).orElseThrow();
      for (int c = 0; c < columns.length; c++) {
        TrustState expected =
            row[c + 1].equals("·") ? from : TrustState.ofWire(row[c + 1]).orElseThrow();
        assertThat(TrustFsm.next(from, columns[c]))
            .as("%s on %s", from, columns[c])
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void aVouchedPeerDecaysExactly3600SecondsLaterAndStaysUnknown() {
    assertThat(book.apply(PEER, TrustEvent.VOUCH)).isEqualTo(TrustState.PROBING);
    assertThat(book.isUnknown(PEER)).isTrue();
    clock.advance(Duration.ofSeconds(3599));
    assertThat(book.decayDue()).isEmpty();
    assertThat(book.stateOf(PEER)).isEqualTo(TrustState.PROBING);
    clock.advance(Duration.ofSeconds(1));
    assertThat(book.decayDue()).containsExactly(PEER);
    assertThat(book.stateOf(PEER)).isEqualTo(TrustState.UNTRUSTED);
    assertThat(book.isUnknown(PEER)).isTrue();
    assertThat(seen).extracting(TrustBook.Transition::cause).containsExactly("vouch", "decay");
    assertThat(book.pendingDecays()).isEmpty();
  }

  @Test
  void aSecondVouchNeitherRestartsNorCancelsTheDecay() {
    book.apply(PEER, TrustEvent.VOUCH);
    clock.advance(Duration.ofSeconds(1800));
    book.apply(PEER, TrustEvent.VOUCH);
    clock.advance(Duration.ofSeconds(1800));
    assertThat(book.decayDue()).containsExactly(PEER);
  }

  @Test
  void anotherEventAnOverrideOrAnAnchorCancelsTheDecayAndMakesThePeerKnown() {
    for (int way = 0; way < 3; way++) {
      book.reset();
      book.apply(PEER, TrustEvent.VOUCH);
      switch (way) {
        case 0 -> book.apply(PEER, TrustEvent.VERIFIED);
        case 1 -> book.override(PEER, TrustState.PROBING);
        default -> book.addAnchors(Set.of(PEER));
      }
      assertThat(book.isUnknown(PEER)).isFalse();
      assertThat(book.pendingDecays()).isEmpty();
      clock.advance(Duration.ofSeconds(3600));
      assertThat(book.decayDue()).isEmpty();
    }
  }

  @Test
  void anAnchorTrustsAVouchedPeerBecauseAVouchDoesNotMakeItKnown() {
    book.apply(PEER, TrustEvent.VOUCH);
    book.addAnchors(Set.of(PEER));
    assertThat(book.stateOf(PEER)).isEqualTo(TrustState.TRUSTED);
  }

  @Test
  void resetCancelsPendingDecays() {
    book.apply(PEER, TrustEvent.VOUCH);
    assertThat(book.pendingDecays()).containsExactly(PEER);
    book.reset();
    assertThat(book.pendingDecays()).isEmpty();
    assertThat(book.isUnknown(PEER)).isTrue();
  }
}
