package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessException;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterListener;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttLimits;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.Frame;
import org.web4.rtt.frame.FrameType;
import org.web4.rtt.noise.NoiseException;

/**
 * Steps for spec/rtt.md: the tester peer connects to the implementation (or is dialled by it),
 * speaks RTT or misbehaves on purpose, and checks what the implementation sends back and whether
 * the connection is still there. Every wait is bounded; a failure shows the decoded transcript.
 */
public final class RttSteps {
  /** How long the tester waits for an answer the spec says must come (PONG: 5 s, RTT-HB-002). */
  static final Duration ANSWER = RttLimits.PONG_WITHIN;

  /** How long the tester waits for the connection to end after a closing ERROR or GOAWAY. */
  static final Duration CLOSE = RttLimits.GOAWAY_CLOSE_WITHIN;

  private static final HexFormat HEX = HexFormat.of();

  private final World world;
  private @Nullable TesterPeer peer;
  private @Nullable TesterListener listener;
  private @Nullable CompletableFuture<Exchange> dial;
  private @Nullable Boolean message3Arrived;
  private final List<Socket> idle = new ArrayList<>();
  private long lastSentSeq = -1;
  private long lastMessageSeq = -1;
  private int nextTesterChannel = 4;
  private boolean clockMoved;

  public RttSteps() {
    this.world = World.current();
  }

  private TesterPeer peer() {
    TesterPeer p = peer;
    if (p == null) {
      throw new IllegalStateException("no tester connection: a Given step must open one");
    }
    return p;
  }

  // ----------------------------------------------------------------------------------- connect

  @Given("the scenario clock is the current time")
  public void currentTime() {
    world.useCurrentTime();
  }

  @Given("the tester is connected to the implementation over TCP")
  public void connected() throws IOException {
    peer =
        world.closeAtEnd(TesterPeer.connect(world.rttAddress(), world.transcript(), world.seed()));
  }

  @Given("the tester has completed the RTT handshake with the implementation")
  public void handshaken() throws IOException, NoiseException {
    connected();
    peer().handshake();
  }

  // --------------------------------------------------------------------------------- handshake

  @When("the tester sends handshake message 1")
  public void message1() throws IOException, NoiseException {
    peer().sendMessage1(new byte[0]);
  }

  @When("the tester sends handshake message 1 with a {int}-byte payload")
  public void message1WithPayload(int length) throws IOException, NoiseException {
    peer().sendMessage1(new byte[length]);
  }

  @Then("the implementation answers with handshake message 2")
  public void message2() throws IOException, NoiseException {
    Optional<byte[]> m2 = readHandshakeMessage();
    if (m2.isEmpty()) {
      throw world.failure("handshake message 2; the implementation closed the connection");
    }
    peer().readMessage2(m2.get());
  }

  @When("the tester sends handshake message 3 with the identity payload {string}")
  public void message3(String variant) throws IOException, NoiseException {
    peer().sendMessage3(peer().payload(variant));
  }

  /** [RTT-HS-007] the implementation's frame 0 is a PING; the tester answers it. */
  @Then("the implementation confirms the handshake with a PING as its frame 0")
  public void confirmation() {
    try {
      peer().confirm();
    } catch (IOException e) {
      throw world.failure(String.valueOf(e.getMessage()));
    }
  }

  @When("the tester sends handshake message 3 with a corrupted authentication tag")
  public void corruptedMessage3() throws IOException, NoiseException {
    peer().sendCorruptedMessage3(peer().validPayload());
  }

  @When("the tester sends the bytes {string}")
  public void rawBytes(String hex) throws IOException {
    peer().sendRaw(HEX.parseHex(hex), hex);
  }

  @When("the tester ends its side of the connection")
  public void fin() throws IOException {
    peer().finishSending();
  }

  @Then("the implementation closes the connection without another handshake message")
  public void closedDuringHandshake() throws IOException {
    TesterPeer.Received r = peer().awaitEndOfHandshake(RttLimits.HANDSHAKE_TIMEOUT);
    if (r.kind() != TesterPeer.Received.Kind.CLOSED) {
      throw world.failure(
          "the connection to end with nothing sent; got " + r.kind() + " " + r.detail());
    }
  }

  @Then("the implementation's identity payload is valid")
  public void identityPayloadIsValid() {
    byte[] payload =
        peer()
            .peerPayload()
            .orElseThrow(() -> world.failure("an identity payload from the implementation"));
    byte[] noiseStatic = peer().peerStatic().orElseThrow();
    List<String> problems = IdentityChecks.problems(payload, noiseStatic);
    if (!problems.isEmpty()) {
      throw world.failure("a valid identity payload (spec/rtt.md §3.2); " + problems);
    }
  }

  @Then("the identity in the implementation's payload is the one it reports in info")
  public void identityMatchesInfo() throws HarnessException, JsonViolation {
    byte[] payload = peer().peerPayload().orElseThrow();
    JsonNode p = StrictJsonParser.withEnvelopeLimits().parse(payload);
    String info = world.harness().info().identity().pubkey();
    if (!info.equals(p.path("pubkey").asText())) {
      throw world.failure(
          "the RTT identity " + p.path("pubkey").asText() + " to be the info identity " + info);
    }
  }

  // ------------------------------------------------------------------------------------ frames

  @When("the tester sends a frame of type {int} on channel {int}")
  public void unknownType(int type, int channel) throws IOException {
    TesterPeer p = peer();
    lastSentSeq = p.sendFrame(type, 0, channel, nextSeqOf(p), new byte[0]);
  }

  @When("the tester sends a {word} frame on channel {int} with the body {string}")
  public void frame(String type, int channel, String bodyHex) throws IOException {
    lastSentSeq = peer().sendFrame(FrameType.valueOf(type), 0, channel, HEX.parseHex(bodyHex));
  }

  @When("the tester sends a {word} frame on channel {int} with flags {int} and the body {string}")
  public void frameWithFlags(String type, int channel, int flags, String bodyHex)
      throws IOException {
    lastSentSeq = peer().sendFrame(FrameType.valueOf(type), flags, channel, HEX.parseHex(bodyHex));
  }

  @When("the tester sends a PING frame with a sequence number {int} ahead")
  public void sequenceGap(int ahead) throws IOException {
    TesterPeer p = peer();
    lastSentSeq = p.sendFrame(FrameType.PING.code(), 0, 0, nextSeqOf(p) + ahead, new byte[8]);
  }

  @When("the tester sends a transport message with a {int}-byte plaintext")
  public void shortPlaintext(int length) throws IOException {
    world.transcript().sent("a transport message whose plaintext is " + length + " bytes");
    peer().sendPlaintext(new byte[length]);
  }

  @When("the tester sends a frame that fails authentication")
  public void corruptedFrame() throws IOException {
    peer().sendCorruptedFrame(FrameType.PING, 0, new byte[8]);
  }

  @When("the tester sends an ERROR frame with the body {string}")
  public void errorWithBody(String body) throws IOException {
    lastSentSeq = peer().sendFrame(FrameType.ERROR, 0, 0, body.getBytes(StandardCharsets.UTF_8));
  }

  @When("the tester sends a closing ERROR frame with code {string}")
  public void closingError(String code) throws IOException {
    byte[] body = new ErrorBody(code, null, null, "the tester closes").encode();
    lastSentSeq = peer().sendFrame(FrameType.ERROR, 0x01, 0, body);
  }

  @When("the tester acknowledges {long} frames")
  public void ack(long count) throws IOException {
    lastSentSeq = peer().sendFrame(FrameType.ACK, 0, 0, uint32(count));
  }

  @When("the tester grants {long} bytes of credit on channel {int}")
  public void credit(long bytes, int channel) throws IOException {
    lastSentSeq = peer().sendFrame(FrameType.CREDIT, 0, channel, uint32(bytes));
  }

  @When("the tester sends PING {string}")
  public void ping(String hex) throws IOException {
    lastSentSeq = peer().sendFrame(FrameType.PING, 0, 0, HEX.parseHex(hex));
  }

  @Then("the implementation answers PONG {string}")
  public void pong(String hex) throws InterruptedException {
    RawFrame f = awaitFrame("PONG " + hex);
    if (!f.is(FrameType.PONG)
        || f.channel() != 0
        || f.flags() != 0
        || !Arrays.equals(f.body(), HEX.parseHex(hex))) {
      throw world.failure(
          "PONG " + hex + " on channel 0 within " + ANSWER.toSeconds() + " s; got " + f.describe());
    }
  }

  @When("the tester sends GOAWAY")
  public void goAway() throws IOException {
    lastSentSeq = peer().sendFrame(FrameType.GOAWAY, 0, 0, uint32(0));
  }

  @Then("the implementation answers GOAWAY and closes the connection")
  public void goAwayAnswered() throws InterruptedException {
    RawFrame f = awaitFrame("GOAWAY");
    if (!f.is(FrameType.GOAWAY) || f.channel() != 0 || f.body().length != 4) {
      throw world.failure("GOAWAY on channel 0 with a 4-byte body; got " + f.describe());
    }
    if (f.bodyUint32() != lastSentSeq + 1) {
      throw world.failure(
          "GOAWAY counting the "
              + (lastSentSeq + 1)
              + " frames the tester sent; got "
              + f.bodyUint32());
    }
    awaitClosed("after GOAWAY");
  }

  // ----------------------------------------------------------------------- verdict on the wire

  @Then("the implementation closes the connection with error {string}")
  public void closesWithError(String code) throws InterruptedException {
    RawFrame f = awaitFrame("a closing ERROR " + code);
    checkError(f, code, true);
    if (f.channel() != 0) {
      throw world.failure("the closing ERROR on channel 0; got " + f.describe());
    }
    awaitClosed("after the closing ERROR");
  }

  @Then("the implementation closes the connection with error {string} naming the frame")
  public void closesWithErrorNamingFrame(String code) throws InterruptedException {
    RawFrame f = awaitFrame("a closing ERROR " + code);
    ErrorBody e = checkError(f, code, true);
    if (e.frame() == null || e.frame() != lastSentSeq) {
      throw world.failure(
          "the ERROR to name frame " + lastSentSeq + " (the offending one); got " + e.frame());
    }
    awaitClosed("after the closing ERROR");
  }

  @Then("the implementation closes the connection with error {string} as its first frame")
  public void closesWithFirstFrameError(String code) throws InterruptedException {
    RawFrame f = awaitFrame("a closing ERROR " + code);
    checkError(f, code, true);
    if (f.sequence() != 0 || f.channel() != 0) {
      throw world.failure("the ERROR as frame 0 on channel 0; got " + f.describe());
    }
    awaitClosed("after the closing ERROR");
  }

  @Then("the implementation closes the connection")
  public void closesSilently() throws InterruptedException {
    awaitClosed("after the tester's closing ERROR");
  }

  @Then("the connection stays open")
  public void staysOpen() throws IOException, InterruptedException {
    byte[] opaque = new byte[8];
    ByteBuffer.wrap(opaque).putLong(world.freshUuid().getMostSignificantBits());
    peer().sendFrame(FrameType.PING, 0, 0, opaque);
    RawFrame f = awaitFrame("PONG (the connection is open)");
    if (!f.is(FrameType.PONG) || !Arrays.equals(f.body(), opaque)) {
      throw world.failure("PONG " + HEX.formatHex(opaque) + "; got " + f.describe());
    }
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
    lastSentSeq = peer().sendMessage(channelId(channel), bytes, size, true);
    lastMessageSeq = lastSentSeq;
  }

  @Then("the implementation refuses {string} with error {string}")
  public void refused(String name, String code) throws InterruptedException {
    RawFrame f = awaitFrame("a non-closing ERROR " + code);
    ErrorBody e = checkError(f, code, false);
    String msgId = world.envelope(name).json().path("msg_id").asText(null);
    if (!java.util.Objects.equals(e.msgId(), msgId)) {
      throw world.failure("the ERROR to name msg_id " + msgId + "; got " + e.msgId());
    }
    if (e.frame() == null || e.frame() != lastMessageSeq) {
      throw world.failure(
          "the ERROR to name frame " + lastMessageSeq + " (the message's last); got " + e.frame());
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
      RawFrame f = awaitFrame("CREDIT " + size);
      if (f.is(FrameType.CREDIT) && f.bodyUint32() == size) {
        break;
      }
      if (!f.is(FrameType.ERROR) || VALIDATION_OR_CHANNEL.contains(errorCode(f))) {
        throw world.failure(
            "CREDIT of " + size + " bytes for the delivered message; got " + f.describe());
      }
    }
    byte[] opaque = HEX.parseHex("5a5a5a5a5a5a5a5a");
    peer().sendFrame(FrameType.PING, 0, 0, opaque);
    while (true) {
      RawFrame f = awaitFrame("PONG");
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
    lastSentSeq = peer().sendMessage(channelId(channel), new byte[bytes], Frame.MAX_BODY, false);
  }

  @Then("the implementation returns no credit before it answers a PING")
  public void noCreditBeforePong() throws IOException, InterruptedException {
    byte[] opaque = HEX.parseHex("0102030405060708");
    peer().sendFrame(FrameType.PING, 0, 0, opaque);
    TesterPeer.Received r = peer().next(ANSWER);
    RawFrame f = requireFrame(r, "PONG");
    if (!f.is(FrameType.PONG)) {
      throw world.failure(
          "PONG with no CREDIT before it (the message is unfinished); got " + f.describe());
    }
  }

  @When("the tester sends {int} messages of {int} bytes on channel {int}, waiting for credit")
  public void bulk(int count, int size, int channel) throws IOException, InterruptedException {
    for (int i = 0; i < count; i++) {
      long deadline = System.nanoTime() + ANSWER.toNanos();
      while (peer().sendWindow(channel) < size) {
        if (System.nanoTime() > deadline) {
          throw world.failure(
              "credit for message "
                  + (i + 1)
                  + " of "
                  + count
                  + " within "
                  + ANSWER.toSeconds()
                  + " s; window "
                  + peer().sendWindow(channel));
        }
        Thread.sleep(2);
      }
      byte[] m = new byte[size];
      m[0] = (byte) i;
      lastSentSeq = peer().sendMessage(channel, m, Frame.MAX_BODY, true);
    }
  }

  @Then("the tester's window on channel {int} is back to 1 MiB")
  public void windowRestored(int channel) throws InterruptedException {
    long deadline = System.nanoTime() + ANSWER.toNanos();
    while (peer().sendWindow(channel) != RttLimits.WINDOW) {
      if (System.nanoTime() > deadline) {
        throw world.failure("all credit back (1048576); window " + peer().sendWindow(channel));
      }
      Thread.sleep(2);
    }
  }

  // -------------------------------------------------------------------------------- channels

  @When("the tester opens channel {int} named {string}")
  public void open(int id, String name) throws IOException {
    lastSentSeq = peer().sendFrame(FrameType.OPEN, 0, id, name.getBytes(StandardCharsets.UTF_8));
  }

  @Then("the implementation acknowledges channel {int}")
  public void openAck(int id) throws InterruptedException {
    RawFrame f = awaitFrame("OPEN_ACK " + id);
    if (!f.is(FrameType.OPEN_ACK) || f.channel() != id || f.flags() != 0 || f.body().length != 0) {
      throw world.failure("OPEN_ACK on channel " + id + " with an empty body; got " + f.describe());
    }
    peer().channelOpened(id);
  }

  @When("the tester closes channel {int}")
  public void close(int id) throws IOException {
    lastSentSeq = peer().sendFrame(FrameType.CLOSE, 0, id, new byte[0]);
  }

  @Then("the implementation closes channel {int} too")
  public void closeAnswered(int id) throws InterruptedException {
    RawFrame f = awaitFrame("CLOSE " + id);
    if (!f.is(FrameType.CLOSE) || f.channel() != id || f.body().length != 0) {
      throw world.failure("CLOSE on channel " + id + "; got " + f.describe());
    }
  }

  @When("the tester opens as many channels as the implementation's max_channels allows")
  public void openAllowed() throws IOException, InterruptedException, JsonViolation {
    int max = peerMaxChannels();
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

  // ---------------------------------------------------------------------------------- limits

  @When("the tester opens {int} TCP connections without a handshake")
  public void idleConnections(int count) throws IOException, InterruptedException {
    InetSocketAddress a = world.rttAddress();
    for (int i = 0; i < count; i++) {
      Socket s = new Socket();
      s.connect(a, 5000);
      idle.add(world.closeAtEnd(s));
    }
    world.transcript().note("opened " + count + " TCP connections and sent nothing on them");
    Thread.sleep(200); // let the implementation accept them all
  }

  @Then("a further TCP connection is closed by the implementation at once")
  public void furtherConnectionClosed() throws IOException {
    try (Socket s = new Socket()) {
      s.connect(world.rttAddress(), 5000);
      s.setSoTimeout((int) ANSWER.toMillis());
      int b;
      try {
        b = s.getInputStream().read();
      } catch (java.net.SocketTimeoutException e) {
        throw world.failure(
            "the connection beyond the 64 unauthenticated ones to be closed at once; it stayed open");
      } catch (IOException e) {
        b = -1; // a reset is a close
      }
      if (b != -1) {
        throw world.failure("the further connection closed without data; got a byte");
      }
    }
  }

  @Then("the held connections are still open")
  public void heldStillOpen() throws IOException {
    for (Socket s : idle) {
      s.setSoTimeout(1);
      try {
        if (s.getInputStream().read() == -1) {
          throw world.failure("the first 64 unauthenticated connections to stay open; one closed");
        }
      } catch (java.net.SocketTimeoutException expected) {
        // still open
      } catch (IOException e) {
        throw world.failure("the first 64 unauthenticated connections to stay open; one was reset");
      }
    }
  }

  @Then("once they are closed a new connection completes the handshake")
  public void afterClosing() throws Exception {
    for (Socket s : idle) {
      s.close();
    }
    idle.clear();
    long deadline = System.nanoTime() + ANSWER.toNanos();
    while (true) {
      try (TesterPeer p =
          TesterPeer.connect(world.rttAddress(), world.transcript(), world.seed())) {
        p.handshake();
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw world.failure(
              "a handshake to succeed once the idle connections closed: " + e.getMessage());
        }
        Thread.sleep(100);
      }
    }
  }

  // --------------------------------------------------------------------------------- harness

  @When("the implementation's clock advances {int} seconds")
  public void advance(int seconds) throws HarnessException {
    if (!clockMoved) {
      clockMoved = true;
      // The implementation's clock stays ahead until a reset: reset it when the scenario ends.
      world.closeAtEnd(() -> world.harness().reset());
    }
    world.record(world.harness().advanceClock(seconds));
  }

  @Then("the implementation sends a PING")
  public void sendsPing() throws InterruptedException {
    RawFrame f = awaitFrame("PING");
    if (!f.is(FrameType.PING) || f.channel() != 0 || f.body().length != 8) {
      throw world.failure("PING on channel 0 with an 8-byte body; got " + f.describe());
    }
  }

  @Then("the implementation has no RTT connection with the tester")
  public void noConnection() throws HarnessException, InterruptedException {
    String fp = peer().identity().publicKey().fingerprint();
    long deadline = System.nanoTime() + CLOSE.toNanos();
    Backoff backoff = new Backoff();
    while (true) {
      Exchange ex = world.harness().rttConnections();
      world.record(ex);
      boolean found = false;
      for (JsonNode c : ex.reply().path("connections")) {
        found |= fp.equals(c.path("peer_fingerprint").asText());
      }
      if (!found) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw world.failure("no connection with the tester (" + fp + ") in rtt/connections");
      }
      backoff.pause();
    }
  }

  @Given("the implementation reports a connection in the handshake")
  public void reportsHandshaking() throws HarnessException, InterruptedException {
    long deadline = System.nanoTime() + ANSWER.toNanos();
    Backoff backoff = new Backoff();
    while (true) {
      Exchange ex = world.harness().rttConnections();
      world.record(ex);
      if (ex.reply().path("handshaking").asInt() >= 1) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw world.failure("rtt/connections to count the tester's connection in handshaking");
      }
      backoff.pause();
    }
  }

  @Then("the implementation lists its RTT connection with the tester")
  public void listsConnection() throws HarnessException {
    String fp = peer().identity().publicKey().fingerprint();
    Exchange ex = world.harness().rttConnections();
    world.record(ex);
    for (JsonNode c : ex.reply().path("connections")) {
      if (fp.equals(c.path("peer_fingerprint").asText())
          && c.path("peer_agent_id").asText().equals(TesterPeer.AGENT_ID)
          && c.path("state").asText().equals("open")
          && c.path("channels").toString().equals("[\"control\",\"state\",\"knowledge\"]")) {
        return;
      }
    }
    throw world.failure(
        "rtt/connections to list the tester ("
            + fp
            + ") as an open connection with the standard channels");
  }

  // ------------------------------------------------------------------------- initiator role

  @Given("the tester listens for RTT connections")
  public void listens() throws IOException {
    listener = world.closeAtEnd(new TesterListener(world.transcript(), world.seed()));
  }

  @When("the implementation is asked to dial the tester")
  public void dialNoExpectation() {
    startDial(null);
  }

  @When("the implementation is asked to dial the tester, expecting the tester's identity")
  public void dialExpectingTester() {
    startDial("expected");
  }

  @When("the implementation is asked to dial the tester, expecting another identity")
  public void dialExpectingOther() {
    startDial("other");
  }

  private void startDial(@Nullable String expectation) {
    TesterListener l = requireListener();
    String expect =
        expectation == null
            ? null
            : expectation.equals("expected") ? testerFingerprint() : "00".repeat(32);
    InetSocketAddress a = l.address();
    dial =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return world.harness().dial(a.getAddress().getHostAddress(), a.getPort(), expect);
              } catch (HarnessException e) {
                throw new java.util.concurrent.CompletionException(e);
              }
            });
  }

  @When("the tester answers the handshake with the identity payload {string}")
  public void answer(String variant) throws IOException, NoiseException {
    TesterPeer p = world.closeAtEnd(requireListener().accept(RttLimits.HANDSHAKE_TIMEOUT));
    peer = p;
    message3Arrived = p.respond(p.payload(variant));
  }

  @Then("the implementation completes the handshake as initiator")
  public void initiatorCompleted() throws Exception {
    if (!Boolean.TRUE.equals(message3Arrived)) {
      throw world.failure("handshake message 3 from the implementation; it closed the connection");
    }
    identityPayloadIsValid();
    Exchange ex = dialOutcome();
    if (!ex.reply().path("result").asText().equals("connected")
        || !ex.reply()
            .path("connection")
            .path("peer_fingerprint")
            .asText()
            .equals(testerFingerprint())) {
      throw world.failure("rtt/dial to report the connection to the tester");
    }
    // The tester confirmed with a PING (RTT-HS-007); the implementation answers it (RTT-HB-002).
    RawFrame pong = awaitFrame("PONG to the tester's confirming PING");
    if (!pong.is(FrameType.PONG) || !Arrays.equals(pong.body(), peer().confirmationPing())) {
      throw world.failure(
          "PONG " + HEX.formatHex(peer().confirmationPing()) + "; got " + pong.describe());
    }
  }

  @Then("the implementation refuses the tester without handshake message 3")
  public void initiatorRefused() throws Exception {
    if (!Boolean.FALSE.equals(message3Arrived)) {
      throw world.failure(
          "the implementation to close the connection instead of sending message 3");
    }
    Exchange ex = dialOutcome();
    if (!ex.reply().path("result").asText().equals("refused")
        || !ex.reply().path("error").path("code").asText().equals("HANDSHAKE")) {
      throw world.failure("rtt/dial to report the refusal with HANDSHAKE");
    }
  }

  private Exchange dialOutcome() throws Exception {
    CompletableFuture<Exchange> d = dial;
    if (d == null) {
      throw new IllegalStateException("no dial was asked for");
    }
    try {
      Exchange ex = d.get(30, TimeUnit.SECONDS);
      world.record(ex);
      return ex;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof Exception ex ? ex : e;
    } catch (TimeoutException e) {
      throw world.failure("rtt/dial to answer within 30 s");
    }
  }

  private TesterListener requireListener() {
    TesterListener l = listener;
    if (l == null) {
      throw new IllegalStateException("the tester is not listening: a Given step must come first");
    }
    return l;
  }

  private String testerFingerprint() {
    // The tester's identity follows from the seed (TesterPeer.identityOf)
    return TesterPeer.identityOf(TesterPeer.DEFAULT_NAME, world.seed()).publicKey().fingerprint();
  }

  // ---------------------------------------------------------------------------------- helpers

  /**
   * The next frame the implementation sends, skipping CREDIT and ACK frames (they may come at any
   * time) unless the expectation is about them.
   */
  private RawFrame awaitFrame(String expected) throws InterruptedException {
    long deadline = System.nanoTime() + ANSWER.toNanos();
    while (true) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      TesterPeer.Received r = peer().next(Duration.ofMillis(left));
      RawFrame f = requireFrame(r, expected);
      boolean aboutCredit = expected.startsWith("CREDIT");
      if (!aboutCredit && (f.is(FrameType.CREDIT) || f.is(FrameType.ACK))) {
        continue;
      }
      if (f.is(FrameType.DATA)) {
        continue; // the implementation's own messages (e.g. its CIP HELLO as initiator)
      }
      return f;
    }
  }

  private RawFrame requireFrame(TesterPeer.Received r, String expected) {
    if (r.kind() != TesterPeer.Received.Kind.FRAME) {
      throw world.failure(expected + "; got " + r.kind() + " (" + r.detail() + ")");
    }
    return r.requireFrame();
  }

  private void awaitClosed(String when) throws InterruptedException {
    long deadline = System.nanoTime() + CLOSE.toNanos();
    while (true) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      TesterPeer.Received r = peer().next(Duration.ofMillis(left));
      switch (r.kind()) {
        case CLOSED -> {
          return;
        }
        case TIMEOUT ->
            throw world.failure(
                "the connection to end "
                    + when
                    + " within "
                    + CLOSE.toSeconds()
                    + " s; it stayed open");
        case FRAME ->
            throw world.failure("nothing more " + when + "; got " + r.requireFrame().describe());
        case UNREADABLE -> throw world.failure("nothing more " + when + "; got " + r.detail());
      }
    }
  }

  private ErrorBody checkError(RawFrame f, String code, boolean closing) {
    if (!f.is(FrameType.ERROR)) {
      throw world.failure("an ERROR frame with code " + code + "; got " + f.describe());
    }
    byte[] body = f.body();
    Optional<ErrorBody> e = ErrorBody.decode(body);
    if (e.isEmpty()) {
      throw world.failure("an ERROR body as spec/rtt.md §4.3 defines it; got " + f.describe());
    }
    if (!IdentityChecks.isCanonical(body)) {
      throw world.failure("the ERROR body in its RFC 8785 form; got " + f.describe());
    }
    if (!e.get().code().equals(code)) {
      throw world.failure(
          "error code " + code + "; got " + e.get().code() + " (" + e.get().text() + ")");
    }
    boolean isClosing = (f.flags() & 0x01) != 0;
    if (isClosing != closing || (f.flags() & ~0x01) != 0) {
      throw world.failure(
          (closing ? "a closing ERROR (flags 0x01)" : "a non-closing ERROR (flags 0x00)")
              + "; got "
              + f.describe());
    }
    return e.get();
  }

  private Optional<byte[]> readHandshakeMessage() throws IOException {
    return peer().readHandshakeMessage(RttLimits.HANDSHAKE_TIMEOUT);
  }

  private int peerMaxChannels() throws JsonViolation {
    byte[] payload = peer().peerPayload().orElseThrow();
    return StrictJsonParser.withEnvelopeLimits()
        .parse(payload)
        .path("limits")
        .path("max_channels")
        .asInt();
  }

  private static long nextSeqOf(TesterPeer p) {
    return p.nextSequence();
  }

  private static int channelId(String channel) {
    int standard = ChannelNames.STANDARD.indexOf(channel);
    return standard >= 0 ? standard : Integer.parseInt(channel);
  }

  private static byte[] uint32(long v) {
    return ByteBuffer.allocate(4).putInt((int) v).array();
  }
}
