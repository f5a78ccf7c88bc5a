package org.web4.soak;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The listener's event file (JSON lines, spec/events.md; {@code --events}), read once at the end. A
 * non-closing ERROR is a frame of its connection, not a message of the session: RTT resume
 * retransmits messages only (draft §4.3), so a refusal the listener sent just before a cut can be
 * gone with it. An unanswered INTENT the listener's {@code rtt.error.sent} names was refused, not
 * lost (ADR 1412).
 */
final class ListenerEvents {
  private static final Pattern MSG_ID = Pattern.compile("\"msg_id\"\\s*:\\s*\"([^\"]+)\"");

  private ListenerEvents() {}

  /** How many of {@code unanswered} the listener's events show it refused. */
  static long refusalsSent(Path events, Set<String> unanswered) {
    if (unanswered.isEmpty() || !Files.isRegularFile(events)) {
      return 0;
    }
    Set<String> found = new HashSet<>();
    try (BufferedReader r = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.contains("rtt.error.sent")) {
          continue;
        }
        Matcher m = MSG_ID.matcher(line);
        if (m.find() && unanswered.contains(m.group(1))) {
          found.add(m.group(1));
        }
      }
    } catch (IOException e) {
      return 0; // nothing is explained: every unanswered INTENT counts as lost
    }
    return found.size();
  }
}
