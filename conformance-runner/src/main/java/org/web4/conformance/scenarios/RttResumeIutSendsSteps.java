package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
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
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.Frame;
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

  /** How long the tester waits for the implementation's messages to arrive (bounded). */
  private static final Duration ARRIVAL = Duration.ofSeconds(60);

  private final World world;
  private final RttState rtt;
  private final TesterSession session = new TesterSession();

  /** The session's named channels, by id (docs/drafts/rtt-resume.md §4.1). */
  private final TreeMap<Integer, String> named = new TreeMap<>();

  /** What the implementation was asked to send on each named channel: the data, and how many. */
  private final Map<String, byte[]> data = new HashMap<>();

  private final Map<String, Integer> asked = new HashMap<>();

  /** DATA frames read on the current connection while waiting for something else, in order. */
  private final java.util.ArrayDeque<TesterPeer.Received> pending = new java.util.ArrayDeque<>();

  /** The implementation's counts in the last RESUME {@code resumed}, by channel id. */
  private final Map<Integer, Long> resumeCounts = new HashMap<>();

  /** The sequence number of the tester's last FIN on the current connection (-1: none). */
  private long lastFin = -1;

  public RttResumeIutSendsSteps(World world, RttState rtt) {
    this.world = world;
    this.rtt = rtt;
  }

  // --------------------------------------------------------------------------------- session

  @Given("the tester has opened an RTT 1.1 session as the implementation's receiver")
  public void openSession() throws Exception {
    TesterPeer p = handshakeToMessage2();
    p.sendMessage3(IdentityPayloads.resumable(p.identity(), p.noiseStaticPublic(), null));
    session.adopt(p.sessionSecrets());
    p.confirm();
    lastFin = -1;
  }

  private TesterPeer handshakeToMessage2() throws Exception {
    TesterPeer p =
        rtt.use(
            world.closeAtEnd(
                TesterPeer.connect(world.rttAddress(), world.transcript(), world.seed())));
    p.sendMessage1(new byte[0]);
    Optional<byte[]> m2 = p.readHandshakeMessage(RttLimits.HANDSHAKE_TIMEOUT);
    if (m2.isEmpty()) {
      throw world.failure("handshake message 2; the implementation closed the connection");
    }
    p.readMessage2(m2.get());
    return p;
  }

  private String testerFingerprint() {
    return rtt.peer().identity().publicKey().fingerprint();
  }

  private void cutNow() {
    rtt.peer().cut();
    pending.clear(); // what the tester did not take is not delivered
  }

  /**
   * The resume of docs/drafts/rtt-resume.md §4.1 with the tester's {@code delivered(c)} on every
   * channel, the named ones included; RESUME {@code resumed} must restore every named channel
   * [RTT-RES-006], and is acknowledged at once (§4.4 step 2).
   */
  @When("the tester resumes the session with the counts of what it took")
  public void resume() throws Exception {
    TesterPeer p = handshakeToMessage2();
    ObjectNode request = session.request(p.handshakeHashNow(), 0, false, null);
    ArrayNode channels = (ArrayNode) request.get("channels");
    named.forEach(
        (id, name) -> {
          ObjectNode c = channels.addObject();
          c.put("delivered", session.deliveredCount(id));
          c.put("id", id);
          c.put("name", name);
        });
    p.sendMessage3(IdentityPayloads.resumable(p.identity(), p.noiseStaticPublic(), request));
    var fresh = p.sessionSecrets();
    p.confirm();
    lastFin = -1;
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
    resumeCounts.clear();
    Map<Integer, String> restored = new TreeMap<>();
    for (JsonNode c : body.path("channels")) {
      resumeCounts.put(c.path("id").asInt(), c.path("delivered").asLong());
      restored.put(c.path("id").asInt(), c.path("name").asText());
    }
    named.forEach(
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
    session.adopt(fresh);
    p.sendFrame(FrameType.ACK, 0, 0, RttState.uint32(2));
  }

  // ------------------------------------------------------------------ the implementation sends

  /** The data the implementation numbers (its first 8 bytes), then filler naming the channel. */
  private static byte[] template(String channel, int length) {
    byte[] m = new byte[length];
    byte[] label = ("web4-kit iut-sends " + channel + " ").getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < length; i++) {
      m[i] = label[i % label.length];
    }
    return m;
  }

  /**
   * {@code POST rtt/send} [HAR-RES-003]: asked while the tester reads, since the implementation may
   * first open the channel, which the tester accepts (OPEN_ACK).
   */
  @When(
      "the implementation is asked to send {int} message(s) of {int} bytes on the named channel"
          + " {string}")
  public void askToSend(int count, int length, String channel) throws Exception {
    byte[] d = data.computeIfAbsent(channel, c -> template(c, length));
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
    if (!named.containsValue(channel)) {
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
      TesterPeer.Received r = rtt.peer().next(RttState.ANSWER);
      f = rtt.requireFrame(r, "OPEN of channel " + channel);
      if (f.is(FrameType.DATA) && named.containsKey(f.channel())) {
        pending.add(r);
      } else if (!f.is(FrameType.ACK) && !f.is(FrameType.CREDIT)) {
        break;
      }
    }
    if (!f.is(FrameType.OPEN) || !channel.equals(new String(f.body(), StandardCharsets.UTF_8))) {
      throw world.failure(
          "HAR-RES-003: the implementation opens channel " + channel + "; got " + f.describe());
    }
    rtt.peer().sendFrame(FrameType.OPEN_ACK, 0, f.channel(), new byte[0]);
    named.put(f.channel(), channel);
  }

  private int idOf(String channel) {
    return named.entrySet().stream()
        .filter(e -> e.getValue().equals(channel))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no named channel " + channel + " yet"));
  }

  /**
   * The next DATA frame the implementation sends on a named channel (with the message it completes,
   * if any), PING answered, ACK and CREDIT skipped (the tester's own messages are acknowledged
   * elsewhere).
   */
  private TesterPeer.Received nextData(String expected) throws InterruptedException {
    TesterPeer.Received early = pending.poll();
    if (early != null) {
      return early;
    }
    long deadline = System.nanoTime() + ARRIVAL.toNanos();
    while (true) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      TesterPeer.Received r = rtt.peer().next(Duration.ofMillis(left));
      RawFrame f = rtt.requireFrame(r, expected);
      if (f.is(FrameType.PING)) {
        try {
          rtt.peer().sendFrame(FrameType.PONG, 0, 0, f.body());
        } catch (java.io.IOException e) {
          throw world.failure(expected + "; the connection failed: " + e);
        }
        continue;
      }
      if (f.is(FrameType.ACK) || f.is(FrameType.CREDIT)) {
        continue;
      }
      if (f.is(FrameType.DATA) && named.containsKey(f.channel())) {
        return r;
      }
      throw world.failure(expected + "; got " + f.describe());
    }
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
      String name = named.get(id);
      long index = session.deliveredCount(id);
      byte[] asked = name == null ? null : data.get(name);
      if (asked == null) {
        throw world.failure(expected + "; got a message on channel " + id + ", not asked for");
      }
      byte[] want = asked.clone();
      ByteBuffer.wrap(want).putLong(index);
      if (m.length < 8 || !Arrays.equals(m, want)) {
        long got = m.length < 8 ? -1 : ByteBuffer.wrap(m).getLong();
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
      session.delivered(id);
      if (grant) {
        rtt.peer().sendFrame(FrameType.ACK, 0, 0, RttState.uint32(f.sequence() + 1));
        rtt.peer().sendFrame(FrameType.CREDIT, 0, id, RttState.uint32(m.length));
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
          named.entrySet().stream()
              .filter(e -> session.deliveredCount(e.getKey()) < asked.getOrDefault(e.getValue(), 0))
              .map(Map.Entry::getValue)
              .findFirst();
      if (short_.isEmpty()) {
        return;
      }
      takeMessage(
          "RTT-RES-008: the implementation's message #"
              + session.deliveredCount(idOf(short_.get()))
              + " of "
              + asked.get(short_.get())
              + " on channel "
              + short_.get(),
          true);
    }
  }

  // ----------------------------------------------------------------------- the tester sends

  @When("the tester opens the named channel {string}")
  public void openChannel(String channel) throws Exception {
    int id = 4 + 2 * named.size(); // the dialer's ids are even [RTT-CH-003]
    rtt.peer().sendFrame(FrameType.OPEN, 0, id, channel.getBytes(StandardCharsets.UTF_8));
    RawFrame f = rtt.awaitFrame("OPEN_ACK " + id);
    if (!f.is(FrameType.OPEN_ACK) || f.channel() != id) {
      throw world.failure("OPEN_ACK on channel " + id + "; got " + f.describe());
    }
    rtt.peer().channelOpened(id);
    named.put(id, channel);
  }

  /** Message {@code index} of the tester on a channel: its number, then filler. */
  private static byte[] numbered(String channel, int index, int length) {
    byte[] m = template(channel, length);
    ByteBuffer.wrap(m).putLong(index);
    return m;
  }

  @When("the tester sends {int} message(s) of {int} bytes on the named channel {string}")
  public void send(int count, int length, String channel) throws Exception {
    int id = idOf(channel);
    for (int i = 0; i < count; i++) {
      byte[] m = numbered(channel, session.sentCount(id), length);
      session.recordSent(id, m);
      lastFin = rtt.peer().sendMessage(id, m, Frame.MAX_BODY, true);
    }
  }

  @When(
      "the tester sends a message of {int} bytes on the named channel {string} and cuts the"
          + " connection after {int} of its DATA frames")
  public void sendAndCut(int length, String channel, int frames) throws Exception {
    int id = idOf(channel);
    byte[] m = numbered(channel, session.sentCount(id), length);
    session.recordSent(id, m);
    rtt.peer().sendMessage(id, Arrays.copyOf(m, frames * Frame.MAX_BODY), Frame.MAX_BODY, false);
    cutNow();
  }

  /** [RTT-RES-003] an ACK covering the tester's last FIN on this connection. */
  @Then("the implementation acknowledges every message the tester sent on the named channels")
  public void acknowledged() throws Exception {
    if (lastFin < 0) {
      return;
    }
    long deadline = System.nanoTime() + RttState.ANSWER.toNanos();
    while (true) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      RawFrame f =
          rtt.requireFrame(
              rtt.peer().next(Duration.ofMillis(left)),
              "RTT-RES-003: an ACK covering the tester's frame " + lastFin);
      if (f.is(FrameType.ACK) && f.bodyUint32() > lastFin) {
        return;
      }
    }
  }

  /** [RTT-RES-008] as the dialer: the tester sends again from the implementation's count. */
  @When("the tester sends again every message the implementation has not delivered on them")
  public void retransmit() throws Exception {
    for (int id : named.keySet()) {
      long from = resumeCounts.getOrDefault(id, 0L);
      if (from > session.sentCount(id)) {
        throw world.failure(
            "RTT-RES-009: a delivered count of at most "
                + session.sentCount(id)
                + " on channel "
                + named.get(id)
                + "; got "
                + from);
      }
      for (byte[] m : session.sentFrom(id, from)) {
        lastFin = rtt.peer().sendMessage(id, m, Frame.MAX_BODY, true);
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
    int id = idOf(channel);
    List<String> want = new ArrayList<>();
    for (byte[] m : session.sentFrom(id, 0)) {
      want.add(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(m)));
    }
    List<String> got = inbox(channel);
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
    String fp = testerFingerprint();
    for (JsonNode c : ex.reply().path("channels")) {
      if (fp.equals(c.path("peer_fingerprint").asText())
          && channel.equals(c.path("channel").asText())) {
        c.path("messages").forEach(m -> out.add(m.asText()));
      }
    }
    return out;
  }
}
