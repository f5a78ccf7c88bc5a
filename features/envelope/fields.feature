Feature: The common envelope's members
  spec/envelope.md: the discriminator, msg_id, type, timestamp, closed structure and payload schemas.

  @ENV-STR-001 @verify-envelope
  Scenario: a well-formed but unsupported version
    Given the envelope "e" is a valid cip HELLO from "alice" to "bob"
    And in "e" the member "/cip" is "2.0"
    And "e" is signed by "alice"
    When the implementation verifies "e"
    Then the verdict is invalid with error "UNSUPPORTED_VERSION"

  @ENV-STR-001 @verify-envelope
  Scenario: two protocol discriminators
    Given the envelope "e" is a valid cip HELLO from "alice" to "bob"
    And in "e" the member "/lip" is "1.0"
    And "e" is signed by "alice"
    When the implementation verifies "e"
    Then the verdict is invalid with error "INVALID_ENVELOPE"

  @ENV-STR-002 @verify-envelope
  Scenario: an unknown top-level member
    Given the envelope "e" is a valid hcp HCP_INTENT from "alice" to "bob"
    And in "e" the member "/priority" is "high"
    And "e" is signed by "alice"
    When the implementation verifies "e"
    Then the verdict is invalid with error "INVALID_ENVELOPE"

  @ENV-MSG-001 @verify-envelope
  Scenario Outline: msg_id must be a lowercase version 4 UUID
    Given the envelope "e" is a valid cip HELLO from "alice" to "bob"
    And in "e" the member "/msg_id" is "<msg_id>"
    And "e" is signed by "alice"
    When the implementation verifies "e"
    Then the verdict is invalid with error "INVALID_ENVELOPE"

    Examples:
      | msg_id                               |
      | 6BA7B810-9DAD-41D1-80B4-00C04FD430C8 |
      | 6ba7b810-9dad-11d1-80b4-00c04fd430c8 |
      | 6ba7b8109dad41d180b400c04fd430c8     |
      | 6ba7b810-9dad-41d1-c0b4-00c04fd430c8 |

  @ENV-TIME-001 @verify-envelope
  Scenario Outline: timestamps are RFC 3339 UTC in one spelling
    Given the envelope "e" is a valid cip HELLO from "alice" to "bob"
    And in "e" the member "/timestamp" is "<timestamp>"
    And "e" is signed by "alice"
    When the implementation verifies "e"
    Then the verdict is invalid with error "INVALID_ENVELOPE"

    Examples:
      | timestamp                      |
      | 2026-01-01T00:00:00+00:00      |
      | 2026-01-01 00:00:00Z           |
      | 2026-02-29T00:00:00Z           |
      | 2026-01-01T24:00:00Z           |
      | 2026-01-01T00:00:00.1234567890Z |

  @ENV-TIME-002 @verify-envelope
  Scenario Outline: the clock skew boundary is 300 seconds, both ways
    Given the envelope "e" is a valid cip STATE_UPDATE from "alice" to "bob"
    And "e" is signed by "alice"
    And the receiver's clock is <offset> seconds ahead of the envelope
    When the implementation verifies "e"
    Then the verdict is <verdict>

    Examples:
      | offset | verdict                             |
      | 300    | valid                               |
      | -300   | valid                               |
      | 301    | invalid with error "TIMESTAMP"      |
      | -301   | invalid with error "TIMESTAMP"      |
      | 86400  | invalid with error "TIMESTAMP"      |

  @ENV-TYPE-001 @verify-envelope
  Scenario: a type the protocol does not define
    Given the envelope "e" is a valid lip LIP_FETCH from "alice" to "bob"
    And in "e" the member "/type" is "HELLO"
    And "e" is signed by "alice"
    When the implementation verifies "e"
    Then the verdict is invalid with error "UNSUPPORTED_TYPE"

  @ENV-PAY-001 @HCP-MSG-004 @verify-envelope
  Scenario: an HCP decision without alternatives
    Given the envelope "e" is a valid hcp HCP_DECISION from "alice" to "bob"
    And in "e" the member "/payload/alternatives" is removed
    And "e" is signed by "alice"
    When the implementation verifies "e"
    Then the verdict is invalid with error "PAYLOAD_SCHEMA"

  @ENV-PAY-001 @CIP-MSG-006 @verify-envelope
  Scenario: a fact proposed with a confidence above 1
    Given the envelope "e" is a valid cip FACT_PROPOSE from "alice" to "bob"
    And in "e" the member "/payload/fact/confidence" is the JSON '1.01'
    And "e" is signed by "alice"
    When the implementation verifies "e"
    Then the verdict is invalid with error "PAYLOAD_SCHEMA"
