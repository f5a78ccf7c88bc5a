package org.web4.rtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.web4.envelope.Protocol;

/** rtt.md Table 5 as the registry gives it; a type the protocol does not define has no channel. */
class ChannelFamiliesTest {
  @Test
  void typesTravelOnTheirTableFiveChannel() {
    assertThat(ChannelFamilies.channelOf(Protocol.CIP, "INTENT_RESPONSE"))
        .isEqualTo(ChannelNames.CONTROL);
    assertThat(ChannelFamilies.channelOf(Protocol.CIP, "STATE_UPDATE"))
        .isEqualTo(ChannelNames.STATE);
    assertThat(ChannelFamilies.channelOf(Protocol.CIP, "DECISION_SHARE"))
        .isEqualTo(ChannelNames.KNOWLEDGE);
    assertThat(ChannelFamilies.channelOf(Protocol.HCP, "HCP_STATE_UPDATE"))
        .isEqualTo(ChannelNames.CONTROL);
    assertThat(ChannelFamilies.channelOf(Protocol.LIP, "LIP_FETCH"))
        .isEqualTo(ChannelNames.KNOWLEDGE);
  }

  @Test
  void anUnknownTypeHasNoChannelNotControl() {
    assertThatThrownBy(() -> ChannelFamilies.channelOf(Protocol.CIP, "NOT_A_TYPE"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NOT_A_TYPE");
    assertThatThrownBy(() -> ChannelFamilies.channelOf(Protocol.HCP, "LIP_FETCH"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
