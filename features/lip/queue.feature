@lip @rtt @clock
Feature: The LIP deferred-acceptance queue
  spec/lip.md §4.7: every evidence becomes an item whose status is the first matching row of Table
  4.7a; accepted only from a medium or high source or with two trusted corroborations, with provenance,
  no open conflict and no overload; the asker or originator is told every decision (Table 4.7c); only
  accepted items enter memory.

  Background:
    Given "alice" is a trust anchor of the implementation
    And "bob" is a trust anchor of the implementation
    And peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation
    And peer "carol" has completed the CIP handshake with the implementation

  @LIP-QUE-003 @LIP-NOT-001 @HAR-LIP-002 @LIP-QUE-009 @LIP-QUE-001
  Scenario: evidence from a medium source is accepted on arrival: LIP_EVIDENCE, then LIP_ACCEPT with reason "tier"
    Given the implementation's source "/medium/" is "medium"
    And the web serves evidence at "/medium/doc" with the claim "c"
    When peer "carol" asks the implementation to fetch "/medium/doc"
    Then peer "carol" receives LIP_EVIDENCE for "/medium/doc" with tier "medium"
    And peer "carol" receives a LIP_ACCEPT for the evidence of "/medium/doc" with reason "tier"
    And the implementation reports the evidence of "/medium/doc" as "accepted" with reason "tier"
    And the implementation holds the evidence of "/medium/doc" in memory

  @LIP-QUE-003 @HAR-LIP-002
  Scenario: evidence from a low source stays pending
    Given the implementation's source "/low/" is "low"
    And the web serves evidence at "/low/doc" with the claim "c"
    When peer "carol" asks the implementation to fetch "/low/doc"
    Then peer "carol" receives LIP_EVIDENCE for "/low/doc" with tier "low"
    And peer "carol" receives no LIP decision
    And the implementation reports the evidence of "/low/doc" as "pending"
    And the implementation does not hold the evidence of "/low/doc" in memory

  @LIP-QUE-004 @LIP-NOT-001 @HAR-LIP-002
  Scenario: two trusted peers corroborate: accepted, LIP_ACCEPT with both fingerprints in ascending order
    Given the web serves evidence at "/low/doc" with the claim "c"
    When peer "carol" asks the implementation to fetch "/low/doc"
    Then peer "carol" receives LIP_EVIDENCE for "/low/doc" with tier "unknown"
    When peer "alice" accepts the evidence of "/low/doc"
    Then peer "carol" receives no LIP decision
    When peer "bob" accepts the evidence of "/low/doc"
    Then peer "carol" receives a LIP_ACCEPT for the evidence of "/low/doc" with reason "corroborated" from "alice, bob"
    And the implementation lists the evidence of "/low/doc" with the corroborators "alice, bob"
    And the implementation holds the evidence of "/low/doc" in memory

  @LIP-QUE-004
  Scenario: one trusted peer and one probing peer are not enough
    Given peer "dave" has completed the CIP handshake with the implementation
    And the web serves evidence at "/low/doc" with the claim "c"
    When peer "carol" asks the implementation to fetch "/low/doc"
    Then peer "carol" receives LIP_EVIDENCE for "/low/doc" with tier "unknown"
    When peer "alice" accepts the evidence of "/low/doc"
    And peer "dave" accepts the evidence of "/low/doc"
    Then peer "carol" receives no LIP decision
    And the implementation reports the evidence of "/low/doc" as "pending"
    And the implementation lists the evidence of "/low/doc" with the corroborators "alice"

  @LIP-QUE-004
  Scenario: the same trusted peer accepting twice counts once
    Given the web serves evidence at "/low/doc" with the claim "c"
    When peer "carol" asks the implementation to fetch "/low/doc"
    Then peer "carol" receives LIP_EVIDENCE for "/low/doc" with tier "unknown"
    When peer "alice" accepts the evidence of "/low/doc"
    And peer "alice" accepts the evidence of "/low/doc"
    Then peer "carol" receives no LIP decision
    And the implementation reports the evidence of "/low/doc" as "pending"

  @LIP-QUE-008 @LIP-QUE-004
  Scenario: the originator's own LIP_ACCEPT does not count towards corroboration
    When peer "alice" sends LIP_EVIDENCE from "/unknown/doc" with the claim "c"
    And peer "alice" accepts the evidence of "/unknown/doc"
    And peer "bob" accepts the evidence of "/unknown/doc"
    Then the implementation does not refuse peer "alice"'s LIP message
    And the implementation reports the evidence of "/unknown/doc" as "pending"
    And the implementation lists the evidence of "/unknown/doc" with the corroborators "bob"

  @LIP-QUE-006 @LIP-NOT-001 @HAR-LIP-002
  Scenario: one trusted LIP_REJECT rejects a pending item
    When peer "carol" sends LIP_EVIDENCE from "/unknown/doc" with the claim "c"
    And peer "alice" rejects the evidence of "/unknown/doc"
    Then peer "carol" receives a LIP_REJECT for the evidence of "/unknown/doc" with reason "peer_rejection" from "alice"
    And the implementation reports the evidence of "/unknown/doc" as "rejected" with reason "peer_rejection"
    And the implementation does not hold the evidence of "/unknown/doc" in memory

  @LIP-QUE-006
  Scenario: a probing peer's LIP_REJECT changes nothing
    Given peer "dave" has completed the CIP handshake with the implementation
    When peer "carol" sends LIP_EVIDENCE from "/unknown/doc" with the claim "c"
    And peer "dave" rejects the evidence of "/unknown/doc"
    Then peer "carol" receives no LIP decision
    And the implementation reports the evidence of "/unknown/doc" as "pending"

  @LIP-QUE-002 @HAR-LIP-001 @LIP-NOT-001
  Scenario: a peer's evidence from a blocked source is rejected at once: "blocked"
    Given the implementation's source "/blocked/" is "blocked"
    When peer "carol" sends LIP_EVIDENCE from "/blocked/doc" with the claim "c"
    Then peer "carol" receives a LIP_REJECT for the evidence of "/blocked/doc" with reason "blocked"
    And the implementation reports the evidence of "/blocked/doc" as "rejected" with reason "blocked"

  @LIP-QUE-002 @HAR-LIP-002
  Scenario: the 1,000th undecided item is pending, the 1,001st is rejected: "queue_full"
    When peer "carol" sends 999 LIP_EVIDENCE from "/unknown/many"
    And peer "carol" sends LIP_EVIDENCE from "/unknown/1000" with the claim "the thousandth"
    Then peer "carol" receives no LIP decision
    And the implementation reports the evidence of "/unknown/1000" as "pending"
    When peer "carol" sends LIP_EVIDENCE from "/unknown/1001" with the claim "one too many"
    Then peer "carol" receives a LIP_REJECT for the evidence of "/unknown/1001" with reason "queue_full"

  @LIP-QUE-005 @HAR-CIP-002 @HAR-LIP-003
  Scenario: while overloaded a medium source's evidence stays pending; it is accepted when the load drops
    Given the implementation's source "/medium/" is "medium"
    When the implementation's load is "focused" with lri 90
    And peer "carol" sends LIP_EVIDENCE from "/medium/doc" with the claim "c"
    Then peer "carol" receives no LIP decision
    And the implementation reports the evidence of "/medium/doc" as "pending"
    When the implementation's load is "focused" with lri 10
    Then peer "carol" has already received a LIP_ACCEPT for the evidence of "/medium/doc" with reason "tier"

  @LIP-QUE-005 @HAR-CIP-002 @HAR-LIP-003
  Scenario: while overloaded two corroborations do not accept; the drop of the load does
    When the implementation's load is "overloaded" with lri 10
    And peer "carol" sends LIP_EVIDENCE from "/unknown/doc" with the claim "c"
    And peer "alice" accepts the evidence of "/unknown/doc"
    And peer "bob" accepts the evidence of "/unknown/doc"
    Then peer "carol" receives no LIP decision
    And the implementation reports the evidence of "/unknown/doc" as "pending"
    When the implementation's load is "focused" with lri 10
    Then peer "carol" has already received a LIP_ACCEPT for the evidence of "/unknown/doc" with reason "corroborated" from "alice, bob"

  @LIP-QUE-007 @HAR-LIP-003
  # The agent's clock also moves in real time while the steps run (seconds on a loaded machine), so the
  # "not earlier" check stands a minute before the 86,400: at 86,399 it failed a loaded build.
  Scenario: an item is pending a minute before 86,400 seconds and rejected as expired at 86,400
    When peer "carol" sends LIP_EVIDENCE from "/unknown/doc" with the claim "c"
    And every peer closes its connection
    And the implementation's clock advances 86340 seconds for LIP
    Then the implementation reports the evidence of "/unknown/doc" as "pending"
    When the implementation's clock advances 60 seconds for LIP
    Then the implementation reports the evidence of "/unknown/doc" as "rejected" with reason "expired"

  @LIP-QUE-009 @HAR-LIP-002
  Scenario: only accepted items are in memory
    Given the implementation's source "/medium/" is "medium"
    When peer "carol" sends LIP_EVIDENCE from "/medium/doc" with the claim "accepted claim"
    And peer "carol" sends LIP_EVIDENCE from "/unknown/pending" with the claim "pending claim"
    And peer "carol" sends LIP_EVIDENCE from "/unknown/disputed" with the claim "disputed claim"
    And peer "alice" reports a conflict with the claim "disputed claim" of "/unknown/disputed"
    And peer "carol" sends LIP_EVIDENCE from "/unknown/rejected" with no evidence entries
    Then the implementation reports the evidence of "/medium/doc" as "accepted"
    And the implementation holds the evidence of "/medium/doc" in memory
    And the implementation reports the evidence of "/unknown/disputed" as "disputed"
    And the implementation does not hold the evidence of "/unknown/pending" in memory
    And the implementation does not hold the evidence of "/unknown/disputed" in memory
    And the implementation does not hold the evidence of "/unknown/rejected" in memory

  @LIP-QUE-001 @HAR-LIP-002 @HAR-LIP-001
  Scenario: accepted is final: a later trusted LIP_REJECT leaves it accepted, and counts as refuted
    Given the implementation's source "/medium/" is "medium"
    When peer "carol" sends LIP_EVIDENCE from "/medium/doc" with the claim "c"
    Then peer "carol" receives a LIP_ACCEPT for the evidence of "/medium/doc" with reason "tier"
    When peer "alice" rejects the evidence of "/medium/doc"
    Then peer "carol" receives no LIP decision
    And the implementation reports the evidence of "/medium/doc" as "accepted" with reason "tier"
    And the implementation lists the configured source "/medium/" at tier "medium" with runs 0 and 1

  @LIP-QUE-001 @LIP-FET-008 @HAR-LIP-002
  Scenario: a failed source adds no item
    Given the web answers "/unknown/gone" with status 500
    When peer "carol" asks the implementation to fetch "/unknown/gone"
    Then the implementation answers peer "carol"'s fetch with "FETCH_FAILED"
    And the implementation's queue holds 0 items
