package org.web4.conformance.scenarios;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.FrameType;

/**
 * Steps for spec/rtt.md §4 (frames, errors, PING and GOAWAY): the tester sends frames, well formed
 * or on purpose not, and checks what the implementation answers and whether it closes the
 * connection.
 */
public final class RttFrameSteps {
  private final World world;
  private final RttState rtt;

  public RttFrameSteps(World world, RttState rtt) {
    this.world = world;
    this.rtt = rtt;
  }

  @When("the tester sends the bytes {string}")
  public void rawBytes(String hex) throws IOException {
    rtt.peer().sendRaw(RttState.HEX.parseHex(hex), hex);
  }

  @When("the tester ends its side of the connection")
  public void fin() throws IOException {
    rtt.peer().finishSending();
  }

  // ------------------------------------------------------------------------------------ frames

  @When("the tester sends a frame of type {int} on channel {int}")
  public void unknownType(int type, int channel) throws IOException {
    TesterPeer p = rtt.peer();
    rtt.lastSentSeq = p.sendFrame(type, 0, channel, RttState.nextSeqOf(p), new byte[0]);
  }

  @When("the tester sends a {word} frame on channel {int} with the body {string}")
  public void frame(String type, int channel, String bodyHex) throws IOException {
    rtt.lastSentSeq =
        rtt.peer().sendFrame(FrameType.valueOf(type), 0, channel, RttState.HEX.parseHex(bodyHex));
  }

  @When("the tester sends a {word} frame on channel {int} with flags {int} and the body {string}")
  public void frameWithFlags(String type, int channel, int flags, String bodyHex)
      throws IOException {
    rtt.lastSentSeq =
        rtt.peer()
            .sendFrame(FrameType.valueOf(type), flags, channel, RttState.HEX.parseHex(bodyHex));
  }

  @When("the tester sends a PING frame with a sequence number {int} ahead")
  public void sequenceGap(int ahead) throws IOException {
    TesterPeer p = rtt.peer();
    rtt.lastSentSeq =
        p.sendFrame(FrameType.PING.code(), 0, 0, RttState.nextSeqOf(p) + ahead, new byte[8]);
  }

  @When("the tester sends a transport message with a {int}-byte plaintext")
  public void shortPlaintext(int length) throws IOException {
    world.transcript().sent("a transport message whose plaintext is " + length + " bytes");
    rtt.peer().sendPlaintext(new byte[length]);
  }

  @When("the tester sends a frame that fails authentication")
  public void corruptedFrame() throws IOException {
    rtt.peer().sendCorruptedFrame(FrameType.PING, 0, new byte[8]);
  }

  @When("the tester sends an ERROR frame with the body {string}")
  public void errorWithBody(String body) throws IOException {
    rtt.lastSentSeq =
        rtt.peer().sendFrame(FrameType.ERROR, 0, 0, body.getBytes(StandardCharsets.UTF_8));
  }

  @When("the tester sends a closing ERROR frame with code {string}")
  public void closingError(String code) throws IOException {
    byte[] body = new ErrorBody(code, null, null, "the tester closes").encode();
    rtt.lastSentSeq = rtt.peer().sendFrame(FrameType.ERROR, 0x01, 0, body);
  }

  @When("the tester acknowledges {long} frames")
  public void ack(long count) throws IOException {
    rtt.lastSentSeq = rtt.peer().sendFrame(FrameType.ACK, 0, 0, RttState.uint32(count));
  }

  @When("the tester sends PING {string}")
  public void ping(String hex) throws IOException {
    rtt.lastSentSeq = rtt.peer().sendFrame(FrameType.PING, 0, 0, RttState.HEX.parseHex(hex));
  }

  @Then("the implementation answers PONG {string}")
  public void pong(String hex) throws InterruptedException {
    RawFrame f = rtt.awaitFrame("PONG " + hex);
    if (!f.is(FrameType.PONG)
        || f.channel() != 0
        || f.flags() != 0
        || !Arrays.equals(f.body(), RttState.HEX.parseHex(hex))) {
      throw world.failure(
          "PONG "
              + hex
              + " on channel 0 within "
              + RttState.ANSWER.toSeconds()
              + " s; got "
              + f.describe());
    }
  }

  @When("the tester sends GOAWAY")
  public void goAway() throws IOException {
    rtt.lastSentSeq = rtt.peer().sendFrame(FrameType.GOAWAY, 0, 0, RttState.uint32(0));
  }

  @Then("the implementation answers GOAWAY and closes the connection")
  public void goAwayAnswered() throws InterruptedException {
    RawFrame f = rtt.awaitFrame("GOAWAY");
    if (!f.is(FrameType.GOAWAY) || f.channel() != 0 || f.body().length != 4) {
      throw world.failure("GOAWAY on channel 0 with a 4-byte body; got " + f.describe());
    }
    if (f.bodyUint32() != rtt.lastSentSeq + 1) {
      throw world.failure(
          "GOAWAY counting the "
              + (rtt.lastSentSeq + 1)
              + " frames the tester sent; got "
              + f.bodyUint32());
    }
    rtt.awaitClosed("after GOAWAY");
  }

  // ----------------------------------------------------------------------- verdict on the wire

  @Then("the implementation closes the connection with error {string}")
  public void closesWithError(String code) throws InterruptedException {
    RawFrame f = rtt.awaitFrame("a closing ERROR " + code);
    rtt.checkError(f, code, true);
    if (f.channel() != 0) {
      throw world.failure("the closing ERROR on channel 0; got " + f.describe());
    }
    rtt.awaitClosed("after the closing ERROR");
  }

  @Then("the implementation closes the connection with error {string} naming the frame")
  public void closesWithErrorNamingFrame(String code) throws InterruptedException {
    RawFrame f = rtt.awaitFrame("a closing ERROR " + code);
    ErrorBody e = rtt.checkError(f, code, true);
    if (e.frame() == null || e.frame() != rtt.lastSentSeq) {
      throw world.failure(
          "the ERROR to name frame " + rtt.lastSentSeq + " (the offending one); got " + e.frame());
    }
    rtt.awaitClosed("after the closing ERROR");
  }

  @Then("the implementation closes the connection with error {string} as its first frame")
  public void closesWithFirstFrameError(String code) throws InterruptedException {
    RawFrame f = rtt.awaitFrame("a closing ERROR " + code);
    rtt.checkError(f, code, true);
    if (f.sequence() != 0 || f.channel() != 0) {
      throw world.failure("the ERROR as frame 0 on channel 0; got " + f.describe());
    }
    rtt.awaitClosed("after the closing ERROR");
  }

  @Then("the implementation closes the connection")
  public void closesSilently() throws InterruptedException {
    rtt.awaitClosed("after the tester's closing ERROR");
  }

  @Then("the connection stays open")
  public void staysOpen() throws IOException, InterruptedException {
    byte[] opaque = new byte[8];
    ByteBuffer.wrap(opaque).putLong(world.freshUuid().getMostSignificantBits());
    rtt.peer().sendFrame(FrameType.PING, 0, 0, opaque);
    RawFrame f = rtt.awaitFrame("PONG (the connection is open)");
    if (!f.is(FrameType.PONG) || !Arrays.equals(f.body(), opaque)) {
      throw world.failure("PONG " + RttState.HEX.formatHex(opaque) + "; got " + f.describe());
    }
  }
}
