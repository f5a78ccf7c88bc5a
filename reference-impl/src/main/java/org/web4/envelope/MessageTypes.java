package org.web4.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/**
 * The message type registry: every type of CIP, HCP and LIP as data, read once from {@code
 * schemas/message-types.json} (on the class path as {@value #RESOURCE}, like every schema of {@link
 * SchemaCatalog}). A type that is not a row here is UNSUPPORTED_TYPE [ENV-TYPE-001]; what travels
 * on which channel, which requirement a payload schema has and where the reference routes a type
 * all come from its row (docs/adr/1001-message-type-registry.md).
 */
public final class MessageTypes {
  /** Where the registry is on the class path. */
  public static final String RESOURCE = "web4/schemas/message-types.json";

  private static final Set<String> MEMBERS =
      Set.of("protocol", "type", "channel", "requirement", "payload_schema", "handler");

  private final Map<Protocol, List<MessageType>> byProtocol;
  private final Map<Protocol, List<String>> names;
  private final Map<String, MessageType> byKey;
  private final List<MessageType> all;

  private MessageTypes(List<MessageType> rows) {
    Map<String, MessageType> keys = new HashMap<>();
    Set<String> requirements = new HashSet<>();
    for (MessageType row : rows) {
      if (keys.putIfAbsent(key(row.protocol(), row.type()), row) != null) {
        throw new IllegalStateException(RESOURCE + ": two rows for " + row.type());
      }
      if (!requirements.add(row.requirement())) {
        throw new IllegalStateException(RESOURCE + ": two rows with " + row.requirement());
      }
    }
    Map<Protocol, List<MessageType>> grouped = new EnumMap<>(Protocol.class);
    Map<Protocol, List<String>> typeNames = new EnumMap<>(Protocol.class);
    List<MessageType> ordered = new ArrayList<>(rows.size());
    for (Protocol p : Protocol.values()) {
      List<MessageType> own = rows.stream().filter(r -> r.protocol() == p).toList();
      grouped.put(p, own);
      typeNames.put(p, own.stream().map(MessageType::type).toList());
      ordered.addAll(own);
    }
    this.byProtocol = grouped;
    this.names = typeNames;
    this.byKey = Map.copyOf(keys);
    this.all = List.copyOf(ordered);
  }

  private static final class Holder {
    static final MessageTypes INSTANCE = load();
  }

  /** The registry of this build of the kit. */
  public static MessageTypes get() {
    return Holder.INSTANCE;
  }

  /** Every row: CIP's, then HCP's, then LIP's, each in its Table 3 order. */
  public List<MessageType> all() {
    return all;
  }

  /** A protocol's rows in its Table 3 order. */
  public List<MessageType> of(Protocol protocol) {
    return byProtocol.getOrDefault(protocol, List.of());
  }

  /** A protocol's type names in its Table 3 order. */
  public List<String> typeNames(Protocol protocol) {
    return names.getOrDefault(protocol, List.of());
  }

  /** The row of a type, if the protocol defines it [ENV-TYPE-001]. */
  public Optional<MessageType> find(Protocol protocol, String type) {
    return Optional.ofNullable(byKey.get(key(protocol, type)));
  }

  /**
   * The row of a type the protocol defines.
   *
   * @throws IllegalArgumentException when the protocol defines no such type: a caller asks only for
   *     validated types, so this is a defect, never a default
   */
  public MessageType require(Protocol protocol, String type) {
    MessageType row = byKey.get(key(protocol, type));
    if (row == null) {
      throw new IllegalArgumentException(protocol + " defines no message type " + type);
    }
    return row;
  }

  private static String key(Protocol protocol, String type) {
    return protocol.member() + "/" + type;
  }

  /** Reads and checks the registry of the class path. */
  static MessageTypes load() {
    byte[] bytes;
    try (InputStream in = MessageTypes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path: build with ./mvnw");
      }
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(RESOURCE + ": cannot be read: " + e.getMessage(), e);
    }
    return parse(bytes);
  }

  /**
   * Checks a registry document (the structure of {@code schemas/message-types.schema.json}, one row
   * per protocol and type, one row per requirement).
   *
   * @throws IllegalStateException naming the first row that is wrong
   */
  static MessageTypes parse(byte[] document) {
    JsonNode root;
    try {
      root = StrictJsonParser.withDepthLimitOnly().parse(document);
    } catch (JsonViolation e) {
      throw new IllegalStateException(RESOURCE + ": not I-JSON: " + e.getMessage(), e);
    }
    JsonNode types = root.path("types");
    if (!types.isArray() || types.isEmpty()) {
      throw new IllegalStateException(RESOURCE + ": no array of types");
    }
    List<MessageType> rows = new ArrayList<>(types.size());
    for (JsonNode row : types) {
      rows.add(row(row, rows.size()));
    }
    return new MessageTypes(rows);
  }

  private static MessageType row(JsonNode row, int index) {
    String where = RESOURCE + " types[" + index + "]";
    if (!row.isObject() || row.size() != MEMBERS.size()) {
      throw new IllegalStateException(where + ": a row has exactly the members " + MEMBERS);
    }
    String member = text(row, "protocol", where);
    Protocol protocol =
        Protocol.ofMember(member)
            .orElseThrow(() -> new IllegalStateException(where + ": no protocol " + member));
    try {
      return new MessageType(
          protocol,
          text(row, "type", where),
          text(row, "channel", where),
          text(row, "requirement", where),
          text(row, "payload_schema", where),
          text(row, "handler", where));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(where + ": " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode row, String name, String where) {
    JsonNode value = row.get(name);
    if (value == null || !value.isTextual()) {
      throw new IllegalStateException(where + ": " + name + " is not a string");
    }
    return value.asText();
  }
}
