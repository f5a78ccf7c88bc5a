package org.web4.conformance.rtt;

import java.util.ArrayList;
import java.util.List;

/**
 * What the tester and the implementation exchanged on one scenario's RTT connections, decoded, in
 * order: the report shows it when a scenario fails.
 */
public final class Transcript {
  /** Beyond this many lines only the count grows: a flood must not fill the report. */
  static final int MAX_LINES = 400;

  private final List<String> lines = new ArrayList<>();
  private int dropped;

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
