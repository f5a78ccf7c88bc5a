package org.web4.conformance.scenarios;

import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.conformance.rtt.TesterSession;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;

/**
 * Steps for the send-queue policy against what an RTT 1.1 session retains, and for a refusal across
 * a cut (spec/rtt.md §12, RTT-RES-017 and RTT-RES-018; docs/adr/1425). The tester is the session
 * dialer and the receiver, as in {@link RttResumeIutSendsSteps}, whose session, resume and {@code
 * rtt/send} steps these scenarios share; here the implementation's messages carry numbers with gaps
 * (a message the policy discarded keeps its number, harness.md §4.16), so the tester checks each
 * message against the list the scenario names, and a PING round trip shows that nothing follows.
 */
public final class RttResumeSendPolicySteps {
  /** The 8 bytes of the tester's barrier PING. */
  private static final byte[] BARRIER = "drop-ret".getBytes(StandardCharsets.US_ASCII);

  private final World world;
  private final RttState rtt;
  private final NamedChannelSession state;
  private final ImplementationFrames frames;

  public RttResumeSendPolicySteps(World world, RttState rtt, NamedChannelSession state) {
    this.world = world;
    this.rtt = rtt;
    this.state = state;
    this.frames = new ImplementationFrames(world, rtt, state);
  }

  /**
   * The next frame of the implementation that matters here: its PINGs answered (one with the
   * barrier's body is returned), ACK and CREDIT skipped, DATA on the standard channels skipped (the
   * tester sends no envelope it answers).
   */
  private TesterPeer.Received next(String expected) throws InterruptedException {
    return frames.next(
        expected,
        ping -> !Arrays.equals(ping.body(), BARRIER),
        r -> {
          RawFrame f = r.requireFrame();
          return f.is(FrameType.ACK)
              || f.is(FrameType.CREDIT)
              || (f.is(FrameType.DATA) && f.channel() < TesterSession.STANDARD.size());
        });
  }

  /**
   * The tester's barrier: a PING, whose PONG comes after every frame the implementation sent before
   * it. Each frame read before that PONG goes to {@code before}, which fails the check or lets it
   * read on.
   */
  private void barrier(Consumer<TesterPeer.Received> before) throws Exception {
    rtt.peer().sendFrame(FrameType.PING, 0, 0, BARRIER);
    while (true) {
      TesterPeer.Received r = next("the PONG to the tester's PING");
      RawFrame f = r.requireFrame();
      if (f.is(FrameType.PONG) && Arrays.equals(f.body(), BARRIER)) {
        return;
      }
      before.accept(r);
    }
  }

  /**
   * The next DATA frame on {@code channel}: anything else (but what {@link #next} skips) fails the
   * check {@code expected}.
   */
  private TesterPeer.Received nextData(int channel, String expected) throws InterruptedException {
    TesterPeer.Received r = next(expected);
    RawFrame f = r.requireFrame();
    if (!f.is(FrameType.DATA) || f.channel() != channel) {
      throw world.failure(expected + "; got " + f.describe());
    }
    return r;
  }

  /**
   * The tester reads the implementation's first messages on a named channel whole, then the first
   * DATA frame of the next — so that message is begun on the wire when the connection ends — and
   * counts only the first {@code delivered} of them as delivered: the others, sent whole, stay
   * retained and unacknowledged. No ACK, no CREDIT.
   */
  @When(
      "the tester takes {int} of the implementation's messages on {string} and the first DATA frame"
          + " of the next, counts {int} delivered and cuts the connection")
  public void takeBegunAndCut(int whole, String channel, int delivered) throws Exception {
    int id = state.idOf(channel);
    for (int i = 0; i < whole; ) {
      TesterPeer.Received r = nextData(id, "the implementation's message #" + i + " on " + channel);
      if (r.message() == null) {
        continue;
      }
      if (ImplementationFrames.numberOf(r.message()) != i) {
        throw world.failure(
            "the implementation's message #"
                + i
                + " on "
                + channel
                + " before the cut; got #"
                + ImplementationFrames.numberOf(r.message()));
      }
      i++;
    }
    TesterPeer.Received r =
        nextData(id, "the first DATA frame of message #" + whole + " (the window holds the rest)");
    if (r.message() != null) {
      throw world.failure(
          "message #" + whole + " begun, not whole (the 1 MiB window); it came whole");
    }
    for (int i = 0; i < delivered; i++) {
      state.session.delivered(id);
    }
    rtt.peer().cut();
    state.pending.clear();
  }

  /**
   * {@code POST rtt/send} while the implementation's session is suspended (no connection): the
   * messages go into the session, under its send-queue policy [HAR-RES-003, RTT-RES-017].
   */
  @When(
      "the implementation, its session suspended, is asked to send {int} message(s) of {int} bytes"
          + " on the named channel {string} and accepts {int}")
  public void askWhileSuspended(int count, int length, String channel, int accepted)
      throws Exception {
    byte[] data = NamedChannelSession.template(channel, length);
    world.transcript().note("rtt/send " + count + " x " + length + " bytes on " + channel);
    Exchange ex =
        world
            .harness()
            .rttSend(rtt.peer().identity().publicKey().fingerprint(), channel, data, count);
    world.record(ex);
    int got = ex.reply().path("accepted").asInt(-1);
    if (got != accepted) {
      throw world.failure(
          "RTT-RES-017: the send-queue policy accepts "
              + accepted
              + " of "
              + count
              + " messages into the suspended session ({\"accepted\":"
              + accepted
              + "} from rtt/send); got "
              + ex.reply());
    }
  }

  /**
   * After the resume the tester reads with its window open (ACK and CREDIT for each message): the
   * implementation must send exactly the listed messages on the channel, each whole, once, in
   * order; then a PING, whose PONG comes after any DATA the CREDITs let out, shows nothing follows.
   */
  @Then(
      "the implementation sends on {string}, each once, whole and in order, exactly its messages"
          + " {string}")
  public void sendsExactly(String channel, String numbers) throws Exception {
    int id = state.idOf(channel);
    List<Long> want = Arrays.stream(numbers.split(",\\s*")).map(Long::valueOf).toList();
    List<Long> got = new ArrayList<>();
    int length = -1;
    while (got.size() < want.size()) {
      TesterPeer.Received r =
          nextData(id, "RTT-RES-017: the messages " + want + " on " + channel + "; had " + got);
      byte[] m = r.message();
      if (m == null) {
        continue;
      }
      long n = ImplementationFrames.numberOf(m);
      got.add(n);
      length = m.length;
      byte[] expected = NamedChannelSession.template(channel, m.length);
      ByteBuffer.wrap(expected).putLong(n);
      if (!got.equals(want.subList(0, got.size())) || !Arrays.equals(m, expected)) {
        throw world.failure(
            "RTT-RES-017: after the resume exactly the messages "
                + want
                + " on "
                + channel
                + ", each whole, once and in order (a message the policy discarded never; one"
                + " begun or sent whole before the cut always); got "
                + got
                + (Arrays.equals(m, expected) ? "" : " (#" + n + " not whole or not as sent)"));
      }
      frames.acknowledgeAndCredit(r);
    }
    int lengthSeen = length;
    barrier(
        r -> {
          RawFrame f = r.requireFrame();
          if (f.is(FrameType.DATA) && f.channel() == id) {
            throw world.failure(
                "RTT-RES-017: nothing after the messages "
                    + want
                    + " on "
                    + channel
                    + " (of "
                    + lengthSeen
                    + " bytes each); got a further DATA frame "
                    + f.describe()
                    + (r.message() == null
                        ? ""
                        : " completing #" + ImplementationFrames.numberOf(r.message())));
          }
          if (!f.is(FrameType.PONG)) {
            throw world.failure("the PONG to the tester's PING; got " + f.describe());
          }
        });
  }

  // ------------------------------------------------------------------ a refusal across a cut

  /**
   * The tester sends, on a standard channel, a message that is not JSON — refused with a
   * non-closing {@code INVALID_ENVELOPE} ERROR (RTT-ERR-003, rtt.md §6) — waits for that refusal
   * and cuts: the implementation has delivered the message (draft §1) and sent its refusal on the
   * old connection.
   */
  @When(
      "the tester sends on the standard channel {string} a message that is not JSON, takes the"
          + " implementation's non-closing ERROR for it and cuts the connection")
  public void refusedThenCut(String channel) throws Exception {
    int id = TesterSession.STANDARD.indexOf(channel);
    if (id < 0) {
      throw new IllegalArgumentException("not a standard channel: " + channel);
    }
    byte[] notJson = "web4-kit: not JSON".getBytes(StandardCharsets.US_ASCII);
    state.session.recordSent(id, notJson);
    rtt.peer().sendFrame(FrameType.DATA, Frame.FLAG_FIN, id, notJson);
    while (true) {
      TesterPeer.Received r = next("the non-closing ERROR refusing the message (RTT-ERR-003)");
      RawFrame f = r.requireFrame();
      if (f.is(FrameType.ERROR) && f.flags() == 0 && f.channel() == id) {
        break;
      }
      throw world.failure(
          "a non-closing ERROR on "
              + channel
              + " refusing a message that is not JSON (RTT-ERR-003); got "
              + f.describe());
    }
    rtt.peer().cut();
    state.pending.clear();
  }

  /** [RTT-RES-018] the refused message counts as delivered in the implementation's RESUME. */
  @Then(
      "the implementation's RESUME counts {int} message(s) delivered on the standard channel {string}")
  public void resumeCounts(int count, String channel) {
    int id = TesterSession.STANDARD.indexOf(channel);
    Long counted = state.resumeCounts.get(id);
    if (counted == null || counted != count) {
      throw world.failure(
          "RTT-RES-018: the RESUME's delivered on "
              + channel
              + " counts the message refused with a non-closing ERROR ("
              + count
              + " in all); got "
              + state.resumeCounts);
    }
  }

  /** [RTT-RES-018] a refusal belongs to its connection: none is sent again after the resume. */
  @Then("the implementation sends no ERROR on the resumed connection before its PONG")
  public void noErrorBeforePong() throws Exception {
    barrier(
        r -> {
          RawFrame f = r.requireFrame();
          if (f.is(FrameType.ERROR)) {
            throw world.failure(
                "RTT-RES-018: a non-closing ERROR of the connection before the cut is not sent"
                    + " again after the resume; got "
                    + f.describe());
          }
          throw world.failure("the PONG to the tester's PING; got " + f.describe());
        });
  }
}
