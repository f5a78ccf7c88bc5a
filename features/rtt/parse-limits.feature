@rtt @core
Feature: The cost limits of envelope text hold on the wire
  spec/envelope.md §4 (ENV-LIM-003, ENV-LIM-004): number tokens of at most 4,096 characters and at most
  65,536 values; a refusal is a non-closing ERROR INVALID_ENVELOPE naming no msg_id (the text did not
  parse), and the connection stays open.

  Background:
    Given the scenario clock is the current time
    And the tester has completed the RTT handshake with the implementation

  @ENV-LIM-003 @RTT-ERR-003
  Scenario: a number of 4,096 characters with the signed value is delivered
    Given the envelope "e" is a valid cip STATE_UPDATE from "alice" to "bob"
    And "e" is signed by "alice"
    And in the bytes of "e" the text "\"lri\":35" is replaced by the text "\"lri\":35.{repeat:4093:0}"
    When the tester sends "e" on channel "state"
    Then the implementation delivers "e" without a validation or channel error

  @ENV-LIM-003 @RTT-ERR-003
  Scenario: a number of 4,097 characters is refused and the connection stays open
    Given the envelope "e" is a valid cip STATE_UPDATE from "alice" to "bob"
    And "e" is signed by "alice"
    And in the bytes of "e" the text "\"lri\":35" is replaced by the text "\"lri\":35.{repeat:4094:0}"
    When the tester sends "e" on channel "state"
    Then the implementation refuses "e" unparsed with error "INVALID_ENVELOPE"
    And the connection stays open

  @ENV-LIM-004 @RTT-ERR-003
  Scenario: an envelope of 65,536 values is parsed, then refused by its payload schema
    Given the envelope "e" is a valid cip STATE_UPDATE from "alice" to "bob"
    And "e" is signed by "alice"
    And in "e" the member "/payload/extra" is an array of zeros that brings it to 65536 values
    And "e" is signed by "alice"
    When the tester sends "e" on channel "state" in 3 fragments
    Then the implementation refuses "e" with error "PAYLOAD_SCHEMA"
    And the connection stays open

  @ENV-LIM-004 @RTT-ERR-003
  Scenario: an envelope of 65,537 values is refused and the connection stays open
    Given the envelope "e" is a valid cip STATE_UPDATE from "alice" to "bob"
    And "e" is signed by "alice"
    And in "e" the member "/payload/extra" is an array of zeros that brings it to 65537 values
    And "e" is signed by "alice"
    When the tester sends "e" on channel "state" in 3 fragments
    Then the implementation refuses "e" unparsed with error "INVALID_ENVELOPE"
    And the connection stays open
