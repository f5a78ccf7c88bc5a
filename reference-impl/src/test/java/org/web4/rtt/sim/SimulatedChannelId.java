package org.web4.rtt.sim;

import io.netty.channel.ChannelId;

/** A channel id numbered by the simulation, so that hash order is the same on every replay. */
final class SimulatedChannelId implements ChannelId {
  private static final long serialVersionUID = 1L;

  private final long number;

  SimulatedChannelId(long number) {
    this.number = number;
  }

  @Override
  public String asShortText() {
    return "sim-" + number;
  }

  @Override
  public String asLongText() {
    return asShortText();
  }

  @Override
  public int compareTo(ChannelId o) {
    return asLongText().compareTo(o.asLongText());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SimulatedChannelId other && other.number == number;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(number * 0x9E3779B97F4A7C15L);
  }

  @Override
  public String toString() {
    return asShortText();
  }
}
