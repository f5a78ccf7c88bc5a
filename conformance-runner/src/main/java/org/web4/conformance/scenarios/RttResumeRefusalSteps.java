package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.io.IOException;
import java.util.List;
import org.web4.conformance.harness.HarnessException;
import org.web4.conformance.rtt.IdentityPayloads;
import org.web4.conformance.rtt.TesterPeer;
import org.web4.conformance.rtt.TesterSession;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.RttLimits;
import org.web4.rtt.noise.NoiseException;

/**
 * Steps for what a 1.1 responder refuses, and when a session is over (docs/drafts/rtt-resume.md
 * §4.1 check 13, §4.2 row R5, §7; its §8 scenarios S-BADREQ, S-COUNTS, S-ENDED; ADR 1416): the
 * tester, the session dialer, sends requests that break check 13 or the session's arithmetic, a
 * RESUME frame only a responder may send, and resumes sessions that GOAWAY or a closing ERROR
 * ended. The session and the RESUME answer are {@link RttResumeSteps}'s (the Background and the
 * answer steps are there).
 */
public final class RttResumeRefusalSteps {
  /** The RESUME frame's type (docs/drafts/rtt-resume.md §4.2). */
  private static final int RESUME = 0x0B;

  private final World world;
  private final RttState rtt;
  private final RttResumeSteps resume;
  private final RttInitiatorSteps initiator;

  /** The session the implementation dialled, the tester its responder (RTT-RES-004). */
  private final TesterSession dialledByImplementation = new TesterSession();

  public RttResumeRefusalSteps(
      World world, RttState rtt, RttResumeSteps resume, RttInitiatorSteps initiator) {
    this.world = world;
    this.rtt = rtt;
    this.resume = resume;
    this.initiator = initiator;
  }

  /**
   * [RTT-RES-004] the responder's payload in message 2 never carries {@code resume} (only the
   * session dialer resumes, and it sends the request in message 3).
   */
  private TesterPeer connectForResume() throws IOException, NoiseException {
    TesterPeer p = resume.connectAndReadMessage2();
    checkNoResumeMember(p);
    return p;
  }

  private void checkNoResumeMember(TesterPeer p) {
    try {
      JsonNode payload = StrictJsonParser.withEnvelopeLimits().parse(p.peerPayload().orElseThrow());
      if (payload.has("resume")) {
        throw world.failure(
            "RTT-RES-004: no resume member in the responder's identity payload (only the session"
                + " dialer resumes); got "
                + payload.get("resume"));
      }
    } catch (JsonViolation e) {
      throw world.failure("an identity payload in JSON; " + e.getMessage());
    }
  }

  // ------------------------------------------------------------------------------ check 13

  /** [RTT-RES-005] a request failing check 13: the Then step expects the HANDSHAKE refusal. */
  @When("the tester resumes the session with a request that has {string}")
  public void resumeWithBrokenRequest(String fault) throws IOException, NoiseException {
    TesterPeer p = connectForResume();
    ObjectNode request =
        TesterSession.breakCheck13(
            resume.session().request(p.handshakeHashNow(), 0, false, null), fault);
    p.sendMessage3(IdentityPayloads.resumable(p.identity(), p.noiseStaticPublic(), request));
  }

  /** [RTT-RES-005] draft §14 item 3: {@code resume} from an initiator that did not list 1.1. */
  @When("the tester resumes the session in a payload whose rtt lists only \"1.0\"")
  public void resumeWithout11() throws IOException, NoiseException {
    TesterPeer p = connectForResume();
    ObjectNode request = resume.session().request(p.handshakeHashNow(), 0, false, null);
    p.sendMessage3(IdentityPayloads.resumeWithout11(p.identity(), p.noiseStaticPublic(), request));
  }

  @When("the implementation's resume is turned off")
  public void resumeOff() throws HarnessException {
    world.record(world.harness().rttResume(false));
  }

  /**
   * [RTT-RES-005] a request to a responder whose payload lists only {@code "1.0"}: check 3 of 1.0
   * refuses the member (draft §4.1, last paragraph).
   */
  @When("the tester sends a resume request to the implementation announcing only \"1.0\"")
  public void resumeTo10() throws IOException, NoiseException {
    TesterPeer p = resume.dialToMessage2();
    List<String> versions = resume.rttVersions(p);
    if (!versions.equals(List.of(RttLimits.VERSION))) {
      throw world.failure(
          "an identity payload whose rtt lists only \"1.0\" after rtt/resume false; got "
              + versions);
    }
    ObjectNode request = resume.session().request(p.handshakeHashNow(), 0, false, null);
    p.sendMessage3(IdentityPayloads.resumable(p.identity(), p.noiseStaticPublic(), request));
  }

  /**
   * [RTT-RES-005] a RESUME {@code resumed} with the tester's counts, which only a responder that
   * received {@code resume} sends: the implementation, a responder, never asked for it.
   */
  @When("the tester sends a RESUME frame {string} with its counts")
  public void unaskedResume(String result) throws IOException {
    if (!"resumed".equals(result)) {
      throw new IllegalArgumentException("only a RESUME \"resumed\" is written");
    }
    rtt.lastSentSeq =
        rtt.peer()
            .sendFrame(
                RESUME, 0, 0, RttState.nextSeqOf(rtt.peer()), resume.session().resumedBody());
  }

  // ------------------------------------------------------------------------------ counts (R5)

  /**
   * [RTT-RES-010] R5: a request claiming {@code extra} more messages delivered on a channel than
   * the implementation sent in the session (the tester's own count is exact: it received them all).
   */
  @When(
      "the tester resumes the session claiming {int} more message(s) delivered on channel {string} than the implementation sent")
  public void resumeInflated(int extra, String channel) throws Exception {
    int id = TesterSession.STANDARD.indexOf(channel);
    if (id < 0) {
      throw new IllegalArgumentException("a standard channel: " + TesterSession.STANDARD);
    }
    TesterPeer p = connectForResume();
    ObjectNode request =
        TesterSession.inflate(
            resume.session().request(p.handshakeHashNow(), 0, false, null), id, extra);
    resume.sendRequestAndReadResume(p, request, true);
  }

  // ------------------------------------------------------------------------------ RTT-RES-004

  /**
   * The tester, listening, answers the implementation's dial (rtt/dial) as an RTT 1.1 responder:
   * the implementation is the session dialer of a new session, whose keys the tester derives too.
   */
  @When("the tester answers the handshake as an RTT 1.1 responder")
  public void answerAs11Responder() throws Exception {
    TesterPeer p =
        world.closeAtEnd(initiator.requireListener().accept(RttLimits.HANDSHAKE_TIMEOUT));
    rtt.use(p);
    if (!p.respond(IdentityPayloads.resumable(p.identity(), p.noiseStaticPublic(), null))) {
      throw world.failure("handshake message 3 from the implementation; it closed the connection");
    }
    List<String> versions = resume.rttVersions(p);
    if (!versions.contains("1.1")) {
      throw world.failure(
          "RTT-RES-001: the implementation's message 3 lists \"1.1\" in rtt; got " + versions);
    }
    checkNoResumeMember(p); // a new session: nothing to resume
    dialledByImplementation.adopt(p.sessionSecrets());
    var ex = initiator.dialOutcome();
    if (!"connected".equals(ex.reply().path("result").asText())) {
      throw world.failure("rtt/dial to report the connection to the tester; got " + ex.reply());
    }
  }

  /**
   * [RTT-RES-004] the tester, the responder of the session the implementation dialled, dials and
   * presents that session with a binder under its key: only the session dialer resumes, so the
   * implementation keeps no such session for a request (R1).
   */
  @When("the tester resumes the session the implementation dialled")
  public void resumeTheImplementationsSession() throws Exception {
    countDeliveries(rtt.peer());
    TesterPeer p = connectForResume();
    ObjectNode request = dialledByImplementation.request(p.handshakeHashNow(), 0, false, null);
    resume.sendRequestAndReadResume(p, request, true);
  }

  /**
   * The tester's {@code delivered(c)} on the connection it cut: every message the receive loop read
   * whole before the cut (the wire judge saw exactly these), so that an implementation resuming the
   * session after all would send again only what the tester never read, not a duplicate.
   */
  private void countDeliveries(TesterPeer cut) throws InterruptedException {
    while (true) {
      // the frames read before the cut are all there once the receive loop ended: no waiting
      TesterPeer.Received r = cut.nextBeforeClose(RttState.ANSWER);
      if (r.kind() != TesterPeer.Received.Kind.FRAME) {
        return; // the end of the connection (or nothing more)
      }
      int channel = r.requireFrame().channel();
      if (r.message() != null && channel < TesterSession.STANDARD.size()) {
        dialledByImplementation.delivered(channel);
      }
    }
  }

  /** [RTT-RES-004] after any resume in this scenario: the last message 2 had no {@code resume}. */
  @Then("the implementation's identity payload carries no resume member")
  public void noResumeMember() {
    checkNoResumeMember(rtt.peer());
  }
}
