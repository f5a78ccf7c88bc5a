package org.web4.conformance.scenarios;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;

/**
 * Steps for spec/rtt.md §5–6 (messages and flow control): the tester sends envelopes, whole or in
 * fragments, and bulk messages within its window; the steps check the implementation's refusals,
 * its CREDIT and that it holds credit for unfinished messages.
 */
public final class RttMessageSteps {
  private final World world;
  private final RttState rtt;

  public RttMessageSteps(World world, RttState rtt) {
    this.world = world;
    this.rtt = rtt;
  }

  // ------------------------------------------------------------------------------- envelopes

  @When("the tester sends {string} on channel {string}")
  public void sendEnvelope(String name, String channel) throws IOException {
    sendEnvelopeInFragments(name, channel, 1);
  }

  @When("the tester sends {string} on channel {string} in {int} fragments")
  public void sendEnvelopeInFragments(String name, String channel, int fragments)
      throws IOException {
    byte[] bytes = world.envelope(name).bytes();
    int size = Math.max(1, (bytes.length + fragments - 1) / fragments);
    rtt.lastSentSeq = rtt.peer().sendMessage(RttState.channelId(channel), bytes, size, true);
    rtt.lastMessageSeq = rtt.lastSentSeq;
  }

  @Then("the implementation refuses {string} with error {string}")
  public void refused(String name, String code) throws InterruptedException {
    awaitRefusal(code, world.envelope(name).json().path("msg_id").asText(null));
  }

  /**
   * A refusal at envelope.md §13 step 1 or 2: the text did not parse, so its {@code msg_id} is not
   * known and the ERROR names none (envelope.md §14).
   */
  @Then("the implementation refuses {string} unparsed with error {string}")
  public void refusedUnparsed(String name, String code) throws InterruptedException {
    awaitRefusal(code, null);
  }

  private void awaitRefusal(String code, @Nullable String msgId) throws InterruptedException {
    RawFrame f = rtt.awaitFrame("a non-closing ERROR " + code);
    ErrorBody e = rtt.checkError(f, code, false);
    if (!java.util.Objects.equals(e.msgId(), msgId)) {
      throw world.failure("the ERROR to name msg_id " + msgId + "; got " + e.msgId());
    }
    if (e.frame() == null || e.frame() != rtt.lastMessageSeq) {
      throw world.failure(
          "the ERROR to name frame "
              + rtt.lastMessageSeq
              + " (the message's last); got "
              + e.frame());
    }
  }

  /**
   * The RTT layer delivered the message and it passed envelope validation and the channel check:
   * its credit comes back, and before the PONG of a PING barrier no ERROR carries a code of
   * envelope.md Table 13 or WRONG_CHANNEL. A behaviour refusal (e.g. CIP's TRUST_VIOLATION for a
   * stranger's envelope) is allowed: it is not RTT's business.
   */
  @Then("the implementation delivers {string} without a validation or channel error")
  public void delivered(String name) throws IOException, InterruptedException {
    int size = world.envelope(name).bytes().length;
    while (true) {
      RawFrame f = rtt.awaitFrame("CREDIT " + size);
      if (f.is(FrameType.CREDIT) && f.bodyUint32() == size) {
        break;
      }
      if (!f.is(FrameType.ERROR) || VALIDATION_OR_CHANNEL.contains(errorCode(f))) {
        throw world.failure(
            "CREDIT of " + size + " bytes for the delivered message; got " + f.describe());
      }
    }
    byte[] opaque = RttState.HEX.parseHex("5a5a5a5a5a5a5a5a");
    rtt.peer().sendFrame(FrameType.PING, 0, 0, opaque);
    while (true) {
      RawFrame f = rtt.awaitFrame("PONG");
      if (f.is(FrameType.PONG)) {
        return;
      }
      if (f.is(FrameType.ERROR)) {
        if (VALIDATION_OR_CHANNEL.contains(errorCode(f))) {
          throw world.failure(
              "no validation or channel error for \"" + name + "\"; got " + f.describe());
        }
      }
    }
  }

  private static String errorCode(RawFrame f) {
    return ErrorBody.decode(f.body()).map(ErrorBody::code).orElse("(unreadable)");
  }

  /** The codes of envelope.md Table 13 and WRONG_CHANNEL. */
  private static final java.util.Set<String> VALIDATION_OR_CHANNEL =
      java.util.Set.of(
          "INVALID_ENVELOPE",
          "UNSUPPORTED_VERSION",
          "UNSUPPORTED_TYPE",
          "IDENTITY_MISMATCH",
          "SIGNATURE_MISMATCH",
          "TIMESTAMP",
          "PAYLOAD_SCHEMA",
          "REPLAY",
          "WRONG_CHANNEL");

  // ----------------------------------------------------------------------------- flow control

  @When("the tester sends an unfinished message of {int} bytes on channel {string}")
  public void unfinished(int bytes, String channel) throws IOException {
    rtt.lastSentSeq =
        rtt.peer().sendMessage(RttState.channelId(channel), new byte[bytes], Frame.MAX_BODY, false);
  }

  @Then("the implementation returns no credit before it answers a PING")
  public void noCreditBeforePong() throws IOException, InterruptedException {
    byte[] opaque = RttState.HEX.parseHex("0102030405060708");
    rtt.peer().sendFrame(FrameType.PING, 0, 0, opaque);
    TesterPeer.Received r = rtt.peer().next(RttState.ANSWER);
    RawFrame f = rtt.requireFrame(r, "PONG");
    if (!f.is(FrameType.PONG)) {
      throw world.failure(
          "PONG with no CREDIT before it (the message is unfinished); got " + f.describe());
    }
  }

  @When("the tester grants {long} bytes of credit on channel {int}")
  public void credit(long bytes, int channel) throws IOException {
    rtt.lastSentSeq = rtt.peer().sendFrame(FrameType.CREDIT, 0, channel, RttState.uint32(bytes));
  }

  @When("the tester sends {int} messages of {int} bytes on channel {int}, waiting for credit")
  public void bulk(int count, int size, int channel) throws Exception {
    for (int i = 0; i < count; i++) {
      int message = i + 1;
      Poll.untilHolds(
          RttState.ANSWER,
          () -> rtt.peer().sendWindow(channel) >= size,
          () ->
              world.failure(
                  "credit for message "
                      + message
                      + " of "
                      + count
                      + " within "
                      + RttState.ANSWER.toSeconds()
                      + " s; window "
                      + rtt.peer().sendWindow(channel)));
      byte[] m = new byte[size];
      m[0] = (byte) i;
      rtt.lastSentSeq = rtt.peer().sendMessage(channel, m, Frame.MAX_BODY, true);
    }
  }

  @Then("the tester's window on channel {int} is back to 1 MiB")
  public void windowRestored(int channel) throws Exception {
    Poll.untilHolds(
        RttState.ANSWER,
        () -> rtt.peer().sendWindow(channel) == RttLimits.WINDOW,
        () -> world.failure("all credit back (1048576); window " + rtt.peer().sendWindow(channel)));
  }
}
