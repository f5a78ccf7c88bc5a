@rtt @rtt-resume @rtt-send @rtt-dial-resume @clock-hold
Feature: RTT 1.1 session resume, the implementation as the resuming session dialer
  docs/drafts/rtt-resume.md §4.1 (the request), §4.3 (retransmission), §4.4 (the dialer's ACK), §6
  (reconnect backoff) and its §8 scenarios S-IUT-DIALS and S-COUNTS (the RESUME half); spec/harness.md
  §4.17 (harness 1.4, rtt/dial with "resume":true); ADR 1417. The tester listens as an RTT 1.1
  responder; the implementation dials it keeping the session, and after each cut (a TCP reset, no
  GOAWAY) resumes it on its own. Its backoff runs on its held clock: the tester advances the clock 5 s
  at a time and listens after each step (at most 100 s, within the 120 s retention). The request in
  message 3 must name the session's current id with a binder over the tester's h2 and count what the
  implementation delivered; after the tester's RESUME every message arrives exactly once and in
  order, both ways (numbered messages on named channels: rtt/send and rtt/inbox, harness 1.3). Runs
  only against an implementation whose info lists rtt_resume, rtt_send, rtt_dial_resume and clock/hold.

  Background:
    Given the implementation offers RTT session resume
    And the implementation's clock is held
    And the tester listens for RTT connections
    And the implementation has dialled the tester as an RTT 1.1 session dialer, keeping the session

  @RTT-RES-002 @RTT-RES-004 @RTT-RES-008 @RTT-RES-011 @HAR-RES-005
  Scenario: a cut in the middle of the implementation's message: it resumes on its own and sends the message again whole
    When the implementation is asked to send 3 messages of 300000 bytes on the named channel "iut-dials"
    And the tester takes 1 of the implementation's messages and 2 DATA frames of the next without acknowledging them and cuts the connection
    And the implementation resumes the session on its own
    And the implementation is asked to send 1 message of 300000 bytes on the named channel "iut-dials"
    Then every message the implementation was asked to send arrives exactly once and in order

  @RTT-RES-002 @RTT-RES-009 @HAR-RES-004 @HAR-RES-005
  Scenario: the tester's messages, cut mid-message, are counted by the resuming implementation and each delivered once
    When the tester, as the session's responder, opens the named channel "kit-answers"
    And the tester sends 3 messages of 100000 bytes on the named channel "kit-answers"
    Then the implementation acknowledges every message the tester sent on the named channels
    When the tester sends a message of 200000 bytes on the named channel "kit-answers" and cuts the connection after 2 of its DATA frames
    And the implementation resumes the session on its own
    And the tester sends again every message the implementation has not delivered on them
    And the tester sends 1 message of 100000 bytes on the named channel "kit-answers"
    Then the implementation acknowledges every message the tester sent on the named channels
    And the implementation's inbox lists every message the tester sent on "kit-answers", once, in order

  @RTT-RES-004 @RTT-RES-008 @HAR-RES-005
  Scenario: a cut during the resumed connection's handshake: the implementation tries again with the same session id
    When the implementation is asked to send 2 messages of 1000 bytes on the named channel "iut-dials"
    And the tester takes 2 of the implementation's messages without acknowledging them and cuts the connection
    And the implementation starts to resume the session on its own and the tester cuts the connection after its message 3
    And the implementation resumes the session on its own
    And the implementation is asked to send 1 message of 1000 bytes on the named channel "iut-dials"
    Then every message the implementation was asked to send arrives exactly once and in order

  @RTT-RES-002 @RTT-RES-011 @HAR-RES-005
  Scenario: two cuts in a row: the second resume names the id the first one gave
    When the implementation is asked to send 2 messages of 1000 bytes on the named channel "iut-dials"
    And the tester takes 1 of the implementation's messages without acknowledging them and cuts the connection
    And the implementation resumes the session on its own
    And the tester takes 1 of the implementation's messages without acknowledging them and cuts the connection
    And the implementation resumes the session on its own
    And the implementation is asked to send 1 message of 1000 bytes on the named channel "iut-dials"
    Then every message the implementation was asked to send arrives exactly once and in order

  @RTT-RES-010
  Scenario: a RESUME claiming more delivered than the implementation sent is refused with FRAME, and nothing is sent again
    When the implementation is asked to send 2 messages of 1000 bytes on the named channel "iut-dials"
    And the tester takes 2 of the implementation's messages without acknowledging them and cuts the connection
    And the implementation resumes the session on its own and the tester answers RESUME "resumed" claiming 1 more message delivered on the named channel "iut-dials" than the implementation sent
    Then the implementation refuses the RESUME with a closing "FRAME" error before sending any DATA
