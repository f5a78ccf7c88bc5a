package org.web4.conformance.scenarios;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;

/**
 * [RTT-FLOW-002] credit follows bytes, not verdicts: a message whose envelope the implementation
 * refuses (a non-closing ERROR) returns its credit, a message of 0 bytes returns none. The steps
 * open their own tester connection ("a tester connection"), so that they depend on no other step.
 */
public final class WireCreditSteps {
  private static final byte[] BARRIER = {'c', 'r', 'e', 'd', 'i', 't', '0', '1'};

  private final World world;
  private @Nullable TesterPeer peer;
  private byte[] lastMessage = new byte[0];
  private int lastChannel;
  private long lastFrame = -1;

  public WireCreditSteps(World world) {
    this.world = world;
  }

  @When("a tester connection sends the message {string} on channel {string}")
  public void send(String text, String channel) throws Exception {
    TesterPeer p = connection();
    lastMessage = text.getBytes(StandardCharsets.UTF_8);
    lastChannel = ChannelNames.STANDARD.indexOf(channel);
    if (lastChannel < 0) {
      throw new IllegalArgumentException("not a standard channel: " + channel);
    }
    lastFrame = p.sendMessage(lastChannel, lastMessage, Frame.MAX_BODY, true);
  }

  @Then("the implementation refuses that message with {string} and returns its credit")
  public void refusedWithCredit(String code) throws Exception {
    awaitRefusal(code);
    RawFrame f = next("CREDIT " + lastMessage.length);
    if (!f.is(FrameType.CREDIT)
        || f.channel() != lastChannel
        || f.bodyUint32() != lastMessage.length) {
      throw world.failure(
          "CREDIT of "
              + lastMessage.length
              + " bytes on channel "
              + lastChannel
              + " for the refused message (RTT-FLOW-002); got "
              + f.describe());
    }
  }

  @Then(
      "the implementation refuses that message with {string} and returns no credit before it answers a PING")
  public void refusedWithoutCredit(String code) throws Exception {
    awaitRefusal(code);
    connection().sendFrame(FrameType.PING, 0, 0, BARRIER);
    RawFrame f = next("the PONG of the barrier");
    if (!f.is(FrameType.PONG) || !Arrays.equals(f.body(), BARRIER)) {
      throw world.failure(
          "no CREDIT for a message of 0 bytes, then the PONG (RTT-FLOW-002); got " + f.describe());
    }
  }

  private void awaitRefusal(String code) throws Exception {
    RawFrame f = next("a non-closing ERROR " + code);
    ErrorBody e = ErrorBody.decode(f.body()).orElse(null);
    if (!f.is(FrameType.ERROR)
        || f.flags() != 0
        || f.channel() != lastChannel
        || e == null
        || !e.code().equals(code)
        || e.frame() == null
        || e.frame() != lastFrame) {
      throw world.failure(
          "a non-closing ERROR "
              + code
              + " on channel "
              + lastChannel
              + " naming frame "
              + lastFrame
              + " (RTT-ERR-003); got "
              + f.describe());
    }
  }

  /** The next frame, ACKs skipped (they may come at any time). */
  private RawFrame next(String expected) throws Exception {
    long deadline = System.nanoTime() + RttState.ANSWER.toNanos();
    while (true) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      TesterPeer.Received r = connection().next(Duration.ofMillis(left));
      RawFrame f = r.frame();
      if (f == null) {
        throw world.failure(expected + "; got " + r.kind() + " (" + r.detail() + ")");
      }
      if (!f.is(FrameType.ACK)) {
        return f;
      }
    }
  }

  private TesterPeer connection() throws Exception {
    TesterPeer p = peer;
    if (p == null) {
      p =
          world.closeAtEnd(
              TesterPeer.connect(
                  world.rttAddress(), world.transcript(), world.seed(), "credit-tester"));
      p.handshake();
      peer = p;
    }
    return p;
  }
}
