package org.web4.conformance.scenarios;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.conformance.rtt.TesterSession;

/**
 * What the steps of features/rtt/resume_iut_sends.feature share in one scenario (injected): the
 * tester's RTT 1.1 session, its named channels, the implementation's last RESUME counts, and the
 * frames of the current connection read ahead. Not thread-safe: one scenario's steps use it.
 */
public final class NamedChannelSession {
  final TesterSession session = new TesterSession();

  /** The session's named channels, by id (docs/drafts/rtt-resume.md §4.1). */
  final TreeMap<Integer, String> named = new TreeMap<>();

  /** The implementation's counts in the last RESUME {@code resumed}, by channel id. */
  final Map<Integer, Long> resumeCounts = new HashMap<>();

  /** DATA frames read on the current connection while waiting for something else, in order. */
  final ArrayDeque<TesterPeer.Received> pending = new ArrayDeque<>();

  /** The sequence number of the tester's last FIN on the current connection (-1: none). */
  long lastFin = -1;

  int idOf(String channel) {
    return named.entrySet().stream()
        .filter(e -> e.getValue().equals(channel))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no named channel " + channel + " yet"));
  }

  /** The data of a message on a channel: 8 bytes for its number, then filler naming the channel. */
  static byte[] template(String channel, int length) {
    byte[] m = new byte[length];
    byte[] label = ("web4-kit iut-sends " + channel + " ").getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < length; i++) {
      m[i] = label[i % label.length];
    }
    return m;
  }

  /** Message {@code index} of a channel: its number (big-endian), then filler. */
  static byte[] numbered(String channel, int index, int length) {
    byte[] m = template(channel, length);
    ByteBuffer.wrap(m).putLong(index);
    return m;
  }
}
