package org.web4.agent;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.web4.harness.AgentControl;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.session.RttBackpressureException;
import org.web4.rtt.session.RttConnection;
import org.web4.rtt.session.RttEndpoint;
import org.web4.rtt.session.RttTransportException;

/**
 * Application data on named channels, for harness 1.3 (spec/harness.md §4.16): what {@code
 * rtt/send} makes the agent send — numbered messages, so that the kit can tell them apart — and
 * what the agent delivered, as {@code rtt/inbox} lists it (SHA-256 digests in delivery order, per
 * peer and channel name, across connections and resumes). Thread-safe.
 */
final class NamedChannelTraffic {
  /** How long {@code rtt/send} waits for the peer's OPEN_ACK of a channel it opens. */
  static final Duration OPEN_WITHIN = Duration.ofSeconds(10);

  /** Digests kept per channel; beyond, the oldest go (HAR-RES-004 asks for at least 65,536). */
  static final int INBOX_LIMIT = 65_536;

  /** What each (peer, channel) delivered, as digests; keyed "fingerprint channel". */
  private final Map<String, List<String>> inbox = new TreeMap<>();

  /** The next number rtt/send gives a message on each (peer, channel) [HAR-RES-003]. */
  private final Map<String, Long> numbers = new TreeMap<>();

  /**
   * The connection rtt/send last used with each peer: while its session is suspended, a send on it
   * is the session's, as the application's would be [HAR-RES-003, RTT-RES-017].
   */
  private final Map<String, RttConnection> lastUsed = new TreeMap<>();

  private final RttEndpoint endpoint;

  NamedChannelTraffic(RttEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** A message delivered on a channel: kept for {@code rtt/inbox} when the channel is named. */
  void delivered(RttConnection connection, int channel, byte[] message) {
    if (ChannelNames.isStandard(channel)) {
      return;
    }
    String name = connection.channelName(channel).orElse("");
    String digest = HexFormat.of().formatHex(sha256(message));
    synchronized (this) {
      List<String> list =
          inbox.computeIfAbsent(
              connection.peer().key().fingerprint() + " " + name, k -> new ArrayList<>());
      if (list.size() == INBOX_LIMIT) {
        list.remove(0);
      }
      list.add(digest);
    }
  }

  /** {@code GET rtt/inbox} [HAR-RES-004]: by peer, then channel name. */
  synchronized List<AgentControl.InboxChannel> inbox() {
    List<AgentControl.InboxChannel> out = new ArrayList<>();
    inbox.forEach(
        (key, digests) -> {
          int space = key.indexOf(' ');
          out.add(
              new AgentControl.InboxChannel(
                  key.substring(0, space), key.substring(space + 1), digests));
        });
    return out;
  }

  /**
   * {@code POST rtt/send} [HAR-RES-003]: on the open connection with the peer, opens the channel if
   * it is not open, then sends {@code count} copies of {@code data}, each with its first 8 bytes
   * replaced by its number (big-endian; numbers run on per peer and channel from 0 after a reset).
   *
   * <p>With no connection open but the session with the peer suspended (RTT 1.1), the messages go
   * into the session through the connection last used, as the application's send would: retained,
   * or discarded or refused by the send-queue policy (RTT-RES-017); no channel is opened then.
   *
   * @return how many the send queue accepted; 0 when no connection with the peer is open and no
   *     session with it is suspended
   */
  int send(String peerFingerprint, String channel, byte[] data, int count)
      throws InterruptedException {
    Optional<RttConnection> found =
        endpoint.connections().stream()
            .filter(c -> c.peer().key().fingerprint().equals(peerFingerprint))
            .filter(c -> c.state() == RttConnection.State.OPEN)
            .findFirst();
    RttConnection c;
    synchronized (this) {
      c = found.orElse(lastUsed.get(peerFingerprint));
      if (c == null) {
        return 0;
      }
      lastUsed.put(peerFingerprint, c);
    }
    if (found.isEmpty() && (c.session().isEmpty() || c.openChannelId(channel).isEmpty())) {
      return 0; // no session to take the messages, or no such channel in it
    }
    String key = peerFingerprint + " " + channel;
    int accepted = 0;
    try {
      Optional<Integer> open = c.openChannelId(channel);
      int id = open.isPresent() ? open.get() : c.openChannel(channel, OPEN_WITHIN);
      for (int i = 0; i < count; i++) {
        byte[] m = data.clone();
        long number;
        synchronized (this) {
          number = numbers.merge(key, 1L, Long::sum) - 1;
        }
        ByteBuffer.wrap(m).putLong(number);
        c.send(id, m);
        accepted++;
      }
    } catch (RttTransportException | RttBackpressureException e) {
      synchronized (this) {
        numbers.merge(key, -1L, Long::sum); // the refused message took no number
      }
      return accepted; // the connection ended or the send queue refused: the rest is not sent
    }
    return accepted;
  }

  /** Part of harness {@code reset}: forgets the inbox and the numbers. */
  synchronized void reset() {
    inbox.clear();
    numbers.clear();
    lastUsed.clear();
  }

  private static byte[] sha256(byte[] message) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(message);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
