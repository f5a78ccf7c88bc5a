package org.web4.rtt.resume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code resume} member of the dialer's message-3 payload (docs/drafts/rtt-resume.md §4.1):
 *
 * <pre>
 * "resume":{"binder":B64_32,"channels":[{"delivered":N,"id":ID,"name":NAME}, …],"session":B64_16}
 * </pre>
 */
public record ResumeRequest(SessionId session, Binder binder, List<ChannelCount> channels) {
  static final Set<String> MEMBERS = Set.of("binder", "channels", "session");

  /** Canonical base64 of 16 bytes (check 13). */
  static final Pattern SESSION = Pattern.compile("[A-Za-z0-9+/]{21}[AQgw]==");

  /** Canonical base64 of 32 bytes (check 13). */
  static final Pattern BINDER = Pattern.compile("[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=");

  /** The 32-byte binder, {@code HMAC-SHA256(binder_key, h2)}. */
  @SuppressWarnings("ArrayRecordComponent") // copied in and out, compared by content
  public record Binder(byte[] bytes) {
    public Binder {
      if (bytes.length != SessionKeys.BINDER_LENGTH) {
        throw new IllegalArgumentException("a binder is 32 bytes");
      }
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Binder b && java.util.Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
      return java.util.Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return java.util.HexFormat.of().formatHex(bytes);
    }
  }

  public ResumeRequest {
    channels = List.copyOf(channels);
  }

  /** A request for the session whose current keys are {@code keys}, bound to {@code h2}. */
  public static ResumeRequest create(SessionKeys keys, byte[] h2, List<ChannelCount> channels) {
    return new ResumeRequest(keys.id(), new Binder(keys.binder(h2)), channels);
  }

  /** The member's value (the payload's canonicalizer orders the members). */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("binder", Base64.getEncoder().encodeToString(binder.bytes()));
    o.set("channels", ChannelCounts.toJson(channels));
    o.put("session", session.base64());
    return o;
  }

  /**
   * Check 13 of Table 3.3 for 1.1 responders [RTT-RES-005]: exactly the three members, {@code
   * session} and {@code binder} canonical base64 of 16 and 32 bytes, {@code channels} 3 to 1,024
   * objects, ids strictly ascending, the standard three first.
   */
  public static ResumeRequest parse(JsonNode resume) throws ResumeFormatException {
    if (!resume.isObject()
        || resume.size() != MEMBERS.size()
        || !MEMBERS.stream().allMatch(resume::has)) {
      throw new ResumeFormatException("resume is exactly " + MEMBERS);
    }
    JsonNode session = resume.get("session");
    if (!session.isTextual() || !SESSION.matcher(session.asText()).matches()) {
      throw new ResumeFormatException("session must match " + SESSION + ": " + session);
    }
    JsonNode binder = resume.get("binder");
    if (!binder.isTextual() || !BINDER.matcher(binder.asText()).matches()) {
      throw new ResumeFormatException("binder must match " + BINDER + ": " + binder);
    }
    List<ChannelCount> channels =
        ChannelCounts.parse(resume.get("channels"), /* minimum= */ 3, /* standardFirst= */ true);
    return new ResumeRequest(
        new SessionId(Base64.getDecoder().decode(session.asText())),
        new Binder(Base64.getDecoder().decode(binder.asText())),
        channels);
  }
}
