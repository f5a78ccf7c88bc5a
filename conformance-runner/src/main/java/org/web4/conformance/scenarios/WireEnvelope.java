package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;
import org.web4.vectors.PrettyJson;

/**
 * An envelope of a scenario: its JSON value, and — once a step has edited the bytes on the wire —
 * those bytes. Edits to the value discard byte edits; the bytes are what the implementation
 * receives.
 */
final class WireEnvelope {
  private ObjectNode json;
  private byte @Nullable [] bytes;

  WireEnvelope(ObjectNode json) {
    this.json = json;
  }

  ObjectNode json() {
    return json;
  }

  void setJson(ObjectNode json) {
    this.json = json;
    this.bytes = null;
  }

  /** The bytes sent: the edited bytes, or the compact serialization of the value. */
  byte[] bytes() {
    return bytes != null ? bytes.clone() : PrettyJson.compact(json);
  }

  void setBytes(byte[] bytes) {
    this.bytes = bytes.clone();
  }

  WireEnvelope copy() {
    WireEnvelope c = new WireEnvelope(json.deepCopy());
    if (bytes != null) {
      c.bytes = bytes.clone();
    }
    return c;
  }
}
