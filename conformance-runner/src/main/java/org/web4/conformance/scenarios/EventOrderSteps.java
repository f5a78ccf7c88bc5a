package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Then;
import java.util.ArrayList;
import java.util.List;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessException;
import org.web4.conformance.rtt.TesterPeer;

/**
 * The order of the events an implementation reports (spec/events.md): a cause before what it causes
 * [EVT-CIP-004].
 */
public final class EventOrderSteps {
  /** The most events {@code POST events} answers at once (HAR-EVT-001). */
  static final int PAGE = 1000;

  private final World world;

  public EventOrderSteps(World world) {
    this.world = world;
  }

  /**
   * [EVT-CIP-004] both events exist for the peer, and the first of {@code first} comes before the
   * first of {@code then}. Waits (bounded) for both: an implementation may report a step after it
   * answered on the wire.
   */
  @Then("the implementation reported {string} before {string} for peer {string}")
  public void reportedBefore(String first, String then, String name) throws Exception {
    String fp = TesterPeer.identityOf(name, world.seed()).publicKey().fingerprint();
    long deadline = System.nanoTime() + RttState.ANSWER.toNanos();
    Backoff backoff = new Backoff();
    while (true) {
      long firstSeq = -1;
      long thenSeq = -1;
      for (JsonNode e : events(world, 0)) {
        if (!e.path("peer").asText().equals(fp)) {
          continue;
        }
        String kind = e.path("kind").asText();
        if (kind.equals(first) && firstSeq < 0) {
          firstSeq = e.path("seq").asLong();
        } else if (kind.equals(then) && thenSeq < 0) {
          thenSeq = e.path("seq").asLong();
        }
      }
      if (firstSeq >= 0 && thenSeq >= 0) {
        if (firstSeq > thenSeq) {
          throw world.failure(
              first
                  + " before "
                  + then
                  + " for "
                  + name
                  + "; got "
                  + first
                  + " as event "
                  + firstSeq
                  + ", after "
                  + then
                  + " as event "
                  + thenSeq);
        }
        return;
      }
      if (System.nanoTime() > deadline) {
        throw world.failure(
            "both "
                + first
                + " (event "
                + firstSeq
                + ") and "
                + then
                + " (event "
                + thenSeq
                + ") for "
                + name);
      }
      backoff.pause();
    }
  }

  /** Every event the implementation reports after {@code since}, page by page. */
  static List<JsonNode> events(World world, long since) throws HarnessException {
    List<JsonNode> out = new ArrayList<>();
    long from = since;
    while (true) {
      Exchange ex = world.harness().events(from, PAGE);
      world.record(ex);
      JsonNode list = ex.reply().path("events");
      list.forEach(out::add);
      if (list.size() < PAGE) {
        return out;
      }
      from = list.get(list.size() - 1).path("seq").asLong();
    }
  }
}
