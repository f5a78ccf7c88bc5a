package org.web4.site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * event-contract.html: the event contract 1.0 as one readable page, made from {@code
 * schemas/events/event.schema.json} (the kinds, each kind's required attributes and their types)
 * and spec/events.md Table 2 (when each kind is reported): per kind, its attributes and an example
 * line that the schema accepts (EventContractPageTest validates every one).
 */
final class EventContractPage {
  static final String SCHEMA = "schemas/events/event.schema.json";
  private static final Pattern KIND = Pattern.compile("`([a-z_]+(?:\\.[a-z_]+)+)`");
  private static final String AGENT = "a".repeat(64);
  private static final String PEER = "b".repeat(64);

  /**
   * One kind.
   *
   * @param kind e.g. {@code rtt.error.sent}
   * @param when spec/events.md Table 2's "when" cell, markdown
   * @param attributes Table 2's attribute cell, markdown
   * @param required the schema's required attributes: name → its schema
   */
  record Kind(String kind, String when, String attributes, Map<String, JsonNode> required) {}

  private EventContractPage() {}

  /** Every kind of the schema, in its order, with Table 2's text. */
  static List<Kind> kinds(Path root) throws IOException {
    JsonNode schema = new ObjectMapper().readTree(root.resolve(SCHEMA).toFile());
    Map<String, String[]> table = table2(root.resolve("spec/events.md"));
    Map<String, Map<String, JsonNode>> required = new LinkedHashMap<>();
    for (JsonNode rule : schema.path("allOf")) {
      JsonNode kind = rule.path("if").path("properties").path("kind");
      List<String> ruleKinds = new ArrayList<>();
      if (kind.has("const")) {
        ruleKinds.add(kind.path("const").asText());
      }
      kind.path("enum").forEach(k -> ruleKinds.add(k.asText()));
      JsonNode attributes = rule.path("then").path("properties").path("attributes");
      Map<String, JsonNode> names = new LinkedHashMap<>();
      for (JsonNode name : attributes.path("required")) {
        names.put(name.asText(), attributes.path("properties").path(name.asText()));
      }
      ruleKinds.forEach(k -> required.computeIfAbsent(k, x -> new LinkedHashMap<>()).putAll(names));
    }
    List<Kind> kinds = new ArrayList<>();
    for (JsonNode k : schema.path("properties").path("kind").path("enum")) {
      String[] row = table.getOrDefault(k.asText(), new String[] {"", ""});
      kinds.add(new Kind(k.asText(), row[0], row[1], required.getOrDefault(k.asText(), Map.of())));
    }
    return kinds;
  }

  /** Table 2 of spec/events.md: kind → {when, attributes}; a row may name several kinds. */
  static Map<String, String[]> table2(Path eventsMd) throws IOException {
    Map<String, String[]> rows = new LinkedHashMap<>();
    boolean captioned = false;
    boolean inTable = false;
    for (String line : Files.readAllLines(eventsMd, StandardCharsets.UTF_8)) {
      if (line.startsWith("Table 2")) {
        captioned = true;
        continue;
      }
      if (!captioned) {
        continue;
      }
      if (!line.startsWith("|")) {
        if (inTable) {
          break;
        }
        continue;
      }
      inTable = true;
      if (!line.startsWith("| `")) {
        continue;
      }
      String[] cells = line.substring(1).split("(?<!\\\\)\\|", -1);
      if (cells.length < 3) {
        continue;
      }
      Matcher m = KIND.matcher(cells[0]);
      while (m.find()) {
        rows.putIfAbsent(m.group(1), new String[] {cells[1].strip(), cells[2].strip()});
      }
    }
    return rows;
  }

  /**
   * The schema and spec/events.md Table 2 disagree: a kind of one that the other lacks (part of the
   * site's build check).
   */
  static List<String> problems(Path root) throws IOException {
    List<String> problems = new ArrayList<>();
    Map<String, String[]> table = table2(root.resolve("spec/events.md"));
    List<String> schemaKinds = kinds(root).stream().map(Kind::kind).toList();
    for (String kind : schemaKinds) {
      if (!table.containsKey(kind)) {
        problems.add(
            kind
                + ": an event kind of "
                + SCHEMA
                + " that spec/events.md Table 2 does not describe");
      }
    }
    for (String kind : table.keySet()) {
      if (!schemaKinds.contains(kind)) {
        problems.add(
            kind + ": spec/events.md Table 2 describes it, " + SCHEMA + " has no such kind");
      }
    }
    return problems;
  }

  /** An event line of {@code kind} that the schema accepts. */
  static String example(Kind kind) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("version", "1.0");
    e.put("seq", 7);
    e.put("time", "2026-12-06T23:40:01.250Z");
    e.put("kind", kind.kind());
    e.put("agent", AGENT);
    if (kind.kind().startsWith("hcp.human") || kind.kind().equals("lip.source.tier_changed")) {
      e.putNull("peer");
    } else {
      e.put("peer", PEER);
    }
    e.putNull("msg_id");
    ObjectNode attributes = e.putObject("attributes");
    kind.required().forEach((name, s) -> attributes.set(name, exampleValue(name, s)));
    return e.toString();
  }

  private static JsonNode exampleValue(String name, JsonNode schema) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (schema.has("enum")) {
      return schema.path("enum").get(0);
    }
    if (schema.has("const")) {
      return schema.path("const");
    }
    if (schema.has("anyOf")) {
      return exampleValue(name, schema.path("anyOf").get(0));
    }
    String ref = schema.path("$ref").asText("");
    if (ref.endsWith("/fingerprint")) {
      return f.textNode("c".repeat(64));
    }
    if (ref.endsWith("/uuid")) {
      return f.textNode("3f1c2a9e-5b7d-4e21-9a3c-0d4e6f8a1b2c");
    }
    String type = schema.path("type").asText("string");
    return switch (type) {
      case "integer" -> f.numberNode(schema.path("minimum").asInt(1));
      case "boolean" -> f.booleanNode(true);
      default -> f.textNode(schema.has("pattern") ? "INTENT" : name);
    };
  }

  /** An attribute's schema in words: {@code string}, {@code one of a, b}, {@code fingerprint}. */
  static String describe(JsonNode schema) {
    if (schema.has("enum")) {
      List<String> values = new ArrayList<>();
      schema.path("enum").forEach(v -> values.add(v.asText()));
      return "one of " + String.join(", ", values);
    }
    if (schema.has("const")) {
      return "exactly " + schema.path("const").asText();
    }
    if (schema.has("anyOf")) {
      List<String> options = new ArrayList<>();
      schema.path("anyOf").forEach(o -> options.add(describe(o)));
      return String.join(" or ", options);
    }
    String ref = schema.path("$ref").asText("");
    if (!ref.isEmpty()) {
      return ref.substring(ref.lastIndexOf('/') + 1) + " (" + ref.replaceFirst("#.*", "") + ")";
    }
    String type = schema.path("type").asText("string");
    if (schema.has("minimum") || schema.has("maximum")) {
      type += " " + schema.path("minimum").asText("") + "–" + schema.path("maximum").asText("");
    }
    return schema.has("pattern") ? type + " matching " + schema.path("pattern").asText() : type;
  }

  static String render(Path root, Links links, Traceability trace) throws IOException {
    List<Kind> kinds = kinds(root);
    SpecPage inline = new SpecPage(trace, links);
    StringBuilder b = new StringBuilder(64 * 1024);
    b.append("<h1>The event contract 1.0</h1>\n<p>Made from <a href=\"");
    b.append(Html.esc(links.source(SCHEMA, 0))).append("\"><code>").append(SCHEMA);
    b.append("</code></a> and <a href=\"events.html\">spec/events.md</a> Table 2. An agent ");
    b.append("reports each event as one JSON line with the members <code>version</code>, ");
    b.append("<code>seq</code>, <code>time</code>, <code>kind</code>, <code>agent</code>, ");
    b.append("<code>peer</code>, <code>msg_id</code> and <code>attributes</code> ");
    b.append("(<a href=\"events.html#EVT-ENV-001\">EVT-ENV-001</a>); ").append(kinds.size());
    b.append(" kinds.</p>\n<ul class=\"toc\">");
    for (Kind k : kinds) {
      b.append("<li><a href=\"#").append(k.kind()).append("\"><code>").append(k.kind());
      b.append("</code></a></li>");
    }
    b.append("</ul>\n");
    for (Kind k : kinds) {
      b.append("<h2 id=\"").append(k.kind()).append("\"><code>").append(k.kind());
      b.append("</code></h2>\n");
      b.append(inline.render("events.md", "When: " + k.when()).html());
      b.append(inline.render("events.md", "Attributes: " + k.attributes()).html());
      if (!k.required().isEmpty()) {
        b.append(
            "<table><thead><tr><th>required attribute</th><th>value (schema)</th></tr></thead>");
        b.append("<tbody>");
        k.required()
            .forEach(
                (name, s) ->
                    b.append("<tr><td><code>")
                        .append(Html.esc(name))
                        .append("</code></td><td><code>")
                        .append(Html.esc(describe(s)))
                        .append("</code></td></tr>"));
        b.append("</tbody></table>\n");
      }
      b.append("<pre><code>").append(Html.esc(example(k))).append("</code></pre>\n");
    }
    return b.toString();
  }
}
