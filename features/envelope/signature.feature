Feature: Envelope signatures
  spec/envelope.md, Signature: Ed25519 over the RFC 8785 form of the envelope without "sign",
  verified with the pinned criteria.

  Background:
    Given the envelope "e" is a valid cip INTENT from "alice" to "bob"

  @ENV-SIG-001 @ENV-SIG-008 @verify-envelope
  Scenario: the signature covers the value, not the text on the wire
    Given "e" is signed by "alice"
    And "e" is sent pretty-printed with its members in reverse order
    When the implementation verifies "e"
    Then the verdict is valid

  @ENV-SIG-001 @ENV-SIG-007 @verify-envelope
  Scenario: a payload changed after signing
    Given "e" is signed by "alice"
    And in "e" the member "/payload/priority" is "high"
    When the implementation verifies "e"
    Then the verdict is invalid with error "SIGNATURE_MISMATCH"

  @ENV-SIG-002 @verify-envelope
  Scenario: an algorithm other than ed25519
    Given "e" is signed by "alice"
    And in "e" the member "/sign/algo" is "Ed25519ph"
    When the implementation verifies "e"
    Then the verdict is invalid with error "INVALID_ENVELOPE"

  @ENV-SIG-003 @sign-envelope
  Scenario: signing is deterministic
    When the implementation signs "e" with the key "alice"
    Then its sign member equals that of "e" signed by "alice"

  @ENV-GEN-001 @sign-envelope
  Scenario: what the implementation signs, a receiver accepts
    When the implementation signs "e" with the key "alice"
    Then the signed envelope is accepted by the reference

  @ENV-SIG-004 @verify-envelope
  Scenario: S + L is not a valid signature
    Given "e" is signed by "alice"
    And the signature of "e" has S replaced by S + L
    When the implementation verifies "e"
    Then the verdict is invalid with error "SIGNATURE_MISMATCH"

  @ENV-SIG-006 @verify-envelope
  Scenario: an all-zero signature (small-order R, S = 0)
    Given "e" is signed by "alice"
    And in "e" the member "/sign/signature" is "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="
    When the implementation verifies "e"
    Then the verdict is invalid with error "SIGNATURE_MISMATCH"

  @ENV-SIG-007 @verify-envelope
  Scenario: a signature by another key
    Given "e" is signed by "mallory" keeping the sender
    When the implementation verifies "e"
    Then the verdict is invalid with error "SIGNATURE_MISMATCH"
