package org.web4.starter;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checks of the request schemas (schemas/harness/*.request.schema.json): closed objects,
 * required members, lowercase hex (HAR-API-002) and timestamps (spec/envelope.md ENV-TIME-001).
 * Every violation is 400 BAD_REQUEST (HAR-API-003).
 */
final class Requests {
  private static final Pattern HEX = Pattern.compile("(?:[0-9a-f]{2})*");
  private static final Pattern TIMESTAMP =
      Pattern.compile(
          "([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\\.[0-9]{1,9})?Z");
  private static final int[] DAYS = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  private Requests() {}

  /** The body as a closed object with exactly the required members and maybe the optional ones. */
  static Map<String, Object> members(Object body, Set<String> required, Set<String> optional)
      throws Refusal {
    if (!(body instanceof Map<?, ?> map)) {
      throw Refusal.badRequest("the body must be a JSON object");
    }
    for (Object name : map.keySet()) {
      if (!required.contains(name) && !optional.contains(name)) {
        throw Refusal.badRequest("unknown member \"" + name + "\"");
      }
    }
    for (String name : required) {
      if (!map.containsKey(name)) {
        throw Refusal.badRequest("missing member \"" + name + "\"");
      }
    }
    @SuppressWarnings("unchecked") // StrictJson makes every object a Map<String, Object>
    Map<String, Object> object = (Map<String, Object>) map;
    return object;
  }

  /** A lowercase hex member (HAR-API-002); {@code length} bytes exactly, or any when -1. */
  static byte[] hex(Map<String, Object> object, String name, int length) throws Refusal {
    Object value = object.get(name);
    if (!(value instanceof String s) || !HEX.matcher(s).matches()) {
      throw Refusal.badRequest(name + " must be lowercase hex, two digits per byte");
    }
    if (length >= 0 && s.length() != 2 * length) {
      throw Refusal.badRequest(name + " must be " + length + " bytes");
    }
    return HexFormat.of().parseHex(s);
  }

  /** An array member, each item a closed object (as {@code preceding} of verify/envelope). */
  static List<?> array(Map<String, Object> object, String name) throws Refusal {
    Object value = object.get(name);
    if (!(value instanceof List<?> list)) {
      throw Refusal.badRequest(name + " must be an array");
    }
    return list;
  }

  /** A timestamp member: the pattern and the calendar rules of ENV-TIME-001. */
  static Instant timestamp(Map<String, Object> object, String name) throws Refusal {
    Object value = object.get(name);
    Matcher m = value instanceof String s ? TIMESTAMP.matcher(s) : null;
    if (m == null || !m.matches()) {
      throw Refusal.badRequest(name + " is not a timestamp of spec/envelope.md §8");
    }
    int year = Integer.parseInt(m.group(1));
    int month = Integer.parseInt(m.group(2));
    int day = Integer.parseInt(m.group(3));
    boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    boolean real =
        month >= 1
            && month <= 12
            && day >= 1
            && day <= DAYS[month - 1] + (month == 2 && leap ? 1 : 0)
            && Integer.parseInt(m.group(4)) <= 23
            && Integer.parseInt(m.group(5)) <= 59
            && Integer.parseInt(m.group(6)) <= 59;
    if (!real) {
      throw Refusal.badRequest(name + " is not a real UTC date and time");
    }
    return Instant.parse((String) value);
  }
}
