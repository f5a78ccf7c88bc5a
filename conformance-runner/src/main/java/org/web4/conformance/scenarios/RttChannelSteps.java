package org.web4.conformance.scenarios;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.web4.conformance.rtt.RawFrame;
import org.web4.json.JsonViolation;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.frame.FrameType;

/**
 * Steps for spec/rtt.md §5 (channels): the tester opens and closes channels, up to the
 * implementation's max_channels and one beyond.
 */
public final class RttChannelSteps {
  private final World world;
  private final RttState rtt;

  public RttChannelSteps(World world, RttState rtt) {
    this.world = world;
    this.rtt = rtt;
  }

  private int nextTesterChannel = 4;

  // -------------------------------------------------------------------------------- channels

  @When("the tester opens channel {int} named {string}")
  public void open(int id, String name) throws IOException {
    rtt.lastSentSeq =
        rtt.peer().sendFrame(FrameType.OPEN, 0, id, name.getBytes(StandardCharsets.UTF_8));
  }

  @Then("the implementation acknowledges channel {int}")
  public void openAck(int id) throws InterruptedException {
    RawFrame f = rtt.awaitFrame("OPEN_ACK " + id);
    if (!f.is(FrameType.OPEN_ACK) || f.channel() != id || f.flags() != 0 || f.body().length != 0) {
      throw world.failure("OPEN_ACK on channel " + id + " with an empty body; got " + f.describe());
    }
    rtt.peer().channelOpened(id);
  }

  @When("the tester closes channel {int}")
  public void close(int id) throws IOException {
    rtt.lastSentSeq = rtt.peer().sendFrame(FrameType.CLOSE, 0, id, new byte[0]);
  }

  @Then("the implementation closes channel {int} too")
  public void closeAnswered(int id) throws InterruptedException {
    RawFrame f = rtt.awaitFrame("CLOSE " + id);
    if (!f.is(FrameType.CLOSE) || f.channel() != id || f.body().length != 0) {
      throw world.failure("CLOSE on channel " + id + "; got " + f.describe());
    }
  }

  @When("the tester opens as many channels as the implementation's max_channels allows")
  public void openAllowed() throws IOException, InterruptedException, JsonViolation {
    int max = rtt.peer().peerMaxChannels();
    for (int open = ChannelNames.STANDARD.size(); open < max; open++) {
      int id = nextTesterChannel;
      nextTesterChannel += 2;
      open(id, "ch" + id);
      openAck(id);
    }
  }

  @When("the tester opens one channel more")
  public void openOneMore() throws IOException {
    int id = nextTesterChannel;
    nextTesterChannel += 2;
    open(id, "ch" + id);
  }
}
