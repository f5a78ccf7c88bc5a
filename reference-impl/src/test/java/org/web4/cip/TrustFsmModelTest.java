package org.web4.cip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Model-based test of the trust FSM: random sequences of events, overrides and anchors, applied to
 * a {@link TrustBook} and to a model written independently from the prose of spec/cip.md §4.4 (not
 * from Table 4.4's code), must give the same state after every step. Seeded, so a failure replays.
 */
class TrustFsmModelTest {
  private static final long SEED = 20261130L;
  private static final String[] PEERS = {"p0", "p1", "p2"};
  private static final List<TrustEvent> EVENTS = List.of(TrustEvent.values());
  private static final List<TrustState> STATES = List.of(TrustState.values());

  /** One step of a random history. */
  private record Step(int kind, int peer, int arg) {}

  /** The prose rules, one by one. */
  private static TrustState model(TrustState s, TrustEvent e) {
    if (s == TrustState.BLACKLISTED) {
      return s; // "Only override leaves blacklisted."
    }
    if (e == TrustEvent.MALICIOUS) {
      return TrustState.BLACKLISTED;
    }
    return switch (e) {
      case HANDSHAKE -> s == TrustState.UNTRUSTED ? TrustState.PROBING : s;
      case VERIFIED -> s == TrustState.PROBING ? TrustState.TRUSTED : s;
      case CONFLICT, UNVERIFIABLE ->
          s == TrustState.TRUSTED
              ? TrustState.PROBING
              : s == TrustState.PROBING ? TrustState.UNTRUSTED : s;
      case BAD_SIGNATURE -> s == TrustState.UNTRUSTED ? s : TrustState.UNTRUSTED;
      case ANOMALY -> s == TrustState.TRUSTED ? TrustState.PROBING : s;
      case MALICIOUS -> TrustState.BLACKLISTED;
      // spec/mesh.md Table 4.6: "hearsay can open a door a little, never all the way"
      case VOUCH -> s == TrustState.UNTRUSTED ? TrustState.PROBING : s;
      case DECAY -> s == TrustState.PROBING ? TrustState.UNTRUSTED : s;
    };
  }

  @Test
  void randomHistoriesAgreeWithTheModel() {
    Gen<Step> step =
        integers()
            .between(0, 9)
            .zip(integers().between(0, PEERS.length - 1), integers().between(0, 6), Step::new);
    qt().withFixedSeed(SEED)
        .withExamples(2000)
        .forAll(lists().of(step).ofSizeBetween(1, 40))
        .checkAssert(this::agrees);
  }

  private void agrees(List<Step> history) {
    List<TrustBook.Transition> seen = new ArrayList<>();
    TrustBook book = new TrustBook(seen::add);
    Map<String, TrustState> states = new HashMap<>();
    Map<String, Integer> rejected = new HashMap<>();
    // "Known": the subject of an event of Table 4.4, an override or an anchor (spec/cip.md §4.4).
    java.util.Set<String> known = new java.util.HashSet<>();
    java.util.Set<String> anchors = new java.util.HashSet<>();
    // Listed by the book: known, or the subject of a vouch or a decay (spec/mesh.md §4.6)
    java.util.Set<String> listed = new java.util.HashSet<>();
    for (Step st : history) {
      String p = PEERS[st.peer()];
      TrustState before = states.getOrDefault(p, TrustState.UNTRUSTED);
      TrustState after = before;
      switch (st.kind()) {
        case 0, 1, 2, 3 -> {
          TrustEvent e = EVENTS.get(st.arg() % EVENTS.size());
          book.apply(p, e);
          after = model(before, e);
          listed.add(p);
          if (e != TrustEvent.VOUCH && e != TrustEvent.DECAY) {
            known.add(p);
          }
          if (e == TrustEvent.VERIFIED) {
            rejected.remove(p);
          }
        }
        case 4 -> {
          book.factRejected(p);
          int run = rejected.merge(p, 1, Integer::sum);
          if (run == 3) {
            rejected.remove(p);
            after = model(before, TrustEvent.UNVERIFIABLE);
            known.add(p);
          }
        }
        case 5 -> {
          book.factAccepted(p);
          rejected.remove(p);
          after = model(before, TrustEvent.VERIFIED);
          known.add(p);
        }
        case 6 -> {
          TrustState s = STATES.get(st.arg() % STATES.size());
          book.override(p, s);
          after = s;
          known.add(p);
        }
        case 7 -> {
          book.addAnchors(java.util.Set.of(p));
          anchors.add(p);
          after = known.contains(p) ? before : TrustState.TRUSTED;
          known.add(p);
        }
        case 8 -> {
          book.reset();
          states.clear();
          rejected.clear();
          known.clear();
          listed.clear();
          anchors.clear();
          continue;
        }
        default -> {
          // a read changes nothing: every known peer is listed with its state
          java.util.Map<String, TrustState> expected = new java.util.TreeMap<>();
          listed.forEach(q -> expected.put(q, states.getOrDefault(q, TrustState.UNTRUSTED)));
          assertThat(book.all()).isEqualTo(expected);
          assertThat(book.anchors()).isEqualTo(anchors);
        }
      }
      states.put(p, after);
      listed.addAll(known);
      for (String q : PEERS) {
        assertThat(book.stateOf(q))
            .as("%s after %s", q, history)
            .isEqualTo(states.getOrDefault(q, TrustState.UNTRUSTED));
      }
    }
    // Every reported transition is a real change.
    assertThat(seen).allSatisfy(t -> assertThat(t.from()).isNotEqualTo(t.to()));
  }

  @Test
  void theBookIsBounded() {
    List<TrustBook.Transition> seen = new ArrayList<>();
    TrustBook book = new TrustBook(seen::add);
    for (int i = 0; i < TrustBook.MAX_PEERS; i++) {
      book.override("peer-" + i, TrustState.PROBING);
    }
    book.override("one-too-many", TrustState.TRUSTED);
    assertThat(book.stateOf("one-too-many")).isEqualTo(TrustState.UNTRUSTED);
    assertThat(seen).hasSize(TrustBook.MAX_PEERS);
    book.override("peer-7", TrustState.TRUSTED); // a known peer still changes
    assertThat(book.stateOf("peer-7")).isEqualTo(TrustState.TRUSTED);
  }

  @Test
  void everyCellOfTable44() {
    // The table as printed in spec/cip.md, row by row: handshake, verified, conflict, unverifiable,
    // bad_signature, malicious, anomaly.
    String[][] table = {
      {"untrusted", "probing", "·", "·", "·", "·", "blacklisted", "·"},
      {"probing", "·", "trusted", "untrusted", "untrusted", "untrusted", "blacklisted", "·"},
      {"trusted", "·", "·", "probing", "probing", "untrusted", "blacklisted", "probing"},
      {"blacklisted", "·", "·", "·", "·", "·", "·", "·"},
    };
    TrustEvent[] columns = {
      TrustEvent.HANDSHAKE,
      TrustEvent.VERIFIED,
      TrustEvent.CONFLICT,
      TrustEvent.UNVERIFIABLE,
      TrustEvent.BAD_SIGNATURE,
      TrustEvent.MALICIOUS,
      TrustEvent.ANOMALY
    };
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
}
