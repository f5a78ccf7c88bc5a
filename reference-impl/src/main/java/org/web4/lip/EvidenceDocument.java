package org.web4.lip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.web4.envelope.SchemaCatalog;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/**
 * Whether an HTTP response is a conforming evidence document (spec/lip.md §4.3), and the
 * LIP_EVIDENCE payload members it gives (Table 4.3). Checked in the order of §4.4: status, headers,
 * size, body. Pure: the same response always gives the same verdict.
 */
public final class EvidenceDocument {
  /** The media type of an evidence document. */
  public static final String MEDIA_TYPE = "application/vnd.web4.evidence+json";

  /** The largest body (Table 4.4a). */
  public static final int MAX_BYTES = 262_144;

  static final String SCHEMA = "lip/evidence-document.schema.json";

  private static final StrictJsonParser PARSER = StrictJsonParser.withDepthLimitOnly();

  private EvidenceDocument() {}

  /** The verdict: the payload members of a conforming document, or why it does not conform. */
  public record Verdict(@Nullable ObjectNode payload, @Nullable FailureReason failure) {
    public static Verdict conforming(ObjectNode payload) {
      return new Verdict(payload, null);
    }

    public static Verdict failed(FailureReason reason) {
      return new Verdict(null, reason);
    }

    public boolean conforms() {
      return payload != null;
    }
  }

  /**
   * Judges a final (non-redirect) response.
   *
   * @param headers header names in any case, each with its values in order
   */
  public static Verdict judge(int status, Map<String, List<String>> headers, byte[] body) {
    if (status != 200) {
      return Verdict.failed(FailureReason.HTTP_STATUS);
    }
    if (!acceptableHeaders(headers)) {
      return Verdict.failed(FailureReason.MEDIA_TYPE);
    }
    if (body.length > MAX_BYTES) {
      return Verdict.failed(FailureReason.TOO_LARGE);
    }
    return parse(body)
        .map(Verdict::conforming)
        .orElseGet(() -> Verdict.failed(FailureReason.MALFORMED));
  }

  /** Conditions 4 and 5 of §4.3: the payload members (Table 4.3, last column), or empty. */
  public static Optional<ObjectNode> parse(byte[] body) {
    JsonNode doc;
    try {
      doc = PARSER.parse(body);
    } catch (JsonViolation e) {
      return Optional.empty();
    }
    if (!SchemaCatalog.get().schema(SCHEMA).validate(doc).isEmpty()) {
      return Optional.empty();
    }
    ObjectNode payload = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    payload.set("claims", doc.get("claims"));
    payload.set("evidence", doc.get("evidence"));
    payload.set("confidence", doc.get("confidence"));
    JsonNode notes = doc.get("extraction_notes");
    if (notes != null) {
      payload.set("extraction_notes", notes);
    }
    return Optional.of(payload);
  }

  /** Condition 2 of §4.3: the media type (charset utf-8 at most), no content coding. */
  static boolean acceptableHeaders(Map<String, List<String>> headers) {
    Map<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.putAll(headers);
    List<String> encodings = h.getOrDefault("Content-Encoding", List.of());
    for (String e : encodings) {
      if (!e.strip().equalsIgnoreCase("identity")) {
        return false;
      }
    }
    List<String> types = h.getOrDefault("Content-Type", List.of());
    if (types.size() != 1) {
      return false;
    }
    String[] parts = types.get(0).split(";", -1);
    if (!parts[0].strip().toLowerCase(Locale.ROOT).equals(MEDIA_TYPE)) {
      return false;
    }
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip().toLowerCase(Locale.ROOT);
      if (!p.equals("charset=utf-8") && !p.equals("charset=\"utf-8\"")) {
        return false;
      }
    }
    return true;
  }
}
