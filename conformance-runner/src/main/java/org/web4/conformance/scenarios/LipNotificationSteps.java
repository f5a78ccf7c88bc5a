package org.web4.conformance.scenarios;

import static org.web4.conformance.scenarios.LipState.env;
import static org.web4.conformance.scenarios.LipState.isType;
import static org.web4.conformance.scenarios.LipState.names;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cucumber.java.en.Then;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.web4.conformance.lip.LipPeer;

/**
 * Steps for spec/lip.md §4.7 (notifications): the LIP_ACCEPT, LIP_REJECT and LIP_CONFLICT the
 * implementation sends a named peer about an evidence, with their reason and corroborators, and
 * their absence.
 */
public final class LipNotificationSteps {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final World world;
  private final Peers peers;
  private final LipState lip;

  public LipNotificationSteps(World world, Peers peers, LipState lip) {
    this.world = world;
    this.peers = peers;
    this.lip = lip;
  }

  @Then("peer {string} receives a LIP_ACCEPT for the evidence of {string} with reason {string}")
  public void accepted(String name, String path, String reason) throws Exception {
    decision(name, "LIP_ACCEPT", "accept", path, reason, List.of());
  }

  @Then(
      "peer {string} receives a LIP_ACCEPT for the evidence of {string} with reason {string} from {string}")
  public void acceptedBy(String name, String path, String reason, String voters) throws Exception {
    decision(name, "LIP_ACCEPT", "accept", path, reason, names(voters));
  }

  @Then("peer {string} receives a LIP_REJECT for the evidence of {string} with reason {string}")
  public void rejected(String name, String path, String reason) throws Exception {
    decision(name, "LIP_REJECT", "reject", path, reason, List.of());
  }

  @Then(
      "peer {string} receives a LIP_REJECT for the evidence of {string} with reason {string} from {string}")
  public void rejectedBy(String name, String path, String reason, String voters) throws Exception {
    decision(name, "LIP_REJECT", "reject", path, reason, names(voters));
  }

  @Then(
      "peer {string} has already received a {word} for the evidence of {string} with reason {string}")
  public void alreadyDecided(String name, String type, String path, String reason)
      throws Exception {
    lip.barrier(name);
    decision(
        name,
        type,
        type.equals("LIP_ACCEPT") ? "accept" : "reject",
        path,
        reason,
        List.of(),
        Duration.ZERO);
  }

  @Then(
      "peer {string} has already received a {word} for the evidence of {string} with reason {string} from {string}")
  public void alreadyDecidedBy(String name, String type, String path, String reason, String voters)
      throws Exception {
    lip.barrier(name);
    decision(
        name,
        type,
        type.equals("LIP_ACCEPT") ? "accept" : "reject",
        path,
        reason,
        names(voters),
        Duration.ZERO);
  }

  private void decision(
      String name, String type, String decision, String path, String reason, List<String> voters)
      throws Exception {
    decision(name, type, decision, path, reason, voters, LipState.BOUND);
  }

  private void decision(
      String name,
      String type,
      String decision,
      String path,
      String reason,
      List<String> voters,
      Duration wait)
      throws Exception {
    String id = lip.evidenceId(path);
    Optional<LipPeer.Received> r =
        peers
            .lip(name)
            .await(
                x ->
                    isType(x, type)
                        && env(x).path("payload").path("evidence_ref").asText().equals(id),
                wait);
    if (r.isEmpty()) {
      throw world.failure(
          "a "
              + type
              + " for the evidence "
              + id
              + " of "
              + path
              + "; received "
              + lip.received(name));
    }
    JsonNode p = env(r.get()).path("payload");
    TreeSet<String> fps = new TreeSet<>();
    voters.forEach(v -> fps.add(peers.fingerprintOf(v)));
    ArrayNode want = NODES.arrayNode();
    fps.forEach(want::add);
    if (!p.path("decision").asText().equals(decision)
        || !p.path("reason").asText().equals(reason)
        || !p.path("corroborators").equals(want)
        || r.get().channel() != LipPeer.KNOWLEDGE) {
      throw world.failure(
          type
              + " on knowledge with decision "
              + decision
              + ", reason "
              + reason
              + ", corroborators "
              + want
              + "; got "
              + p);
    }
  }

  @Then(
      "peer {string} receives a LIP_CONFLICT for the evidence of {string} naming {string} from {string} with severity {string}")
  public void conflict(String name, String path, String claim, String reporter, String severity)
      throws Exception {
    String want = lip.uri(path);
    Optional<LipPeer.Received> r =
        peers
            .lip(name)
            .await(
                x ->
                    isType(x, "LIP_CONFLICT")
                        && env(x).path("source").path("uri").asText().equals(want),
                LipState.BOUND);
    if (r.isEmpty()) {
      throw world.failure("a LIP_CONFLICT for " + want + "; received " + lip.received(name));
    }
    JsonNode p = env(r.get()).path("payload");
    ArrayNode claims = NODES.arrayNode().add(claim);
    ArrayNode refs = NODES.arrayNode().add(peers.fingerprintOf(reporter));
    if (!p.path("conflicts").equals(claims)
        || !p.path("local_refs").equals(refs)
        || !p.path("severity").asText().equals(severity)) {
      throw world.failure(
          "LIP_CONFLICT conflicts "
              + claims
              + ", local_refs "
              + refs
              + ", severity "
              + severity
              + "; got "
              + p);
    }
  }

  @Then("peer {string} receives no LIP decision")
  public void noDecision(String name) throws Exception {
    lip.barrier(name);
    for (LipPeer.Received r : peers.lip(name).pending()) {
      if (isType(r, "LIP_ACCEPT") || isType(r, "LIP_REJECT") || isType(r, "LIP_CONFLICT")) {
        throw world.failure("no LIP_ACCEPT, LIP_REJECT or LIP_CONFLICT; got " + r.describe());
      }
    }
  }
}
