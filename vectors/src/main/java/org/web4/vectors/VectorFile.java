package org.web4.vectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds one vector file in Wycheproof's shape: a header, notes for every flag, and groups of
 * tests, each test with {@code tcId}, {@code comment}, {@code flags}, {@code result} and the
 * requirement IDs it checks. {@code tcId}s are assigned in order, 1..n, so a case added at the end
 * never renumbers others.
 */
public final class VectorFile {
  /** A flag's note: what kind of defect a failing case reveals. */
  public record Note(String bugType, String description) {}

  public static final String GENERATOR_VERSION = "0.1.0";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final String path;
  private final String algorithm;
  private final String schema;
  private final List<String> header;
  private final Map<String, Note> notes = new LinkedHashMap<>();
  private final ArrayNode groups = NODES.arrayNode();
  private final Set<String> usedFlags = new TreeSet<>();
  private int nextTcId = 1;

  public VectorFile(String path, String algorithm, String schema, List<String> header) {
    this.path = path;
    this.algorithm = algorithm;
    this.schema = schema;
    this.header = header;
  }

  /** The file's path relative to {@code vectors/}, e.g. {@code "jcs/jcs_test.json"}. */
  public String path() {
    return path;
  }

  public VectorFile note(String flag, String bugType, String description) {
    notes.put(flag, new Note(bugType, description));
    return this;
  }

  /** Starts a group; fill its fields, then add tests with {@link #test}. */
  public ObjectNode group(String type) {
    ObjectNode group = NODES.objectNode();
    group.put("type", type);
    groups.add(group);
    return group;
  }

  /**
   * Adds a test to a group. {@code fields} are the type-specific members, in order; the common
   * members are added here.
   */
  public ObjectNode test(
      ObjectNode group,
      String comment,
      List<String> flags,
      String result,
      List<String> requirements,
      ObjectNode fields) {
    if (!Set.of("valid", "invalid", "acceptable").contains(result)) {
      throw new IllegalArgumentException("result " + result);
    }
    for (String flag : flags) {
      if (!notes.containsKey(flag)) {
        throw new IllegalArgumentException(path + ": flag " + flag + " has no note");
      }
      usedFlags.add(flag);
    }
    ObjectNode test = NODES.objectNode();
    test.put("tcId", nextTcId++);
    test.put("comment", comment);
    ArrayNode f = test.putArray("flags");
    flags.forEach(f::add);
    ArrayNode r = test.putArray("requirements");
    requirements.forEach(r::add);
    test.setAll(fields);
    test.put("result", result);
    ArrayNode tests = group.has("tests") ? (ArrayNode) group.get("tests") : group.putArray("tests");
    tests.add(test);
    return test;
  }

  public ObjectNode toJson() {
    for (String flag : notes.keySet()) {
      if (!usedFlags.contains(flag)) {
        throw new IllegalStateException(path + ": flag " + flag + " has a note but no test");
      }
    }
    ObjectNode file = NODES.objectNode();
    file.put("algorithm", algorithm);
    file.put("schema", schema);
    file.put("generatorVersion", GENERATOR_VERSION);
    file.put("specVersion", VectorGenerator.SPEC_VERSION);
    file.put("numberOfTests", nextTcId - 1);
    ArrayNode h = file.putArray("header");
    header.forEach(h::add);
    ObjectNode n = file.putObject("notes");
    notes.forEach(
        (flag, note) -> {
          ObjectNode o = n.putObject(flag);
          o.put("bugType", note.bugType());
          o.put("description", note.description());
        });
    file.set("testGroups", groups);
    return file;
  }

  public static ObjectNode fields() {
    return NODES.objectNode();
  }
}
