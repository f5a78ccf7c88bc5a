package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Then;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Steps for spec/events.md, the LIP kinds (EVT-LIP-001..003): every source of a fetch reported
 * once, every status of an item, every tier change, read through {@link Events} from the scenario's
 * mark.
 */
public final class LipEventSteps {
  private final World world;
  private final LipState lip;
  private final Events events;

  public LipEventSteps(World world, LipState lip, Events events) {
    this.world = world;
    this.lip = lip;
    this.events = events;
  }

  // -------------------------------------------------------------------------------- events

  @Then("the implementation reported {string} with reason {string} for {string}")
  public void failedEvent(String kind, String reason, String path) throws Exception {
    LipState.Fetch f = lip.lastFetch();
    String want = lip.uri(path);
    List<JsonNode> sourceEvents =
        awaitEvents(
            e ->
                (e.path("kind").asText().equals("lip.source.failed")
                        || e.path("kind").asText().equals("lip.source.fetched"))
                    && e.path("msg_id").asText().equals(f.msgId())
                    && (e.path("attributes").path("uri").asText().equals(want)
                        || e.path("attributes").path("listed").asText().equals(want)),
            1);
    JsonNode e = sourceEvents.get(0);
    if (sourceEvents.size() != 1
        || !e.path("kind").asText().equals(kind)
        || !e.path("attributes").path("reason").asText().equals(reason)) {
      throw world.failure(
          "exactly one "
              + kind
              + " with reason "
              + reason
              + " for "
              + want
              + "; got "
              + sourceEvents);
    }
  }

  @Then("the implementation reported {string} for {string} with tier {string} and {int} bytes")
  public void fetchedEvent(String kind, String path, String tier, int bytes) throws Exception {
    LipState.Fetch f = lip.lastFetch();
    String want = lip.uri(path);
    List<JsonNode> sourceEvents =
        awaitEvents(
            e ->
                e.path("kind").asText().startsWith("lip.source.")
                    && !e.path("kind").asText().equals("lip.source.tier_changed")
                    && e.path("msg_id").asText().equals(f.msgId())
                    && (e.path("attributes").path("uri").asText().equals(want)
                        || e.path("attributes").path("listed").asText().equals(want)),
            1);
    JsonNode e = sourceEvents.get(0);
    JsonNode a = e.path("attributes");
    if (sourceEvents.size() != 1
        || !e.path("kind").asText().equals(kind)
        || !a.path("tier").asText().equals(tier)
        || a.path("bytes").asInt(-1) != bytes) {
      throw world.failure(
          "exactly one "
              + kind
              + " for "
              + want
              + " at "
              + tier
              + ", "
              + bytes
              + " bytes; got "
              + sourceEvents);
    }
  }

  @Then("the implementation reported the statuses {string} for the evidence of {string}")
  public void statusEvents(String statuses, String path) throws Exception {
    String id = lip.evidenceId(path);
    List<String> want = LipState.LIST.splitAsStream(statuses).toList();
    List<JsonNode> got =
        awaitEvents(
            e ->
                e.path("kind").asText().equals("lip.item.status")
                    && e.path("msg_id").asText().equals(id),
            want.size());
    List<String> seen = new ArrayList<>();
    for (JsonNode e : got) {
      if (!e.path("attributes").path("item").asText().equals(id)) {
        throw world.failure("lip.item.status with item " + id + "; got " + e);
      }
      String reason = e.path("attributes").path("reason").asText();
      seen.add(
          e.path("attributes").path("status").asText() + (reason.equals("-") ? "" : " " + reason));
    }
    if (!seen.equals(want)) {
      throw world.failure("lip.item.status " + want + " for " + id + "; got " + seen);
    }
  }

  @Then(
      "the implementation reported one tier change of {string} from {string} to {string} caused by {string}")
  public void tierEvent(String prefix, String from, String to, String cause) throws Exception {
    String want = lip.uri(prefix);
    List<JsonNode> got =
        awaitEvents(e -> e.path("kind").asText().equals("lip.source.tier_changed"), 1);
    List<JsonNode> matching = new ArrayList<>();
    for (JsonNode e : got) {
      JsonNode a = e.path("attributes");
      if (a.path("source").asText().equals(want)) {
        matching.add(e);
      }
    }
    if (matching.size() != 1
        || !matching.get(0).path("attributes").path("from").asText().equals(from)
        || !matching.get(0).path("attributes").path("to").asText().equals(to)
        || !matching.get(0).path("attributes").path("cause").asText().equals(cause)) {
      throw world.failure(
          "exactly one lip.source.tier_changed "
              + want
              + " "
              + from
              + " → "
              + to
              + " ("
              + cause
              + "); got "
              + got);
    }
  }

  @Then("the implementation reported no tier change")
  public void noTierEvent() throws Exception {
    events.none(
        "lip.source.tier_changed", e -> e.path("kind").asText().equals("lip.source.tier_changed"));
  }

  /**
   * The matching events once at least {@code atLeast} exist and every peer's barrier has passed
   * (LIP-RPL-003: a PING after a fetch is answered after every reply to it), so that a duplicate is
   * among them.
   */
  private List<JsonNode> awaitEvents(Predicate<JsonNode> match, int atLeast) throws Exception {
    return events.settled("matching", match, atLeast);
  }
}
