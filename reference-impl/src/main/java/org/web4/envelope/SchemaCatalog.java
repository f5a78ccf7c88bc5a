package org.web4.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The normative JSON Schemas of {@code schemas/}, compiled once. They travel inside the jar under
 * {@code web4/schemas/}; their {@code $id}s live under {@link #ID_BASE}, a name that never resolves
 * on the network, mapped here to the class path.
 */
public final class SchemaCatalog {
  /** The {@code $id} prefix of every schema of the kit. */
  public static final String ID_BASE = "https://web4-kit.invalid/schemas/";

  private static final String CLASSPATH_BASE = "classpath:web4/schemas/";

  private final SchemaRegistry registry;
  private final Map<Protocol, Schema> envelopes = new EnumMap<>(Protocol.class);
  private final Map<String, Schema> payloads = new HashMap<>();
  private final Map<String, Schema> byPath = new HashMap<>();

  private SchemaCatalog() {
    this.registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaIdResolvers(r -> r.mapPrefix(ID_BASE, CLASSPATH_BASE)));
    for (Protocol protocol : Protocol.values()) {
      envelopes.put(protocol, load("envelope/" + protocol.member() + ".schema.json"));
    }
    for (MessageType row : MessageTypes.get().all()) {
      payloads.put(key(row.protocol(), row.type()), load(row.payloadSchema()));
    }
  }

  private static final class Holder {
    static final SchemaCatalog INSTANCE = new SchemaCatalog();
  }

  /** The shared catalog; schemas are immutable once compiled. */
  public static SchemaCatalog get() {
    return Holder.INSTANCE;
  }

  /**
   * The schema at a path relative to {@code schemas/}, e.g. {@code
   * "vectors/ed25519_verify.schema.json"}; compiled on first use.
   */
  public synchronized Schema schema(String path) {
    return byPath.computeIfAbsent(path, this::load);
  }

  private Schema load(String path) {
    Schema schema = registry.getSchema(SchemaLocation.of(ID_BASE + path));
    schema.initializeValidators();
    return schema;
  }

  /**
   * Violations of the protocol's envelope schema (structure, closed members, formats); empty if
   * none.
   */
  public List<String> envelopeViolations(Protocol protocol, JsonNode envelope) {
    Schema schema = envelopes.get(protocol);
    if (schema == null) {
      throw new IllegalStateException("no envelope schema for " + protocol);
    }
    return describe(schema.validate(envelope));
  }

  /** Violations of the payload schema of a defined message type; empty if none. */
  public List<String> payloadViolations(Protocol protocol, String type, JsonNode payload) {
    Schema schema = payloads.get(key(protocol, type));
    if (schema == null) {
      throw new IllegalArgumentException(protocol + " defines no type " + type);
    }
    return describe(schema.validate(payload));
  }

  public static List<String> describe(List<Error> errors) {
    List<String> out = new ArrayList<>(errors.size());
    for (Error e : errors) {
      out.add(e.getInstanceLocation() + ": " + e.getMessage());
    }
    return out;
  }

  private static String key(Protocol protocol, String type) {
    return protocol.member() + "/" + type;
  }
}
