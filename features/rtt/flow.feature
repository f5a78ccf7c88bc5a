@rtt @core
Feature: RTT flow control
  spec/rtt.md §6: a 1 MiB window per channel and direction; credit comes back when a message has
  been delivered, never for an unfinished message; a sender that exceeds the window is refused.

  Background:
    Given the tester has completed the RTT handshake with the implementation

  @RTT-FLOW-001 @RTT-ERR-001
  Scenario: one byte more than the window
    When the tester sends an unfinished message of 1048577 bytes on channel "state"
    Then the implementation closes the connection with error "BACKPRESSURE" naming the frame

  @RTT-FLOW-002
  Scenario: an unfinished message returns no credit
    When the tester sends an unfinished message of 600000 bytes on channel "knowledge"
    Then the implementation returns no credit before it answers a PING

  @RTT-FLOW-002 @RTT-CH-006
  Scenario: a full window's worth of messages, twice over, on a named channel
    When the tester opens channel 4 named "stream"
    Then the implementation acknowledges channel 4
    When the tester sends 32 messages of 65536 bytes on channel 4, waiting for credit
    Then the tester's window on channel 4 is back to 1 MiB

  @RTT-FLOW-003 @RTT-ERR-001
  Scenario: credit that would take the window over 1 MiB
    When the tester grants 1 bytes of credit on channel 1
    Then the implementation closes the connection with error "FRAME" naming the frame

  @RTT-FLOW-003 @RTT-ERR-001
  Scenario: a credit of zero
    When the tester grants 0 bytes of credit on channel 2
    Then the implementation closes the connection with error "FRAME" naming the frame

  @RTT-CH-004 @RTT-ERR-001
  Scenario: credit for a channel that is not open
    When the tester grants 100 bytes of credit on channel 11
    Then the implementation closes the connection with error "CHANNEL" naming the frame

  @RTT-FLOW-002 @RTT-ERR-003
  Scenario: a refused envelope returns its credit
    When a tester connection sends the message "{}" on channel "state"
    Then the implementation refuses that message with "INVALID_ENVELOPE" and returns its credit

  @RTT-FLOW-002 @RTT-ERR-003
  Scenario: a message of 0 bytes is refused and returns no credit
    When a tester connection sends the message "" on channel "control"
    Then the implementation refuses that message with "INVALID_ENVELOPE" and returns no credit before it answers a PING
