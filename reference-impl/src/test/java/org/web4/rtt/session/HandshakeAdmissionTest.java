package org.web4.rtt.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The decisions of fair handshake admission [RTT-LIM-002, RTT-LIM-006], without sockets. */
class HandshakeAdmissionTest {
  private static final int CAPACITY = 4;

  private static InetSocketAddress from(String host) {
    return new InetSocketAddress(host, 40000);
  }

  @Test
  void oneSourceMayFillEveryPlaceAndTheNextFromItIsRefused() {
    HandshakeAdmission<String> admission = new HandshakeAdmission<>(CAPACITY, true);
    for (int i = 0; i < CAPACITY; i++) {
      assertThat(admission.admit("a" + i, from("127.0.0.1")).refused()).isFalse();
    }
    HandshakeAdmission.Decision<String> further = admission.admit("a4", from("127.0.0.1"));
    assertThat(further.refused()).isTrue(); // [RTT-LIM-002]
    assertThat(admission.inProgress()).isEqualTo(CAPACITY);
  }

  @Test
  void anotherSourceDisplacesTheOldestOfTheSourceHoldingTheMost() {
    HandshakeAdmission<String> admission = new HandshakeAdmission<>(CAPACITY, true);
    admission.admit("b0", from("127.0.0.2"));
    for (int i = 0; i < CAPACITY - 1; i++) {
      admission.admit("a" + i, from("127.0.0.1"));
    }
    HandshakeAdmission.Decision<String> c = admission.admit("c0", from("127.0.0.3"));
    assertThat(c.refused()).isFalse(); // [RTT-LIM-006]
    assertThat(c.displaced()).contains("a0");
    assertThat(admission.inProgress()).isEqualTo(CAPACITY);
    // 127.0.0.2 holds 1, the most is 2 (127.0.0.1): it displaces a1
    assertThat(admission.admit("b1", from("127.0.0.2")).displaced()).contains("a1");
    // now 127.0.0.1, .2 and .3 hold 1, 2, 1: .2 holds the most, b0 is its oldest
    assertThat(admission.admit("a3", from("127.0.0.1")).displaced()).contains("b0");
  }

  @Test
  void onATieTheSourceWhoseOldestCameFirstGivesWay() {
    HandshakeAdmission<String> admission = new HandshakeAdmission<>(CAPACITY, true);
    admission.admit("b0", from("127.0.0.2"));
    admission.admit("a0", from("127.0.0.1"));
    admission.admit("a1", from("127.0.0.1"));
    admission.admit("b1", from("127.0.0.2"));
    assertThat(admission.admit("c0", from("127.0.0.3")).displaced()).contains("b0");
    // a source holding as many as the most is refused at accept [RTT-LIM-002]
    assertThat(admission.admit("a2", from("127.0.0.1")).refused()).isTrue();
  }

  @Test
  void aReleasedPlaceIsFreeAndReleasingTwiceChangesNothing() {
    HandshakeAdmission<String> admission = new HandshakeAdmission<>(CAPACITY, true);
    HandshakeAdmission.Ticket<String> first =
        java.util.Objects.requireNonNull(admission.admit("a0", from("127.0.0.1")).admitted());
    for (int i = 1; i < CAPACITY; i++) {
      admission.admit("a" + i, from("127.0.0.1"));
    }
    admission.release(first);
    admission.release(first);
    assertThat(admission.inProgress()).isEqualTo(CAPACITY - 1);
    assertThat(admission.admit("a4", from("127.0.0.1")).refused()).isFalse();
    assertThat(admission.admit("a5", from("127.0.0.1")).refused()).isTrue();
  }

  @Test
  void aDisplacedTicketIsReleased() {
    HandshakeAdmission<String> admission = new HandshakeAdmission<>(1, true);
    HandshakeAdmission.Ticket<String> first =
        java.util.Objects.requireNonNull(admission.admit("a0", from("127.0.0.1")).admitted());
    admission.admit("b0", from("127.0.0.2"));
    assertThat(admission.released(first)).isTrue();
    admission.release(first); // its handshake's end, later: no place freed twice
    assertThat(admission.inProgress()).isEqualTo(1);
  }

  @Test
  void theDeviationCountsAllSourcesTogether() {
    HandshakeAdmission<String> admission = new HandshakeAdmission<>(1, false);
    admission.admit("a0", from("127.0.0.1"));
    assertThat(admission.admit("b0", from("127.0.0.2")).refused()).isTrue();
  }

  @Test
  void anIpv6SourceIsItsFirst64Bits() {
    assertThat(HandshakeAdmission.sourceOf(from("2001:db8::1")))
        .isEqualTo(HandshakeAdmission.sourceOf(from("2001:db8::ffff:2")));
    assertThat(HandshakeAdmission.sourceOf(from("2001:db8::1")))
        .isNotEqualTo(HandshakeAdmission.sourceOf(from("2001:db8:0:1::1")));
    assertThat(HandshakeAdmission.sourceOf(from("::ffff:127.0.0.2"))).isEqualTo("127.0.0.2");
  }
}
