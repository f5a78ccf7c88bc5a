package org.web4.conformance.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.Evidence;
import org.web4.conformance.model.Evidences;

/**
 * The JSON texts hidden in hex members of an exchange (issue 16: envelopes and canonical forms
 * appeared only as hex, though they are UTF-8 JSON): every string member of a request, reply or
 * expected value that is hex of a UTF-8 JSON text becomes a {@link Evidence.Kind#JSON} piece of
 * evidence, its decoded text beside its hex, labelled with its path (e.g. {@code reply.output}).
 */
public final class HexEvidence {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2}){2,}");

  /** How deep into a request or reply it looks (harness messages nest two or three levels). */
  private static final int DEPTH = 6;

  private HexEvidence() {}

  /**
   * The decoded JSON texts of the members of {@code request}, {@code reply} and {@code expected}.
   */
  public static List<Evidence> of(
      @Nullable JsonNode request, @Nullable JsonNode reply, @Nullable JsonNode expected) {
    List<Evidence> out = new ArrayList<>();
    collect("request", request, DEPTH, out);
    collect("reply", reply, DEPTH, out);
    collect("expected", expected, DEPTH, out);
    return out;
  }

  private static void collect(String path, @Nullable JsonNode node, int depth, List<Evidence> out) {
    if (node == null || depth == 0) {
      return;
    }
    if (node.isTextual()) {
      decoded(path, node.asText()).ifPresent(out::add);
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> member : node.properties()) {
        collect(path + "." + member.getKey(), member.getValue(), depth - 1, out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        collect(path + "[" + i + "]", node.get(i), depth - 1, out);
      }
    }
  }

  /**
   * {@code s} decoded, if it is hex of UTF-8 that is a JSON text (kind JSON) or starts like a JSON
   * object or array without being one (kind TEXT: a refused input, the reader needs to see what was
   * not JSON).
   */
  private static Optional<Evidence> decoded(String path, String s) {
    if (!HEX.matcher(s).matches()) {
      return Optional.empty();
    }
    byte[] bytes = HexFormat.of().parseHex(s);
    Optional<String> text = Evidences.utf8(bytes);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String t = text.get().strip();
    boolean json = isJson(t);
    if (!json && !(t.startsWith("{") || t.startsWith("["))) {
      return Optional.empty();
    }
    return Optional.of(Evidences.bytes(path + " (decoded)", bytes, json));
  }

  private static boolean isJson(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      return node != null && !node.isMissingNode();
    } catch (JsonProcessingException e) {
      return false;
    }
  }
}
