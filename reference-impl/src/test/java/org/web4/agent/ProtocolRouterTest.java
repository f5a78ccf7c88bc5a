package org.web4.agent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.web4.envelope.Protocol;

/** The routing matrix covers every message type of every protocol, as issue 5 lists it. */
class ProtocolRouterTest {
  @Test
  void everyCipTypeHasItsDestination() {
    assertThat(ProtocolRouter.CIP_ROUTES.keySet())
        .containsExactlyInAnyOrderElementsOf(Protocol.CIP.types());
    assertThat(ProtocolRouter.destination(Protocol.CIP, "HELLO"))
        .isEqualTo(ProtocolRouter.Destination.HANDSHAKE);
    assertThat(ProtocolRouter.destination(Protocol.CIP, "VERIFY"))
        .isEqualTo(ProtocolRouter.Destination.TRUST);
    assertThat(ProtocolRouter.destination(Protocol.CIP, "STATE_UPDATE"))
        .isEqualTo(ProtocolRouter.Destination.AGENT_STATE);
    assertThat(ProtocolRouter.destination(Protocol.CIP, "FACT_CONFIRM"))
        .isEqualTo(ProtocolRouter.Destination.KNOWLEDGE);
    assertThat(ProtocolRouter.destination(Protocol.CIP, "INTENT"))
        .isEqualTo(ProtocolRouter.Destination.AGENT_LOOP);
    assertThat(ProtocolRouter.destination(Protocol.CIP, "DECISION_SHARE"))
        .isEqualTo(ProtocolRouter.Destination.DECISION_MEMORY);
  }

  @Test
  void hcpAndLipGoToTheirRuntimes() {
    for (String t : Protocol.HCP.types()) {
      assertThat(ProtocolRouter.destination(Protocol.HCP, t))
          .isEqualTo(ProtocolRouter.Destination.HCP_RUNTIME);
    }
    for (String t : Protocol.LIP.types()) {
      assertThat(ProtocolRouter.destination(Protocol.LIP, t))
          .isEqualTo(ProtocolRouter.Destination.LIP_RUNTIME);
    }
  }
}
