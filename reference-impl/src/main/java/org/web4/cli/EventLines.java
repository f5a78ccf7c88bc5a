package org.web4.cli;

import java.util.Map;
import java.util.TreeMap;
import org.web4.rtt.RttEvent;

/** One readable line per event: time, kind, connection, then the attributes sorted by name. */
final class EventLines {
  private EventLines() {}

  static String format(RttEvent e) {
    StringBuilder line =
        new StringBuilder()
            .append(e.time())
            .append(' ')
            .append(e.kind())
            .append(' ')
            .append(e.connection());
    for (Map.Entry<String, Object> a : new TreeMap<>(e.attributes()).entrySet()) {
      line.append(' ').append(a.getKey()).append('=').append(a.getValue());
    }
    return line.toString();
  }
}
