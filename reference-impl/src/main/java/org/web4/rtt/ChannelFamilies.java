package org.web4.rtt;

import java.util.Optional;
import org.web4.envelope.MessageType;
import org.web4.envelope.MessageTypes;
import org.web4.envelope.Protocol;

/**
 * Which standard channel each message type travels on (spec/rtt.md Table 5, [RTT-CH-002],
 * [RTT-CH-007]): the {@code channel} of the type's row in the registry {@link MessageTypes}.
 */
public final class ChannelFamilies {
  private ChannelFamilies() {}

  /**
   * The channel id a message of this protocol and type must arrive on.
   *
   * @throws IllegalArgumentException when the protocol defines no such type: Table 5 names no
   *     channel for it, and there is no default
   */
  public static int channelOf(Protocol protocol, String type) {
    return channelOf(MessageTypes.get().require(protocol, type));
  }

  /** The channel id of a registry row. */
  public static int channelOf(MessageType type) {
    int id = ChannelNames.STANDARD.indexOf(type.channel());
    if (id < 0) {
      throw new IllegalStateException(
          type.type() + ": " + type.channel() + " is no standard channel");
    }
    return id;
  }

  /** The standard channel's name for an id, if it is a standard channel. */
  public static Optional<String> nameOf(int channelId) {
    return ChannelNames.isStandard(channelId)
        ? Optional.of(ChannelNames.STANDARD.get(channelId))
        : Optional.empty();
  }
}
