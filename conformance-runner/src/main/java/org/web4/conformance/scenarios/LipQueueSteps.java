package org.web4.conformance.scenarios;

import static org.web4.conformance.scenarios.LipState.names;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessException;

/**
 * Steps for spec/lip.md §4.7 (the assimilation queue) through the harness (lip/queue, info,
 * clock/advance): each item's status, reason, corroborators and conflicts, and the queue's size.
 */
public final class LipQueueSteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final World world;
  private final Peers peers;
  private final LipState lip;

  public LipQueueSteps(World world, Peers peers, LipState lip) {
    this.world = world;
    this.peers = peers;
    this.lip = lip;
  }

  // ----------------------------------------------------------------------------- the queue

  @Then("the implementation reports the evidence of {string} as {string}")
  public void itemStatus(String path, String status) throws Exception {
    awaitItem(path, status + " (reason null)", i -> i.path("status").asText().equals(status));
  }

  @Then("the implementation reports the evidence of {string} as {string} with reason {string}")
  public void itemStatusReason(String path, String status, String reason) throws Exception {
    awaitItem(
        path,
        status + " with reason " + reason,
        i -> i.path("status").asText().equals(status) && i.path("reason").asText().equals(reason));
  }

  @Then("the implementation holds the evidence of {string} in memory")
  public void inMemory(String path) throws Exception {
    awaitItem(path, "in memory", i -> i.path("in_memory").asBoolean(false));
  }

  @Then("the implementation does not hold the evidence of {string} in memory")
  public void notInMemory(String path) throws Exception {
    JsonNode item = item(path);
    if (item.path("in_memory").asBoolean(true)) {
      throw world.failure("the evidence of " + path + " not in memory; got " + item);
    }
  }

  @Then("the implementation lists the evidence of {string} with the corroborators {string}")
  public void itemCorroborators(String path, String voters) throws Exception {
    TreeSet<String> fps = new TreeSet<>();
    if (!voters.equals("none")) {
      names(voters).forEach(v -> fps.add(peers.fingerprintOf(v)));
    }
    ArrayNode want = NODES.arrayNode();
    fps.forEach(want::add);
    awaitItem(path, "corroborators " + want, i -> i.path("corroborators").equals(want));
  }

  @Then(
      "the implementation lists the evidence of {string} with a conflict from {string} that is {word}")
  public void itemConflict(String path, String reporter, String openOrResolved) throws Exception {
    String fp = peers.fingerprintOf(reporter);
    boolean open = openOrResolved.equals("open");
    awaitItem(
        path,
        "a conflict with " + reporter + " that is " + openOrResolved,
        i -> {
          for (JsonNode c : i.path("conflicts")) {
            if (c.path("with").asText().equals(fp) && c.path("open").asBoolean() == open) {
              return true;
            }
          }
          return false;
        });
  }

  @Then("the implementation's queue holds {int} item(s)")
  public void queueSize(int n) throws Exception {
    Exchange ex = lip.queue();
    if (ex.reply().path("items").size() != n) {
      throw world.failure(n + " items in lip/queue; got " + ex.reply().path("items").size());
    }
  }

  private JsonNode item(String path) throws Exception {
    return listedItem(path)
        .orElseThrow(
            () ->
                world.failure(
                    "the item "
                        + lip.evidenceId(path)
                        + " (the evidence of "
                        + path
                        + ") in lip/queue"));
  }

  /** The queue item of the evidence of {@code path}, if lip/queue lists it. */
  private Optional<JsonNode> listedItem(String path) throws Exception {
    String id = lip.evidenceId(path);
    for (JsonNode i : lip.queue().reply().path("items")) {
      if (i.path("id").asText().equals(id)) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  private void awaitItem(String path, String what, Predicate<JsonNode> p) throws Exception {
    AtomicReference<JsonNode> got = new AtomicReference<>(NODES.nullNode());
    Poll.untilHolds(
        LipState.REPLIES,
        () -> {
          Optional<JsonNode> listed = listedItem(path);
          listed.ifPresent(got::set);
          return listed.isPresent() && p.test(listed.get());
        },
        () ->
            world.failure(
                "lip/queue: the evidence of " + path + " " + what + "; got " + got.get()));
  }

  @When("the implementation's clock advances {int} seconds for LIP")
  public void advance(int seconds) throws HarnessException {
    world.record(world.harness().advanceClock(seconds));
    world.resetAtEnd();
  }

  @When("every peer closes its connection")
  public void closeAll() throws Exception {
    peers.closeAll();
    Poll.untilHolds(
        LipState.BOUND,
        () -> {
          Exchange ex = world.harness().rttConnections();
          world.record(ex);
          return ex.reply().path("connections").isEmpty();
        },
        () -> world.failure("no RTT connection after every peer closed its own"));
  }

  // ---------------------------------------------------------------------------------- info

  @Then("the implementation's info lists the capability {string}")
  public void capability(String capability) throws Exception {
    var info = world.harness().info();
    if (!info.capabilities().contains(capability)) {
      throw world.failure("capability " + capability + " in info; got " + info.capabilities());
    }
  }

  @Then("the implementation answers GET lip\\/queue and GET lip\\/sources")
  public void lipOperationsAnswer() throws Exception {
    lip.queue();
    Exchange ex = world.harness().lipSourcesList();
    world.record(ex);
    lip.conforms(ex, "harness/lip_sources_get.response.schema.json");
  }
}
