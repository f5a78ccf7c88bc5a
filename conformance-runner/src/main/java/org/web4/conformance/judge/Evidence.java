package org.web4.conformance.judge;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.rtt.RawFrame;
import org.web4.rtt.frame.FrameType;

/**
 * The offending bytes of a violation, decoded for a reader: a frame's header as fields, and bytes
 * that are UTF-8 (an envelope, an ERROR body) as text; only bytes that are not UTF-8 as hex.
 */
public final class Evidence {
  /** Beyond this many characters (or bytes, in hex) the report shows a prefix and the length. */
  static final int SHOWN = 2000;

  private final String what;
  private final @Nullable RawFrame frame;
  private final byte[] bytes;

  private Evidence(String what, @Nullable RawFrame frame, byte[] bytes) {
    this.what = what;
    this.frame = frame;
    this.bytes = bytes.clone();
  }

  /** A frame: its header fields and its body. */
  public static Evidence frame(RawFrame frame) {
    return new Evidence("frame", frame, frame.body());
  }

  /** A complete message on a channel, whose last fragment was frame {@code lastSequence}. */
  public static Evidence message(int channel, long lastSequence, byte[] message) {
    return new Evidence(
        "message on channel " + channel + " (last fragment: frame " + lastSequence + ")",
        null,
        message);
  }

  /** A transport message that is not a frame (plaintext null: it did not authenticate). */
  public static Evidence transportMessage(byte @Nullable [] plaintext) {
    return new Evidence(
        plaintext == null ? "transport message that does not authenticate" : "transport plaintext",
        null,
        plaintext == null ? new byte[0] : plaintext);
  }

  /**
   * The bytes as text when they are UTF-8 without control characters (JSON, a channel name), a
   * CREDIT's, ACK's or GOAWAY's count as a number, else as hex; long ones abbreviated.
   */
  public String shownBytes() {
    RawFrame f = frame;
    if (f != null
        && bytes.length == 4
        && (f.is(FrameType.CREDIT) || f.is(FrameType.ACK) || f.is(FrameType.GOAWAY))) {
      return "uint32 " + f.bodyUint32();
    }
    Optional<String> text = readableText();
    if (text.isPresent()) {
      String t = text.get();
      return t.length() <= SHOWN ? t : t.substring(0, SHOWN) + "… (" + bytes.length + " bytes)";
    }
    String hex = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, SHOWN / 2));
    return "hex " + hex + (bytes.length > SHOWN / 2 ? "… (" + bytes.length + " bytes)" : "");
  }

  private Optional<String> readableText() {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
    boolean control = text.chars().anyMatch(c -> c < 0x20 && c != '\t' && c != '\n' && c != '\r');
    return control ? Optional.empty() : Optional.of(text);
  }

  /** One or two lines: what it is, the header fields, the bytes. */
  public String describe() {
    StringBuilder b = new StringBuilder(what);
    RawFrame f = frame;
    if (f != null) {
      b.append(' ').append(header(f));
    }
    if (f != null || bytes.length > 0) {
      b.append("\n      ").append(f == null ? "bytes: " : "body: ").append(shownBytes());
    }
    return b.toString();
  }

  /** The same as JSON, for report.json and the HTML report. */
  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("what", what);
    RawFrame f = frame;
    if (f != null) {
      ObjectNode h = o.putObject("frame");
      h.put("type", typeName(f));
      h.put("flags", f.flags());
      h.put("channel", f.channel());
      h.put("sequence", f.sequence());
    }
    o.put(f == null ? "bytes" : "body", shownBytes());
    return o;
  }

  private static String header(RawFrame f) {
    return "type="
        + typeName(f)
        + " flags=0x"
        + String.format("%02x", f.flags())
        + " channel="
        + f.channel()
        + " sequence="
        + f.sequence();
  }

  private static String typeName(RawFrame f) {
    return f.knownType().map(Enum::name).orElse(String.format("0x%02x", f.type()));
  }
}
