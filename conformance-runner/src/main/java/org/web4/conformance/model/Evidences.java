package org.web4.conformance.model;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Makes {@link Evidence} as a reader needs it (issue 16): bytes decoded as UTF-8 beside their hex,
 * two byte strings as a diff naming their first differing byte, a transcript one frame per line, a
 * stack trace; anything longer than {@link #LIMIT} characters cut, its full size stated.
 */
public final class Evidences {
  /** The most characters of text (and of hex) a piece of evidence keeps. */
  public static final int LIMIT = 8192;

  /** How a DIFF's label names the first difference; the HTML report parses N from it. */
  public static final String FIRST_DIFFERENCE = " (first difference at byte %d)";

  private static final HexFormat HEX = HexFormat.of();

  private Evidences() {}

  /** Plain text. */
  public static Evidence text(String label, String text) {
    return cut(label, Evidence.Kind.TEXT, text, null, utf8Length(text));
  }

  /** A stack trace (folded by the HTML report). */
  public static Evidence trace(String label, String trace) {
    return cut(label, Evidence.Kind.TRACE, trace, null, utf8Length(trace));
  }

  /** A transcript: one frame (or event) per line. */
  public static Evidence transcript(String label, List<String> frames) {
    String text = String.join("\n", frames);
    return cut(label, Evidence.Kind.TRANSCRIPT, text, null, utf8Length(text));
  }

  /**
   * Bytes: decoded as UTF-8 beside their hex; {@link Evidence.Kind#JSON} when {@code json} says the
   * bytes are a JSON text (an envelope, a canonical form), else {@link Evidence.Kind#TEXT}. Bytes
   * that are not UTF-8 are described by their size only, beside their hex.
   */
  public static Evidence bytes(String label, byte[] bytes, boolean json) {
    Optional<String> decoded = utf8(bytes);
    String text = decoded.orElse("(" + bytes.length + " bytes, not UTF-8)");
    Evidence.Kind kind = json && decoded.isPresent() ? Evidence.Kind.JSON : Evidence.Kind.TEXT;
    return cut(label, kind, text, HEX.formatHex(bytes), bytes.length);
  }

  /**
   * Expected beside actual bytes, decoded, the label naming the first byte where they differ:
   * {@code text} is {@code "expected: <text>\nactual: <text>\n"}, {@code hex} the same with hex;
   * null when the bytes are equal.
   */
  public static @Nullable Evidence diff(String label, byte[] expected, byte[] actual) {
    int at = firstDifference(expected, actual);
    if (at < 0) {
      return null;
    }
    String text =
        "expected: " + decodedOrSize(expected) + "\nactual:   " + decodedOrSize(actual) + "\n";
    String hex =
        "expected: " + HEX.formatHex(expected) + "\nactual:   " + HEX.formatHex(actual) + "\n";
    return cut(
        label + String.format(java.util.Locale.ROOT, FIRST_DIFFERENCE, at),
        Evidence.Kind.DIFF,
        text,
        hex,
        Math.max(expected.length, actual.length));
  }

  /** The index of the first byte where {@code a} and {@code b} differ; -1 if they are equal. */
  public static int firstDifference(byte[] a, byte[] b) {
    int common = Math.min(a.length, b.length);
    for (int i = 0; i < common; i++) {
      if (a[i] != b[i]) {
        return i;
      }
    }
    return a.length == b.length ? -1 : common;
  }

  /** {@code bytes} as strict UTF-8, if they are. */
  public static Optional<String> utf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  private static String decodedOrSize(byte[] bytes) {
    return utf8(bytes).orElse("(" + bytes.length + " bytes, not UTF-8)");
  }

  private static long utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static Evidence cut(
      String label, Evidence.Kind kind, String text, @Nullable String hex, long bytes) {
    boolean truncated = text.length() > LIMIT || (hex != null && hex.length() > LIMIT);
    return new Evidence(label, kind, head(text), hex == null ? null : head(hex), bytes, truncated);
  }

  /** The first {@link #LIMIT} characters, never ending inside a surrogate pair. */
  private static String head(String s) {
    if (s.length() <= LIMIT) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(LIMIT - 1)) ? LIMIT - 1 : LIMIT;
    return s.substring(0, end);
  }
}
