package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessException;
import org.web4.conformance.rtt.TesterListener;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.rtt.RttLimits;

/**
 * Steps for spec/cip.md §4.2 with the implementation as initiator: a named tester peer listens, the
 * harness asks the implementation to dial it (rtt/dial), and the peer answers the RTT handshake and
 * the implementation's HELLO, right or wrong.
 */
public final class CipInitiatorSteps {
  private final World world;
  private final Peers peers;
  private final CipState cip;

  public CipInitiatorSteps(World world, Peers peers, CipState cip) {
    this.world = world;
    this.peers = peers;
    this.cip = cip;
  }

  private @Nullable TesterListener listener;
  private @Nullable CompletableFuture<Exchange> dial;

  // -------------------------------------------------------------------------------- initiator

  @Given("peer {string} listens for RTT connections")
  public void listens(String name) throws IOException {
    world.useCurrentTime();
    listener = world.closeAtEnd(new TesterListener(world.transcript(), world.seed()));
  }

  @When("the implementation is asked to dial peer {string}")
  public void dial(String name) {
    TesterListener l = requireListener();
    InetSocketAddress a = l.address();
    dial =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return world.harness().dial(a.getAddress().getHostAddress(), a.getPort(), null);
              } catch (HarnessException e) {
                throw new CompletionException(e);
              }
            });
  }

  @When("peer {string} answers the RTT handshake")
  public void answerRtt(String name) throws Exception {
    TesterPeer rtt = world.closeAtEnd(requireListener().accept(RttLimits.HANDSHAKE_TIMEOUT, name));
    if (!rtt.respond(rtt.validPayload())) {
      throw world.failure("handshake message 3 from the implementation");
    }
    peers.add(name, rtt);
    CompletableFuture<Exchange> d = dial;
    if (d != null) {
      world.record(d.get(30, TimeUnit.SECONDS));
    }
  }

  @Then("peer {string} receives a HELLO naming {string} without a challenge response")
  public void initiatorHello(String name, String protocol) throws Exception {
    JsonNode hello = peers.receives(name, "HELLO");
    JsonNode p = hello.path("payload");
    boolean names = false;
    for (JsonNode x : p.path("protocols")) {
      names |= x.asText().equals(protocol);
    }
    if (!names || p.has("challenge_response")) {
      throw world.failure(
          "an initiator HELLO naming " + protocol + " without challenge_response; got " + p);
    }
    cip.helloReceived(name, hello);
  }

  @When("peer {string} answers with its HELLO")
  public void answerHello(String name) throws IOException {
    peers.send(name, peers.cip(name).answerHello(cip.hello(name), true));
  }

  @When("peer {string} answers with a HELLO whose challenge response is wrong")
  public void answerBadHello(String name) throws IOException {
    peers.send(name, peers.cip(name).answerHello(cip.hello(name), false));
  }

  @Then("peer {string} receives a VERIFY whose challenge response verifies")
  public void verifyFromIut(String name) throws Exception {
    JsonNode v = peers.receives(name, "VERIFY");
    if (!peers.cip(name).verifyVerifies(v)) {
      throw world.failure("the VERIFY's challenge_response to verify; got " + v.path("payload"));
    }
  }

  /**
   * After the implementation refused the peer's HELLO: the peer's barrier (rtt.md RTT-FR-006), so
   * that a VERIFY the implementation sent in answer to that HELLO has arrived, then none may be
   * there.
   */
  @Then("peer {string} receives no VERIFY")
  public void noVerify(String name) throws Exception {
    peers.barrier(name);
    Optional<JsonNode> v = peers.cip(name).awaitEnvelope("VERIFY", Duration.ZERO);
    if (v.isPresent()) {
      throw world.failure("no VERIFY after a wrong challenge response; got " + v.get());
    }
  }

  private TesterListener requireListener() {
    TesterListener l = listener;
    if (l == null) {
      throw new IllegalStateException("no peer listens: a Given step must come first");
    }
    return l;
  }
}
