package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.harness.HarnessException;
import org.web4.conformance.rtt.IdentityPayloads;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.conformance.rtt.TesterSession;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.frame.FrameType;

/**
 * Steps for RTT 1.1 session resume with the implementation as the retransmitting sender
 * (docs/drafts/rtt-resume.md §4.3, §7, §8 S-CUT-IUTSEND and S-RETAIN; harness 1.3 §4.16). The
 * tester is the session dialer and the receiver: it has the implementation send numbered messages
 * on named channels ({@code rtt/send}), takes some of them while withholding ACK and CREDIT (so the
 * implementation retains every one), cuts, resumes with the count it took, and checks that every
 * message then arrives exactly once and in order. As the sender on a named channel it checks the
 * implementation's deliveries message by message through {@code rtt/inbox}.
 */
public final class RttResumeIutSendsSteps {
  /** The RESUME frame's type (docs/drafts/rtt-resume.md §4.2). */
  private static final int RESUME = 0x0B;

  private final World world;
  private final RttState rtt;
  private final NamedChannelSession state;
  private final ImplementationFrames frames;
  private final RttResumeSteps resumeSteps;

  /** What the implementation was asked to send on each named channel: the data, and how many. */
  private final Map<String, byte[]> data = new HashMap<>();

  private final Map<String, Integer> asked = new HashMap<>();

  public RttResumeIutSendsSteps(
      World world, RttState rtt, NamedChannelSession state, RttResumeSteps resumeSteps) {
    this.world = world;
    this.rtt = rtt;
    this.state = state;
    this.frames = new ImplementationFrames(world, rtt, state);
    this.resumeSteps = resumeSteps;
  }

  // --------------------------------------------------------------------------------- session

  @Given("the tester has opened an RTT 1.1 session as the implementation's receiver")
  public void openSession() throws Exception {
    TesterPeer p = resumeSteps.dialToMessage2();
    p.sendMessage3(IdentityPayloads.resumable(p.identity(), p.noiseStaticPublic(), null));
    state.session.adopt(p.sessionSecrets());
    p.confirm();
    state.lastFin = -1;
  }

  String testerFingerprint() {
    return rtt.peer().identity().publicKey().fingerprint();
  }

  private void cutNow() {
    rtt.peer().cut();
    state.pending.clear(); // what the tester did not take is not delivered
  }

  /**
   * The resume of docs/drafts/rtt-resume.md §4.1 with the tester's {@code delivered(c)} on every
   * channel, the named ones included; RESUME {@code resumed} must restore every named channel
   * [RTT-RES-006], and is acknowledged at once (§4.4 step 2).
   */
  @When("the tester resumes the session with the counts of what it took")
  public void resume() throws Exception {
    TesterPeer p = resumeSteps.dialToMessage2();
    ObjectNode request = state.session.request(p.handshakeHashNow(), 0, false, null);
    ArrayNode channels = (ArrayNode) request.get("channels");
    state.named.forEach(
        (id, name) -> {
          ObjectNode c = channels.addObject();
          c.put("delivered", state.session.deliveredCount(id));
          c.put("id", id);
          c.put("name", name);
        });
    p.sendMessage3(IdentityPayloads.resumable(p.identity(), p.noiseStaticPublic(), request));
    var fresh = p.sessionSecrets();
    p.confirm();
    state.lastFin = -1;
    RawFrame f = rtt.requireFrame(p.next(RttState.ANSWER), "RTT-RES-006: RESUME as frame 1");
    if (f.type() != RESUME || f.channel() != 0 || f.flags() != 0) {
      throw world.failure(
          "RTT-RES-006: RESUME as frame 1, right after the PING; got " + f.describe());
    }
    JsonNode body;
    try {
      body = StrictJsonParser.withEnvelopeLimits().parse(f.body());
    } catch (JsonViolation e) {
      throw world.failure("RTT-RES-006: a RESUME body in JSON; " + e.getMessage());
    }
    world.transcript().note("RESUME " + body);
    if (!"resumed".equals(body.path("result").asText())) {
      throw world.failure(
          "RTT-RES-015: RESUME \"resumed\" (the session retained within Table 7a's limits); got "
              + body);
    }
    state.resumeCounts.clear();
    Map<Integer, String> restored = new TreeMap<>();
    for (JsonNode c : body.path("channels")) {
      state.resumeCounts.put(c.path("id").asInt(), c.path("delivered").asLong());
      restored.put(c.path("id").asInt(), c.path("name").asText());
    }
    state.named.forEach(
        (id, name) -> {
          if (!name.equals(restored.get(id))) {
            throw world.failure(
                "RTT-RES-006: the named channel "
                    + name
                    + " (id "
                    + id
                    + ", open on both sides) restored by the RESUME; got "
                    + body);
          }
        });
    state.session.adopt(fresh);
    p.sendFrame(FrameType.ACK, 0, 0, RttState.uint32(2));
  }

  // ------------------------------------------------------------------ the implementation sends

  /**
   * {@code POST rtt/send} [HAR-RES-003]: asked while the tester reads, since the implementation may
   * first open the channel, which the tester accepts (OPEN_ACK).
   */
  @When(
      "the implementation is asked to send {int} message(s) of {int} bytes on the named channel"
          + " {string}")
  public void askToSend(int count, int length, String channel) throws Exception {
    byte[] d = data.computeIfAbsent(channel, c -> NamedChannelSession.template(c, length));
    if (d.length != length) {
      throw new IllegalArgumentException("one length per channel in a scenario");
    }
    HarnessClient harness = world.harness();
    String fp = testerFingerprint();
    world.transcript().note("rtt/send " + count + " x " + length + " bytes on " + channel);
    CompletableFuture<Exchange> answer =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return harness.rttSend(fp, channel, d, count);
              } catch (HarnessException e) {
                throw new CompletionException(e);
              }
            });
    if (!state.named.containsValue(channel)) {
      acceptOpen(channel);
    }
    Exchange ex;
    try {
      ex = answer.get(HarnessClient.DIAL_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw world.failure("HAR-RES-003: rtt/send answered; got " + e.getCause());
    }
    int accepted = ex.reply().path("accepted").asInt(-1);
    if (accepted != count) {
      throw world.failure(
          "HAR-RES-003: {\"accepted\":" + count + "} from rtt/send; got " + ex.reply());
    }
    asked.merge(channel, count, Integer::sum);
  }

  /**
   * The implementation opens the channel (spec/rtt.md §5): the tester answers OPEN_ACK. Its DATA on
   * the named channels already open may come first: they wait for the steps that take them.
   */
  private void acceptOpen(String channel) throws Exception {
    RawFrame f;
    while (true) {
      TesterPeer.Received r = rtt.peer().next(HarnessClient.DIAL_TIMEOUT);
      f = rtt.requireFrame(r, "OPEN of channel " + channel);
      if (f.is(FrameType.DATA) && state.named.containsKey(f.channel())) {
        state.pending.add(r);
      } else if (!f.is(FrameType.ACK) && !f.is(FrameType.CREDIT) && !standardData(r)) {
        break;
      }
    }
    if (!f.is(FrameType.OPEN) || !channel.equals(new String(f.body(), StandardCharsets.UTF_8))) {
      throw world.failure(
          "HAR-RES-003: the implementation opens channel " + channel + "; got " + f.describe());
    }
    rtt.peer().sendFrame(FrameType.OPEN_ACK, 0, f.channel(), new byte[0]);
    state.named.put(f.channel(), channel);
  }

  /**
   * The next DATA frame the implementation sends on a named channel (with the message it completes,
   * if any), PING answered, ACK and CREDIT skipped (the tester's own messages are acknowledged
   * elsewhere).
   */
  private TesterPeer.Received nextData(String expected) throws InterruptedException {
    TesterPeer.Received r =
        frames.next(
            expected,
            ping -> true,
            s ->
                s.requireFrame().is(FrameType.ACK)
                    || s.requireFrame().is(FrameType.CREDIT)
                    || standardData(s));
    RawFrame f = r.requireFrame();
    if (f.is(FrameType.DATA) && state.named.containsKey(f.channel())) {
      return r;
    }
    throw world.failure(expected + "; got " + f.describe());
  }

  /**
   * DATA on a standard channel: the implementation's own envelopes (its CIP HELLO when it dialled
   * the tester, features/rtt/resume_iut_dials.feature); a complete one counts as delivered, so that
   * the tester's RESUME counts are what it took.
   */
  private boolean standardData(TesterPeer.Received r) {
    RawFrame f = r.requireFrame();
    if (!f.is(FrameType.DATA) || f.channel() >= TesterSession.STANDARD.size()) {
      return false;
    }
    if (r.message() != null) {
      state.session.delivered(f.channel());
    }
    return true;
  }

  /**
   * Takes one complete message of the implementation on a named channel: it must be the next by
   * number on its channel, its bytes as asked [RTT-RES-008, RTT-RES-009]; it counts as delivered.
   * With {@code grant} the tester acknowledges it and returns its credit (ACK first, RTT-RES-003).
   */
  private void takeMessage(String expected, boolean grant) throws Exception {
    while (true) {
      TesterPeer.Received r = nextData(expected);
      RawFrame f = r.requireFrame();
      byte[] m = r.message();
      if (m == null) {
        continue; // a DATA frame of an unfinished message
      }
      int id = f.channel();
      String name = state.named.get(id);
      long index = state.session.deliveredCount(id);
      byte[] asked = name == null ? null : data.get(name);
      if (asked == null) {
        throw world.failure(expected + "; got a message on channel " + id + ", not asked for");
      }
      byte[] want = asked.clone();
      ByteBuffer.wrap(want).putLong(index);
      if (m.length < 8 || !Arrays.equals(m, want)) {
        long got = ImplementationFrames.numberOf(m);
        throw world.failure(
            "RTT-RES-008: message #"
                + index
                + " next on channel "
                + name
                + " (each once, in order, whole); got "
                + (got == index ? "#" + got + " with other bytes" : "#" + got)
                + " ("
                + m.length
                + " bytes)");
      }
      state.session.delivered(id);
      if (grant) {
        frames.acknowledgeAndCredit(r);
      }
      return;
    }
  }

  @When(
      "the tester takes {int} of the implementation's message(s) without acknowledging them and"
          + " cuts the connection")
  public void takeAndCut(int count) throws Exception {
    for (int i = 0; i < count; i++) {
      takeMessage("the implementation's message on a named channel", false);
    }
    cutNow();
  }

  @When(
      "the tester takes {int} of the implementation's message(s) and {int} DATA frame(s) of the"
          + " next without acknowledging them and cuts the connection")
  public void takeMidMessageAndCut(int count, int frames) throws Exception {
    for (int i = 0; i < count; i++) {
      takeMessage("the implementation's message on a named channel", false);
    }
    for (int i = 0; i < frames; ) {
      TesterPeer.Received r = nextData("a DATA frame of the implementation's next message");
      RawFrame f = r.requireFrame();
      if (r.message() != null) {
        throw world.failure(
            "a message of more than " + frames + " DATA frames; one ended at " + f.describe());
      }
      i++;
    }
    cutNow();
  }

  /**
   * The exactly-once check (docs/drafts/rtt-resume.md §8): the tester takes, acknowledging and
   * crediting each, every message the implementation was asked to send on every named channel; each
   * is checked to be the next by number, so none is lost, repeated or out of order.
   */
  @Then("every message the implementation was asked to send arrives exactly once and in order")
  public void everyMessageOnce() throws Exception {
    while (true) {
      Optional<String> short_ =
          state.named.entrySet().stream()
              .filter(
                  e ->
                      state.session.deliveredCount(e.getKey())
                          < asked.getOrDefault(e.getValue(), 0))
              .map(Map.Entry::getValue)
              .findFirst();
      if (short_.isEmpty()) {
        return;
      }
      takeMessage(
          "RTT-RES-008: the implementation's message #"
              + state.session.deliveredCount(state.idOf(short_.get()))
              + " of "
              + asked.get(short_.get())
              + " on channel "
              + short_.get(),
          true);
    }
  }
}
