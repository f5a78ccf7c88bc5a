@events @cip @rtt
Feature: Observability events
  spec/events.md: the implementation reports its RTT and CIP steps as numbered events of a fixed
  shape, read through the harness (events) and checked against what the tester saw on the wire.

  @EVT-ENV-001 @EVT-RTT-001 @EVT-CIP-001 @EVT-CIP-002 @HAR-EVT-001
  Scenario: a CIP session is reported step by step, in the contract's shape
    Given the implementation's events are read from now
    And peer "carol" has completed the CIP handshake with the implementation
    Then the implementation reported "rtt.handshake.completed" for peer "carol"
    And the implementation reported "cip.handshake.completed" for peer "carol"
    And the implementation reported "cip.trust.changed" for peer "carol" from "untrusted" to "probing"
    When peer "carol" ends its connection with GOAWAY
    Then the implementation reported "rtt.connection.closed" for peer "carol"
    And the events it reported conform to the event contract and are numbered without gaps

  @EVT-CIP-004 @EVT-CIP-002 @HAR-EVT-001
  Scenario: the handshake's completion is reported before the trust change it causes
    When the implementation is reset
    And peer "carol" has completed the CIP handshake with the implementation
    Then the implementation reported "cip.handshake.completed" before "cip.trust.changed" for peer "carol"

  @EVT-RTT-002 @HAR-EVT-001
  Scenario: a refusal is reported with its code and msg_id
    Given the implementation's events are read from now
    And peer "carol" has completed the RTT handshake with the implementation
    When peer "carol" sends an INTENT
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"
    And the implementation reported "rtt.error.sent" with code "TRUST_VIOLATION" for peer "carol"'s message

  @EVT-CIP-001 @HAR-EVT-001
  Scenario: no trust event when the state does not change
    Given "alice" is a trust anchor of the implementation
    And the implementation's events are read from now
    And peer "alice" has completed the CIP handshake with the implementation
    Then the implementation reported "cip.handshake.completed" for peer "alice"
    And the implementation reported no "cip.trust.changed" for peer "alice"

  @EVT-CIP-003 @EVT-CIP-001 @HAR-EVT-001
  Scenario: knowledge decisions and the proposer's promotion are reported
    Given "alice" is a trust anchor of the implementation
    And "bob" is a trust anchor of the implementation
    And peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation
    And peer "carol" has completed the CIP handshake with the implementation
    And the implementation's events are read from now
    When peer "carol" proposes the fact "f"
    And peer "alice" confirms the fact "f"
    And peer "bob" confirms the fact "f"
    Then the implementation reported "cip.knowledge.decided" for the fact "f" as "accepted"
    And the implementation reported "cip.trust.changed" for peer "carol" from "probing" to "trusted"
    And the events it reported conform to the event contract and are numbered without gaps

  @EVT-SEQ-001 @HAR-EVT-001
  Scenario: numbering starts again at 1 after a reset
    When the implementation is reset
    And peer "carol" has completed the RTT handshake with the implementation
    Then its first event after the reset is number 1
