package org.web4.cli.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.web4.cli.CommandErrors.InputException;

/**
 * Every event of every agent, read through the harness ({@code events}, spec/harness.md §4.11) and
 * turned into readable lines: {@code ana | 17:40:01.123 mesh.relay.delivered from dov origin=cleo
 * type=INTENT_RESPONSE …}, fingerprints replaced by names. {@link #drain} returns what happened
 * since the previous call; {@link #seen} keeps every event read, for the checks.
 */
public final class EventFeed {
  private static final int PAGE = 1000;

  private final List<LiveAgent> agents;
  private final Names names;
  private final Map<String, Long> since = new HashMap<>();
  private final Map<String, List<JsonNode>> seen = new HashMap<>();
  private final Map<String, List<JsonNode>> unprinted = new HashMap<>();

  public EventFeed(List<LiveAgent> agents, Names names) {
    this.agents = agents;
    this.names = names;
  }

  /**
   * The events of every agent since the previous drain, as readable lines in the order they
   * happened (the agents share one machine's clock), agent by agent among equal times.
   */
  public List<String> drain() throws InputException, InterruptedException {
    record Line(Instant time, int agent, String text) {}
    List<Line> lines = new ArrayList<>();
    for (int i = 0; i < agents.size(); i++) {
      LiveAgent a = agents.get(i);
      refresh(a);
      for (JsonNode e : unprinted.getOrDefault(a.name(), List.of())) {
        lines.add(new Line(time(e), i, String.format("%-5s| %s", a.name(), format(e, names))));
      }
    }
    unprinted.clear();
    lines.sort(Comparator.comparing(Line::time).thenComparingInt(Line::agent));
    return lines.stream().map(Line::text).toList();
  }

  private static Instant time(JsonNode e) {
    try {
      return Instant.parse(e.path("time").asText());
    } catch (DateTimeParseException ex) {
      return Instant.EPOCH;
    }
  }

  /** Every event of {@code agent} read so far (by a {@link #drain} or {@link #refresh}). */
  public List<JsonNode> seen(LiveAgent agent) {
    return seen.getOrDefault(agent.name(), List.of());
  }

  /** Reads {@code agent}'s new events (the next {@link #drain} prints them). */
  public void refresh(LiveAgent agent) throws InputException, InterruptedException {
    while (true) {
      long from = since.getOrDefault(agent.name(), 0L);
      JsonNode page =
          agent
              .harness()
              .post("events", HarnessClient.object().put("since", from).put("limit", PAGE));
      int count = 0;
      for (Iterator<JsonNode> it = page.path("events").elements(); it.hasNext(); count++) {
        JsonNode e = it.next();
        since.put(agent.name(), e.path("seq").asLong());
        seen.computeIfAbsent(agent.name(), k -> new ArrayList<>()).add(e);
        unprinted.computeIfAbsent(agent.name(), k -> new ArrayList<>()).add(e);
      }
      if (count < PAGE) {
        return;
      }
    }
  }

  /** One event as a line: the time of day, the kind, the peer, then the attributes by name. */
  static String format(JsonNode e, Names names) {
    String time = e.path("time").asText();
    int t = time.indexOf('T');
    StringBuilder line =
        new StringBuilder(t < 0 ? time : time.substring(t + 1).replace("Z", ""))
            .append(' ')
            .append(e.path("kind").asText());
    if (e.path("peer").isTextual()) {
      line.append(" peer=").append(names.name(e.path("peer").asText()));
    }
    Map<String, String> attributes = new TreeMap<>();
    for (Map.Entry<String, JsonNode> a : e.path("attributes").properties()) {
      attributes.put(a.getKey(), readable(a.getValue().asText(), names));
    }
    attributes.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
    if (e.path("msg_id").isTextual()) {
      line.append(" msg_id=").append(e.path("msg_id").asText());
    }
    return line.toString();
  }

  private static String readable(String value, Names names) {
    return value.matches("[0-9a-f]{64}") ? names.name(value) : value;
  }
}
