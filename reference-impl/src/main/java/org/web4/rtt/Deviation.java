package org.web4.rtt;

/**
 * Deliberate departures from spec/ that the reference can be told to make, so that the conformance
 * kit's own tests can show that it detects each one (a check that cannot fail is not a check). Only
 * code can turn them on — no command-line option does — and no deployment should.
 *
 * <p>Each constant is one small defect, named for what it breaks. docs/deviations.md lists, for
 * every constant, the requirement IDs the kit must fail and why; the build checks that list against
 * runs of the reference with each deviation. The prefix names the area: none for RTT, {@code CIP_},
 * {@code HCP_}, {@code LIP_}, {@code EVT_} (the events of spec/events.md), {@code MESH_}
 * (spec/mesh.md) and {@code SEND_} (what the implementation sends, judged by the kit's wire judge).
 */
public enum Deviation {
  /** Accept an identity payload whose binding does not verify (violates RTT-HS-004/005). */
  SKIP_BINDING_CHECK,
  /** Accept DATA beyond the window (violates RTT-FLOW-001). */
  IGNORE_WINDOW,
  /** Accept envelopes on any standard channel (violates RTT-CH-002). */
  ANY_CHANNEL,
  /** Accept frames whatever their sequence number (violates RTT-FR-002). */
  NO_SEQUENCE_CHECK,
  /**
   * Neither the deadline for an unfinished message nor the bound on the unfinished bytes of all
   * connections (violates RTT-LIM-004, RTT-LIM-005).
   */
  NO_BUFFER_LIMITS,
  /**
   * The 64 handshakes in progress are counted for all sources together: a connection from a source
   * holding fewer than another is closed at accept instead of displacing that source's oldest
   * handshake (violates RTT-LIM-006).
   */
  GLOBAL_HANDSHAKE_LIMIT,
  /**
   * At most 16 handshakes in progress instead of 64, as the reference's first transport had in
   * effect when handshakes waiting for a core still held their place: a burst of legitimate peers
   * is refused at accept (violates RTT-LIM-002, and RTT-LIM-006 whose scenario holds 64).
   */
  SMALL_HANDSHAKE_POOL,
  /**
   * RTT 1.1 resume: a session id retired by a committed resume is remembered as discarded rather
   * than used, so a replayed request naming it is answered {@code fresh} {@code RESUME_EXPIRED}
   * instead of {@code REPLAY} (row R2 of docs/drafts/rtt-resume.md §4.2; violates RTT-RES-011).
   */
  RESUME_FORGETS_USED_ID,
  /**
   * RTT 1.1 resume: a {@code resume} member that fails check 13 is ignored (the connection goes on
   * as a new session, no RESUME) instead of refused with {@code HANDSHAKE}
   * (docs/drafts/rtt-resume.md §4.1; violates RTT-RES-005).
   */
  RESUME_SKIPS_CHECK_13,
  /**
   * RTT 1.1 resume: row R5 is not applied, so a request claiming more messages delivered than this
   * side sent is answered {@code resumed} (violates RTT-RES-010).
   */
  RESUME_TRUSTS_COUNTS,
  /**
   * RTT 1.1 resume: GOAWAY and a closing ERROR suspend the session as an abrupt end does, so a
   * later resume is answered {@code resumed} instead of {@code RESUME_EXPIRED} (violates
   * RTT-RES-014).
   */
  RESUME_SURVIVES_GOAWAY,
  /**
   * RTT 1.1 resume: a request naming a session this side dialled is decided like one naming a
   * session it answered, so the session's responder may resume it (violates RTT-RES-004).
   */
  RESUME_BY_EITHER_SIDE,
  /**
   * RTT 1.1 resume: a suspended session that retains more than 1 MiB (instead of Table 7a's 16 MiB)
   * is given up at once, so a later resume of it is answered {@code fresh} {@code RESUME_EXPIRED}
   * (docs/drafts/rtt-resume.md §7; violates RTT-RES-015).
   */
  SMALL_RETAINED_LIMIT,
  /**
   * RTT 1.1 resume: the agent treats a resumed session's connection as a new connection — its CIP
   * session is not carried on (an envelope after the resume is refused until a new HELLO) and its
   * envelope replay memory is emptied (violates RTT-RES-012 and RTT-RES-016, spec/rtt.md §12).
   */
  CIP_FORGOTTEN_ON_RESUME,
  /**
   * RTT 1.1 resume, as the session dialer: a RESUME {@code resumed} whose counts exceed what this
   * side sent is honoured (the retransmission starts from the inflated count) instead of refused
   * with {@code FRAME} (violates RTT-RES-010's dialer half, ADR 1417).
   */
  RESUMED_COUNTS_TRUSTED,
  /**
   * RTT 1.1 resume: the send-queue policy is not applied to a session's retained messages — a send
   * while the session is suspended is retained whatever the policy and the queue, and a message
   * {@code drop_oldest} discarded on a connection stays retained, so a resume sends it (violates
   * RTT-RES-017, docs/adr/1425).
   */
  RETAINED_IGNORES_SEND_POLICY,
  /**
   * RTT 1.1 resume: the last non-closing ERROR sent on a session's connection is kept and sent
   * again after a {@code resumed} RESUME on the new connection (violates RTT-RES-018,
   * docs/adr/1425).
   */
  REFUSAL_RESENT_AFTER_RESUME,
  /**
   * Harness: {@code rtt/dial} with {@code "resume":true} dials as without it, so nothing reconnects
   * after an abrupt end (violates HAR-RES-005, ADR 1417).
   */
  DIAL_RESUME_NOT_KEPT,
  /** Every PING is answered, however many arrive (violates RTT-LIM-007). */
  NO_PING_LIMIT,
  /**
   * Every frame other than DATA and CREDIT is taken, however many arrive in a period (violates
   * RTT-LIM-011; PINGs keep their own limit, RTT-LIM-007).
   */
  NO_CONTROL_FRAME_LIMIT,
  /**
   * A connection whose transport accepts none of the bytes waiting to be written is served for ever
   * (violates RTT-LIM-008).
   */
  NO_WRITE_DEADLINE,
  /**
   * A closing connection (closing ERROR, GOAWAY) ends at once when bytes still wait to be written,
   * in the middle of a transport message, however the peer reads (violates RTT-LIM-009).
   */
  CLOSE_CUTS_TRANSPORT_MESSAGE,
  /**
   * Every completed handshake is served, however many connections are established (violates
   * RTT-LIM-010).
   */
  NO_CONNECTION_CAP,
  /**
   * Harness {@code rtt/connections} and {@code rtt/dial} report every send queue empty, whatever
   * the peer's window holds back (violates HAR-RTT-003).
   */
  QUEUE_DEPTH_ZERO,
  /**
   * Harness: {@code clock/hold} answers the clock's reading but does not hold it, so the clock goes
   * on moving in real time (violates HAR-CLK-002).
   */
  CLOCK_HOLD_IGNORED,
  /**
   * The send-queue policy {@code drop_oldest} discards the new message instead of the oldest
   * untouched one, as {@code drop_newest} does (violates RTT-BP-003, and RTT-RES-017 on a resumable
   * connection: the session keeps the wrong messages).
   */
  DROP_OLDEST_DROPS_NEWEST,

  /**
   * CIP: a challenge response is not checked, neither the initiator's VERIFY nor the responder's
   * HELLO (violates CIP-HS-003, CIP-HS-004).
   */
  CIP_SKIP_CHALLENGE_CHECK,
  /** CIP: a proposer's FACT_CONFIRM of its own fact is counted (violates CIP-KNW-004). */
  CIP_COUNT_SELF_CONFIRMATION,
  /**
   * CIP: every FACT_CONFIRM of a pending fact is kept, and the fact is accepted once two of their
   * senders are trusted at a later confirmation, however they were held when they confirmed
   * (violates spec/cip.md §4.5 "When trust and load are read": CIP-KNW-001).
   */
  CIP_RECOUNT_AT_DECISION,
  /**
   * CIP: the msg_id of an envelope the CIP behaviour refuses on a session is forgotten, so the same
   * envelope sent again is judged anew instead of refused with REPLAY (violates ENV-RPL-001).
   */
  CIP_FORGET_REFUSED,
  /** CIP: intents are accepted while the agent is overloaded (violates CIP-INT-002). */
  CIP_IGNORE_OVERLOAD,
  /**
   * CIP: the dead-peer anomaly is taken as a bad signature, so a trusted peer that goes silent
   * becomes untrusted instead of probing (a cell of Table 4.4 on the wrong event; CIP-TRU-001).
   */
  CIP_ANOMALY_AS_BAD_SIGNATURE,

  /** HCP: no pacing, incoming or outgoing, whatever the level (violates spec/hcp.md §4.4). */
  HCP_NO_PACING,
  /** HCP: the principal's own consent is not consulted (violates HCP-CON-003, HCP-CON-005). */
  HCP_IGNORE_PRINCIPAL_CONSENT,
  /** HCP: the counterpart's {@code limited} consent counts as {@code granted} (HCP-CON-002). */
  HCP_LIMITED_AS_GRANTED,
  /** HCP: step G7 is skipped: no check-in is needed for an anxious human (HCP-CHK-001). */
  HCP_SKIP_CHECK_IN,
  /** HCP: step G8 (slow interval) is judged before G7 (check-in) (violates HCP-SES-006). */
  HCP_SLOW_BEFORE_CHECK_IN,
  /**
   * HCP: the cell restricted × restored of Table 4.7b gives {@code trusted}, not {@code probing}
   * (violates HCP-TRU-001).
   */
  HCP_RESTORED_TO_TRUSTED,
  /**
   * HCP: the minimum interval of a slow level is 9 s, not 10, incoming and outgoing (violates
   * HCP-PAC-002 and HCP-PAC-004 at their boundary, which only a held clock lets the kit check:
   * HAR-CLK-002).
   */
  HCP_INTERVAL_ONE_SECOND_SHORT,
  /**
   * HCP, RTT 1.1 resume: an HCP session belongs to its connection, not to the RTT session — it ends
   * when the connection does, so a resumed session's HCP session starts again (an action after the
   * resume is refused {@code CONSENT} until a new HCP_HELLO) and nothing sent while suspended
   * reaches it (violates RTT-RES-016, spec/rtt.md §12).
   */
  HCP_FORGOTTEN_ON_RESUME,

  /** LIP: blocked sources are fetched like unknown ones (violates LIP-FET-002/004/005). */
  LIP_FETCH_BLOCKED,
  /** LIP: one counted LIP_ACCEPT accepts an item, not two (violates LIP-QUE-004). */
  LIP_ONE_CORROBORATOR,
  /** LIP: no item is accepted on the tier of its source (row 9 of Table 4.7a; LIP-QUE-003). */
  LIP_IGNORE_TIERS,
  /** LIP: items never expire (row 6 of Table 4.7a; violates LIP-QUE-007). */
  LIP_IGNORE_EXPIRY,
  /**
   * LIP: an item expires one second early, at an age of 86,399 s (row 6 of Table 4.7a; violates
   * LIP-QUE-007 at its boundary, which only a held clock lets the kit check: HAR-CLK-002).
   */
  LIP_EXPIRY_ONE_SECOND_EARLY,

  /** Events: {@code cip.trust.changed} is never reported (violates EVT-CIP-001). */
  EVT_DROP_TRUST_CHANGED,
  /**
   * Events: each {@code cip.handshake.completed} is reported before the event numbered just before
   * it (violates EVT-SEQ-001: events are reported in the order of their numbers).
   */
  EVT_HANDSHAKE_OUT_OF_ORDER,

  /** Sent: the first INTENT_RESPONSE carries a signature that does not verify (ENV-GEN-001). */
  SEND_BAD_SIGNATURE,
  /**
   * Sent: the first INTENT_RESPONSE goes on {@code knowledge}, not {@code control} (RTT-CH-007).
   */
  SEND_WRONG_CHANNEL,
  /** Sent: the first INTENT_RESPONSE is stamped 10 minutes in the past (ENV-GEN-001). */
  SEND_STALE_TIMESTAMP,
  /** Sent: the first INTENT_RESPONSE reuses the msg_id CIP sent before it (ENV-MSG-002). */
  SEND_REUSED_MSG_ID,
  /** Sent: frame sequence number 1 is skipped on every connection (violates RTT-FR-002). */
  SEND_SKIPPED_SEQUENCE,

  /**
   * Mesh: a relay forwards a MESH_RELAY without appending itself to its route record (violates
   * MESH-RLY-005, MESH-RLY-008).
   */
  MESH_RELAY_KEEPS_ROUTE,
  /**
   * Mesh: a relayed FACT_CONFIRM, FACT_REJECT or FACT_CHALLENGE counts as the review of the
   * neighbour that relayed it, not of its origin (violates spec/mesh.md §4.4 (2): MESH-KNW-001,
   * MESH-DEL-002).
   */
  MESH_REVIEWER_IS_RELAY,
  /**
   * Mesh: the outcome of a relayed proposal is originated through the mesh even when the agent has
   * a CIP session with the proposer that did not announce the mesh (violates spec/cip.md §4.5
   * "Where the outcome goes": MESH-KNW-001).
   */
  MESH_OUTCOME_THROUGH_MESH,
  /**
   * Mesh: a vouched {@code probing} decays one second early, 3,599 s after the vouch (violates
   * MESH-TRU-002 at its boundary, which only a held clock lets the kit check: HAR-CLK-002).
   */
  MESH_VOUCH_DECAY_ONE_SECOND_EARLY
}
