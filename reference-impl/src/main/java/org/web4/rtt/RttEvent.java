package org.web4.rtt;

import java.time.Instant;
import java.util.Map;

/**
 * An observable step of an RTT connection (the event contract of spec/events.md formalises these;
 * the kinds are {@code rtt.*}).
 *
 * @param time the endpoint's clock when it happened
 * @param kind e.g. {@code rtt.handshake.completed}, {@code rtt.channel.opened}, {@code
 *     rtt.error.sent}
 * @param connection a label of the connection: local and remote address
 * @param attributes kind-specific details (strings and numbers)
 */
public record RttEvent(
    Instant time, String kind, String connection, Map<String, Object> attributes) {
  public RttEvent {
    attributes = Map.copyOf(attributes);
  }

  /** Receives events; called on the connection's threads, so it must be quick and thread-safe. */
  @FunctionalInterface
  public interface Sink {
    void accept(RttEvent event);

    static Sink none() {
      return e -> {};
    }
  }
}
