package org.web4.conformance.rtt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/**
 * The tester as the <em>responder</em> of an RTT 1.1 session the implementation dialled
 * (docs/drafts/rtt-resume.md §4.1, §4.2; spec/harness.md §4.17), written from the draft: it reads
 * the implementation's resume request out of handshake message 3, checks it against the session's
 * current id and binder key and the new handshake's {@code h2} [RTT-RES-002, RTT-RES-004], and
 * writes the RESUME {@code resumed} body from the tester's own counts. What the tester sent and
 * delivered on each channel is kept by a {@link TesterSession} (shared with the dialer's steps);
 * this class only adds the responder's half. Stateless: one scenario's steps call it.
 */
public final class TesterResponderSession {
  /** One channel of a request or a RESUME body: its id, name and {@code delivered} count. */
  public record Count(int id, String name, long delivered) {}

  /**
   * A resume request as the implementation sent it in message 3.
   *
   * @param sessionId the 16 bytes of {@code session}
   * @param binder the 32 bytes of {@code binder}
   * @param channels the listed channels, in the order sent
   */
  @SuppressWarnings("ArrayRecordComponent") // bytes read off the wire, compared only
  public record Request(byte[] sessionId, byte[] binder, List<Count> channels) {
    public Request {
      channels = List.copyOf(channels);
    }

    /** The count for a channel id, if listed. */
    public Optional<Count> channel(int id) {
      return channels.stream().filter(c -> c.id() == id).findFirst();
    }
  }

  private TesterResponderSession() {}

  /**
   * The {@code resume} member of the implementation's identity payload (message 3), or empty when
   * it has none; a member that is not as the draft's §4.1 says is reported as a problem.
   */
  public static Optional<Request> request(byte[] payload3, List<String> problems) {
    JsonNode payload;
    try {
      payload = StrictJsonParser.withEnvelopeLimits().parse(payload3);
    } catch (JsonViolation e) {
      problems.add("message 3's payload is not JSON: " + e.getMessage());
      return Optional.empty();
    }
    JsonNode r = payload.get("resume");
    if (r == null) {
      return Optional.empty();
    }
    List<String> members = new ArrayList<>();
    r.fieldNames().forEachRemaining(members::add);
    if (!members.equals(List.of("binder", "channels", "session"))) {
      problems.add("resume has exactly binder, channels, session (check 13); got " + members);
    }
    byte[] session = b64(r.path("session"), 16, "session", problems);
    byte[] binder = b64(r.path("binder"), 32, "binder", problems);
    List<Count> channels = new ArrayList<>();
    for (JsonNode c : r.path("channels")) {
      channels.add(
          new Count(
              c.path("id").asInt(-1), c.path("name").asText(""), c.path("delivered").asLong()));
    }
    return Optional.of(new Request(session, binder, channels));
  }

  /**
   * What is wrong with a request for the session whose current secrets are {@code secrets}, in a
   * handshake whose hash after message 2 is {@code h2}: the id must be the session's current one,
   * the binder {@code HMAC-SHA256(binder_key, h2)} [RTT-RES-002], the channels the standard three
   * then the named ones open at the break, ascending [RTT-RES-004, check 13], and each {@code
   * delivered} at most what the tester sent there [RTT-RES-009].
   *
   * @param open the session's channels open on both sides at the break, by id (standard ones too)
   */
  public static List<String> problems(
      Request r,
      SessionSecrets secrets,
      byte[] h2,
      SortedMap<Integer, String> open,
      TesterSession session) {
    List<String> out = new ArrayList<>();
    if (!MessageDigest.isEqual(r.sessionId(), secrets.sessionId())) {
      out.add(
          "RTT-RES-004: the request names the session's current id "
              + b64(secrets.sessionId())
              + "; got "
              + b64(r.sessionId()));
    }
    if (!MessageDigest.isEqual(r.binder(), secrets.binder(h2))) {
      out.add(
          "RTT-RES-002: the binder is HMAC-SHA256(binder_key, h2) = "
              + b64(secrets.binder(h2))
              + "; got "
              + b64(r.binder()));
    }
    List<Count> expectedShape = new ArrayList<>();
    open.forEach((id, name) -> expectedShape.add(new Count(id, name, 0)));
    List<String> want = expectedShape.stream().map(c -> c.id() + ":" + c.name()).toList();
    List<String> got = r.channels().stream().map(c -> c.id() + ":" + c.name()).toList();
    if (!got.equals(want)) {
      out.add(
          "RTT-RES-004: the request lists the channels open at the break, ascending "
              + want
              + "; got "
              + got);
    }
    for (Count c : r.channels()) {
      int sent = session.sentCount(c.id());
      if (c.delivered() < 0 || c.delivered() > sent) {
        out.add(
            "RTT-RES-009: delivered on channel "
                + c.name()
                + " at most the "
                + sent
                + " message(s) the tester sent there; got "
                + c.delivered());
      }
    }
    return out;
  }

  /**
   * The body of RESUME {@code resumed} (draft §4.2): the channels both sides listed, ascending,
   * each with the tester's {@code delivered(c)}; {@code inflate} adds to some counts (RTT-RES-010's
   * dialer half: a count beyond what the implementation sent).
   */
  public static byte[] resumedBody(Request r, TesterSession session, Map<Integer, Long> inflate) {
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    ArrayNode channels = b.putArray("channels");
    SortedMap<Integer, Count> listed = new TreeMap<>();
    r.channels().forEach(c -> listed.put(c.id(), c));
    listed.forEach(
        (id, c) ->
            channels
                .addObject()
                .put("delivered", session.deliveredCount(id) + inflate.getOrDefault(id, 0L))
                .put("id", id)
                .put("name", c.name()));
    b.put("result", "resumed");
    return JsonCanonicalizer.canonicalize(b);
  }

  private static byte[] b64(JsonNode n, int length, String member, List<String> problems) {
    try {
      byte[] b = Base64.getDecoder().decode(n.asText(""));
      if (b.length != length || !b64(b).equals(n.asText(""))) {
        problems.add(member + " is canonical base64 of " + length + " bytes; got " + n);
      }
      return b;
    } catch (IllegalArgumentException e) {
      problems.add(member + " is base64; got " + n);
      return new byte[length];
    }
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
