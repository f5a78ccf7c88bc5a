@rtt @rtt-resume
Feature: RTT 1.1 session resume: what a responder refuses, and when a session is over
  docs/drafts/rtt-resume.md §4.1 (the request, check 13), §4.2 (row R5), §7 (the end of a session)
  and its §8 scenarios S-BADREQ, S-COUNTS and S-ENDED; ADR 1416. The tester is the session dialer
  (ADR 1411): it sends requests that fail check 13 or claim more than the implementation sent, a
  RESUME frame only a responder may send, and resumes sessions that GOAWAY or a closing ERROR ended.
  Runs only against an implementation whose info lists the capability rtt_resume.

  Background:
    Given the implementation offers RTT session resume
    And the tester has opened an RTT 1.1 session with the implementation

  @RTT-RES-004
  Scenario: the responder never carries a resume member: only the session dialer resumes
    Then the implementation's identity payload carries no resume member
    When the tester cuts the connection
    And the tester resumes the session
    Then the implementation answers RESUME "resumed"
    And the implementation's identity payload carries no resume member

  @RTT-RES-004
  Scenario: a session the implementation dialled is not resumed by its responder
    Given the tester listens for RTT connections
    When the implementation is asked to dial the tester
    And the tester answers the handshake as an RTT 1.1 responder
    And the tester cuts the connection
    And the tester resumes the session the implementation dialled
    Then the implementation answers RESUME "fresh" with the code "RESUME_UNKNOWN"
    And the resumed connection still answers a PING

  @RTT-RES-005
  Scenario Outline: a request that fails check 13 is refused with HANDSHAKE and leaves the session suspended
    When the tester cuts the connection
    And the tester resumes the session with a request that has "<fault>"
    Then the implementation closes the connection with error "HANDSHAKE" as its first frame
    When the tester resumes the session
    Then the implementation answers RESUME "resumed"

    Examples:
      | fault                     |
      | no binder member          |
      | an unknown member         |
      | channel ids not ascending |
      | a session id of 15 bytes  |
      | only two channels         |

  @RTT-RES-005
  Scenario: a request from an initiator whose rtt lists only 1.0 is refused with HANDSHAKE
    When the tester cuts the connection
    And the tester resumes the session in a payload whose rtt lists only "1.0"
    Then the implementation closes the connection with error "HANDSHAKE" as its first frame

  @RTT-RES-005
  Scenario: a request to a responder announcing only 1.0 is refused with HANDSHAKE
    When the implementation's resume is turned off
    And the tester cuts the connection
    And the tester sends a resume request to the implementation announcing only "1.0"
    Then the implementation closes the connection with error "HANDSHAKE" as its first frame

  @RTT-RES-005
  Scenario: a RESUME frame the responder never asked for is refused with FRAME
    When the tester sends a RESUME frame "resumed" with its counts
    Then the implementation closes the connection with error "FRAME" naming the frame

  @RTT-RES-010
  Scenario: a request claiming more delivered than the implementation sent is refused, and the session is over
    When the tester cuts the connection
    And the tester resumes the session claiming 1 more message delivered on channel "knowledge" than the implementation sent
    Then the implementation answers RESUME "fresh" with the code "RESUME_UNKNOWN"
    And the resumed connection still answers a PING
    When the tester cuts the connection
    And the tester resumes the session
    Then the implementation answers RESUME "fresh" with the code "RESUME_EXPIRED"

  @RTT-RES-014
  Scenario: GOAWAY ends the session: a later resume is refused RESUME_EXPIRED
    When the tester sends GOAWAY
    Then the implementation answers GOAWAY and closes the connection
    And the implementation has no RTT connection with the tester
    When the tester resumes the session
    Then the implementation answers RESUME "fresh" with the code "RESUME_EXPIRED"
    And the resumed connection still answers a PING

  @RTT-RES-014
  Scenario: the implementation's closing refusal ends the session: a later resume is refused RESUME_EXPIRED
    When the tester sends a frame of type 12 on channel 0
    Then the implementation closes the connection with error "FRAME" naming the frame
    And the implementation has no RTT connection with the tester
    When the tester resumes the session
    Then the implementation answers RESUME "fresh" with the code "RESUME_EXPIRED"
    And the resumed connection still answers a PING

  @RTT-RES-014
  Scenario: the tester's closing ERROR ends the session: a later resume is refused RESUME_EXPIRED
    When the tester sends a closing ERROR frame with code "INTERNAL"
    Then the implementation closes the connection
    And the implementation has no RTT connection with the tester
    When the tester resumes the session
    Then the implementation answers RESUME "fresh" with the code "RESUME_EXPIRED"
    And the resumed connection still answers a PING

  @RTT-RES-014
  Scenario: a closing ERROR with the code TIMEOUT is an abrupt end: the session resumes
    When the tester sends a closing ERROR frame with code "TIMEOUT"
    Then the implementation closes the connection
    And the implementation has no RTT connection with the tester
    When the tester resumes the session
    Then the implementation answers RESUME "resumed"
    And the resumed connection still answers a PING
