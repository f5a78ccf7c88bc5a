@cip @rtt
Feature: CIP trust (LTP-Peer)
  spec/cip.md §4.4: the transitions of Table 4.4, trust anchors and the operator's override, read
  through the harness; blacklisted and untrusted peers are refused.

  @CIP-TRU-001 @HAR-CIP-001
  Scenario: a completed handshake makes a stranger probing
    Given peer "carol" has completed the CIP handshake with the implementation
    Then the implementation holds peer "carol" as "probing"

  @CIP-TRU-001 @HAR-CIP-001
  Scenario: a trust anchor stays trusted through its handshake
    Given "alice" is a trust anchor of the implementation
    And peer "alice" has completed the CIP handshake with the implementation
    Then the implementation holds peer "alice" as "trusted"

  @CIP-TRU-001 @HAR-CIP-001
  Scenario: a bad signature from a probing peer makes it untrusted
    Given peer "carol" has completed the CIP handshake with the implementation
    And the implementation holds peer "carol" as "probing"
    When peer "carol" sends an INTENT whose signature is corrupted
    Then the implementation refuses peer "carol"'s message with "SIGNATURE_MISMATCH"
    And the implementation holds peer "carol" as "untrusted"

  @CIP-TRU-001 @HAR-CIP-001
  Scenario: a wrong challenge response leaves a stranger untrusted
    Given peer "dave" has completed the RTT handshake with the implementation
    When peer "dave" sends HELLO
    And peer "dave" answers the HELLO with a VERIFY whose challenge response is wrong
    Then the implementation refuses peer "dave"'s message with "TRUST_VIOLATION"
    And the implementation holds peer "dave" as "untrusted"

  @CIP-TRU-001 @CIP-SES-001 @HAR-CIP-001
  Scenario: impersonation blacklists the peer, and only the operator lifts it
    Given peer "carol" has completed the CIP handshake with the implementation
    When peer "carol" sends a STATE_UPDATE signed by "mallory"
    Then the implementation holds peer "carol" as "blacklisted"
    When the operator sets peer "carol" to "probing"
    Then the implementation holds peer "carol" as "probing"
    When peer "carol" sends an INTENT
    Then peer "carol" receives an INTENT_RESPONSE that accepts it

  @CIP-TRU-003 @HAR-CIP-001
  Scenario: an untrusted peer's messages are refused after its handshake
    Given peer "carol" has completed the CIP handshake with the implementation
    When the operator sets peer "carol" to "untrusted"
    And peer "carol" sends an INTENT
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"

  @CIP-TRU-001 @HAR-CIP-001 @HAR-CLK-001
  Scenario: a trusted peer that goes silent until the dead-peer timeout is only probing afterwards
    Given "alice" is a trust anchor of the implementation
    And peer "alice" has completed the CIP handshake with the implementation
    And peer "alice" goes silent
    When the implementation's clock advances 46 seconds
    Then the implementation holds peer "alice" as "probing"
