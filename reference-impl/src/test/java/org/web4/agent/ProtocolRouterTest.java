package org.web4.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.web4.envelope.MessageType;
import org.web4.envelope.MessageTypes;
import org.web4.envelope.Protocol;

/**
 * The routing matrix covers every message type of every protocol, as issue 5 lists it: each row of
 * the registry names a destination, and a type without a row has none (no default).
 */
class ProtocolRouterTest {
  @Test
  void everyRowRoutesToTheDestinationItNames() {
    for (MessageType row : MessageTypes.get().all()) {
      assertThat(ProtocolRouter.destination(row.protocol(), row.type()).wire())
          .as(row.type())
          .isEqualTo(row.handler());
    }
  }

  @Test
  void aTypeWithoutARowHasNoDestination() {
    assertThatThrownBy(() -> ProtocolRouter.destination(Protocol.CIP, "NOT_A_TYPE"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NOT_A_TYPE");
    assertThatThrownBy(() -> ProtocolRouter.destination(Protocol.CIP, "HCP_HELLO"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyCipTypeHasItsDestination() {
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
