package org.web4.conformance.scenarios;

import static org.web4.conformance.scenarios.HcpState.array;
import static org.web4.conformance.scenarios.HcpState.list;
import static org.web4.conformance.scenarios.HcpState.same;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.web4.conformance.harness.HarnessException;

/**
 * Steps for spec/hcp.md §4.2 (sessions): a named peer opens an HCP session after its CIP handshake
 * and sends HCP_HELLOs; the steps check the implementation's HCP_HELLO and, through the harness
 * (hcp/sessions, info), the sessions it reports.
 */
public final class HcpSessionSteps {
  private final World world;
  private final Peers peers;
  private final HcpState hcp;

  public HcpSessionSteps(World world, Peers peers, HcpState hcp) {
    this.world = world;
    this.peers = peers;
    this.hcp = hcp;
  }

  // ------------------------------------------------------------------------------ sessions

  @Given("peer {string} has opened an HCP session with the implementation")
  public void openSession(String name) throws Exception {
    peers.completeCipHandshake(name);
    hcp.sendHello(name);
    hcp.receives(name, "HCP_HELLO");
  }

  @When("peer {string} sends an HCP_HELLO")
  public void sendHello(String name) throws IOException {
    hcp.sendHello(name);
  }

  @When("peer {string} sends an HCP_HELLO with the scope {string}")
  public void helloWithScope(String name, String topics) throws IOException {
    hcp.humanOf(name).scope = list(topics);
    hcp.sendHello(name);
  }

  @When("peer {string} sends an HCP_HELLO with the safety flag {string}")
  public void helloWithFlag(String name, String flag) throws IOException {
    hcp.humanOf(name).flags = list(flag);
    hcp.sendHello(name);
  }

  @When("peer {string} sends an HCP_HELLO declaring consent {string}")
  public void helloDeclaring(String name, String consent) throws IOException {
    hcp.humanOf(name).human.put("consent", consent);
    hcp.sendHello(name);
  }

  @Then("peer {string} receives an HCP_HELLO with the scope {string} and the safety flags {string}")
  public void helloWithScope(String name, String topics, String flags) throws Exception {
    JsonNode hello = hcp.receives(name, "HCP_HELLO");
    JsonNode p = hello.path("payload");
    if (!same(p.path("consent_scope"), array(list(topics)))
        || !same(p.path("safety_flags"), array(list(flags)))) {
      throw world.failure(
          "consent_scope " + list(topics) + " and safety_flags " + list(flags) + "; got " + p);
    }
  }

  @Then("the implementation reports no HCP session with peer {string}")
  public void noSession(String name) throws HarnessException {
    String fp = peers.fingerprintOf(name);
    for (JsonNode s : hcp.sessions().path("sessions")) {
      if (s.path("peer").asText().equals(fp)) {
        throw world.failure("no HCP session with " + name + "; got " + s);
      }
    }
  }

  @Then("the implementation reports {int} HCP sessions, in the order they opened: {string}")
  public void sessionOrder(int count, String names) throws HarnessException {
    List<String> expected = new ArrayList<>();
    for (String n : list(names)) {
      expected.add(peers.fingerprintOf(n));
    }
    List<String> got = new ArrayList<>();
    for (JsonNode s : hcp.sessions().path("sessions")) {
      got.add(s.path("peer").asText());
    }
    if (got.size() != count || !got.equals(expected)) {
      throw world.failure("the sessions " + names + "; got " + got);
    }
  }

  @Then("info lists the capability {string}")
  public void infoLists(String capability) throws HarnessException {
    List<String> caps = world.harness().info().capabilities();
    if (!caps.contains(capability)) {
      throw world.failure("capability " + capability + " in info; got " + caps);
    }
  }

  @Then("the implementation reports the last action it accepted from peer {string} {word}")
  public void lastAccepted(String name, String when) throws HarnessException {
    timeMember(name, "last_accepted_at", when);
  }

  @Then("the implementation reports the last action it sent to peer {string} {word}")
  public void lastSentAt(String name, String when) throws HarnessException {
    timeMember(name, "last_sent_at", when);
  }

  /** {@code when}: {@code never} (null) or {@code recently} (within a minute of its clock). */
  private void timeMember(String name, String member, String when) throws HarnessException {
    JsonNode t = hcp.session(name).path(member);
    boolean ok =
        when.equals("never")
            ? t.isNull()
            : t.isTextual()
                && Duration.between(Instant.parse(t.asText()), Instant.now()).abs().toSeconds()
                    < 60;
    if (!ok) {
      throw world.failure(member + " " + when + "; got " + t);
    }
  }

  @Then("the implementation reports the open topic of peer {string} as {string}")
  public void openTopic(String name, String topic) throws HarnessException {
    JsonNode t = hcp.session(name).path("open_topic");
    String got = t.isNull() ? "none" : t.asText();
    if (!got.equals(topic)) {
      throw world.failure("open_topic " + topic + "; got " + t);
    }
  }
}
