package org.web4.conformance.rtt;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the tester and the implementation exchanged on one scenario's RTT connections, decoded, in
 * order: the report shows it when a scenario fails.
 */
public final class Transcript {
  /** Beyond this many lines only the count grows: a flood must not fill the report. */
  static final int MAX_LINES = 400;

  /**
   * What precedes a rendered transcript at the end of a failure's message; {@link
   * TranscriptEvidence} cuts it off there.
   */
  public static final String HEADING = "\n  RTT transcript:\n";

  private final List<String> lines = new ArrayList<>();
  private final Map<String, Integer> connections = new HashMap<>();
  private int dropped;

  /**
   * Counts a new connection of the named tester peer: 0 for its first in this scenario. The
   * connection's random bytes derive from the seed, the name and this number (exact replay).
   */
  synchronized int nextConnectionNumber(String peerName) {
    return connections.merge(peerName, 1, Integer::sum) - 1;
  }

  public synchronized void sent(String what) {
    add("tester → IUT  " + what);
  }

  public synchronized void received(String what) {
    add("IUT → tester  " + what);
  }

  public synchronized void note(String what) {
    add("              " + what);
  }

  private void add(String line) {
    if (lines.size() < MAX_LINES) {
      lines.add(line);
    } else {
      dropped++;
    }
  }

  public synchronized boolean isEmpty() {
    return lines.isEmpty();
  }

  public synchronized String render() {
    StringBuilder b = new StringBuilder();
    for (String l : lines) {
      b.append("  ").append(l).append('\n');
    }
    if (dropped > 0) {
      b.append("  … ").append(dropped).append(" more lines\n");
    }
    return b.toString();
  }
}
