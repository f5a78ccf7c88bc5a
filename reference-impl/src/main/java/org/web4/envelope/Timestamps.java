package org.web4.envelope;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * [ENV-TIME-001] RFC 3339 UTC timestamps in the one spelling the spec allows: uppercase {@code T}
 * and {@code Z}, 0 or 1–9 fraction digits, a real calendar date, no leap second.
 */
public final class Timestamps {
  private static final Pattern FORMAT =
      Pattern.compile(
          "([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\\.([0-9]{1,9}))?Z");

  /** How envelopes made by this implementation spell their timestamps: milliseconds, always. */
  private static final DateTimeFormatter WRITE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  public static Optional<Instant> parse(String text) {
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      return Optional.empty();
    }
    String fraction = m.group(7) == null ? "0" : m.group(7);
    int nanos = Integer.parseInt((fraction + "00000000").substring(0, 9));
    try {
      LocalDateTime t =
          LocalDateTime.of(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              Integer.parseInt(m.group(3)),
              Integer.parseInt(m.group(4)),
              Integer.parseInt(m.group(5)),
              Integer.parseInt(m.group(6)),
              nanos);
      return Optional.of(t.toInstant(ZoneOffset.UTC));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  public static String format(Instant instant) {
    return WRITE.format(instant);
  }
}
