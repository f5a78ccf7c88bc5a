package org.web4.conformance.scenarios;

import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessException;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterListener;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.noise.NoiseException;

/**
 * Steps for spec/rtt.md §3 with the implementation as initiator: the tester listens, the harness
 * asks the implementation to dial it (rtt/dial), and the tester answers the handshake.
 */
public final class RttInitiatorSteps {
  private final World world;
  private final RttState rtt;

  public RttInitiatorSteps(World world, RttState rtt) {
    this.world = world;
    this.rtt = rtt;
  }

  private @Nullable TesterListener listener;
  private @Nullable CompletableFuture<Exchange> dial;
  private @Nullable Boolean message3Arrived;

  // ------------------------------------------------------------------------- initiator role

  @Given("the tester listens for RTT connections")
  public void listens() throws IOException {
    listener = world.closeAtEnd(new TesterListener(world.transcript(), world.seed()));
  }

  @When("the implementation is asked to dial the tester")
  public void dialNoExpectation() {
    startDial(null);
  }

  @When("the implementation is asked to dial the tester, expecting the tester's identity")
  public void dialExpectingTester() {
    startDial("expected");
  }

  @When("the implementation is asked to dial the tester, expecting another identity")
  public void dialExpectingOther() {
    startDial("other");
  }

  private void startDial(@Nullable String expectation) {
    TesterListener l = requireListener();
    String expect =
        expectation == null
            ? null
            : expectation.equals("expected") ? testerFingerprint() : "00".repeat(32);
    InetSocketAddress a = l.address();
    dial =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return world.harness().dial(a.getAddress().getHostAddress(), a.getPort(), expect);
              } catch (HarnessException e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
  }

  @When("the tester answers the handshake with the identity payload {string}")
  public void answer(String variant) throws IOException, NoiseException {
    TesterPeer p = world.closeAtEnd(requireListener().accept(RttLimits.HANDSHAKE_TIMEOUT));
    rtt.use(p);
    message3Arrived = p.respond(p.payload(variant));
  }

  @Then("the implementation completes the handshake as initiator")
  public void initiatorCompleted() throws Exception {
    if (!Boolean.TRUE.equals(message3Arrived)) {
      throw world.failure("handshake message 3 from the implementation; it closed the connection");
    }
    rtt.checkIdentityPayload();
    Exchange ex = dialOutcome();
    if (!ex.reply().path("result").asText().equals("connected")
        || !ex.reply()
            .path("connection")
            .path("peer_fingerprint")
            .asText()
            .equals(testerFingerprint())) {
      throw world.failure("rtt/dial to report the connection to the tester");
    }
    // The tester confirmed with a PING (RTT-HS-007); the implementation answers it (RTT-HB-002).
    RawFrame pong = rtt.awaitFrame("PONG to the tester's confirming PING");
    if (!pong.is(FrameType.PONG)
        || !java.util.Arrays.equals(pong.body(), rtt.peer().confirmationPing())) {
      throw world.failure(
          "PONG "
              + RttState.HEX.formatHex(rtt.peer().confirmationPing())
              + "; got "
              + pong.describe());
    }
  }

  @Then("the implementation refuses the tester without handshake message 3")
  public void initiatorRefused() throws Exception {
    if (!Boolean.FALSE.equals(message3Arrived)) {
      throw world.failure(
          "the implementation to close the connection instead of sending message 3");
    }
    Exchange ex = dialOutcome();
    if (!ex.reply().path("result").asText().equals("refused")
        || !ex.reply().path("error").path("code").asText().equals("HANDSHAKE")) {
      throw world.failure("rtt/dial to report the refusal with HANDSHAKE");
    }
  }

  Exchange dialOutcome() throws Exception {
    CompletableFuture<Exchange> d = dial;
    if (d == null) {
      throw new IllegalStateException("no dial was asked for");
    }
    try {
      Exchange ex = d.get(30, TimeUnit.SECONDS);
      world.record(ex);
      return ex;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof Exception ex ? ex : e;
    } catch (TimeoutException e) {
      throw world.failure("rtt/dial to answer within 30 s");
    }
  }

  TesterListener requireListener() {
    TesterListener l = listener;
    if (l == null) {
      throw new IllegalStateException("the tester is not listening: a Given step must come first");
    }
    return l;
  }

  private String testerFingerprint() {
    // The tester's identity follows from the seed (TesterPeer.identityOf)
    return TesterPeer.identityOf(TesterPeer.DEFAULT_NAME, world.seed()).publicKey().fingerprint();
  }
}
