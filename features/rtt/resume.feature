@rtt @rtt-resume
Feature: RTT 1.1 session resume, the tester as session dialer
  docs/drafts/rtt-resume.md §4 (resuming), §5 (replay), §7 (retention) and its §8 scenarios; harness 1.2
  §4.15 (rtt/resume turns resume on; reset turns it back off). The tester opens an RTT 1.1 session,
  sends numbered messages on the standard channels, cuts the TCP connection with a reset (no GOAWAY)
  at a chosen point, resumes with a request it builds and binds itself (session keys derived by the
  kit from the handshake, §2.2), sends again from the implementation's counts, and checks with a later
  resume's counts that every message arrived exactly once. Runs only against an implementation whose
  info lists the capability rtt_resume.

  Background:
    Given the implementation offers RTT session resume
    And the tester has opened an RTT 1.1 session with the implementation

  @RTT-RES-001 @RTT-RES-002 @HAR-RES-001
  Scenario: a 1.1 endpoint announces 1.0 and 1.1, and a first resume with the kit's keys succeeds
    Then the implementation's identity payload lists the RTT versions "1.0, 1.1"
    When the tester cuts the connection
    And the tester resumes the session
    Then the implementation answers RESUME "resumed"
    And the resumed connection still answers a PING

  @RTT-RES-006 @RTT-RES-008 @RTT-RES-009
  Scenario: a cut in the middle of a message: the message is not delivered, is sent again whole and delivered once
    When the tester sends 1 message of 1000 bytes on channel "knowledge"
    Then the implementation acknowledges every message the tester sent
    When the tester sends a message of 300000 bytes on channel "knowledge" and cuts the connection after 2 of its DATA frames
    And the tester resumes the session
    Then the implementation's RESUME counts 1 delivered on channel "knowledge"
    When the tester sends again every message the implementation has not delivered
    Then the implementation acknowledges every message the tester sent
    When the tester cuts the connection
    And the tester resumes the session
    Then the implementation's RESUME counts every message the tester sent exactly once

  @RTT-RES-006 @RTT-RES-009
  Scenario: a cut in the middle of a transport message: the unfinished message is never delivered in part
    When the tester sends a message of 100000 bytes on channel "state" and cuts the connection in the middle of its second DATA frame
    And the tester resumes the session
    Then the implementation's RESUME counts 0 delivered on channel "state"
    When the tester sends again every message the implementation has not delivered
    Then the implementation acknowledges every message the tester sent
    When the tester cuts the connection
    And the tester resumes the session
    Then the implementation's RESUME counts every message the tester sent exactly once

  @RTT-RES-003 @RTT-RES-006 @RTT-RES-008
  Scenario: a cut after the messages' ACK, before their CREDIT is read: the RESUME counts them and nothing is sent twice
    When the tester sends 3 messages of 70000 bytes on channel "knowledge"
    And the tester sends 2 messages of 10 bytes on channel "control"
    Then the implementation acknowledges every message the tester sent
    When the tester cuts the connection
    And the tester resumes the session
    Then the implementation's RESUME counts every message the tester sent exactly once
    When the tester sends again every message the implementation has not delivered
    And the tester sends 1 message of 10 bytes on channel "control"
    Then the implementation acknowledges every message the tester sent
    When the tester cuts the connection
    And the tester resumes the session
    Then the implementation's RESUME counts every message the tester sent exactly once

  @RTT-RES-011
  Scenario: a cut during the resumed connection's handshake, and before the RESUME's ACK: the old id still resumes
    When the tester sends 1 message of 1000 bytes on channel "knowledge"
    Then the implementation acknowledges every message the tester sent
    When the tester cuts the connection
    And the tester starts to resume the session and cuts the connection after handshake message 2
    And the tester resumes the session without acknowledging the RESUME
    Then the implementation answers RESUME "resumed"
    When the tester cuts the connection
    And the tester resumes the session with its previous id
    Then the implementation's RESUME counts every message the tester sent exactly once

  @RTT-RES-011
  Scenario: a resume replayed with an id already used for a committed resume is refused REPLAY
    When the tester cuts the connection
    And the tester resumes the session
    Then the implementation answers RESUME "resumed"
    And the resumed connection still answers a PING
    When the tester cuts the connection
    And the tester resumes the session with its previous id
    Then the implementation answers RESUME "fresh" with the code "REPLAY"
    And the resumed connection still answers a PING

  @RTT-RES-006 @RTT-RES-007
  Scenario: a resume of a session id the implementation never issued is refused RESUME_UNKNOWN
    When the tester cuts the connection
    And the tester resumes a session id the implementation never issued
    Then the implementation answers RESUME "fresh" with the code "RESUME_UNKNOWN"
    And the resumed connection still answers a PING

  @RTT-RES-006 @RTT-RES-007
  Scenario: a resume whose binder is one bit off is refused RESUME_UNKNOWN
    When the tester cuts the connection
    And the tester resumes the session with a binder one bit off
    Then the implementation answers RESUME "fresh" with the code "RESUME_UNKNOWN"
    And the resumed connection still answers a PING

  @RTT-RES-013 @clock
  Scenario: a resume after the retention time is refused RESUME_EXPIRED
    When the tester cuts the connection
    Then the implementation has no RTT connection with the tester
    When the implementation's clock advances 121 seconds
    And the tester resumes the session
    Then the implementation answers RESUME "fresh" with the code "RESUME_EXPIRED"
    And the resumed connection still answers a PING

  @HAR-RES-002
  Scenario: reset turns resume back off: a new connection is RTT 1.0 again
    When the implementation is reset
    And the tester has completed the RTT handshake with the implementation
    Then the implementation's identity payload lists the RTT versions "1.0"

  @RTT-RES-016
  Scenario: a resumed session carries its CIP session on: the INTENTs sent again are answered without a new HELLO, each once
    When the tester completes the CIP handshake in the session
    And the tester sends 2 INTENTs in the session
    Then the implementation answers every INTENT, and the tester reads the answers without delivering them
    When the tester sends an INTENT in the session and cuts the connection in the middle of it
    And the tester resumes the session
    Then the implementation answers RESUME "resumed"
    When the tester sends again every message the implementation has not delivered
    Then the implementation answers every INTENT the tester sent exactly once, without a new HELLO
    When the tester cuts the connection
    And the tester resumes the session
    Then the implementation's RESUME counts every message the tester sent exactly once

  @RTT-RES-012
  Scenario: an envelope delivered before a resume and sent again after it is refused REPLAY
    When the tester completes the CIP handshake in the session
    And the tester sends 1 INTENT in the session
    Then the implementation answers every INTENT the tester sent exactly once, without a new HELLO
    When the tester cuts the connection
    And the tester resumes the session
    Then the implementation answers RESUME "resumed"
    When the tester sends its first INTENT again as a new message
    Then the implementation refuses the tester's last INTENT with "REPLAY"

  @RTT-RES-016 @RTT-RES-007
  Scenario: after a fresh answer the CIP handshake starts again: an INTENT before a new HELLO is refused
    When the tester completes the CIP handshake in the session
    And the tester cuts the connection
    And the tester resumes a session id the implementation never issued
    Then the implementation answers RESUME "fresh" with the code "RESUME_UNKNOWN"
    When the tester sends 1 INTENT in the session
    Then the implementation refuses the tester's last INTENT with "TRUST_VIOLATION"
    When the tester completes the CIP handshake in the session
    And the tester sends 1 INTENT in the session
    Then the implementation answers every INTENT the tester sent exactly once, without a new HELLO
