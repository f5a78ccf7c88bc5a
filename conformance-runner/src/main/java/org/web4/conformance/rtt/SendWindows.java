package org.web4.conformance.rtt;

import java.util.HashMap;
import java.util.Map;
import org.web4.rtt.RttLimits;

/**
 * The tester's send window per channel (spec/rtt.md §6): shrinks by every DATA body the tester
 * sends, grows by every CREDIT the implementation grants. The receive loop counts a CREDIT before
 * it queues the frame, so whoever takes the CREDIT from the queue sees the window it made.
 */
final class SendWindows {
  private final Map<Integer, Long> windows = new HashMap<>();

  /** The standard channels are open from the end of the handshake (RTT-CH-001). */
  synchronized void openStandard() {
    for (int id = 0; id < 3; id++) {
      windows.put(id, RttLimits.WINDOW);
    }
  }

  synchronized void opened(int channel) {
    windows.put(channel, RttLimits.WINDOW);
  }

  synchronized void sent(int channel, long bytes) {
    windows.merge(channel, -bytes, Long::sum);
  }

  synchronized void credited(int channel, long bytes) {
    windows.merge(channel, bytes, Long::sum);
  }

  synchronized long of(int channel) {
    return windows.getOrDefault(channel, 0L);
  }
}
