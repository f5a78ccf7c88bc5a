package org.web4.lip;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A normalized http-uri (spec/lip.md §1.1, §4.6.1): the host's ASCII letters lower-cased, the port
 * written without leading zeros and removed when it is the scheme's default, an empty path made
 * {@code /}, dot segments removed (RFC 3986 §5.2.4). Nothing else changes. Immutable.
 */
public final class LipUri {
  /** The http-uri pattern of spec/lip.md §1.1 (whole string). */
  static final Pattern HTTP_URI =
      Pattern.compile(
          "^https?://(?:\\[[0-9A-Fa-f:.]+\\]|(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})+)"
              + "(?::[0-9]{1,5})?(?:/(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})*)*"
              + "(?:\\?(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?$");

  /** The most characters an http-uri may have. */
  static final int MAX_LENGTH = 2048;

  /** RFC 3986 Appendix B: scheme, authority, path, query, fragment of any URI reference. */
  private static final Pattern REFERENCE =
      Pattern.compile("^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\\?([^#]*))?(#(.*))?$");

  private final String scheme;
  private final String host;
  private final String port; // "" when absent (or the default)
  private final String path;
  private final @Nullable String query;

  private LipUri(String scheme, String host, String port, String path, @Nullable String query) {
    this.scheme = scheme;
    this.host = host;
    this.port = port;
    this.path = path;
    this.query = query;
  }

  /** Whether {@code text} is an http-uri (spec/lip.md §1.1). */
  public static boolean isHttpUri(String text) {
    return text.length() <= MAX_LENGTH && HTTP_URI.matcher(text).matches();
  }

  /** The normalized form of an http-uri; empty when {@code text} is not one. */
  public static Optional<LipUri> parse(String text) {
    if (!isHttpUri(text)) {
      return Optional.empty();
    }
    int schemeEnd = text.indexOf("://");
    String scheme = text.substring(0, schemeEnd);
    String rest = text.substring(schemeEnd + 3);
    int authorityEnd = rest.length();
    for (int i = 0; i < rest.length(); i++) {
      char c = rest.charAt(i);
      if (c == '/' || c == '?') {
        authorityEnd = i;
        break;
      }
    }
    String authority = rest.substring(0, authorityEnd);
    String afterAuthority = rest.substring(authorityEnd);
    String host;
    String port = "";
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      host = authority.substring(0, close + 1);
      if (close + 1 < authority.length()) {
        port = authority.substring(close + 2);
      }
    } else {
      int colon = authority.indexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      port = colon < 0 ? "" : authority.substring(colon + 1);
    }
    host = host.toLowerCase(Locale.ROOT);
    if (!port.isEmpty()) {
      int value = Integer.parseInt(port); // 1-5 digits
      int defaultPort = scheme.equals("https") ? 443 : 80;
      port = value == defaultPort ? "" : Integer.toString(value);
    }
    int q = afterAuthority.indexOf('?');
    String path = q < 0 ? afterAuthority : afterAuthority.substring(0, q);
    String query = q < 0 ? null : afterAuthority.substring(q + 1);
    path = path.isEmpty() ? "/" : removeDotSegments(path);
    return Optional.of(new LipUri(scheme, host, port, path, query));
  }

  /**
   * Where a redirect's {@code Location} leads: resolved against this URI (RFC 3986 §5.2.2), the
   * fragment removed, normalized; empty when the result is not an http-uri (spec/lip.md §4.4).
   */
  public Optional<LipUri> resolve(String location) {
    Matcher m = REFERENCE.matcher(location);
    if (!m.matches()) {
      return Optional.empty();
    }
    String rScheme = m.group(2);
    String rAuthority = m.group(4);
    String rPath = m.group(5);
    String rQuery = m.group(7);
    String tScheme;
    String tAuthority;
    String tPath;
    @Nullable String tQuery;
    if (rScheme != null) {
      tScheme = rScheme;
      tAuthority = rAuthority;
      tPath = removeDotSegments(rPath);
      tQuery = rQuery;
    } else if (rAuthority != null) {
      tScheme = scheme;
      tAuthority = rAuthority;
      tPath = removeDotSegments(rPath);
      tQuery = rQuery;
    } else {
      tScheme = scheme;
      tAuthority = authority();
      if (rPath.isEmpty()) {
        tPath = path;
        tQuery = rQuery != null ? rQuery : query;
      } else {
        if (rPath.startsWith("/")) {
          tPath = removeDotSegments(rPath);
        } else {
          int slash = path.lastIndexOf('/');
          tPath = removeDotSegments(path.substring(0, slash + 1) + rPath);
        }
        tQuery = rQuery;
      }
    }
    if (tAuthority == null) {
      return Optional.empty();
    }
    String text = tScheme + "://" + tAuthority + tPath + (tQuery == null ? "" : "?" + tQuery);
    return parse(text);
  }

  /** RFC 3986 §5.2.4. */
  static String removeDotSegments(String input) {
    String in = input;
    Deque<String> out = new ArrayDeque<>();
    while (!in.isEmpty()) {
      if (in.startsWith("../")) {
        in = in.substring(3);
      } else if (in.startsWith("./")) {
        in = in.substring(2);
      } else if (in.startsWith("/./")) {
        in = in.substring(2);
      } else if (in.equals("/.")) {
        in = "/";
      } else if (in.startsWith("/../")) {
        in = in.substring(3);
        if (!out.isEmpty()) {
          out.removeLast();
        }
      } else if (in.equals("/..")) {
        in = "/";
        if (!out.isEmpty()) {
          out.removeLast();
        }
      } else if (in.equals(".") || in.equals("..")) {
        in = "";
      } else {
        int start = in.startsWith("/") ? 1 : 0;
        int next = in.indexOf('/', start);
        String segment = next < 0 ? in : in.substring(0, next);
        out.addLast(segment);
        in = next < 0 ? "" : in.substring(next);
      }
    }
    return String.join("", out);
  }

  public String scheme() {
    return scheme;
  }

  /** The host, lower-cased ({@code [..]} for an IPv6 literal). */
  public String host() {
    return host;
  }

  /** The port as written after normalization; empty when it is the scheme's default. */
  public String port() {
    return port;
  }

  public String path() {
    return path;
  }

  public Optional<String> query() {
    return Optional.ofNullable(query);
  }

  /** {@code host[:port]}. */
  public String authority() {
    return port.isEmpty() ? host : host + ":" + port;
  }

  /** {@code scheme://host[:port]/}: the implicit source rule of this URI's origin (§4.6.1). */
  public LipUri origin() {
    return new LipUri(scheme, host, port, "/", null);
  }

  /** Whether a rule with this prefix (no query) matches {@code u} (spec/lip.md Table 4.6a). */
  public boolean matches(LipUri u) {
    if (!scheme.equals(u.scheme) || !host.equals(u.host) || !port.equals(u.port)) {
      return false;
    }
    return path.endsWith("/") ? u.path.startsWith(path) : u.path.equals(path);
  }

  @Override
  public String toString() {
    return scheme + "://" + authority() + path + (query == null ? "" : "?" + query);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof LipUri other && other.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }
}
