package org.web4.mesh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.web4.envelope.ErrorCode;

/**
 * Step R6 and §4.3's forwarding: deliver to itself or to everyone; a unicast to its route unless
 * the route record is full (HOP_LIMIT) or the route is missing or in the route record
 * (UNREACHABLE); a broadcast to every neighbour not in the route record while it is not full.
 */
class ForwardingTest {
  private static final String O = "0".repeat(63) + "1";
  private static final String SELF = "5".repeat(64);
  private static final String N1 = "1".repeat(64);
  private static final String N2 = "2".repeat(64);
  private static final String D = "d".repeat(64);
  private final RouteTable routes = new RouteTable(SELF, fp -> false);

  private static RelayPayload relay(String destination, int hopLimit, List<String> route) {
    return new RelayPayload(UUID.randomUUID().toString(), O, destination, hopLimit, route, "QUFB");
  }

  @Test
  void aUnicastForItselfIsDeliveredOnly() {
    assertThat(Forwarding.plan(relay(SELF, 2, List.of(O, N1)), SELF, routes))
        .isEqualTo(new Forwarding(true, List.of(), null));
  }

  @Test
  void aUnicastGoesToItsRoute() {
    routes.neighbours(Map.of(N1, "n1", N2, "n2"));
    routes.announce(N2, List.of(new RouteTable.Entry(D, "d", 1)));
    assertThat(Forwarding.plan(relay(D, 9, List.of(O, N1)), SELF, routes))
        .isEqualTo(new Forwarding(false, List.of(N2), null));
  }

  @Test
  void aFullRouteRecordIsHopLimitBeforeAnyRouteIsLookedAt() {
    assertThat(Forwarding.plan(relay(D, 2, List.of(O, N1)), SELF, routes))
        .isEqualTo(new Forwarding(false, List.of(), ErrorCode.HOP_LIMIT));
  }

  @Test
  void noRouteOrARouteThroughTheRouteRecordIsUnreachable() {
    assertThat(Forwarding.plan(relay(D, 9, List.of(O, N1)), SELF, routes).unforwarded())
        .isEqualTo(ErrorCode.UNREACHABLE);
    routes.neighbours(Map.of(N1, "n1"));
    routes.announce(N1, List.of(new RouteTable.Entry(D, "d", 1)));
    assertThat(Forwarding.plan(relay(D, 9, List.of(O, N1)), SELF, routes).unforwarded())
        .isEqualTo(ErrorCode.UNREACHABLE);
  }

  @Test
  void aBroadcastIsDeliveredAndGoesToEveryNeighbourNotInTheRouteRecordUntilFull() {
    routes.neighbours(Map.of(N1, "n1", N2, "n2", O, "o"));
    assertThat(Forwarding.plan(relay(RelayPayload.BROADCAST, 9, List.of(O, N1)), SELF, routes))
        .isEqualTo(new Forwarding(true, List.of(N2), null));
    assertThat(Forwarding.plan(relay(RelayPayload.BROADCAST, 2, List.of(O, N1)), SELF, routes))
        .isEqualTo(new Forwarding(true, List.of(), null));
  }
}
