Feature: The LIP envelope carries the source of evidence
  spec/lip.md: LIP_EVIDENCE and LIP_CONFLICT carry a source block; its tier is one of five.

  @LIP-ENV-001 @verify-envelope
  Scenario: evidence without its source
    Given the envelope "e" is a valid lip LIP_EVIDENCE from "alice" to "bob"
    And in "e" the member "/source" is removed
    And "e" is signed by "alice"
    When the implementation verifies "e"
    Then the verdict is invalid with error "INVALID_ENVELOPE"

  @LIP-ENV-001 @verify-envelope
  Scenario: a blocked source is still a well-formed source block
    Given the envelope "e" is a valid lip LIP_EVIDENCE from "alice" to "bob"
    And in "e" the member "/source/trust_tier" is "blocked"
    And "e" is signed by "alice"
    When the implementation verifies "e"
    Then the verdict is valid
