package org.web4.conformance.scenarios;

import io.cucumber.java.en.When;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.json.JsonViolation;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.noise.NoiseException;

/**
 * Steps for spec/rtt.md §7 on unfinished messages (RTT-LIM-004, RTT-LIM-005): named tester
 * connections that each hold unfinished messages on many channels, and finishing a message. The
 * connection a step names becomes the scenario's current one, so the common verdict steps (a
 * closing ERROR, the connection stays open) judge it.
 */
public final class RttUnfinishedSteps {
  private static final Duration READ_ALL = Duration.ofSeconds(60);

  private final World world;
  private final RttState rtt;
  private final Map<String, TesterPeer> named = new HashMap<>();

  public RttUnfinishedSteps(World world, RttState rtt) {
    this.world = world;
    this.rtt = rtt;
  }

  @When("tester connection {string} holds unfinished messages of {int} bytes on {int} channels")
  public void holds(String name, int bytes, int channels)
      throws IOException, NoiseException, JsonViolation, InterruptedException {
    TesterPeer peer =
        world.closeAtEnd(
            TesterPeer.connect(world.rttAddress(), world.transcript(), world.seed(), name));
    peer.handshake();
    named.put(name, rtt.use(peer));
    int max = peer.peerMaxChannels();
    if (channels > max) {
      throw world.failure(
          "max_channels of at least "
              + channels
              + " for this scenario; the implementation offers "
              + max);
    }
    int[] ids = new int[channels];
    for (int i = 0; i < channels; i++) {
      ids[i] = i < ChannelNames.STANDARD.size() ? i : 4 + 2 * (i - ChannelNames.STANDARD.size());
      if (i >= ChannelNames.STANDARD.size()) {
        peer.sendFrame(
            FrameType.OPEN,
            0,
            ids[i],
            ("held" + ids[i]).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        RawFrame ack = rtt.awaitFrame("OPEN_ACK " + ids[i]);
        if (!ack.is(FrameType.OPEN_ACK) || ack.channel() != ids[i]) {
          throw world.failure("OPEN_ACK on channel " + ids[i] + "; got " + ack.describe());
        }
        peer.channelOpened(ids[i]);
      }
    }
    for (int id : ids) {
      rtt.lastSentSeq = peer.sendMessage(id, new byte[bytes], Frame.MAX_BODY, false);
    }
    world
        .transcript()
        .note(name + " holds " + channels + " unfinished messages of " + bytes + " bytes");
    readEverything(peer);
  }

  /**
   * The PING barrier (RTT-FR-006: answers in order): its PONG comes after the implementation read
   * every frame before it. Tens of MiB may be queued ahead of the PING, so the wait is a hang guard
   * of {@link #READ_ALL}, not the 5 s RTT-HB-002 gives from the PING's own arrival; the verdict
   * steps that follow then wait only for frames the implementation has already sent.
   */
  private void readEverything(TesterPeer peer) throws IOException, InterruptedException {
    byte[] opaque = new byte[8];
    ByteBuffer.wrap(opaque).putLong(world.freshUuid().getMostSignificantBits());
    peer.sendFrame(FrameType.PING, 0, 0, opaque);
    RawFrame f = rtt.awaitFrame("PONG after the unfinished messages", READ_ALL);
    if (!f.is(FrameType.PONG) || !Arrays.equals(f.body(), opaque)) {
      throw world.failure(
          "PONG "
              + RttState.HEX.formatHex(opaque)
              + " after the unfinished messages; got "
              + f.describe());
    }
  }

  @When("the tester uses tester connection {string}")
  public void use(String name) {
    TesterPeer peer = named.get(name);
    if (peer == null) {
      throw new IllegalStateException("no tester connection named " + name);
    }
    rtt.use(peer);
  }

  @When("the tester finishes the message on channel {int}")
  public void finish(int channel) throws IOException {
    rtt.lastSentSeq = rtt.peer().sendFrame(FrameType.DATA, Frame.FLAG_FIN, channel, new byte[0]);
  }

  @io.cucumber.java.en.Then(
      "the implementation closes the connection with error {string} naming no frame")
  public void closesNamingNoFrame(String code) throws InterruptedException {
    RawFrame f = rtt.awaitFrame("a closing ERROR " + code);
    org.web4.rtt.frame.ErrorBody e = rtt.checkError(f, code, true);
    if (f.channel() != 0 || e.frame() != null) {
      throw world.failure(
          "the closing ERROR on channel 0 with frame null (no frame of this connection caused it); got "
              + f.describe());
    }
    rtt.awaitClosed("after the closing ERROR");
  }
}
