package org.web4.rtt.resume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.web4.rtt.ChannelNames;

/** The {@code channels} array of a resume request and of a RESUME {@code resumed} body. */
final class ChannelCounts {
  static final Set<String> MEMBERS = Set.of("delivered", "id", "name");
  static final int MAX_CHANNELS = 1024;

  private ChannelCounts() {}

  static ArrayNode toJson(List<ChannelCount> channels) {
    ArrayNode a = JsonNodeFactory.instance.arrayNode();
    channels.forEach(c -> a.add(c.toJson()));
    return a;
  }

  /**
   * Check 13's rules for {@code channels} (docs/drafts/rtt-resume.md §4.1): {@code minimum} to
   * 1,024 objects of exactly {@code delivered}, {@code id}, {@code name}, ids strictly ascending,
   * the standard channels first (when {@code standardFirst}), named channels matching §5's pattern.
   */
  static List<ChannelCount> parse(JsonNode channels, int minimum, boolean standardFirst)
      throws ResumeFormatException {
    if (!channels.isArray() || channels.size() < minimum || channels.size() > MAX_CHANNELS) {
      throw new ResumeFormatException(
          "channels must be an array of " + minimum + " to " + MAX_CHANNELS + " objects");
    }
    List<ChannelCount> out = new ArrayList<>();
    int previous = -1;
    for (JsonNode c : channels) {
      if (!c.isObject() || c.size() != MEMBERS.size() || !MEMBERS.stream().allMatch(c::has)) {
        throw new ResumeFormatException("each channel is exactly " + MEMBERS + ": " + c);
      }
      JsonNode id = c.get("id");
      JsonNode delivered = c.get("delivered");
      JsonNode name = c.get("name");
      if (!id.isIntegralNumber() || !id.canConvertToInt() || id.intValue() < 0) {
        throw new ResumeFormatException("id must be an integer 0-65535: " + id);
      }
      if (id.intValue() > 0xFFFF || id.intValue() <= previous) {
        throw new ResumeFormatException("ids must be strictly ascending, 0-65535: " + id);
      }
      if (!delivered.isIntegralNumber()
          || !delivered.canConvertToLong()
          || delivered.longValue() < 0
          || delivered.longValue() > ChannelCount.MAX_DELIVERED) {
        throw new ResumeFormatException("delivered must be an integer 0 … 2^53-1: " + delivered);
      }
      int index = out.size();
      boolean standard = standardFirst && index < ChannelNames.STANDARD.size();
      if (!name.isTextual()
          || (standard
              ? id.intValue() != index || !ChannelNames.STANDARD.get(index).equals(name.asText())
              : ChannelNames.isStandard(id.intValue())
                  || !ChannelNames.NAME.matcher(name.asText()).matches())) {
        throw new ResumeFormatException("channel " + id + " cannot be named " + name);
      }
      previous = id.intValue();
      out.add(new ChannelCount(id.intValue(), name.asText(), delivered.longValue()));
    }
    return List.copyOf(out);
  }
}
