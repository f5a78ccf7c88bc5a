package org.web4.rtt;

import java.util.Optional;
import org.web4.envelope.Protocol;

/**
 * Which standard channel each message type travels on (spec/rtt.md §5, [RTT-CH-002]): the
 * handshake, intents and every HCP message on {@code control}; state updates on {@code state};
 * knowledge, decisions and every LIP message on {@code knowledge}.
 */
public final class ChannelFamilies {
  private ChannelFamilies() {}

  /** The channel id a message of this protocol and type must arrive on. */
  public static int channelOf(Protocol protocol, String type) {
    return switch (protocol) {
      case HCP -> ChannelNames.CONTROL;
      case LIP -> ChannelNames.KNOWLEDGE;
      // spec/rtt.md Table 5: MESH_ROUTES on state, the other mesh types on control
      case MESH -> type.equals("MESH_ROUTES") ? ChannelNames.STATE : ChannelNames.CONTROL;
      case CIP ->
          switch (type) {
            case "STATE_UPDATE" -> ChannelNames.STATE;
            case "FACT_PROPOSE",
                "FACT_CHALLENGE",
                "FACT_CONFIRM",
                "FACT_REJECT",
                "DECISION_SHARE" ->
                ChannelNames.KNOWLEDGE;
            default -> ChannelNames.CONTROL;
          };
    };
  }

  /** The standard channel's name for an id, if it is a standard channel. */
  public static Optional<String> nameOf(int channelId) {
    return ChannelNames.isStandard(channelId)
        ? Optional.of(ChannelNames.STANDARD.get(channelId))
        : Optional.empty();
  }
}
