Feature: Agent identity in envelopes
  An agent is its Ed25519 key: pubkey is the padded base64 of the 32 raw bytes, fingerprint the
  lowercase hex SHA-256 of them (spec/envelope.md, Identity).

  Background:
    Given the envelope "e" is a valid cip HELLO from "alice" to "bob"

  @ENV-ID-001 @verify-envelope
  Scenario: a fingerprint in upper-case hex is not an envelope
    Given in "e" the member "/sender/fingerprint" is "{FINGERPRINT:alice}"
    And "e" is signed by "alice"
    When the implementation verifies "e"
    Then the verdict is invalid with error "INVALID_ENVELOPE"

  @ENV-ID-001 @verify-envelope
  Scenario: a pubkey in base64url is not an envelope
    Given in "e" the member "/sender/pubkey" is "{pubkey-url:alice}"
    And "e" is signed by "alice"
    When the implementation verifies "e"
    Then the verdict is invalid with error "INVALID_ENVELOPE"

  @ENV-ID-002 @verify-envelope
  Scenario: the fingerprint of another key is an identity mismatch
    Given in "e" the member "/sender/fingerprint" is "{fingerprint:bob}"
    And "e" is signed by "alice"
    When the implementation verifies "e"
    Then the verdict is invalid with error "IDENTITY_MISMATCH"

  @ENV-ID-002 @verify-envelope
  Scenario: a key swapped in by its signer is still bound to the wrong fingerprint
    Given in "e" the member "/sender/pubkey" is "{pubkey:mallory}"
    And "e" is signed by "mallory"
    When the implementation verifies "e"
    Then the verdict is invalid with error "IDENTITY_MISMATCH"
