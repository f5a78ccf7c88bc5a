Feature: Replay protection
  spec/envelope.md, Replay: a receiver remembers every accepted msg_id for at least 600 seconds.

  Background:
    Given the envelope "e" is a valid cip STATE_UPDATE from "alice" to "bob"
    And "e" is signed by "alice"

  @ENV-RPL-001 @verify-envelope
  Scenario: the same envelope twice
    Given "e" was verified before
    When the implementation verifies "e"
    Then the verdict is invalid with error "REPLAY"

  @ENV-RPL-001 @verify-envelope
  Scenario: a replay 600 seconds after acceptance, both times inside the clock skew
    Given "e" was verified before, 300 seconds before its timestamp
    And the receiver's clock is 300 seconds ahead of the envelope
    When the implementation verifies "e"
    Then the verdict is invalid with error "REPLAY"

  @ENV-RPL-001 @verify-envelope
  Scenario: an envelope that was refused is not remembered
    Given the envelope "bad" is a copy of "e"
    And in "bad" the member "/payload/lri" is the JSON '99'
    And "bad" was verified before
    When the implementation verifies "e"
    Then the verdict is valid
