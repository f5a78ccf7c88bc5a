@rtt @core
Feature: RTT channels and the envelopes on them
  spec/rtt.md §5: the standard channels control, state and knowledge; channels opened by name;
  which envelopes travel on which channel; how a refused envelope is reported without ending the
  connection.

  Background:
    Given the scenario clock is the current time
    And the tester has completed the RTT handshake with the implementation

  @RTT-CH-002 @RTT-FLOW-002
  Scenario Outline: a <type> envelope on its channel, <channel>, is delivered without a channel error
    Given the envelope "e" is a valid <protocol> <type> from "alice" to "bob"
    And "e" is signed by "alice"
    When the tester sends "e" on channel "<channel>"
    Then the implementation delivers "e" without a validation or channel error

    Examples:
      | protocol | type           | channel   |
      | cip      | HELLO          | control   |
      | cip      | STATE_UPDATE   | state     |
      | cip      | FACT_PROPOSE   | knowledge |
      | hcp      | HCP_INTENT     | control   |
      | lip      | LIP_FETCH      | knowledge |

  @RTT-CH-002 @RTT-ERR-003
  Scenario Outline: a <type> envelope on <channel> is refused with WRONG_CHANNEL
    Given the envelope "e" is a valid <protocol> <type> from "alice" to "bob"
    And "e" is signed by "alice"
    When the tester sends "e" on channel "<channel>"
    Then the implementation refuses "e" with error "WRONG_CHANNEL"
    And the connection stays open

    Examples:
      | protocol | type           | channel   |
      | cip      | STATE_UPDATE   | control   |
      | cip      | HELLO          | state     |
      | cip      | DECISION_SHARE | control   |
      | hcp      | HCP_FEEDBACK   | knowledge |
      | lip      | LIP_EVIDENCE   | state     |

  @RTT-ERR-003 @ENV-SIG-004
  Scenario: an envelope with a bad signature is refused and the connection stays open
    Given the envelope "e" is a valid cip STATE_UPDATE from "alice" to "bob"
    And "e" is signed by "alice"
    And the signature of "e" is corrupted
    When the tester sends "e" on channel "state"
    Then the implementation refuses "e" with error "SIGNATURE_MISMATCH"
    And the connection stays open

  @RTT-ERR-003 @ENV-RPL-001
  Scenario: the same envelope twice over one connection is refused as a replay
    Given the envelope "e" is a valid cip STATE_UPDATE from "alice" to "bob"
    And "e" is signed by "alice"
    When the tester sends "e" on channel "state"
    Then the implementation delivers "e" without a validation or channel error
    When the tester sends "e" on channel "state"
    Then the implementation refuses "e" with error "REPLAY"

  @RTT-ERR-003 @RTT-FR-006
  Scenario: a message in three fragments is reassembled, and its refusal comes before later answers
    Given the envelope "e" is a valid cip STATE_UPDATE from "alice" to "bob"
    And "e" is signed by "alice"
    And the signature of "e" is corrupted
    When the tester sends "e" on channel "state" in 3 fragments
    And the tester sends PING "0a0b0c0d0e0f1011"
    Then the implementation refuses "e" with error "SIGNATURE_MISMATCH"
    And the implementation answers PONG "0a0b0c0d0e0f1011"

  @RTT-CH-003 @RTT-CH-005
  Scenario: a channel opened by name is acknowledged, closed, and can be opened again
    When the tester opens channel 4 named "telemetry"
    Then the implementation acknowledges channel 4
    When the tester closes channel 4
    Then the implementation closes channel 4 too
    When the tester opens channel 6 named "telemetry"
    Then the implementation acknowledges channel 6

  @RTT-CH-003 @RTT-ERR-001
  Scenario Outline: an OPEN that is not allowed: <case>
    When the tester opens channel 4 named "first"
    Then the implementation acknowledges channel 4
    When the tester opens channel <id> named "<name>"
    Then the implementation closes the connection with error "CHANNEL" naming the frame

    Examples:
      | case                                   | id | name      |
      | an odd id from the initiator           | 5  | other     |
      | an id in use                           | 4  | other     |
      | the name of an open channel            | 6  | first     |
      | a name with upper-case letters         | 6  | Telemetry |
      | a name with a space                    | 6  | tele metry |

  @RTT-CH-001 @RTT-CH-003 @RTT-ERR-001
  Scenario: an OPEN of a standard channel
    When the tester opens channel 2 named "knowledge"
    Then the implementation closes the connection with error "CHANNEL" naming the frame

  @RTT-CH-001 @RTT-ERR-001
  Scenario: a CLOSE of a standard channel
    When the tester closes channel 1
    Then the implementation closes the connection with error "CHANNEL" naming the frame

  @RTT-CH-004 @RTT-ERR-001
  Scenario: DATA on a channel that is not open
    When the tester sends a DATA frame on channel 9 with flags 1 and the body "7b7d"
    Then the implementation closes the connection with error "CHANNEL" naming the frame

  @RTT-CH-004 @RTT-ERR-001
  Scenario: an OPEN_ACK for a channel the implementation is not opening
    When the tester sends a OPEN_ACK frame on channel 8 with the body ""
    Then the implementation closes the connection with error "CHANNEL" naming the frame

  @RTT-CH-006 @RTT-FLOW-002
  Scenario: data on a named channel is consumed and its credit comes back
    When the tester opens channel 4 named "bulk"
    Then the implementation acknowledges channel 4
    When the tester sends 4 messages of 600000 bytes on channel 4, waiting for credit
    Then the tester's window on channel 4 is back to 1 MiB
    And the connection stays open

  @RTT-LIM-003 @RTT-ERR-001
  Scenario: one channel more than the implementation's max_channels
    When the tester opens as many channels as the implementation's max_channels allows
    And the tester opens one channel more
    Then the implementation closes the connection with error "LIMIT" naming the frame
