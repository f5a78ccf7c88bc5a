package org.web4.conformance.judge;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.rtt.WireObserver;

/**
 * The wire judge of a run: every tester connection opened while it is bound (see {@link
 * org.web4.conformance.rtt.TesterContext#observe}) gets a {@link ConnectionJudge}, and every
 * verdict lands in one {@link JudgeLedger}. It follows the implementation's resets and clock moves
 * through the harness (msg_ids since the last reset, the clock envelopes are judged at).
 *
 * <p>What it judges, and under which requirement ID: see {@link JudgedRequirement} and
 * conformance-runner/README.md.
 */
public final class WireJudge implements WireObserver.Factory, HarnessClient.StateListener {
  /**
   * Whether RTT-HS-007 (spec 0.4.0: an accepting responder's first frame is a PING) is enforced:
   * on. When a run must not enforce it yet (an implementation or reference before 0.4.0), its case
   * is reported skipped with {@link #CONFIRMATION_PENDING} as the reason.
   */
  public static final boolean ENFORCE_HANDSHAKE_CONFIRMATION = true;

  /** The reason RTT-HS-007 is skipped when it is not enforced. */
  public static final String CONFIRMATION_PENDING = "spec 0.4.0 RTT-HS-007 pending";

  private final JudgeLedger ledger = new JudgeLedger();
  private final MsgIds msgIds = new MsgIds();
  private final EnvelopeJudge envelopes = new EnvelopeJudge(msgIds);
  private final IutClock clock;
  private final boolean enforceConfirmation;

  /**
   * @param testerClock the clock the tester runs on (the implementation's, before any clock move)
   * @param enforceConfirmation whether RTT-HS-007 is judged
   */
  public WireJudge(Clock testerClock, boolean enforceConfirmation) {
    this.clock = new IutClock(testerClock);
    this.enforceConfirmation = enforceConfirmation;
  }

  /** A judge on the tester clock that enforces everything. */
  public WireJudge(Clock testerClock) {
    this(testerClock, ENFORCE_HANDSHAKE_CONFIRMATION);
  }

  public boolean enforcesHandshakeConfirmation() {
    return enforceConfirmation;
  }

  @Override
  public WireObserver open(WireObserver.Connection connection) {
    return new ConnectionJudge(connection, ledger, envelopes, clock, enforceConfirmation);
  }

  /** The check that runs from now on; connections it opens are attributed to it. */
  public void checkStarted(String checkId) {
    ledger.checkStarted(checkId);
  }

  public void checkFinished() {
    ledger.checkFinished();
  }

  /** The implementation was reset: msg_ids start afresh, its clock is real time again. */
  @Override
  public void reset() {
    msgIds.reset();
    clock.reset();
  }

  @Override
  public void clockAdvanced(Instant now) {
    clock.clockAdvanced(now);
  }

  @Override
  public void clockHeld(Instant now) {
    clock.clockHeld(now);
  }

  /** Every judged requirement's verdict so far. */
  public List<JudgeLedger.Verdict> verdicts() {
    return ledger.verdicts();
  }

  public JudgeLedger.Verdict verdict(JudgedRequirement requirement) {
    return ledger.verdict(requirement);
  }
}
