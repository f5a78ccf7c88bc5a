@cip @rtt
Feature: CIP handshake, as initiator
  spec/cip.md §4.2 with harness.md §4.7: the harness makes the implementation dial the tester's peer
  "dana"; the implementation must start the CIP handshake and check the responder's answer.

  @CIP-HS-001 @CIP-HS-003 @CIP-HS-005 @HAR-RTT-001
  Scenario: the implementation starts the handshake and answers a valid responder
    Given peer "dana" listens for RTT connections
    When the implementation is asked to dial peer "dana"
    And peer "dana" answers the RTT handshake
    Then peer "dana" receives a HELLO naming "cip/1.0" without a challenge response
    When peer "dana" answers with its HELLO
    Then peer "dana" receives a VERIFY whose challenge response verifies
    And peer "dana" receives a STATE_UPDATE on channel "state"

  @CIP-HS-003
  Scenario: the implementation refuses a responder whose challenge response is wrong
    Given peer "dana" listens for RTT connections
    When the implementation is asked to dial peer "dana"
    And peer "dana" answers the RTT handshake
    Then peer "dana" receives a HELLO naming "cip/1.0" without a challenge response
    When peer "dana" answers with a HELLO whose challenge response is wrong
    Then the implementation refuses peer "dana"'s message with "TRUST_VIOLATION"
    And peer "dana" receives no VERIFY
