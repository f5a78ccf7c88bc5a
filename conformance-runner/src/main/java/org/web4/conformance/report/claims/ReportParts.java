package org.web4.conformance.report.claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import org.web4.json.JsonCanonicalizer;

/**
 * A digest of every part of a report, so that a refused report can name what changed without the
 * signature file keeping a copy of the report (ADR 0310). A part is a top-level member; inside a
 * top-level object, each of its members ({@code header.kit_version}, {@code summary.failed});
 * inside a top-level array, each element, named by its {@code id} (cases, requirements), its {@code
 * profile} (profiles), else its index. A part's digest is the first 16 bytes of the SHA-256 of its
 * RFC 8785 form: enough to tell a change, kept short because a report has hundreds of cases.
 */
public final class ReportParts {
  private static final int DIGEST_BYTES = 16;
  private static final HexFormat HEX = HexFormat.of();

  private final SortedMap<String, String> digests;

  private ReportParts(SortedMap<String, String> digests) {
    this.digests = digests;
  }

  /** The parts of a report tree. */
  public static ReportParts of(JsonNode report) {
    SortedMap<String, String> digests = new TreeMap<>();
    for (Map.Entry<String, JsonNode> member : report.properties()) {
      String name = member.getKey();
      JsonNode value = member.getValue();
      if (value.isObject() && !value.isEmpty()) {
        value.properties().forEach(m -> digests.put(name + "." + m.getKey(), digest(m.getValue())));
      } else if (value.isArray() && !value.isEmpty()) {
        for (int i = 0; i < value.size(); i++) {
          digests.put(name + "[" + elementName(value.get(i), i) + "]", digest(value.get(i)));
        }
      } else {
        digests.put(name, digest(value));
      }
    }
    return new ReportParts(digests);
  }

  /** The parts as a signature file keeps them. */
  public static ReportParts fromJson(JsonNode parts) {
    SortedMap<String, String> digests = new TreeMap<>();
    parts.properties().forEach(e -> digests.put(e.getKey(), e.getValue().asText()));
    return new ReportParts(digests);
  }

  public ObjectNode toJson() {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    digests.forEach(node::put);
    return node;
  }

  /**
   * What differs from {@code signed}: one line per part, {@code changed
   * cases[jcs/jcs_test.json#7]}, {@code added …}, {@code removed …}, in the order of the part
   * names.
   */
  public List<String> changesSince(ReportParts signed) {
    SortedSet<String> names = new TreeSet<>(signed.digests.keySet());
    names.addAll(digests.keySet());
    List<String> changes = new ArrayList<>();
    for (String name : names) {
      String before = signed.digests.get(name);
      String now = digests.get(name);
      if (before == null) {
        changes.add("added " + name);
      } else if (now == null) {
        changes.add("removed " + name);
      } else if (!before.equals(now)) {
        changes.add("changed " + name);
      }
    }
    return changes;
  }

  private static String elementName(JsonNode element, int index) {
    for (String key : List.of("id", "profile")) {
      JsonNode name = element.path(key);
      if (name.isTextual()) {
        return name.asText();
      }
    }
    return Integer.toString(index);
  }

  private static String digest(JsonNode value) {
    try {
      byte[] sha =
          MessageDigest.getInstance("SHA-256").digest(JsonCanonicalizer.canonicalize(value));
      return HEX.formatHex(sha, 0, DIGEST_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
