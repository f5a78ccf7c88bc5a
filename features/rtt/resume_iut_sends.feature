@rtt @rtt-resume @rtt-send
Feature: RTT 1.1 session resume, the implementation as the retransmitting sender
  docs/drafts/rtt-resume.md §4.3 (retransmission), §7 (retention, RTT-RES-015) and its §8 scenarios
  S-CUT-IUTSEND and S-RETAIN; harness 1.3 §4.16 (rtt/send, rtt/inbox). The tester is the session
  dialer and the receiver: it has the implementation send numbered messages on a named channel,
  takes some of them while withholding ACK and CREDIT, so that the implementation retains every
  one, cuts the TCP connection with a reset at a chosen point, waits until the implementation has
  seen the end (its session is then suspended), resumes with the count it took, and
  checks that each message then arrives exactly once and in order (each carries its number). As the
  sender on a named channel it reads the implementation's deliveries through rtt/inbox, message by
  message. Runs only against an implementation whose info lists rtt_resume and rtt_send.

  Background:
    Given the implementation offers RTT session resume
    And the tester has opened an RTT 1.1 session as the implementation's receiver

  @RTT-RES-008 @RTT-RES-015
  Scenario: a cut in the middle of the implementation's message: it is sent again whole, and every message arrives once
    When the implementation is asked to send 3 messages of 300000 bytes on the named channel "iut-sends"
    And the tester takes 1 of the implementation's messages and 2 DATA frames of the next without acknowledging them and cuts the connection
    Then the implementation has no RTT connection with the tester
    When the tester resumes the session with the counts of what it took
    And the implementation is asked to send 1 message of 300000 bytes on the named channel "iut-sends"
    Then every message the implementation was asked to send arrives exactly once and in order

  @RTT-RES-008 @RTT-RES-015
  Scenario: a cut right after some of the implementation's messages: it sends again from the tester's count
    When the implementation is asked to send 4 messages of 100000 bytes on the named channel "iut-sends"
    And the tester takes 2 of the implementation's messages without acknowledging them and cuts the connection
    Then the implementation has no RTT connection with the tester
    When the tester resumes the session with the counts of what it took
    And the implementation is asked to send 1 message of 100000 bytes on the named channel "iut-sends"
    Then every message the implementation was asked to send arrives exactly once and in order

  @RTT-RES-008 @HAR-RES-003
  Scenario: a cut after every message arrived, before the tester's ACK: nothing is sent twice
    When the implementation is asked to send 3 messages of 100000 bytes on the named channel "iut-sends"
    And the tester takes 3 of the implementation's messages without acknowledging them and cuts the connection
    And the tester resumes the session with the counts of what it took
    And the implementation is asked to send 1 message of 100000 bytes on the named channel "iut-sends"
    Then every message the implementation was asked to send arrives exactly once and in order

  @RTT-RES-015
  Scenario: nearly 16 MiB retained on two channels while suspended is all sent again after the resume
    # one message each first, within each channel's window: both channels are open before a message
    # is held back by a window (an OPEN may wait behind held-back DATA, rtt.md §6)
    When the implementation is asked to send 1 message of 1048575 bytes on the named channel "retain-a"
    And the implementation is asked to send 1 message of 1048575 bytes on the named channel "retain-b"
    And the implementation is asked to send 7 messages of 1048575 bytes on the named channel "retain-a"
    And the implementation is asked to send 7 messages of 1048575 bytes on the named channel "retain-b"
    And the tester takes 1 of the implementation's messages without acknowledging them and cuts the connection
    Then the implementation has no RTT connection with the tester
    When the tester resumes the session with the counts of what it took
    And the implementation is asked to send 1 message of 1048575 bytes on the named channel "retain-a"
    And the implementation is asked to send 1 message of 1048575 bytes on the named channel "retain-b"
    Then every message the implementation was asked to send arrives exactly once and in order

  @RTT-RES-006 @RTT-RES-009 @HAR-RES-004
  Scenario: the tester's messages on a named channel, cut mid-message and sent again, are each delivered once, in order
    When the tester opens the named channel "kit-sends"
    And the tester sends 3 messages of 100000 bytes on the named channel "kit-sends"
    Then the implementation acknowledges every message the tester sent on the named channels
    When the tester sends a message of 200000 bytes on the named channel "kit-sends" and cuts the connection after 2 of its DATA frames
    And the tester resumes the session with the counts of what it took
    And the tester sends again every message the implementation has not delivered on them
    And the tester sends 1 message of 100000 bytes on the named channel "kit-sends"
    Then the implementation acknowledges every message the tester sent on the named channels
    And the implementation's inbox lists every message the tester sent on "kit-sends", once, in order
    When the implementation is reset
    Then the implementation's inbox is empty
