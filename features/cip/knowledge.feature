@cip @rtt
Feature: CIP knowledge (anti-hallucination)
  spec/cip.md §4.5: a fact is accepted only with confirmations from two distinct trusted peers other
  than its proposer; without a DMP trace, or while the receiver is overloaded, it is rejected at once;
  a trusted conflict disputes it. The proposer hears the outcome; its trust follows Table 4.4.

  Background:
    Given "alice" is a trust anchor of the implementation
    And "bob" is a trust anchor of the implementation
    And peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation
    And peer "carol" has completed the CIP handshake with the implementation

  @CIP-KNW-001 @CIP-TRU-001 @HAR-CIP-003
  Scenario: two trusted confirmations accept the fact and make its proposer trusted
    When peer "carol" proposes the fact "f"
    And peer "alice" confirms the fact "f"
    Then the implementation reports the fact "f" as "pending"
    When peer "bob" confirms the fact "f"
    Then peer "carol" receives a FACT_CONFIRM for the fact "f"
    And the implementation reports the fact "f" as "accepted"
    And the implementation holds peer "carol" as "trusted"

  @CIP-KNW-001 @HAR-CIP-003
  Scenario: one trusted confirmation and one from a probing peer are not enough
    Given peer "dave" has completed the CIP handshake with the implementation
    When peer "carol" proposes the fact "f"
    And peer "alice" confirms the fact "f"
    And peer "dave" confirms the fact "f"
    Then peer "carol" receives no verdict on the fact "f"
    And the implementation reports the fact "f" as "pending"

  @CIP-KNW-001 @HAR-CIP-003
  Scenario: the same trusted peer confirming twice counts once
    When peer "carol" proposes the fact "f"
    And peer "alice" confirms the fact "f"
    And peer "alice" confirms the fact "f"
    Then the implementation reports the fact "f" as "pending"

  @CIP-KNW-002 @HAR-CIP-003
  Scenario: a fact without a DMP trace is rejected at once
    When peer "carol" proposes the fact "f" without a DMP trace
    Then peer "carol" receives a FACT_REJECT for the fact "f"
    And the implementation reports the fact "f" as "rejected"

  @CIP-KNW-002 @HAR-CIP-002 @HAR-CIP-003
  Scenario: a fact proposed while the receiver is overloaded is rejected at once
    When the implementation's load is "focused" with lri 90
    And peer "carol" proposes the fact "f"
    Then peer "carol" receives a FACT_REJECT for the fact "f"
    And the implementation reports the fact "f" as "rejected"

  @CIP-KNW-003 @CIP-TRU-001 @HAR-CIP-003
  Scenario: a trusted conflict disputes the fact and costs its proposer trust
    When peer "carol" proposes the fact "f"
    And peer "alice" challenges the fact "f" with reason "conflict"
    Then peer "carol" receives a FACT_REJECT for the fact "f"
    And the implementation reports the fact "f" as "disputed"
    And the implementation holds peer "carol" as "untrusted"

  @CIP-TRU-001 @HAR-CIP-003
  Scenario: the third rejected fact in a row makes a probing proposer untrusted
    When peer "carol" proposes the fact "f1" without a DMP trace
    And peer "carol" proposes the fact "f2" without a DMP trace
    Then the implementation holds peer "carol" as "probing"
    When peer "carol" proposes the fact "f3" without a DMP trace
    Then the implementation holds peer "carol" as "untrusted"

  @CIP-TRU-001 @HAR-CIP-003
  Scenario: an accepted fact between rejected ones starts the run of three again
    When peer "carol" proposes the fact "f1" without a DMP trace
    And peer "carol" proposes the fact "f2" without a DMP trace
    And peer "carol" proposes the fact "f3"
    And peer "alice" confirms the fact "f3"
    And peer "bob" confirms the fact "f3"
    Then the implementation holds peer "carol" as "trusted"
    When peer "carol" proposes the fact "f4" without a DMP trace
    Then the implementation reports the fact "f4" as "rejected"
    And the implementation holds peer "carol" as "trusted"

  @CIP-TRU-001 @HAR-RST-001 @HAR-CIP-001
  Scenario: a reset forgets every peer's trust state and its run of rejected facts
    When peer "carol" proposes the fact "f1" without a DMP trace
    And peer "carol" proposes the fact "f2" without a DMP trace
    And the implementation is reset
    Then the implementation holds peer "carol" as "untrusted"
    When peer "carol" has completed the CIP handshake with the implementation
    And peer "carol" proposes the fact "f3" without a DMP trace
    Then the implementation reports the fact "f3" as "rejected"
    And the implementation holds peer "carol" as "probing"

  @CIP-KNW-004
  Scenario: a confirmation of a fact the implementation does not hold
    When peer "alice" confirms a fact the implementation never saw
    Then the implementation refuses peer "alice"'s message with "TRUST_VIOLATION"

  @CIP-KNW-004
  Scenario: a proposer confirming its own fact
    When peer "carol" proposes the fact "f"
    And peer "carol" confirms the fact "f"
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"

  @CIP-TRU-001 @HAR-CIP-002 @HAR-CIP-003
  Scenario: facts rejected because the receiver is overloaded do not count against the proposer
    When the implementation's load is "overloaded" with lri 10
    And peer "carol" proposes the fact "f1"
    And peer "carol" proposes the fact "f2"
    And peer "carol" proposes the fact "f3"
    Then the implementation reports the fact "f3" as "rejected"
    And the implementation holds peer "carol" as "probing"

  @CIP-KNW-001 @HAR-CIP-001 @HAR-CIP-003
  Scenario: a confirmation counts by its sender's trust when it arrives, not when the fact is decided
    Given peer "dave" has completed the CIP handshake with the implementation
    When peer "carol" proposes the fact "f"
    And peer "dave" confirms the fact "f"
    And the implementation has handled every message of peer "dave"
    And the operator sets peer "dave" to "trusted"
    And peer "alice" confirms the fact "f"
    And the implementation has handled every message of peer "alice"
    Then peer "carol" receives no verdict on the fact "f"
    And the implementation reports the fact "f" as "pending"
    When peer "dave" confirms the fact "f"
    Then peer "carol" receives a FACT_CONFIRM for the fact "f"
    And the implementation reports the fact "f" as "accepted"

  @CIP-KNW-001 @HAR-CIP-001 @HAR-CIP-003
  Scenario: a counted confirmation still counts when its sender is demoted before the decision
    When peer "carol" proposes the fact "f"
    And peer "alice" confirms the fact "f"
    And the implementation has handled every message of peer "alice"
    And the operator sets peer "alice" to "probing"
    And peer "bob" confirms the fact "f"
    Then peer "carol" receives a FACT_CONFIRM for the fact "f"
    And the implementation reports the fact "f" as "accepted"

  @ENV-RPL-001 @CIP-TRU-003 @HAR-CIP-001 @HAR-CIP-003
  Scenario: a confirmation refused by a trust rule is remembered: the same envelope again is a REPLAY
    Given peer "dave" has completed the CIP handshake with the implementation
    When peer "carol" proposes the fact "f"
    And the operator sets peer "dave" to "untrusted"
    And peer "dave" confirms the fact "f"
    Then the implementation refuses peer "dave"'s message with "TRUST_VIOLATION"
    When the operator sets peer "dave" to "trusted"
    And peer "dave" sends its last envelope again
    Then the implementation refuses peer "dave"'s message with "REPLAY"
    When peer "alice" confirms the fact "f"
    And the implementation has handled every message of peer "alice"
    Then the implementation reports the fact "f" as "pending"
    When peer "dave" confirms the fact "f"
    Then peer "carol" receives a FACT_CONFIRM for the fact "f"
