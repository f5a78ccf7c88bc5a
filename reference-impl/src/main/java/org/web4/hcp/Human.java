package org.web4.hcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A human state vector (spec/hcp.md Table 2.1a): presence, affect, clarity and pressure (0–100),
 * the stated intent and the consent value. Immutable; values are those the schemas allow.
 */
public record Human(
    String presence, String affect, int clarity, int pressure, String intent, String consent) {

  /** The IUT's principal at start and after {@code reset} (spec/hcp.md Table 4.1). */
  public static final Human INITIAL = new Human("engaged", "neutral", 100, 0, "none", "granted");

  /** Whether the affect asks for a check-in before any action (spec/hcp.md §4.5). */
  public boolean needsCheckIn() {
    return affect.equals("anxious") || affect.equals("tense");
  }

  public boolean revoked() {
    return consent.equals("revoked");
  }

  public Human withConsent(String value) {
    return new Human(presence, affect, clarity, pressure, intent, value);
  }

  /** The {@code state.human} of an envelope (or the payload of an HCP_STATE_UPDATE). */
  public static Human of(JsonNode h) {
    return new Human(
        h.path("presence").asText(),
        h.path("affect").asText(),
        h.path("clarity").asInt(),
        h.path("pressure").asInt(),
        h.path("intent").asText(),
        h.path("consent").asText());
  }

  /**
   * An HCP_STATE_UPDATE payload applied over this state: every member it carries wins, a missing
   * {@code intent} keeps the previous one [HCP-STA-003].
   */
  public Human updatedBy(JsonNode update) {
    return new Human(
        update.path("presence").asText(presence),
        update.path("affect").asText(affect),
        update.path("clarity").asInt(clarity),
        update.path("pressure").asInt(pressure),
        update.has("intent") ? update.path("intent").asText() : intent,
        update.path("consent").asText(consent));
  }

  public ObjectNode toJson() {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("presence", presence);
    o.put("affect", affect);
    o.put("clarity", clarity);
    o.put("pressure", pressure);
    o.put("intent", intent);
    o.put("consent", consent);
    return o;
  }
}
