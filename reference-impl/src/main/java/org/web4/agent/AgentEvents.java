package org.web4.agent;

import java.util.ArrayDeque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web4.rtt.RttEvent;

/**
 * Where every event of the reference agent goes, in this order: the most recent ones kept for
 * printing and inspection, the debug log, the observability log of spec/events.md ({@link
 * EventLog}), and the sink the agent was started with (e.g. {@code web4 connect} prints them).
 */
final class AgentEvents implements RttEvent.Sink {
  private static final Logger LOG = LoggerFactory.getLogger(ReferenceAgent.class);

  /** Recent events kept for printing and inspection. */
  static final int EVENT_MEMORY = 1024;

  private final ArrayDeque<RttEvent> recent = new ArrayDeque<>();
  private final EventLog eventLog;
  private final RttEvent.Sink external;

  AgentEvents(EventLog eventLog, RttEvent.Sink external) {
    this.eventLog = eventLog;
    this.external = external;
  }

  @Override
  public void accept(RttEvent e) {
    synchronized (this) {
      if (recent.size() == EVENT_MEMORY) {
        recent.removeFirst();
      }
      recent.addLast(e);
    }
    LOG.debug("{} {} {}", e.kind(), e.connection(), e.attributes());
    eventLog.accept(e);
    external.accept(e);
  }

  /** The most recent events, oldest first. */
  synchronized List<RttEvent> recent() {
    return List.copyOf(recent);
  }
}
