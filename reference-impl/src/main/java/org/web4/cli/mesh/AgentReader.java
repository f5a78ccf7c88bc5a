package org.web4.cli.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import org.web4.cli.CommandErrors.InputException;

/**
 * Reads an {@link AgentView} from a live agent's harness: {@code info}, {@code rtt/connections},
 * {@code trust}, and — when the agent lists their capabilities — {@code GET mesh} and the last
 * {@link #RECENT_EVENTS} events.
 */
public final class AgentReader {
  /** How many of the agent's latest events are searched for drops (one {@code events} page). */
  public static final int RECENT_EVENTS = 1000;

  private AgentReader() {}

  public static AgentView read(HarnessClient harness) throws InputException, InterruptedException {
    JsonNode info = harness.get("info");
    boolean mesh = hasCapability(info, "mesh");
    boolean events = hasCapability(info, "events");
    return AgentView.of(
        harness.base().toString(),
        info,
        harness.get("rtt/connections"),
        harness.get("trust"),
        mesh ? harness.get("mesh") : null,
        events ? recentEvents(harness) : null);
  }

  static boolean hasCapability(JsonNode info, String capability) {
    for (JsonNode c : info.path("capabilities")) {
      if (c.asText().equals(capability)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The last {@link #RECENT_EVENTS} events (harness.md §4.11: {@code limit} 1 tells {@code last}).
   */
  private static JsonNode recentEvents(HarnessClient harness)
      throws InputException, InterruptedException {
    long last =
        harness
            .post("events", HarnessClient.object().put("since", 0).put("limit", 1))
            .path("last")
            .asLong();
    long since = Math.max(0, last - RECENT_EVENTS);
    return harness.post(
        "events", HarnessClient.object().put("since", since).put("limit", RECENT_EVENTS));
  }
}
