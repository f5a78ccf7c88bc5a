package org.web4.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The route choice of spec/mesh.md §4.2 and the announced table of §4.5: neighbours at 1 hop, the
 * fewest hops then the least neighbour fingerprint, the 9-hop cap, no route to itself or to a
 * blacklisted agent, split horizon, at most 64, ascending.
 */
class RouteTableTest {
  private static final String SELF = "a".repeat(64);
  private static final String N1 = "1".repeat(64);
  private static final String N2 = "2".repeat(64);
  private static final String D = "d".repeat(64);
  private static final String E = "e".repeat(64);
  private final Set<String> blacklisted = new HashSet<>();
  private final RouteTable table = new RouteTable(SELF, blacklisted::contains);

  private static RouteTable.Entry entry(String destination, int hops) {
    return new RouteTable.Entry(destination, "agent-" + destination.charAt(0), hops);
  }

  @Test
  void neighboursAreOneHopThroughThemselves() {
    table.neighbours(Map.of(N1, "n1", N2, "n2"));
    assertThat(table.routes().values())
        .containsExactly(
            new RouteTable.Route(N1, "n1", N1, 1), new RouteTable.Route(N2, "n2", N2, 1));
  }

  @Test
  void theFewestHopsWinThenTheLeastNeighbourFingerprint() {
    table.neighbours(Map.of(N1, "n1", N2, "n2"));
    table.announce(N2, List.of(entry(D, 2), entry(E, 3)));
    table.announce(N1, List.of(entry(D, 3), entry(E, 3)));
    assertThat(table.route(D)).contains(new RouteTable.Route(D, "agent-d", N2, 3));
    assertThat(table.route(E)).contains(new RouteTable.Route(E, "agent-e", N1, 4));
  }

  @Test
  void aDestinationListedTwiceCountsWithItsSmallerHops() {
    table.neighbours(Map.of(N1, "n1"));
    table.announce(N1, List.of(entry(D, 5), entry(D, 2)));
    assertThat(table.route(D).orElseThrow().hops()).isEqualTo(3);
  }

  @Test
  void aRouteOfMoreThanNineHopsIsNotCounted() {
    table.neighbours(Map.of(N1, "n1"));
    table.announce(N1, List.of(entry(D, 8), entry(E, 9)));
    assertThat(table.route(D).orElseThrow().hops()).isEqualTo(RouteTable.MAX_HOPS);
    assertThat(table.route(E)).isEmpty();
  }

  @Test
  void noRouteToItselfNorToABlacklistedAgent() {
    table.neighbours(Map.of(N1, "n1"));
    table.announce(N1, List.of(entry(SELF, 1), entry(D, 1)));
    blacklisted.add(D);
    assertThat(table.routes()).containsOnlyKeys(N1);
  }

  @Test
  void aNeighbourIsReachedDirectlyWhateverOthersAnnounce() {
    table.neighbours(Map.of(N1, "n1", N2, "n2"));
    table.announce(N1, List.of(entry(N2, 1)));
    assertThat(table.route(N2)).contains(new RouteTable.Route(N2, "n2", N2, 1));
  }

  @Test
  void routesOfAnAgentThatIsNoLongerANeighbourAreForgotten() {
    table.neighbours(Map.of(N1, "n1"));
    table.announce(N1, List.of(entry(D, 1)));
    table.neighbours(Map.of());
    table.neighbours(Map.of(N1, "n1"));
    assertThat(table.route(D)).isEmpty();
    table.announce(N2, List.of(entry(E, 1))); // not a neighbour: ignored
    assertThat(table.route(E)).isEmpty();
  }

  @Test
  void forgetLearnedKeepsTheNeighbours() {
    table.neighbours(Map.of(N1, "n1"));
    table.announce(N1, List.of(entry(D, 1)));
    table.forgetLearned();
    assertThat(table.routes()).containsOnlyKeys(N1);
  }

  @Test
  void theAnnouncedTableUsesSplitHorizonAndAscendingOrder() {
    table.neighbours(Map.of(N1, "n1", N2, "n2"));
    table.announce(N1, List.of(entry(D, 1), entry(E, 4)));
    table.announce(N2, List.of(entry(E, 2)));
    assertThat(table.tableFor(N1))
        .containsExactly(new RouteTable.Entry(N2, "n2", 1), entry(E, 3)); // D goes through N1
    assertThat(table.tableFor(N2)).containsExactly(new RouteTable.Entry(N1, "n1", 1), entry(D, 2));
  }

  @Test
  void atMost64DestinationsTheNearestThenTheLeast() {
    table.neighbours(Map.of(N1, "n1", N2, "n2"));
    List<RouteTable.Entry> many = new ArrayList<>();
    for (int i = 0; i < 70; i++) {
      many.add(entry(String.format("%064x", 0xd000 + i), i < 5 ? 3 : 1));
    }
    table.announce(N1, many);
    assertThat(table.routes()).hasSize(RouteTable.MAX_DESTINATIONS);
    assertThat(table.routes()).containsKey(N1).containsKey(N2);
    assertThat(table.routes()).doesNotContainKey(String.format("%064x", 0xd000)); // 4 hops
    List<RouteTable.Entry> toN2 = table.tableFor(N2);
    assertThat(toN2).hasSize(RouteTable.MAX_DESTINATIONS - 1); // all but N2 itself
    assertThat(toN2)
        .isSortedAccordingTo(java.util.Comparator.comparing(RouteTable.Entry::destination));
  }
}
