package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.harness.HarnessException;
import org.web4.conformance.rtt.IdentityPayloads;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.conformance.rtt.TesterResponderSession;
import org.web4.conformance.rtt.TesterSession;
import org.web4.rtt.frame.ErrorBody;
import org.web4.rtt.frame.FrameType;

/**
 * Steps for RTT 1.1 session resume with the implementation as the session <em>dialer</em>
 * (docs/drafts/rtt-resume.md §4.1, §4.4, §6; spec/harness.md §4.17, harness 1.4; ADR 1417). The
 * tester listens as an RTT 1.1 responder; the implementation dials it with {@code rtt/dial} {@code
 * "resume":true}, keeps the session and, after the tester cuts the TCP connection, resumes it on
 * its own. The reconnect's backoff runs on the implementation's held clock: the tester advances it
 * 5 s at a time and listens after each step (a bounded poll, never a timed assertion). The traffic
 * steps (named channels both ways, the exactly-once checks) are {@link RttResumeIutSendsSteps}'s
 * and {@link RttResumeInboxSteps}'s, over the same {@link NamedChannelSession}.
 */
public final class RttResumeIutDialsSteps {
  /** The RESUME frame's type (docs/drafts/rtt-resume.md §4.2). */
  private static final int RESUME = 0x0B;

  /**
   * The clock step between two looks for the implementation's attempt (HAR-RES-005): past the first
   * three backoff bounds (0.25, 0.5, 1 s) at once, so that a correct implementation needs one step,
   * and an implementation that never comes back costs 20 steps.
   */
  private static final long STEP_SECONDS = 5;

  /** At most this much clock is advanced waiting for an attempt: less than the 120 s retention. */
  private static final long MAX_ADVANCE_SECONDS = 100;

  /** How long (real time) the tester listens after each clock step. */
  private static final Duration LISTEN = Duration.ofSeconds(1);

  /** How long a closed connection may stay listed (spec/harness.md §4.8: the kit waits 5 s). */
  private static final Duration UNLISTED_WITHIN = Duration.ofSeconds(5);

  private final World world;
  private final RttState rtt;
  private final NamedChannelSession state;
  private final RttInitiatorSteps initiator;
  private final RttResumeInboxSteps inbox;

  public RttResumeIutDialsSteps(
      World world,
      RttState rtt,
      NamedChannelSession state,
      RttInitiatorSteps initiator,
      RttResumeInboxSteps inbox) {
    this.world = world;
    this.rtt = rtt;
    this.state = state;
    this.initiator = initiator;
    this.inbox = inbox;
  }

  // ------------------------------------------------------------------------------ the first dial

  /**
   * [HAR-RES-005] {@code rtt/dial} with {@code "resume":true} to the tester, which answers as an
   * RTT 1.1 responder: the implementation is the dialer of a new session whose keys the tester
   * derives too (RTT-RES-002).
   */
  @Given(
      "the implementation has dialled the tester as an RTT 1.1 session dialer, keeping the session")
  public void dialKeeping() throws Exception {
    HarnessClient harness = world.harness();
    var address = initiator.requireListener().address();
    String fp =
        TesterPeer.identityOf(TesterPeer.DEFAULT_NAME, world.seed()).publicKey().fingerprint();
    world.resetAtEnd(); // HAR-RES-005: reset stops the reconnect
    CompletableFuture<Exchange> dial =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return harness.rttDialResume(address.getHostString(), address.getPort(), fp);
              } catch (HarnessException e) {
                throw new CompletionException(e);
              }
            });
    TesterPeer p = world.closeAtEnd(initiator.requireListener().accept(Duration.ofSeconds(30)));
    rtt.use(p);
    if (!p.respond(IdentityPayloads.resumable(p.identity(), p.noiseStaticPublic(), null))) {
      throw world.failure("handshake message 3 from the implementation; it closed the connection");
    }
    List<String> problems = new ArrayList<>();
    if (TesterResponderSession.request(p.peerPayload().orElseThrow(), problems).isPresent()) {
      throw world.failure("RTT-RES-004: no resume member in a new session's message 3");
    }
    state.session.adopt(p.sessionSecrets());
    state.lastFin = -1;
    awaitPong(p);
    Exchange ex;
    try {
      ex = dial.get(HarnessClient.DIAL_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw world.failure("HAR-RES-005: rtt/dial with resume answered; got " + e);
    }
    world.record(ex);
    if (!"connected".equals(ex.reply().path("result").asText())) {
      throw world.failure("HAR-RES-005: rtt/dial with resume connected; got " + ex.reply());
    }
  }

  /**
   * The PONG to the tester's frame 0 (RTT-HB-002); the implementation's own envelopes before it
   * (its CIP HELLO as the dialer) are taken as delivered, so that the RESUME counts them.
   */
  private void awaitPong(TesterPeer p) throws InterruptedException {
    while (true) {
      TesterPeer.Received r = p.next(RttState.ANSWER);
      RawFrame f = rtt.requireFrame(r, "PONG to the tester's confirming PING");
      if (f.is(FrameType.PONG) && Arrays.equals(f.body(), p.confirmationPing())) {
        return;
      }
      if (f.is(FrameType.DATA)
          && f.channel() < TesterSession.STANDARD.size()
          && r.message() != null) {
        state.session.delivered(f.channel());
      }
    }
  }

  /** The responder opens a named channel: its ids are odd (RTT-CH-003), from 3. */
  @When("the tester, as the session's responder, opens the named channel {string}")
  public void openChannel(String channel) throws Exception {
    inbox.opens(
        3 + 2 * (int) state.named.keySet().stream().filter(i -> i % 2 == 1).count(), channel);
  }

  // ------------------------------------------------------------------------------ the resume

  @When("the implementation resumes the session on its own")
  public void resumes() throws Exception {
    TesterPeer p = awaitResumeRequest();
    TesterResponderSession.Request r = checkedRequest(p);
    answerResumed(p, r, Map.of());
    awaitAckOfResume(p);
    state.session.adopt(p.sessionSecrets()); // draft §4.4: the new id names the session now
    state.resumeCounts.clear();
    r.channels().forEach(c -> state.resumeCounts.put(c.id(), c.delivered()));
  }

  /**
   * A cut during the resumed connection's handshake, after the implementation's message 3 (draft
   * S-CUT-HS from the dialer's side): its attempt failed, so it tries again, naming the same id.
   */
  @When(
      "the implementation starts to resume the session on its own and the tester cuts the"
          + " connection after its message 3")
  public void resumeCutAfterMessage3() throws Exception {
    TesterPeer p = awaitResumeRequest();
    checkedRequest(p);
    p.cut();
  }

  /** [RTT-RES-010] the dialer's half: a RESUME whose count exceeds what the dialer sent. */
  @When(
      "the implementation resumes the session on its own and the tester answers RESUME"
          + " \"resumed\" claiming {int} more message(s) delivered on the named channel {string}"
          + " than the implementation sent")
  public void resumeInflated(int extra, String channel) throws Exception {
    TesterPeer p = awaitResumeRequest();
    TesterResponderSession.Request r = checkedRequest(p);
    answerResumed(p, r, Map.of(state.idOf(channel), (long) extra));
  }

  /**
   * [RTT-RES-010] the dialer refuses the RESUME with a closing ERROR (naming frame 1 if any), and
   * sends no DATA of the session before it (nothing retransmitted from an impossible count).
   */
  @Then(
      "the implementation refuses the RESUME with a closing {string} error before sending any"
          + " DATA")
  public void refusesResume(String code) throws Exception {
    long frame = 1; // the RESUME, when the ERROR names a frame (ADR 1417 decision 5)
    long deadline = System.nanoTime() + RttState.CLOSE.toNanos();
    while (true) {
      long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
      RawFrame f =
          rtt.requireFrame(
              rtt.peer().next(Duration.ofMillis(left)),
              "RTT-RES-010: a closing " + code + " ERROR refusing the RESUME");
      if (f.is(FrameType.PONG) || f.is(FrameType.ACK) || f.is(FrameType.CREDIT)) {
        continue;
      }
      if (!f.is(FrameType.ERROR)) {
        throw world.failure(
            "RTT-RES-010: the RESUME's impossible count refused with "
                + code
                + " before anything else; got "
                + f.describe());
      }
      ErrorBody e = rtt.checkError(f, code, true);
      Long named = e.frame();
      if (named != null && named != frame) {
        throw world.failure(
            "RTT-RES-010: the ERROR names no frame or frame "
                + frame
                + " (the RESUME); got "
                + named);
      }
      return;
    }
  }

  // ------------------------------------------------------------------------------ helpers

  /**
   * A barrier, not a check: before its first clock step the tester waits until rtt/connections no
   * longer lists a connection with it (HAR-RTT-002; spec/harness.md §4.8 lets a closed connection
   * stay listed up to 5 s), so that the implementation has handled the cut before its clock moves
   * and its first attempt comes within the first step (docs/adr/1435). After 5 s it goes on.
   */
  private void awaitCutHandled() throws Exception {
    String tester = rtt.peer().identity().publicKey().fingerprint();
    try {
      Poll.untilHolds(
          UNLISTED_WITHIN,
          () -> !listsConnectionWith(tester),
          () -> new AssertionError("still listed"));
    } catch (AssertionError stillListed) {
      // the steps that follow judge the implementation; this only orders the clock after the cut
    }
  }

  private boolean listsConnectionWith(String fingerprint) throws Exception {
    Exchange ex = world.harness().rttConnections();
    world.record(ex);
    for (JsonNode c : ex.reply().path("connections")) {
      if (fingerprint.equals(c.path("peer_fingerprint").asText())) {
        return true;
      }
    }
    return false;
  }

  /**
   * [HAR-RES-005] The implementation's next attempt, on its held clock: the tester advances the
   * clock one step and listens a moment, step after step, until a connection arrives or the clock
   * moved {@value #MAX_ADVANCE_SECONDS} s (less than the retention time). Then it answers the
   * handshake as responder, up to message 3.
   */
  private TesterPeer awaitResumeRequest() throws Exception {
    state.pending.clear();
    awaitCutHandled();
    for (long moved = 0; moved < MAX_ADVANCE_SECONDS; moved += STEP_SECONDS) {
      world.record(world.harness().advanceClock(STEP_SECONDS));
      TesterPeer p;
      try {
        p = initiator.requireListener().accept(LISTEN);
      } catch (IOException notYet) {
        continue; // not within this step: the next one moves the clock further
      }
      world.closeAtEnd(p);
      rtt.use(p);
      world
          .transcript()
          .note(
              "the implementation reconnected after " + (moved + STEP_SECONDS) + " s of its clock");
      if (!p.respond(
          IdentityPayloads.resumable(p.identity(), p.noiseStaticPublic(), null),
          TesterPeer.Confirmation.NOTHING)) {
        throw world.failure("handshake message 3 of the implementation's resume");
      }
      return p;
    }
    throw world.failure(
        "HAR-RES-005: the implementation resumes on its own within its backoff; no connection"
            + " after its clock was advanced "
            + MAX_ADVANCE_SECONDS
            + " s");
  }

  /** [RTT-RES-002, RTT-RES-004, RTT-RES-009] the request in message 3 is as the draft says. */
  private TesterResponderSession.Request checkedRequest(TesterPeer p) {
    List<String> problems = new ArrayList<>();
    var request = TesterResponderSession.request(p.peerPayload().orElseThrow(), problems);
    if (request.isEmpty()) {
      throw world.failure(
          "RTT-RES-004: the session dialer's message 3 carries resume; it has none " + problems);
    }
    TreeMap<Integer, String> open = new TreeMap<>();
    for (int id = 0; id < TesterSession.STANDARD.size(); id++) {
      open.put(id, TesterSession.STANDARD.get(id));
    }
    open.putAll(state.named);
    problems.addAll(
        TesterResponderSession.problems(
            request.get(),
            state.session.secrets(0),
            p.handshakeHashAfterMessage2(),
            open,
            state.session));
    if (!problems.isEmpty()) {
      throw world.failure("a resume request as docs/drafts/rtt-resume.md §4.1 says; " + problems);
    }
    return request.get();
  }

  /**
   * The PING of frame 0, then a barrier: its PONG [RTT-RES-004: nothing but PONG and ACK before the
   * RESUME]; then RESUME {@code resumed} as frame 1 with the tester's counts.
   */
  private void answerResumed(
      TesterPeer p, TesterResponderSession.Request r, Map<Integer, Long> inflate) throws Exception {
    p.sendFrame(FrameType.PING, 0, 0, p.confirmationPing());
    while (true) {
      RawFrame f = rtt.requireFrame(p.next(RttState.ANSWER), "PONG to the tester's frame 0");
      if (f.is(FrameType.PONG) && Arrays.equals(f.body(), p.confirmationPing())) {
        break;
      }
      if (f.is(FrameType.DATA)
          || f.is(FrameType.OPEN)
          || f.is(FrameType.CLOSE)
          || f.is(FrameType.CREDIT)) {
        throw world.failure(
            "RTT-RES-004: no DATA, OPEN, CLOSE or CREDIT before the responder's RESUME; got "
                + f.describe());
      }
    }
    byte[] body = TesterResponderSession.resumedBody(r, state.session, inflate);
    world.transcript().note("RESUME " + new String(body, StandardCharsets.UTF_8));
    p.sendFrame(RESUME, 0, 0, p.nextSequence(), body);
    state.lastFin = -1;
  }

  /** [RTT-RES-011] the dialer's ACK covering frame 1, before anything but a PONG. */
  private void awaitAckOfResume(TesterPeer p) throws InterruptedException {
    while (true) {
      RawFrame f =
          rtt.requireFrame(p.next(RttState.ANSWER), "RTT-RES-011: an ACK of the RESUME (count 2)");
      if (f.is(FrameType.PONG)) {
        continue;
      }
      if (!f.is(FrameType.ACK) || f.bodyUint32() < 2) {
        throw world.failure(
            "RTT-RES-011: the dialer acknowledges the RESUME at once (an ACK of 2 or more); got "
                + f.describe());
      }
      return;
    }
  }
}
