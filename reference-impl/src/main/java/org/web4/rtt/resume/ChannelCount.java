package org.web4.rtt.resume;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One channel of a resume exchange (docs/drafts/rtt-resume.md §4.1, §4.2): its id, name and the
 * number of messages the sender of the count has delivered on it.
 */
public record ChannelCount(int id, String name, long delivered) {
  /** The largest count: an I-JSON integer (2^53 − 1). */
  public static final long MAX_DELIVERED = (1L << 53) - 1;

  public ChannelCount {
    if (id < 0 || id > 0xFFFF || delivered < 0 || delivered > MAX_DELIVERED) {
      throw new IllegalArgumentException("channel " + id + " delivered " + delivered);
    }
  }

  ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("delivered", delivered);
    o.put("id", id);
    o.put("name", name);
    return o;
  }
}
