@cip @rtt
Feature: CIP intents and load
  spec/cip.md §4.3: an INTENT is accepted, or deferred when the receiver is overloaded (presence
  overloaded, or a load index of 80 or more).

  @CIP-INT-001 @core
  Scenario: an intent after the handshake is accepted
    Given peer "carol" has completed the CIP handshake with the implementation
    When peer "carol" sends an INTENT
    Then peer "carol" receives an INTENT_RESPONSE that accepts it

  @CIP-INT-001 @RTT-CH-007 @core
  Scenario: the answer to an intent travels on control
    Given peer "carol" has completed the CIP handshake with the implementation
    When peer "carol" sends an INTENT
    Then peer "carol" receives a INTENT_RESPONSE on channel "control"

  @ENV-MSG-002 @CIP-INT-001
  Scenario: every envelope the implementation sends, on any connection, has a msg_id of its own
    Given peer "carol" has completed the CIP handshake with the implementation
    And peer "dave" has completed the CIP handshake with the implementation
    When peers "carol" and "dave" each send 3 INTENTs
    Then the INTENT_RESPONSEs they receive have 6 distinct msg_ids

  @CIP-INT-001 @HAR-CIP-002
  Scenario: at a load index of 79 the intent is still accepted
    Given peer "carol" has completed the CIP handshake with the implementation
    When the implementation's load is "focused" with lri 79
    And peer "carol" sends an INTENT
    Then peer "carol" receives an INTENT_RESPONSE that accepts it

  @CIP-INT-002 @HAR-CIP-002
  Scenario: at a load index of 80 the intent is deferred
    Given peer "carol" has completed the CIP handshake with the implementation
    When the implementation's load is "focused" with lri 80
    And peer "carol" sends an INTENT
    Then peer "carol" receives an INTENT_RESPONSE that defers it

  @CIP-INT-002 @HAR-CIP-002
  Scenario: an overloaded presence defers the intent whatever the load index
    Given peer "carol" has completed the CIP handshake with the implementation
    When the implementation's load is "overloaded" with lri 10
    And peer "carol" sends an INTENT
    Then peer "carol" receives an INTENT_RESPONSE that defers it
