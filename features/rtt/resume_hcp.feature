@hcp @cip @rtt @rtt-resume
Feature: RTT 1.1 session resume carries the HCP session on, the tester as session dialer
  spec/rtt.md §12 (RTT-RES-016) over spec/hcp.md §4: an HCP session belongs to the RTT 1.1 session, not
  to its connection. While the session is suspended the implementation keeps it (what it sends to it
  then is retained and sent after the resume); a resume answered "resumed" carries it on: the peer's
  HCP_HELLO, the session's social trust and the peer's latest view still hold, so an action needs no
  new HCP_HELLO and the implementation sends none; after "fresh" the connection is a new session's and
  HCP starts again (HCP-SES-004). The tester, as in resume.feature, is the session dialer: it opens an
  RTT 1.1 session, runs the CIP handshake and opens an HCP session in it, cuts the TCP connection with a
  reset and resumes. What the implementation does is seen on the wire: its check-in answers (a calm
  human's agent answers a check-in request at once, HCP-CHK-002), the views in their trust block
  (HCP-TRU-002), its HCP_STATE_UPDATE (HCP-STA-002) and its refusals. Runs only against an
  implementation whose info lists the capabilities rtt_resume and hcp.

  Background:
    Given the implementation offers RTT session resume
    And the tester has opened an RTT 1.1 session with the implementation
    And the tester completes the CIP handshake in the session
    And the tester opens an HCP session in the session
    And the implementation answers the tester's HCP_HELLO with its own, its view "probing"

  @RTT-RES-016
  Scenario: a resumed session carries its HCP session on: a check-in cut in the middle is answered after the resume, without a new HCP_HELLO, in the session's trust
    When the tester tells the implementation's human that its help was right
    And the tester checks in, in the session
    Then the implementation answers the check-in with "check_in_proceed", its views "trusted" and "trusted"
    When the tester checks in, in the session, without a trust block, and cuts the connection in the middle of it
    And the tester resumes the session
    Then the implementation answers RESUME "resumed"
    When the tester sends again every message the implementation has not delivered
    Then the implementation answers the check-in with "check_in_proceed", its views "trusted" and "trusted"
    And the implementation sends no other HCP message and refuses nothing
    When the tester cuts the connection
    And the tester resumes the session
    Then the implementation's RESUME counts every message the tester sent exactly once

  @RTT-RES-016
  Scenario: a suspended session keeps its HCP session: the human's new state is sent to it while suspended and arrives after the resume
    When the tester cuts the connection
    Then the implementation has no RTT connection with the tester
    When the implementation's human has the intent "while the peer is away"
    And the tester resumes the session
    Then the implementation answers RESUME "resumed"
    And the implementation sends its human's new state in an HCP_STATE_UPDATE, without a new HCP_HELLO
    When the tester checks in, in the session
    Then the implementation answers the check-in with "check_in_proceed", its views "probing" and "trusted"
    And the implementation sends no other HCP message and refuses nothing

  @RTT-RES-016
  Scenario: after a fresh answer the HCP session starts again: a check-in before a new HCP_HELLO is refused, and the new session's trust starts again
    When the tester tells the implementation's human that its help was right
    And the tester checks in, in the session
    Then the implementation answers the check-in with "check_in_proceed", its views "trusted" and "trusted"
    When the tester cuts the connection
    And the tester resumes a session id the implementation never issued
    Then the implementation answers RESUME "fresh" with the code "RESUME_UNKNOWN"
    When the tester completes the CIP handshake in the session
    And the tester checks in, in the session
    Then the implementation refuses the tester's check-in with "CONSENT"
    When the tester opens an HCP session in the session
    Then the implementation answers the tester's HCP_HELLO with its own, its view "probing"
    When the tester checks in, in the session
    Then the implementation answers the check-in with "check_in_proceed", its views "probing" and "trusted"
