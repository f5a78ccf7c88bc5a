package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessException;
import org.web4.conformance.rtt.RawFrame;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;

/**
 * Steps for RTT 1.1 session resume with the tester as the sender on a named channel (harness 1.3
 * §4.16): it opens the channel, sends numbered messages, cuts, resumes ({@link
 * RttResumeIutSendsSteps}), sends again from the implementation's count and reads the
 * implementation's deliveries message by message through {@code rtt/inbox} [HAR-RES-004].
 */
public final class RttResumeInboxSteps {
  private final World world;
  private final RttState rtt;
  private final NamedChannelSession state;

  public RttResumeInboxSteps(World world, RttState rtt, NamedChannelSession state) {
    this.world = world;
    this.rtt = rtt;
    this.state = state;
  }

  // ----------------------------------------------------------------------- the tester sends

  @When("the tester opens the named channel {string}")
  public void openChannel(String channel) throws Exception {
    opens(4 + 2 * state.named.size(), channel); // the dialer's ids are even [RTT-CH-003]
  }

  /** The tester opens a named channel with the id its role gives it; the OPEN_ACK must follow. */
  void opens(int id, String channel) throws Exception {
    rtt.peer().sendFrame(FrameType.OPEN, 0, id, channel.getBytes(StandardCharsets.UTF_8));
    RawFrame f = rtt.awaitFrame("OPEN_ACK " + id);
    if (!f.is(FrameType.OPEN_ACK) || f.channel() != id) {
      throw world.failure("OPEN_ACK on channel " + id + "; got " + f.describe());
    }
    rtt.peer().channelOpened(id);
    state.named.put(id, channel);
  }

  @When("the tester sends {int} message(s) of {int} bytes on the named channel {string}")
  public void send(int count, int length, String channel) throws Exception {
    int id = state.idOf(channel);
    for (int i = 0; i < count; i++) {
      byte[] m = NamedChannelSession.numbered(channel, state.session.sentCount(id), length);
      state.session.recordSent(id, m);
      state.lastFin = rtt.peer().sendMessage(id, m, Frame.MAX_BODY, true);
    }
  }

  @When(
      "the tester sends a message of {int} bytes on the named channel {string} and cuts the"
          + " connection after {int} of its DATA frames")
  public void sendAndCut(int length, String channel, int frames) throws Exception {
    int id = state.idOf(channel);
    byte[] m = NamedChannelSession.numbered(channel, state.session.sentCount(id), length);
    state.session.recordSent(id, m);
    rtt.peer().sendMessage(id, Arrays.copyOf(m, frames * Frame.MAX_BODY), Frame.MAX_BODY, false);
    rtt.peer().cut();
  }

  /** [RTT-RES-003] an ACK covering the tester's last FIN on this connection. */
  @Then("the implementation acknowledges every message the tester sent on the named channels")
  public void acknowledged() throws Exception {
    if (state.lastFin < 0) {
      return;
    }
    long deadline = System.nanoTime() + RttState.ANSWER.toNanos();
    while (true) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      RawFrame f =
          rtt.requireFrame(
              rtt.peer().next(Duration.ofMillis(left)),
              "RTT-RES-003: an ACK covering the tester's frame " + state.lastFin);
      if (f.is(FrameType.ACK) && f.bodyUint32() > state.lastFin) {
        return;
      }
    }
  }

  /** [RTT-RES-008] as the dialer: the tester sends again from the implementation's count. */
  @When("the tester sends again every message the implementation has not delivered on them")
  public void retransmit() throws Exception {
    for (int id : state.named.keySet()) {
      long from = state.resumeCounts.getOrDefault(id, 0L);
      if (from > state.session.sentCount(id)) {
        throw world.failure(
            "RTT-RES-009: a delivered count of at most "
                + state.session.sentCount(id)
                + " on channel "
                + state.named.get(id)
                + "; got "
                + from);
      }
      for (byte[] m : state.session.sentFrom(id, from)) {
        state.lastFin = rtt.peer().sendMessage(id, m, Frame.MAX_BODY, true);
      }
    }
  }

  /**
   * [HAR-RES-004] and [RTT-RES-009], message by message: {@code rtt/inbox} lists, for the tester
   * and the channel, the SHA-256 of every message the tester sent, once each and in order.
   */
  @Then(
      "the implementation's inbox lists every message the tester sent on {string}, once, in order")
  public void inboxLists(String channel) throws Exception {
    int id = state.idOf(channel);
    List<String> want = new ArrayList<>();
    for (byte[] m : state.session.sentFrom(id, 0)) {
      want.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(m)));
    }
    // the ACK covering the last FIN says every message was delivered; the inbox may lag a moment
    long deadline = System.nanoTime() + RttState.CLOSE.toNanos();
    Backoff backoff = new Backoff();
    List<String> got = inbox(channel);
    while (got.size() < want.size() && System.nanoTime() < deadline) {
      backoff.pause();
      got = inbox(channel);
    }
    if (!got.equals(want)) {
      throw world.failure(
          "RTT-RES-009: rtt/inbox lists the "
              + want.size()
              + " messages the tester sent on "
              + channel
              + ", once each, in order "
              + want
              + "; got "
              + got);
    }
  }

  @Then("the implementation's inbox is empty")
  public void inboxEmpty() throws HarnessException {
    Exchange ex = world.harness().rttInbox();
    world.record(ex);
    JsonNode channels = ex.reply().path("channels");
    if (!channels.isArray() || !channels.isEmpty()) {
      throw world.failure("HAR-RES-004: rtt/inbox empty after reset; got " + ex.reply());
    }
  }

  private List<String> inbox(String channel) throws HarnessException {
    Exchange ex = world.harness().rttInbox();
    world.record(ex);
    List<String> out = new ArrayList<>();
    String fp = rtt.peer().identity().publicKey().fingerprint();
    for (JsonNode c : ex.reply().path("channels")) {
      if (fp.equals(c.path("peer_fingerprint").asText())
          && channel.equals(c.path("channel").asText())) {
        c.path("messages").forEach(m -> out.add(m.asText()));
      }
    }
    return out;
  }
}
