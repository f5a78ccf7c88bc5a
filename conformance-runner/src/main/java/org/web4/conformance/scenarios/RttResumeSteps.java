package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
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
import org.web4.rtt.noise.NoiseException;

/**
 * Steps for RTT 1.1 session resume (docs/drafts/rtt-resume.md §4, §5, §7, §8; harness 1.2 §4.15):
 * the tester is the session dialer. It opens a session, sends numbered messages, cuts the TCP
 * connection (a reset, no GOAWAY) at a chosen point, resumes with a request it builds and binds
 * itself ({@link TesterSession}), reads the implementation's RESUME, sends again from the counts it
 * got, and checks with a later resume's counts that every message was delivered exactly once.
 */
public final class RttResumeSteps {
  /** The RESUME frame's type (docs/drafts/rtt-resume.md §4.2). */
  private static final int RESUME = 0x0B;

  private final World world;
  private final RttState rtt;
  private final TesterSession session;

  /** The implementation's counts in the last RESUME {@code resumed}, by channel id. */
  private final Map<Integer, Long> resumeCounts = new HashMap<>();

  private @Nullable JsonNode lastResume;

  /** The sequence number of the tester's last FIN on the current connection (-1: none). */
  private long lastFin = -1;

  /**
   * The tester's messages of this connection not yet wholly credited back, per channel: the
   * sequence number of each one's FIN and its bytes (the RTT-RES-003 check).
   */
  private final Map<Integer, java.util.ArrayDeque<long[]>> uncredited = new HashMap<>();

  private final Map<Integer, Long> creditedBytes = new HashMap<>();

  private long send(int channel, byte[] m) throws IOException {
    lastFin = rtt.peer().sendMessage(channel, m, Frame.MAX_BODY, true);
    uncredited
        .computeIfAbsent(channel, k -> new java.util.ArrayDeque<>())
        .add(new long[] {lastFin, m.length});
    return lastFin;
  }

  private void newConnection() {
    lastFin = -1;
    uncredited.clear();
    creditedBytes.clear();
  }

  public RttResumeSteps(World world, RttState rtt, TesterSession session) {
    this.world = world;
    this.rtt = rtt;
    this.session = session; // shared with RttResumeCipSteps
  }

  // --------------------------------------------------------------------------------- session

  @Given("the implementation offers RTT session resume")
  public void offersResume() throws HarnessException {
    world.resetAtEnd(); // HAR-RES-002: reset turns it back to the implementation's default
    world.record(world.harness().rttResume(true));
  }

  @Given("the tester has opened an RTT 1.1 session with the implementation")
  public void openSession() throws IOException, NoiseException {
    TesterPeer p = connectAndReadMessage2();
    p.sendMessage3(IdentityPayloads.resumable(p.identity(), p.noiseStaticPublic(), null));
    session.adopt(p.sessionSecrets()); // [RTT-RES-002] the kit's own derivation
    p.confirm();
    newConnection();
  }

  /** The session the tester resumes (the refusal steps build their requests from it). */
  TesterSession session() {
    return session;
  }

  /**
   * Dials the implementation as a new connection of the scenario, sends handshake message 1 and
   * reads message 2 (the resume steps' one way to begin a handshake; what message 2 must carry is
   * each caller's check).
   */
  TesterPeer dialToMessage2() throws IOException, NoiseException {
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

  /** Dials, sends message 1 and reads message 2, which must list "1.1" [RTT-RES-001]. */
  TesterPeer connectAndReadMessage2() throws IOException, NoiseException {
    TesterPeer p = dialToMessage2();
    List<String> versions = rttVersions(p);
    if (!versions.contains("1.0") || !versions.contains("1.1")) {
      throw world.failure(
          "RTT-RES-001: an identity payload whose rtt lists \"1.0\" and \"1.1\"; got " + versions);
    }
    return p;
  }

  /** The versions the implementation's identity payload lists in {@code rtt}. */
  List<String> rttVersions(TesterPeer p) {
    try {
      JsonNode payload = StrictJsonParser.withEnvelopeLimits().parse(p.peerPayload().orElseThrow());
      java.util.ArrayList<String> out = new java.util.ArrayList<>();
      payload.path("rtt").forEach(v -> out.add(v.asText()));
      return out;
    } catch (JsonViolation e) {
      throw world.failure("an identity payload in JSON; " + e.getMessage());
    }
  }

  @Then("the implementation's identity payload lists the RTT versions {string}")
  public void listsVersions(String expected) {
    List<String> got = rttVersions(rtt.peer());
    if (!got.equals(Arrays.asList(expected.split(",\\s*")))) {
      throw world.failure("rtt " + expected + " in the identity payload; got " + got);
    }
  }

  // --------------------------------------------------------------------------------- sending

  /** Message {@code index} of a channel: its number, then filler (the receiver only counts). */
  private static byte[] numbered(String channel, int index, int length) {
    byte[] m = new byte[length];
    byte[] label =
        ("web4-kit resume " + channel + " #" + index + " ").getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < length; i++) {
      m[i] = label[i % label.length];
    }
    return m;
  }

  private static int channelId(String name) {
    int id = TesterSession.STANDARD.indexOf(name);
    if (id < 0) {
      throw new IllegalArgumentException("a standard channel: " + TesterSession.STANDARD);
    }
    return id;
  }

  @When("the tester sends {int} message(s) of {int} bytes on channel {string}")
  public void sendMessages(int count, int length, String channel) throws IOException {
    int id = channelId(channel);
    for (int i = 0; i < count; i++) {
      byte[] m = numbered(channel, session.sentCount(id), length);
      session.recordSent(id, m);
      send(id, m);
    }
  }

  @When(
      "the tester sends a message of {int} bytes on channel {string} and cuts the connection after"
          + " {int} of its DATA frames")
  public void sendAndCutMidMessage(int length, String channel, int frames) throws IOException {
    int id = channelId(channel);
    byte[] m = numbered(channel, session.sentCount(id), length);
    session.recordSent(id, m);
    rtt.peer().sendMessage(id, Arrays.copyOf(m, frames * Frame.MAX_BODY), Frame.MAX_BODY, false);
    rtt.peer().cut();
  }

  @When(
      "the tester sends a message of {int} bytes on channel {string} and cuts the connection in"
          + " the middle of its second DATA frame")
  public void sendAndCutMidFrame(int length, String channel) throws IOException {
    int id = channelId(channel);
    byte[] m = numbered(channel, session.sentCount(id), length);
    session.recordSent(id, m);
    rtt.peer().sendMessage(id, Arrays.copyOf(m, Frame.MAX_BODY), Frame.MAX_BODY, false);
    byte[] second = Arrays.copyOfRange(m, Frame.MAX_BODY, 2 * Frame.MAX_BODY);
    rtt.peer().sendHalfFrame(FrameType.DATA, 0, id, second);
    rtt.peer().cut();
  }

  @When("the tester cuts the connection")
  public void cut() {
    rtt.peer().cut();
  }

  /**
   * [RTT-RES-003] (a): the implementation acknowledges a message's FIN before its CREDIT; the
   * tester waits for an ACK covering its last FIN on this connection, so that every message it sent
   * is delivered before it cuts.
   */
  @Then("the implementation acknowledges every message the tester sent")
  public void acknowledged() throws InterruptedException {
    if (lastFin < 0) {
      return;
    }
    long deadline = System.nanoTime() + RttState.ANSWER.toNanos();
    long acked = 0;
    while (true) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      TesterPeer.Received r = rtt.peer().next(Duration.ofMillis(left));
      if (r.kind() != TesterPeer.Received.Kind.FRAME) {
        throw world.failure(
            "RTT-RES-003: an ACK covering the tester's frame "
                + lastFin
                + " (its last FIN); got "
                + r.kind()
                + " ("
                + r.detail()
                + ")");
      }
      RawFrame f = r.requireFrame();
      if (f.is(FrameType.ACK)) {
        acked = Math.max(acked, f.bodyUint32());
        if (acked > lastFin) {
          return;
        }
      } else if (f.is(FrameType.CREDIT)) {
        checkCreditAfterAck(f, acked);
      }
    }
  }

  /**
   * [RTT-RES-003] (a): a CREDIT that returns the last bytes of one of the tester's messages comes
   * after an ACK covering that message's FIN.
   */
  private void checkCreditAfterAck(RawFrame credit, long acked) {
    int channel = credit.channel();
    long total = creditedBytes.merge(channel, credit.bodyUint32(), Long::sum);
    java.util.ArrayDeque<long[]> q = uncredited.getOrDefault(channel, new java.util.ArrayDeque<>());
    while (!q.isEmpty() && total >= q.peek()[1]) {
      long[] head = q.poll();
      total -= head[1];
      creditedBytes.put(channel, total);
      if (acked <= head[0]) {
        throw world.failure(
            "RTT-RES-003 (a): an ACK covering frame "
                + head[0]
                + " (a message's FIN) before the CREDIT that returns its bytes; got "
                + credit.describe()
                + " after ACKs up to "
                + acked);
      }
    }
  }

  // --------------------------------------------------------------------------------- resuming

  @When("the tester resumes the session")
  public void resume() throws Exception {
    resumeWith(0, false, null, true);
  }

  @When("the tester resumes the session without acknowledging the RESUME")
  public void resumeWithoutAck() throws Exception {
    resumeWith(0, false, null, false);
  }

  @When("the tester resumes the session with its previous id")
  public void resumeWithPreviousId() throws Exception {
    resumeWith(1, false, null, true);
  }

  @When("the tester resumes the session with a binder one bit off")
  public void resumeWithBadBinder() throws Exception {
    resumeWith(0, true, null, true);
  }

  @When("the tester resumes a session id the implementation never issued")
  public void resumeMadeUp() throws Exception {
    byte[] id = rtt.peer().random().bytes(16);
    resumeWith(0, false, id, true);
  }

  @When("the tester starts to resume the session and cuts the connection after handshake message 2")
  public void resumeCutAfterMessage2() throws IOException, NoiseException {
    connectAndReadMessage2();
    rtt.peer().cut();
  }

  /**
   * The resume of docs/drafts/rtt-resume.md §4.1 as the session dialer: a full handshake whose
   * message 3 carries {@code resume}, then the PING of frame 0 (answered) and RESUME as frame 1
   * [RTT-RES-006]. On {@code resumed} the tester adopts the new id at once and acknowledges frame 1
   * (§4.4 step 2) unless told not to.
   */
  private void resumeWith(int back, boolean badBinder, byte @Nullable [] madeUpId, boolean ack)
      throws Exception {
    TesterPeer p = connectAndReadMessage2();
    var request = session.request(p.handshakeHashNow(), back, badBinder, madeUpId);
    sendRequestAndReadResume(p, request, ack);
  }

  /**
   * Message 3 with {@code request} as its {@code resume} member on a connection whose message 2 was
   * read, then the PING of frame 0 (answered) and RESUME as frame 1 [RTT-RES-006], kept for the
   * Then steps; on {@code resumed} the tester adopts the new id and, if {@code ack}, acknowledges
   * frame 1 (§4.4 step 2).
   */
  void sendRequestAndReadResume(TesterPeer p, ObjectNode request, boolean ack) throws Exception {
    p.sendMessage3(IdentityPayloads.resumable(p.identity(), p.noiseStaticPublic(), request));
    var fresh = p.sessionSecrets();
    p.confirm();
    newConnection();
    TesterPeer.Received r = p.next(RttState.ANSWER);
    RawFrame f = rtt.requireFrame(r, "RTT-RES-006: RESUME as frame 1");
    // the frame right after the PING of frame 0; its sequence number is RTT-FR-002's (wire judge)
    if (f.type() != RESUME || f.channel() != 0 || f.flags() != 0) {
      throw world.failure(
          "RTT-RES-006: RESUME (type 0x0b, channel 0, flags 0) as frame 1, right after the PING;"
              + " got "
              + f.describe());
    }
    JsonNode body;
    try {
      body = StrictJsonParser.withEnvelopeLimits().parse(f.body());
    } catch (JsonViolation e) {
      throw world.failure("RTT-RES-006: a RESUME body in JSON; " + e.getMessage());
    }
    lastResume = body;
    world.transcript().note("RESUME " + body);
    resumeCounts.clear();
    if ("resumed".equals(body.path("result").asText())) {
      for (JsonNode c : body.path("channels")) {
        resumeCounts.put(c.path("id").asInt(), c.path("delivered").asLong());
      }
      session.adopt(fresh);
      if (ack) {
        p.sendFrame(FrameType.ACK, 0, 0, ByteBuffer.allocate(4).putInt(2).array());
      }
    }
  }

  @Then("the implementation answers RESUME {string}")
  public void answers(String result) {
    JsonNode b = requireResume();
    if (!result.equals(b.path("result").asText())) {
      throw world.failure("RTT-RES-006: RESUME \"" + result + "\"; got " + b);
    }
  }

  @Then("the implementation answers RESUME {string} with the code {string}")
  public void answersFresh(String result, String code) {
    JsonNode b = requireResume();
    if (!result.equals(b.path("result").asText()) || !code.equals(b.path("code").asText())) {
      throw world.failure("RESUME \"" + result + "\" with the code " + code + "; got " + b);
    }
  }

  @Then("the implementation's RESUME counts {long} delivered on channel {string}")
  public void counts(long delivered, String channel) {
    answers("resumed");
    Long got = resumeCounts.get(channelId(channel));
    if (got == null || got != delivered) {
      throw world.failure(
          "RTT-RES-009: "
              + delivered
              + " delivered on channel "
              + channel
              + " in the RESUME; got "
              + lastResume);
    }
  }

  /**
   * The exactly-once check (docs/drafts/rtt-resume.md §8): the RESUME counts, on every standard
   * channel, exactly the messages the tester sent in the session — none lost, none twice.
   */
  @Then("the implementation's RESUME counts every message the tester sent exactly once")
  public void countsEverything() {
    answers("resumed");
    for (int id = 0; id < TesterSession.STANDARD.size(); id++) {
      Long got = resumeCounts.get(id);
      if (got == null || got != session.sentCount(id)) {
        throw world.failure(
            "RTT-RES-009: "
                + session.sentCount(id)
                + " delivered on channel "
                + TesterSession.STANDARD.get(id)
                + " (every message the tester sent, once); got "
                + lastResume);
      }
    }
  }

  /**
   * [RTT-RES-008] from the tester's side, as the dialer: it sends again, whole and in index order,
   * every message from the implementation's {@code delivered(c)} on.
   */
  @When("the tester sends again every message the implementation has not delivered")
  public void retransmit() throws IOException {
    for (int id = 0; id < TesterSession.STANDARD.size(); id++) {
      long from = resumeCounts.getOrDefault(id, 0L);
      if (from > session.sentCount(id)) {
        throw world.failure(
            "RTT-RES-010: a delivered count of at most "
                + session.sentCount(id)
                + " on channel "
                + id
                + "; got "
                + from);
      }
      for (byte[] m : session.sentFrom(id, from)) {
        send(id, m);
      }
    }
  }

  @Then("the resumed connection still answers a PING")
  public void answersPing() throws Exception {
    byte[] ping = rtt.peer().random().bytes(8);
    rtt.peer().sendFrame(FrameType.PING, 0, 0, ping);
    RawFrame f = rtt.awaitFrame("PONG");
    if (!f.is(FrameType.PONG) || !Arrays.equals(f.body(), ping)) {
      throw world.failure("a PONG echoing the tester's PING; got " + f.describe());
    }
  }

  private JsonNode requireResume() {
    JsonNode b = lastResume;
    if (b == null) {
      throw new IllegalStateException("no RESUME yet: a When step must resume");
    }
    return b;
  }
}
