package org.web4.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The registry ({@code schemas/message-types.json}) and the spec cannot drift: every row of cip.md,
 * hcp.md and lip.md Table 3 (type, requirement, payload schema, in order) and every envelope of
 * rtt.md Table 5 (its channel) is a row of the registry, and every row of the registry is in those
 * tables. The tables are parsed from the markdown of {@code spec/}.
 */
class MessageTypesSpecTest {
  private static final Path SPEC = Path.of(System.getProperty("web4.kit.root", ".."), "spec");

  /** A Table 3 cell {@code `HELLO`}. */
  private static final Pattern TYPE_CELL = Pattern.compile("`([A-Z][A-Z0-9_]*)`");

  /** A Table 3 cell {@code CIP-MSG-001}. */
  private static final Pattern REQUIREMENT_CELL = Pattern.compile("[A-Z][A-Z0-9]*-MSG-[0-9]{3}");

  /** A Table 3 cell {@code `payloads/cip/HELLO.schema.json`}. */
  private static final Pattern SCHEMA_CELL = Pattern.compile("`(payloads/[^`]+\\.schema\\.json)`");

  /** {@code | `control` (0) | CIP `HELLO`, `VERIFY`; every HCP type |} */
  private static final Pattern CHANNEL_ROW =
      Pattern.compile("\\| `([a-z]+)` \\(([0-9])\\) \\|(.*)\\|");

  private static final Pattern EVERY = Pattern.compile("every ([A-Za-z]+) type");
  private static final Pattern LISTED =
      Pattern.compile("([A-Za-z]+) (`[A-Z0-9_]+`(?:, `[A-Z0-9_]+`)*)");
  private static final Pattern QUOTED = Pattern.compile("`([A-Z0-9_]+)`");

  /** One row of a protocol's Table 3 with its channel from rtt.md Table 5. */
  private record SpecRow(String type, String requirement, String payloadSchema, String channel) {}

  @Test
  void everyTypeOfTheSpecIsARowWithItsRequirementSchemaAndChannel() throws IOException {
    Map<Protocol, List<SpecRow>> spec = specRows();
    for (Protocol p : Protocol.values()) {
      List<SpecRow> registry =
          MessageTypes.get().of(p).stream()
              .map(r -> new SpecRow(r.type(), r.requirement(), r.payloadSchema(), r.channel()))
              .toList();
      assertThat(registry)
          .as(
              "the rows of %s in schemas/message-types.json against spec/%s.md Table 3 and rtt.md"
                  + " Table 5",
              p, p.member())
          .containsExactlyElementsOf(spec.get(p));
    }
  }

  @Test
  void tableFiveNamesTheStandardChannelsWithTheirIds() throws IOException {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (String line : table(read("rtt.md"), "Table 5 —")) {
      Matcher m = CHANNEL_ROW.matcher(line);
      if (m.matches()) {
        ids.put(m.group(1), Integer.parseInt(m.group(2)));
      }
    }
    assertThat(ids)
        .containsExactly(
            Map.entry(MessageType.CHANNELS.get(0), 0),
            Map.entry(MessageType.CHANNELS.get(1), 1),
            Map.entry(MessageType.CHANNELS.get(2), 2));
  }

  /** Each protocol's Table 3, with the channel rtt.md Table 5 gives each type. */
  private static Map<Protocol, List<SpecRow>> specRows() throws IOException {
    Map<Protocol, List<String[]>> tables = new LinkedHashMap<>();
    for (Protocol p : Protocol.values()) {
      List<String[]> rows = new ArrayList<>();
      for (String line : table(read(p.member() + ".md"), "Table 3 —")) {
        typeRow(line).ifPresent(rows::add);
      }
      assertThat(rows).as("the type rows of spec/%s.md Table 3", p.member()).isNotEmpty();
      tables.put(p, rows);
    }
    Map<String, String> channels = channelsOfTableFive(tables);
    Map<Protocol, List<SpecRow>> out = new LinkedHashMap<>();
    tables.forEach(
        (p, rows) ->
            out.put(
                p,
                rows.stream()
                    .map(
                        r ->
                            new SpecRow(
                                r[0], r[1], r[2], channels.getOrDefault(key(p, r[0]), "(none)")))
                    .toList()));
    List<String> defined = new ArrayList<>();
    tables.forEach((p, rows) -> rows.forEach(r -> defined.add(key(p, r[0]))));
    assertThat(defined)
        .as("rtt.md Table 5 names only types of the protocols' Table 3")
        .containsAll(channels.keySet());
    return out;
  }

  /** rtt.md Table 5: {@code "cip/HELLO" -> "control"}; "every HCP type" is every row of Table 3. */
  private static Map<String, String> channelsOfTableFive(Map<Protocol, List<String[]>> tables)
      throws IOException {
    Map<String, String> channels = new LinkedHashMap<>();
    for (String line : table(read("rtt.md"), "Table 5 —")) {
      Matcher row = CHANNEL_ROW.matcher(line);
      if (!row.matches()) {
        continue; // the header, its rule and "named channels | no envelopes"
      }
      String channel = row.group(1);
      for (String part : row.group(3).split(";", -1)) {
        Matcher every = EVERY.matcher(part);
        Matcher listed = LISTED.matcher(part);
        if (every.find()) {
          Protocol p = protocol(every.group(1));
          tables
              .getOrDefault(p, List.of())
              .forEach(r -> assertNew(channels, key(p, r[0]), channel));
        } else if (listed.find()) {
          Protocol p = protocol(listed.group(1));
          Matcher q = QUOTED.matcher(listed.group(2));
          while (q.find()) {
            assertNew(channels, key(p, q.group(1)), channel);
          }
        } else {
          throw new AssertionError("rtt.md Table 5: cannot read \"" + part.strip() + "\"");
        }
      }
    }
    return channels;
  }

  /**
   * A type row of a Table 3 (type, requirement, schema; a channel column, where a table has one, is
   * checked against rtt.md Table 5 through the registry), or empty for the header and its rule.
   */
  private static Optional<String[]> typeRow(String line) {
    List<String> cells = new ArrayList<>();
    for (String cell : line.split("\\|", -1)) {
      cells.add(cell.strip());
    }
    Matcher type = TYPE_CELL.matcher(cells.size() > 1 ? cells.get(1) : "");
    if (!type.matches()) {
      return Optional.empty();
    }
    String requirement =
        cells.stream()
            .filter(REQUIREMENT_CELL.asMatchPredicate())
            .findFirst()
            .orElseThrow(() -> new AssertionError("no requirement in " + line));
    String schema =
        cells.stream()
            .map(SCHEMA_CELL::matcher)
            .filter(Matcher::matches)
            .map(m -> m.group(1))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no payload schema in " + line));
    return Optional.of(new String[] {type.group(1), requirement, schema});
  }

  private static void assertNew(Map<String, String> channels, String key, String channel) {
    String before = channels.put(key, channel);
    assertThat(before).as("rtt.md Table 5 names %s twice", key).isNull();
  }

  private static Protocol protocol(String name) {
    return Protocol.ofMember(name.toLowerCase(Locale.ROOT))
        .orElseThrow(
            () -> new AssertionError("rtt.md Table 5 names a protocol Protocol lacks: " + name));
  }

  private static String key(Protocol p, String type) {
    return p.member() + "/" + type;
  }

  /** The markdown table lines right after the caption that starts with {@code caption}. */
  private static List<String> table(String markdown, String caption) {
    List<String> lines = markdown.lines().toList();
    int at = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(caption)) {
        at = i;
        break;
      }
    }
    assertThat(at).as("a caption \"%s\"", caption).isNotNegative();
    List<String> rows = new ArrayList<>();
    int i = at + 1;
    // the caption's paragraph may go on (mesh.md: "Channels: rtt.md Table 5."), up to the table
    while (i < lines.size() && !lines.get(i).startsWith("|") && !lines.get(i).startsWith("#")) {
      i++;
    }
    while (i < lines.size() && lines.get(i).startsWith("|")) {
      rows.add(lines.get(i++));
    }
    return rows;
  }

  private static String read(String file) throws IOException {
    return Files.readString(SPEC.resolve(file), StandardCharsets.UTF_8);
  }
}
