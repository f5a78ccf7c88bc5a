package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessException;
import org.web4.conformance.rtt.TesterListener;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.rtt.RttLimits;

/**
 * Steps for spec/rtt.md §3.4 with the implementation as initiator [RTT-HS-008]: the harness makes
 * it dial a tester that accepts message 3 and then refuses it, ends the connection or stays silent;
 * the dial must be refused, no connection listed, and the events must say so. Self-contained: the
 * steps own their listener, their dial and their event mark.
 */
public final class HandshakeConfirmationSteps {
  /** How long a dial may take to answer: the handshake timeout and some margin. */
  private static final long DIAL_ANSWER_SECONDS = 30;

  private final World world;
  private @Nullable CompletableFuture<Exchange> dial;
  private long eventMark;

  public HandshakeConfirmationSteps(World world) {
    this.world = world;
  }

  @When(
      "the implementation dials the tester, which refuses it with an ERROR HANDSHAKE as its frame 0")
  public void dialRefused() throws Exception {
    dialThen(TesterPeer.Confirmation.HANDSHAKE_ERROR);
  }

  @When("the implementation dials the tester, which ends the connection after message 3")
  public void dialClosed() throws Exception {
    dialThen(TesterPeer.Confirmation.CLOSE);
  }

  @When("the implementation dials the tester, which sends nothing after message 3")
  public void dialSilent() throws Exception {
    dialThen(TesterPeer.Confirmation.NOTHING);
  }

  private void dialThen(TesterPeer.Confirmation confirmation) throws Exception {
    Exchange mark = world.harness().events(0, 1);
    world.record(mark);
    eventMark = mark.reply().path("last").asLong();
    TesterListener listener =
        world.closeAtEnd(new TesterListener(world.transcript(), world.seed()));
    InetSocketAddress a = listener.address();
    dial =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return world.harness().dial(a.getAddress().getHostAddress(), a.getPort(), null);
              } catch (HarnessException e) {
                throw new CompletionException(e);
              }
            });
    TesterPeer peer = world.closeAtEnd(listener.accept(RttLimits.HANDSHAKE_TIMEOUT));
    if (!peer.respond(peer.validPayload(), confirmation)) {
      throw world.failure("handshake message 3 from the implementation (it dialled the tester)");
    }
  }

  @Then("rtt\\/dial answers refused with code HANDSHAKE")
  public void refused() throws Exception {
    Exchange ex = dialOutcome();
    JsonNode reply = ex.reply();
    if (!reply.path("result").asText().equals("refused")
        || !reply.path("error").path("code").asText().equals("HANDSHAKE")) {
      throw world.failure("rtt/dial to answer refused with HANDSHAKE (RTT-HS-008); got " + reply);
    }
  }

  @Then("the implementation lists no RTT connection with the tester")
  public void notListed() throws HarnessException {
    Exchange ex = world.harness().rttConnections();
    world.record(ex);
    for (JsonNode c : ex.reply().path("connections")) {
      if (c.path("peer_fingerprint").asText().equals(testerFingerprint())) {
        throw world.failure("no connection with the tester in rtt/connections; got " + c);
      }
    }
  }

  @Then("the implementation reported a failed handshake and no completed one with the tester")
  public void failedReported() throws HarnessException {
    boolean failed = false;
    for (JsonNode e : EventOrderSteps.events(world, eventMark)) {
      String kind = e.path("kind").asText();
      failed |= kind.equals("rtt.handshake.failed");
      if (kind.equals("rtt.handshake.completed")
          && e.path("peer").asText().equals(testerFingerprint())) {
        throw world.failure("no rtt.handshake.completed for the tester (RTT-HS-008); got " + e);
      }
    }
    if (!failed) {
      throw world.failure("an rtt.handshake.failed event for the refused dial");
    }
  }

  private Exchange dialOutcome() throws Exception {
    CompletableFuture<Exchange> d = dial;
    if (d == null) {
      throw new IllegalStateException("no dial was asked for: a When step must come first");
    }
    try {
      Exchange ex = d.get(DIAL_ANSWER_SECONDS, TimeUnit.SECONDS);
      world.record(ex);
      return ex;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof Exception ex ? ex : e;
    } catch (TimeoutException e) {
      throw world.failure("rtt/dial to answer within " + DIAL_ANSWER_SECONDS + " s");
    }
  }

  private String testerFingerprint() {
    return TesterPeer.identityOf(TesterPeer.DEFAULT_NAME, world.seed()).publicKey().fingerprint();
  }
}
