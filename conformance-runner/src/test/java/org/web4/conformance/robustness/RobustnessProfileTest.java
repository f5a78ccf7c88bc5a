package org.web4.conformance.robustness;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.web4.conformance.model.CaseResult;
import org.web4.conformance.model.Outcome;
import org.web4.rtt.Deviation;

/**
 * The robustness profile against the reference in this JVM: every attack passes; and against
 * deliberately weak implementations it fails, each defect by the attack that can see it (a check
 * that cannot fail is a defect of the kit).
 */
class RobustnessProfileTest {
  private static final long SEED = 20261207L;

  @Test
  void everyAttackPassesAgainstTheReference() throws Exception {
    List<CaseResult> cases =
        ReferenceUnderAttack.run(Set.of(), RobustnessSuiteFactory.attacks(), SEED);
    Map<String, Outcome> outcomes =
        cases.stream().collect(Collectors.toMap(CaseResult::id, CaseResult::outcome));
    assertThat(outcomes)
        .as(describe(cases))
        .hasSize(RobustnessSuiteFactory.attacks().size())
        .allSatisfy((id, outcome) -> assertThat(outcome).isEqualTo(Outcome.PASSED));
    // an embedded target's process is the runner's own: not observed, and the evidence says so
    assertThat(cases.get(0).message()).contains("legitimate peer: served").contains("not observed");
  }

  @Test
  void withoutBufferLimitsPinnedMemoryFailsRttLim005() throws Exception {
    List<CaseResult> cases =
        ReferenceUnderAttack.run(
            Set.of(Deviation.NO_BUFFER_LIMITS), List.of(new PinnedMemory()), SEED);
    assertThat(cases).hasSize(1);
    assertThat(cases.get(0).outcome()).as(describe(cases)).isEqualTo(Outcome.FAILED);
    assertThat(cases.get(0).message())
        .startsWith("RTT-LIM-005: no attack connection was refused with a closing ERROR LIMIT");
  }

  @Test
  void withoutAPingLimitThePingFloodFailsRttLim007() throws Exception {
    List<CaseResult> cases =
        ReferenceUnderAttack.run(Set.of(Deviation.NO_PING_LIMIT), List.of(new PingFlood()), SEED);
    assertThat(cases).hasSize(1);
    assertThat(cases.get(0).outcome()).as(describe(cases)).isEqualTo(Outcome.FAILED);
    assertThat(cases.get(0).message())
        .startsWith("RTT-LIM-007: at most 1000 PONGs, then a closing ERROR LIMIT; got 2000 PONGs");
  }

  @Test
  void withAGlobalHandshakeLimitThePoolHoldFailsRttLim006() throws Exception {
    List<CaseResult> cases =
        ReferenceUnderAttack.run(
            Set.of(Deviation.GLOBAL_HANDSHAKE_LIMIT),
            List.of(new HandshakePoolHold().legitimatePeerWithin(Duration.ofSeconds(5))),
            SEED);
    assertThat(cases).hasSize(1);
    assertThat(cases.get(0).outcome()).as(describe(cases)).isEqualTo(Outcome.FAILED);
    assertThat(cases.get(0).message())
        .startsWith("RTT-LIM-006: a peer from another source than the 64 handshakes held from")
        .contains("NOT served within 5.0 s");
  }

  @Test
  void thePoolHoldIsNotApplicableToATargetThatIsNotIpv4Loopback() throws Exception {
    List<CaseResult> cases;
    try (ReferenceUnderAttack.Front ipv6 =
        new ReferenceUnderAttack.Front() {
          @Override
          public InetSocketAddress front(InetSocketAddress rtt) throws Exception {
            // never contacted: the attack finds it cannot run before it opens a connection
            byte[] ipv6Loopback = new byte[16];
            ipv6Loopback[15] = 1;
            return new InetSocketAddress(InetAddress.getByAddress(ipv6Loopback), rtt.getPort());
          }

          @Override
          public void close() {}
        }) {
      cases = ReferenceUnderAttack.run(Set.of(), List.of(new HandshakePoolHold()), SEED, ipv6);
    }
    assertThat(cases).hasSize(1);
    assertThat(cases.get(0).outcome()).as(describe(cases)).isEqualTo(Outcome.NOT_APPLICABLE);
    assertThat(cases.get(0).message())
        .contains("needs a second source address (127.0.0.2)")
        .contains("0:0:0:0:0:0:0:1")
        .doesNotContain("legitimate peer");
  }

  @Test
  void anEndpointThatStopsServingAfterAFloodFailsTheFlood() throws Exception {
    List<CaseResult> cases;
    try (StopsServingAfterAFlood relay = new StopsServingAfterAFlood()) {
      cases =
          ReferenceUnderAttack.run(
              Set.of(),
              List.of(new ConnectionFlood().legitimatePeerWithin(Duration.ofSeconds(3))),
              SEED,
              relay);
    }
    assertThat(cases).hasSize(1);
    assertThat(cases.get(0).outcome()).as(describe(cases)).isEqualTo(Outcome.FAILED);
    assertThat(cases.get(0).message())
        .contains("a legitimate peer was not served within 3 s")
        .doesNotContain("RTT-LIM-002");
    assertThat(cases.get(0).evidence())
        .extracting(org.web4.conformance.model.Evidence::label)
        .contains("attack", "implementation process", "the legitimate peer's RTT transcript");
  }

  private static String describe(List<CaseResult> cases) {
    return cases.stream()
        .map(c -> c.id() + " " + c.outcome() + "\n" + c.message() + "\n" + c.detail())
        .collect(Collectors.joining("\n\n"));
  }
}
