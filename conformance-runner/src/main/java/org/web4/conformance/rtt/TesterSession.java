package org.web4.conformance.rtt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the tester, as the session dialer of an RTT 1.1 session (docs/drafts/rtt-resume.md §1),
 * remembers across connections: the session's current and earlier ids with their binder keys, the
 * messages it sent on each standard channel (in index order, so that it can send again from the
 * implementation's {@code delivered(c)}, §4.3) and how many of the implementation's messages it
 * delivered on each. Not thread-safe: one scenario's steps use it.
 */
public final class TesterSession {
  /** The standard channels (spec/rtt.md §5), in id order. */
  public static final List<String> STANDARD = List.of("control", "state", "knowledge");

  private final List<SessionSecrets> ids = new ArrayList<>();
  private final Map<Integer, List<byte[]>> sent = new TreeMap<>();
  private final Map<Integer, Long> delivered = new TreeMap<>();

  /** A resumable handshake completed: its keys name the session from now on (§4.4). */
  public void adopt(SessionSecrets secrets) {
    ids.add(secrets);
  }

  /** The secrets of the newest id (0) or an earlier one (1: the one before, …). */
  public SessionSecrets secrets(int back) {
    if (ids.size() <= back) {
      throw new IllegalStateException("the session has " + ids.size() + " id(s)");
    }
    return ids.get(ids.size() - 1 - back);
  }

  public boolean hasSecrets() {
    return !ids.isEmpty();
  }

  /** The tester accepted a message for sending on a channel: it gets the next index. */
  public int recordSent(int channel, byte[] message) {
    List<byte[]> list = sent.computeIfAbsent(channel, k -> new ArrayList<>());
    list.add(message.clone());
    return list.size() - 1;
  }

  /** The tester's messages on a channel from {@code index} on (§4.3 step 2). */
  public List<byte[]> sentFrom(int channel, long index) {
    List<byte[]> list = sent.getOrDefault(channel, List.of());
    return index >= list.size() ? List.of() : list.subList((int) index, list.size());
  }

  public int sentCount(int channel) {
    return sent.getOrDefault(channel, List.of()).size();
  }

  /** One of the implementation's messages was delivered to the tester on a channel. */
  public void delivered(int channel) {
    delivered.merge(channel, 1L, Long::sum);
  }

  public long deliveredCount(int channel) {
    return delivered.getOrDefault(channel, 0L);
  }

  /** The tester's counts as it would claim them (a scenario may claim fewer: it never ACKed). */
  public void setDelivered(int channel, long count) {
    delivered.put(channel, count);
  }

  /**
   * The {@code resume} member of message 3 (§4.1) for the handshake whose hash after message 2 is
   * {@code h2}: the session id {@code back} ids ago and a binder under its key.
   *
   * @param flipBinderBit a binder with one bit changed (R4)
   * @param madeUpId a session id of 16 bytes the implementation never issued (R1), or null
   */
  public ObjectNode request(
      byte[] h2, int back, boolean flipBinderBit, byte @Nullable [] madeUpId) {
    SessionSecrets s = secrets(back);
    byte[] binder = s.binder(h2);
    if (flipBinderBit) {
      binder[0] ^= 0x01;
    }
    ObjectNode r = JsonNodeFactory.instance.objectNode();
    r.put("binder", b64(binder));
    ArrayNode channels = r.putArray("channels");
    for (int id = 0; id < STANDARD.size(); id++) {
      ObjectNode c = channels.addObject();
      c.put("delivered", deliveredCount(id));
      c.put("id", id);
      c.put("name", STANDARD.get(id));
    }
    r.put("session", b64(madeUpId != null ? madeUpId : s.sessionId()));
    return r;
  }

  /** The faults {@link #breakCheck13} knows: each fails check 13 of Table 3.3 (draft §4.1). */
  public static final List<String> CHECK_13_FAULTS =
      List.of(
          "no binder member",
          "an unknown member",
          "channel ids not ascending",
          "a session id of 15 bytes",
          "only two channels");

  /**
   * A request (from {@link #request}) made to fail check 13 [RTT-RES-005] in the way {@code fault}
   * names; everything else stays valid (the binder too, where it is present).
   */
  public static ObjectNode breakCheck13(ObjectNode request, String fault) {
    ObjectNode r = request.deepCopy();
    switch (fault) {
      case "no binder member" -> r.remove("binder");
      case "an unknown member" -> r.put("extra", true);
      case "channel ids not ascending" -> {
        // two named channels after the standard three, in descending id order
        ArrayNode channels = (ArrayNode) r.path("channels");
        channels.addObject().put("delivered", 0).put("id", 6).put("name", "kit-b");
        channels.addObject().put("delivered", 0).put("id", 5).put("name", "kit-a");
      }
      case "a session id of 15 bytes" -> {
        byte[] id = Base64.getDecoder().decode(r.path("session").asText());
        r.put("session", b64(java.util.Arrays.copyOf(id, 15)));
      }
      case "only two channels" -> ((ArrayNode) r.path("channels")).remove(2);
      default ->
          throw new IllegalArgumentException(
              "no check-13 fault \"" + fault + "\"; known: " + CHECK_13_FAULTS);
    }
    return r;
  }

  /**
   * A request (from {@link #request}) whose count on {@code channel} claims {@code extra} more
   * messages delivered than the tester's own count [RTT-RES-010, R5].
   */
  public static ObjectNode inflate(ObjectNode request, int channel, long extra) {
    ObjectNode r = request.deepCopy();
    for (var c : r.path("channels")) {
      if (c.path("id").asInt() == channel) {
        ((ObjectNode) c).put("delivered", c.path("delivered").asLong() + extra);
      }
    }
    return r;
  }

  /**
   * The body of a RESUME {@code resumed} (draft §4.2) with the tester's counts: what only a
   * responder sends, for the tester to send unasked [RTT-RES-005].
   */
  public byte[] resumedBody() {
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    ArrayNode channels = b.putArray("channels");
    for (int id = 0; id < STANDARD.size(); id++) {
      channels
          .addObject()
          .put("delivered", deliveredCount(id))
          .put("id", id)
          .put("name", STANDARD.get(id));
    }
    b.put("result", "resumed");
    return org.web4.json.JsonCanonicalizer.canonicalize(b);
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
