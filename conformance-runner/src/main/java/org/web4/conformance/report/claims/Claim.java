package org.web4.conformance.report.claims;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.web4.crypto.AgentPublicKey;

/** Who claims what, in words, from a report's header, profiles and summaries. */
final class Claim {
  private Claim() {}

  /**
   * For example: {@code key 1f…e0 (pinned) claims: implementation "web4-reference 0.5.0" (agent
   * ref, fingerprint …), target "embedded reference", was checked by web4-conformance 0.5.0 (spec
   * 0.4.0) at 2026-12-06T14:00:00Z, seed 1, profile full. Verdicts: profile full: conforms (…); 221
   * of 223 requirements passed …; 823 passed, 0 failed, …}.
   */
  static String of(JsonNode report, AgentPublicKey signer, boolean pinned) {
    JsonNode header = report.path("header");
    JsonNode impl = header.path("implementation");
    StringBuilder who = new StringBuilder();
    who.append("key ")
        .append(signer.fingerprint())
        .append(pinned ? " (pinned)" : " (not pinned)")
        .append(" claims: ");
    if (impl.has("name")) {
      who.append("implementation \"")
          .append(impl.path("name").asText())
          .append(impl.has("version") ? " " + impl.path("version").asText() : "")
          .append("\"");
      JsonNode identity = impl.path("identity");
      if (identity.has("agent_id")) {
        who.append(" (agent ")
            .append(identity.path("agent_id").asText())
            .append(", fingerprint ")
            .append(identity.path("fingerprint").asText())
            .append(")");
      }
      who.append(", ");
    }
    who.append("target \"")
        .append(header.path("target").asText())
        .append("\", was checked by web4-conformance ")
        .append(header.path("kit_version").asText())
        .append(" (spec ")
        .append(header.path("spec_version").asText())
        .append(") at ")
        .append(header.path("started_at").asText())
        .append(", seed ")
        .append(header.path("seed").asText())
        .append(", profile ")
        .append(header.path("profile").asText())
        .append(". Verdicts: ");
    List<String> verdicts = new ArrayList<>();
    report.path("profiles").forEach(p -> verdicts.add(p.path("summary").asText()));
    JsonNode gate = report.path("coverage_gate").path("summary");
    if (gate.isTextual()) {
      verdicts.add(gate.asText());
    }
    JsonNode summary = report.path("summary");
    verdicts.add(
        "cases "
            + summary.path("passed").asText("?")
            + " passed, "
            + summary.path("failed").asText("?")
            + " failed, "
            + summary.path("errored").asText("?")
            + " errored; the run "
            + (summary.path("succeeded").asBoolean() ? "succeeded" : "did not succeed"));
    return who.append(String.join("; ", verdicts)).toString();
  }
}
