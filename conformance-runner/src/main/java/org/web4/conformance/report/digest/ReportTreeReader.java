package org.web4.conformance.report.digest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.Outcome;

/**
 * Reads a {@code report.json} tree into a {@link ReportDigest}. Only the members the digest needs
 * are read, so a report of a later format version that adds members reads the same; a missing
 * required member is a {@link ReportFileException} naming it.
 */
final class ReportTreeReader {
  private final JsonNode root;
  private final String source;

  private ReportTreeReader(JsonNode root, String source) {
    this.root = root;
    this.source = source;
  }

  static ReportDigest read(JsonNode root, String source) throws ReportFileException {
    return new ReportTreeReader(root, source).digest();
  }

  private ReportDigest digest() throws ReportFileException {
    if (!root.isObject() || !root.has("report_version") || !root.path("requirements").isArray()) {
      throw new ReportFileException(
          source + ": not a web4-conformance report.json (no report_version or requirements)");
    }
    JsonNode header = object(root, "header");
    JsonNode implementation = header.path("implementation");
    JsonNode summary = object(root, "summary");
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Outcome o : Outcome.values()) {
      counts.put(o.label(), summary.path(o.label()).asInt(0));
    }
    return new ReportDigest(
        text(header, "target"),
        optional(implementation, "name"),
        optional(implementation, "version"),
        text(header, "kit_version"),
        text(header, "spec_version"),
        header.path("vectors").path("manifest_sha256").asText(""),
        text(header, "profile"),
        header.path("seed").asLong(),
        header.path("started_at").asText(""),
        summary.path("succeeded").asBoolean(false),
        optional(summary, "interrupted"),
        counts,
        root.path("coverage_gate").path("summary").asText(""),
        profiles(),
        requirements(),
        cases());
  }

  private List<ReportDigest.ProfileClaim> profiles() throws ReportFileException {
    List<ReportDigest.ProfileClaim> claims = new ArrayList<>();
    for (JsonNode p : root.path("profiles")) {
      claims.add(
          new ReportDigest.ProfileClaim(
              text(p, "profile"), text(p, "verdict"), p.path("summary").asText("")));
    }
    return claims;
  }

  private List<ReportDigest.Requirement> requirements() throws ReportFileException {
    List<ReportDigest.Requirement> rows = new ArrayList<>();
    for (JsonNode r : root.path("requirements")) {
      List<String> caseIds = new ArrayList<>();
      r.path("cases").forEach(c -> caseIds.add(c.asText()));
      rows.add(
          new ReportDigest.Requirement(
              text(r, "id"),
              r.path("level").asText(""),
              r.path("file").asText(""),
              r.path("text").asText(""),
              text(r, "verdict"),
              optional(r, "why"),
              caseIds));
    }
    return rows;
  }

  private Map<String, ReportDigest.Case> cases() throws ReportFileException {
    Map<String, ReportDigest.Case> cases = new LinkedHashMap<>();
    for (JsonNode c : root.path("cases")) {
      String id = text(c, "id");
      cases.put(
          id,
          new ReportDigest.Case(
              id,
              c.path("title").asText(""),
              text(c, "outcome"),
              optional(c, "message"),
              optional(c, "reason")));
    }
    return cases;
  }

  private JsonNode object(JsonNode parent, String name) throws ReportFileException {
    JsonNode n = parent.path(name);
    if (!n.isObject()) {
      throw new ReportFileException(source + ": report.json has no \"" + name + "\" object");
    }
    return n;
  }

  private String text(JsonNode parent, String name) throws ReportFileException {
    JsonNode n = parent.path(name);
    if (!n.isTextual()) {
      throw new ReportFileException(
          source + ": report.json has no \"" + name + "\" string where one is required");
    }
    return n.asText();
  }

  private static @Nullable String optional(JsonNode parent, String name) {
    JsonNode n = parent.path(name);
    return n.isTextual() ? n.asText() : null;
  }
}
