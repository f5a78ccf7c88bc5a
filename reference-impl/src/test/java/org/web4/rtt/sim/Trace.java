package org.web4.rtt.sim;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.web4.rtt.RttEvent;

/**
 * What happened, for a failure's report and for the replay check: the last lines in full (a ring of
 * {@link #KEPT}), and a running 64-bit digest of every line and every endpoint event since the
 * start — two runs of one seed must end with the same digest, or the simulation is not
 * deterministic.
 */
final class Trace {
  static final int KEPT = 400;

  private final Scheduler scheduler;
  private final ArrayDeque<String> last = new ArrayDeque<>();
  private long digest = 0xcbf29ce484222325L;
  private long lines;

  Trace(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** A line of the trace (kept, and in the digest). */
  void line(String text) {
    String l = Scheduler.format(scheduler.now()) + " " + text;
    if (last.size() == KEPT) {
      last.removeFirst();
    }
    last.addLast(l);
    mix(l);
    lines++;
  }

  /**
   * An endpoint's event: in the digest (attributes in key order) but for CREDIT's, which follow
   * from the deliveries; kept when it tells a story.
   */
  void event(String agent, RttEvent e) {
    if (e.kind().startsWith("rtt.credit.")) {
      return; // one per message: the deliveries are in the digest already
    }
    String text =
        agent + " " + e.kind() + " " + e.connection() + " " + new TreeMap<>(e.attributes());
    if (e.kind().startsWith("rtt.heartbeat.")) {
      mix(text);
    } else {
      line(text);
    }
  }

  /** Mixes a value into the digest without keeping a line. */
  void mix(String text) {
    for (int i = 0; i < text.length(); i++) {
      digest ^= text.charAt(i);
      digest *= 0x100000001b3L;
    }
    digest ^= '\n';
    digest *= 0x100000001b3L;
  }

  /** Mixes a number into the digest (a delivery's size, a take's index). */
  void mix(long value) {
    digest ^= value;
    digest *= 0x100000001b3L;
  }

  long digest() {
    return digest;
  }

  long lines() {
    return lines;
  }

  List<String> last() {
    return List.copyOf(last);
  }

  /** For a failure report: the attributes of an event in key order. */
  static Map<String, Object> sorted(Map<String, Object> attributes) {
    return new TreeMap<>(attributes);
  }
}
