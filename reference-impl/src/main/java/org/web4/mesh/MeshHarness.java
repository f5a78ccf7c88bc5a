package org.web4.mesh;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import org.web4.envelope.ErrorCode;
import org.web4.envelope.Protocol;
import org.web4.envelope.SchemaCatalog;
import org.web4.harness.MeshControl;

/**
 * The harness operations of spec/harness.md §4.14 on a {@link MeshRuntime}: {@code GET mesh} and
 * {@code POST mesh/send} (a type Table 4.3b does not allow for the destination is invalid with
 * {@code RELAY}; a payload that does not conform to its type, with {@code PAYLOAD_SCHEMA}).
 */
public final class MeshHarness implements MeshControl {
  private final MeshRuntime mesh;

  public MeshHarness(MeshRuntime mesh) {
    this.mesh = mesh;
  }

  @Override
  public ObjectNode mesh() {
    return mesh.harnessView();
  }

  @Override
  public ObjectNode send(String destination, String type, ObjectNode payload, int hopLimit) {
    boolean broadcast = destination.equals(RelayPayload.BROADCAST);
    Protocol protocol = type.startsWith("MESH_") ? Protocol.MESH : Protocol.CIP;
    if (!RelayContent.allows(protocol.member(), type, broadcast)) {
      return invalid(
          ErrorCode.RELAY,
          type + " is not sent through the mesh to " + (broadcast ? "every agent" : "one agent"));
    }
    List<String> violations = SchemaCatalog.get().payloadViolations(protocol, type, payload);
    if (!violations.isEmpty()) {
      return invalid(ErrorCode.PAYLOAD_SCHEMA, type + " payload: " + String.join("; ", violations));
    }
    Optional<MeshRuntime.Sent> sent;
    try {
      sent = mesh.originate(destination, protocol, type, payload, hopLimit);
    } catch (MeshRuntime.InnerTooLarge e) {
      return invalid(ErrorCode.RELAY, String.valueOf(e.getMessage())); // harness.md §4.14
    }
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    if (sent.isEmpty()) {
      out.put("result", "unreachable");
      return out;
    }
    out.put("result", "sent");
    out.put("msg_id", sent.get().msgId());
    String meshId = sent.get().meshId();
    if (meshId == null) {
      out.putNull("mesh_id");
    } else {
      out.put("mesh_id", meshId);
    }
    sent.get().to().forEach(out.putArray("to")::add);
    return out;
  }

  private static ObjectNode invalid(ErrorCode code, String message) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("result", "invalid");
    ObjectNode error = out.putObject("error");
    error.put("code", code.name());
    error.put("message", message.length() > 256 ? message.substring(0, 256) : message);
    return out;
  }
}
