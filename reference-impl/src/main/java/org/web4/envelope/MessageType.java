package org.web4.envelope;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One row of the message type registry ({@code schemas/message-types.json}, docs/adr/1001): a
 * protocol's message type, the standard channel it travels on (spec/rtt.md Table 5), the
 * requirement of its payload schema (the protocol's Table 3, e.g. {@code CIP-MSG-010}), its payload
 * schema relative to {@code schemas/}, and the reference's handler ({@code
 * org.web4.agent.ProtocolRouter.Destination} in wire form).
 *
 * @param protocol the envelope's discriminator
 * @param type the envelope's {@code type}
 * @param channel {@code control}, {@code state} or {@code knowledge} [RTT-CH-002, RTT-CH-007]
 * @param requirement the requirement ID, written in the spec, never computed from a position
 * @param payloadSchema e.g. {@code payloads/cip/HELLO.schema.json}
 * @param handler e.g. {@code handshake}
 */
public record MessageType(
    Protocol protocol,
    String type,
    String channel,
    String requirement,
    String payloadSchema,
    String handler) {

  /**
   * The standard channels' names (spec/rtt.md §5, RTT-CH-001), the only ones that carry envelopes.
   */
  public static final List<String> CHANNELS = List.of("control", "state", "knowledge");

  private static final Pattern TYPE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
  private static final Pattern SCHEMA =
      Pattern.compile("payloads/[a-z]+/[A-Z][A-Z0-9_]{0,63}\\.schema\\.json");
  private static final Pattern HANDLER = Pattern.compile("[a-z][a-z0-9_]{0,63}");

  public MessageType {
    if (!TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException("not a message type name: " + type);
    }
    if (!CHANNELS.contains(channel)) {
      throw new IllegalArgumentException(type + ": " + channel + " is not a standard channel");
    }
    String prefix = protocol.name() + "-MSG-";
    if (!requirement.startsWith(prefix)
        || !requirement.substring(prefix.length()).matches("[0-9]{3}")) {
      throw new IllegalArgumentException(
          type + ": requirement " + requirement + " is not " + prefix + "nnn");
    }
    String schemaPrefix = "payloads/" + protocol.member() + "/";
    if (!payloadSchema.startsWith(schemaPrefix) || !SCHEMA.matcher(payloadSchema).matches()) {
      throw new IllegalArgumentException(
          type
              + ": payload schema "
              + payloadSchema
              + " is not "
              + schemaPrefix
              + "NAME.schema.json");
    }
    if (!HANDLER.matcher(handler).matches()) {
      throw new IllegalArgumentException(type + ": not a handler name: " + handler);
    }
  }
}
