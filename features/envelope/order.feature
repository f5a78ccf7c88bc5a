Feature: One defect, one code; several defects, the first in the validation order
  spec/envelope.md, Validation order and error registry.

  @ENV-ERR-001 @verify-envelope
  Scenario: a bad signature is reported before a bad timestamp
    Given the envelope "e" is a valid cip INTENT from "alice" to "bob"
    And "e" is signed by "alice"
    And the signature of "e" is corrupted
    And the receiver's clock is 3600 seconds ahead of the envelope
    When the implementation verifies "e"
    Then the verdict is invalid with error "SIGNATURE_MISMATCH"

  @ENV-ERR-001 @verify-envelope
  Scenario: a bad timestamp is reported before a bad payload
    Given the envelope "e" is a valid cip INTENT from "alice" to "bob"
    And in "e" the member "/payload/goal" is "chat"
    And "e" is signed by "alice"
    And the receiver's clock is 3600 seconds ahead of the envelope
    When the implementation verifies "e"
    Then the verdict is invalid with error "TIMESTAMP"

  @ENV-ERR-001 @verify-envelope
  Scenario: an identity mismatch is reported before a bad signature
    Given the envelope "e" is a valid cip INTENT from "alice" to "bob"
    And in "e" the member "/sender/fingerprint" is "{fingerprint:bob}"
    And "e" is signed by "alice"
    And the signature of "e" is corrupted
    When the implementation verifies "e"
    Then the verdict is invalid with error "IDENTITY_MISMATCH"

  @ENV-ERR-003 @verify-envelope
  Scenario: every message type of every protocol, valid, is accepted
    Given the protocols' message types
    Then the implementation accepts a valid envelope of each, signed by "alice"
