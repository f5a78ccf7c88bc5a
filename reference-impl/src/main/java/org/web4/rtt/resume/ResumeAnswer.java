package org.web4.rtt.resume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/**
 * The body of a RESUME frame (docs/drafts/rtt-resume.md §4.2), RFC 8785 JSON:
 *
 * <pre>
 * {"channels":[{"delivered":N,"id":ID,"name":NAME}, …],"result":"resumed"}
 * {"code":CODE,"result":"fresh"}
 * </pre>
 */
public sealed interface ResumeAnswer {
  /** Why a resume was refused: the {@code code} of a {@code fresh} answer (rows R1–R5). */
  enum FreshCode {
    RESUME_UNKNOWN,
    RESUME_EXPIRED,
    REPLAY
  }

  /** The session continues; the responder's counts of the restored channels. */
  record Resumed(List<ChannelCount> channels) implements ResumeAnswer {
    public Resumed {
      channels = List.copyOf(channels);
    }
  }

  /** The connection is a new session. */
  record Fresh(FreshCode code) implements ResumeAnswer {}

  /** The canonical body. */
  default byte[] encode() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    if (this instanceof Resumed r) {
      o.set("channels", ChannelCounts.toJson(r.channels()));
      o.put("result", "resumed");
    } else if (this instanceof Fresh f) {
      o.put("code", f.code().name());
      o.put("result", "fresh");
    }
    return JsonCanonicalizer.canonicalize(o);
  }

  /**
   * [RTT-RES-006] a RESUME body: I-JSON in its RFC 8785 form, exactly one of the two shapes. A
   * {@code resumed} answer lists 0 to 1,024 channels (the restored ones), ids strictly ascending.
   */
  static ResumeAnswer decode(byte[] body) throws ResumeFormatException {
    JsonNode o;
    try {
      o = StrictJsonParser.withEnvelopeLimits().parse(body);
    } catch (JsonViolation e) {
      throw new ResumeFormatException("RESUME body: " + e.getMessage());
    }
    if (!o.isObject() || !Arrays.equals(JsonCanonicalizer.canonicalize(o), body)) {
      throw new ResumeFormatException("a RESUME body is an object in its RFC 8785 form");
    }
    JsonNode result = o.path("result");
    if (o.size() == 2 && "resumed".equals(result.asText(null)) && o.has("channels")) {
      return new Resumed(ChannelCounts.parse(o.get("channels"), 3, /* standardFirst= */ true));
    }
    if (o.size() == 2 && "fresh".equals(result.asText(null)) && o.path("code").isTextual()) {
      for (FreshCode c : FreshCode.values()) {
        if (c.name().equals(o.get("code").asText())) {
          return new Fresh(c);
        }
      }
    }
    throw new ResumeFormatException("not a RESUME body: " + o);
  }
}
