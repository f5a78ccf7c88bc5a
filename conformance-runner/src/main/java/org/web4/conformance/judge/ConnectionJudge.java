package org.web4.conformance.judge;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.rtt.RawFrame;
import org.web4.conformance.rtt.WireObserver;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.frame.FrameType;

/**
 * The wire judge of one tester connection: fed by the connection's single receive loop, it judges
 * every frame the implementation sends (RTT-FR-001, RTT-FR-002, RTT-ERR-002, RTT-HS-007) and every
 * complete message on a standard channel as an envelope ({@link EnvelopeJudge}), and records each
 * verdict in the run's {@link JudgeLedger} under the check that opened the connection.
 *
 * <p>Only what the implementation completed is judged: a message whose last fragment never came
 * (the connection ended, for instance because the tester misbehaved on purpose) is not.
 */
final class ConnectionJudge implements WireObserver {
  private final Connection connection;
  private final JudgeLedger ledger;
  private final EnvelopeJudge envelopes;
  private final IutClock clock;
  private final boolean enforceConfirmation;
  private final String checkId;
  private final Instant opened;

  private @Nullable String boundPubkey;
  private boolean established;
  private long expectedSequence;
  private boolean firstFrameJudged;

  /** The tester's message 3 carried a resume request (docs/drafts/rtt-resume.md §4.1). */
  private boolean resumeRequested;

  /**
   * The implementation's message 3 carried a resume request: it dialled the tester and resumes
   * (harness 1.4 {@code rtt/dial} with resume, spec/harness.md §4.17).
   */
  private boolean implementationResumes;

  /** How many frames the implementation sent on this connection before the current one. */
  private long framesBefore;

  ConnectionJudge(
      Connection connection,
      JudgeLedger ledger,
      EnvelopeJudge envelopes,
      IutClock clock,
      boolean enforceConfirmation) {
    this.connection = connection;
    this.ledger = ledger;
    this.envelopes = envelopes;
    this.clock = clock;
    this.enforceConfirmation = enforceConfirmation;
    this.checkId = ledger.currentCheck();
    this.opened = clock.testerNow();
  }

  @Override
  public synchronized void handshakeCompleted(byte[] peerPayload) {
    established = true;
    try {
      JsonNode payload = StrictJsonParser.withEnvelopeLimits().parse(peerPayload);
      boundPubkey = payload.path("pubkey").asText(null);
      implementationResumes = payload.path("resume").isObject();
    } catch (JsonViolation e) {
      boundPubkey = null; // no identity bound: RTT-HS-003 cannot be judged on this connection
    }
  }

  @Override
  public synchronized void handshakeSent(int number, byte[] message, byte[] payload) {
    if (number != 3) {
      return;
    }
    try {
      resumeRequested =
          StrictJsonParser.withEnvelopeLimits().parse(payload).path("resume").isObject();
    } catch (JsonViolation e) {
      resumeRequested = false;
    }
  }

  /**
   * The RESUME frame (type 0x0B) of docs/drafts/rtt-resume.md §4.2: a frame of Table 4 only as
   * frame 1 of a connection on which the tester sent {@code resume}; the resume scenarios judge its
   * body (RTT-RES-006).
   */
  private boolean isAskedForResume(RawFrame frame) {
    // its position counts, not its sequence number (RTT-FR-002 judges that on its own)
    return resumeRequested && framesBefore == 1 && frame.type() == RESUME_TYPE;
  }

  /** The RESUME frame's type code (docs/drafts/rtt-resume.md §4.2). */
  private static final int RESUME_TYPE = 0x0B;

  @Override
  public synchronized void frameReceived(RawFrame frame) {
    if (!established) {
      return;
    }
    Evidence evidence = Evidence.frame(frame);
    judgeFirstFrame(frame, evidence);
    // [RTT-FR-002] "The sequence number of the first frame in each direction MUST be 0 and
    // increase by one with every frame"; after a gap the judge follows the sender, so one gap is
    // one violation
    judge(
        JudgedRequirement.RTT_FR_002,
        frame.sequence() == expectedSequence
            ? Optional.empty()
            : Optional.of("sequence " + frame.sequence() + "; expected " + expectedSequence),
        evidence);
    expectedSequence = frame.sequence() + 1;
    judge(
        JudgedRequirement.RTT_FR_001,
        isAskedForResume(frame) ? Optional.empty() : FrameRules.problem(frame),
        evidence);
    framesBefore++;
    if (frame.is(FrameType.ERROR)) {
      List<String> problems = ErrorBodyRules.problems(frame.body());
      judge(
          JudgedRequirement.RTT_ERR_002,
          problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems)),
          evidence);
    }
  }

  /**
   * spec 0.4.0 [RTT-HS-007]: "A responder that accepts the initiator's payload MUST send, as
   * transport frame 0 (sequence number 0) and before any other frame, a PING on channel 0 with
   * flags 0 and a body of 8 bytes of its choice". Judged when the implementation is the responder;
   * a first frame that is its HANDSHAKE refusal (RTT-HS-005) means it did not accept, and is not
   * judged here.
   */
  private void judgeFirstFrame(RawFrame frame, Evidence evidence) {
    if (firstFrameJudged || connection.testerRole() != Role.INITIATOR) {
      return;
    }
    firstFrameJudged = true;
    if (!enforceConfirmation || isHandshakeRefusal(frame)) {
      return;
    }
    boolean ping =
        frame.is(FrameType.PING)
            && frame.sequence() == 0
            && frame.channel() == 0
            && frame.flags() == 0
            && frame.body().length == 8;
    judge(
        JudgedRequirement.RTT_HS_007,
        ping
            ? Optional.empty()
            : Optional.of(
                "the first frame after the handshake is not a PING with sequence number 0 on"
                    + " channel 0 (flags 0, 8-byte body)"),
        evidence);
  }

  private static boolean isHandshakeRefusal(RawFrame frame) {
    if (!frame.is(FrameType.ERROR)) {
      return false;
    }
    try {
      return StrictJsonParser.withEnvelopeLimits()
          .parse(frame.body())
          .path("code")
          .asText()
          .equals("HANDSHAKE");
    } catch (JsonViolation e) {
      return false;
    }
  }

  @Override
  public synchronized void unreadableReceived(byte @Nullable [] plaintext, String detail) {
    if (established) {
      firstFrameJudged = true;
      // it took a place in the sender's count: one defect is one violation (RTT-FR-001), the
      // next frame's sequence number is not held against it too
      expectedSequence++;
      judge(
          JudgedRequirement.RTT_FR_001,
          Optional.of(detail + " (§4.1: every transport message carries exactly one frame)"),
          Evidence.transportMessage(plaintext));
    }
  }

  @Override
  public synchronized void messageReceived(int channel, byte[] message, long lastSequence) {
    if (!ChannelNames.isStandard(channel)) {
      return; // rtt.md Table 5: named channels carry no envelopes
    }
    Evidence evidence = Evidence.message(channel, lastSequence, message);
    List<Instant> readings = clock.readingsSince(opened);
    envelopes.judge(
        channel,
        message,
        boundPubkey,
        readings,
        checkId + ", " + connection.label(),
        // [RTT-RES-008] a resume's retransmission is the same envelope, whichever side resumes
        resumeRequested || implementationResumes,
        new EnvelopeJudge.Sink() {
          @Override
          public void passed(JudgedRequirement requirement) {
            ledger.passed(requirement);
          }

          @Override
          public void violated(JudgedRequirement requirement, String problem) {
            ledger.violated(
                new Violation(requirement, checkId, connection.label(), problem, evidence));
          }
        });
  }

  private void judge(JudgedRequirement r, Optional<String> problem, Evidence evidence) {
    if (problem.isEmpty()) {
      ledger.passed(r);
    } else {
      ledger.violated(new Violation(r, checkId, connection.label(), problem.get(), evidence));
    }
  }
}
