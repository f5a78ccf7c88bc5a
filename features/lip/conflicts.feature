@lip @rtt
Feature: LIP conflicts reported by trusted peers
  spec/lip.md §4.7.3: a LIP_CONFLICT from a trusted peer naming a claim of a pending item from the same
  source disputes it; the reporter's LIP_ACCEPT resolves it; a disputed item is never accepted.

  Background:
    Given "alice" is a trust anchor of the implementation
    And "bob" is a trust anchor of the implementation
    And "erin" is a trust anchor of the implementation
    And peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation
    And peer "erin" has completed the CIP handshake with the implementation
    And peer "carol" has completed the CIP handshake with the implementation
    And the web serves evidence at "/low/doc" with the claims "A" and "B"
    And peer "carol" asks the implementation to fetch "/low/doc"
    And peer "carol" receives LIP_EVIDENCE for "/low/doc" with tier "unknown"

  @LIP-CON-001 @LIP-NOT-001 @HAR-LIP-002
  Scenario: a trusted conflict report disputes a pending item; the asker hears it with the reporter's severity
    When peer "alice" reports a conflict with the claim "B" of "/low/doc" with severity "medium"
    Then peer "carol" receives a LIP_CONFLICT for the evidence of "/low/doc" naming "B" from "alice" with severity "medium"
    And the implementation reports the evidence of "/low/doc" as "disputed"
    And the implementation lists the evidence of "/low/doc" with a conflict from "alice" that is open

  @LIP-CON-001
  Scenario: a probing peer's conflict report changes nothing
    Given peer "dave" has completed the CIP handshake with the implementation
    When peer "dave" reports a conflict with the claim "A" of "/low/doc"
    Then peer "carol" receives no LIP decision
    And the implementation reports the evidence of "/low/doc" as "pending"

  @LIP-CON-001
  Scenario: a report naming another claim, or another source, changes nothing
    When peer "alice" reports a conflict with the claim "C" of "/low/doc"
    And peer "bob" reports a conflict with the claim "A" of "/low/other"
    Then peer "carol" receives no LIP decision
    And the implementation reports the evidence of "/low/doc" as "pending"

  @LIP-CON-003 @LIP-CON-001
  Scenario: a disputed item is not accepted by two corroborations
    When peer "alice" reports a conflict with the claim "A" of "/low/doc"
    Then peer "carol" receives a LIP_CONFLICT for the evidence of "/low/doc" naming "A" from "alice" with severity "high"
    When peer "bob" accepts the evidence of "/low/doc"
    And peer "erin" accepts the evidence of "/low/doc"
    Then peer "carol" receives no LIP decision
    And the implementation reports the evidence of "/low/doc" as "disputed"

  @LIP-CON-003 @LIP-NOT-001
  Scenario: the reporter's LIP_ACCEPT resolves its conflict; the item is then accepted by its corroborations
    When peer "alice" reports a conflict with the claim "A" of "/low/doc"
    And peer "bob" accepts the evidence of "/low/doc"
    And peer "erin" accepts the evidence of "/low/doc"
    Then peer "carol" receives a LIP_CONFLICT for the evidence of "/low/doc" naming "A" from "alice" with severity "high"
    When peer "alice" accepts the evidence of "/low/doc"
    Then peer "carol" receives a LIP_ACCEPT for the evidence of "/low/doc" with reason "corroborated" from "alice, bob, erin"
    And the implementation lists the evidence of "/low/doc" with a conflict from "alice" that is resolved
    And the implementation reports the evidence of "/low/doc" as "accepted" with reason "corroborated"

  @LIP-QUE-006 @LIP-CON-001
  Scenario: a trusted LIP_REJECT rejects a disputed item
    When peer "alice" reports a conflict with the claim "A" of "/low/doc"
    And peer "bob" rejects the evidence of "/low/doc"
    Then peer "carol" receives a LIP_CONFLICT for the evidence of "/low/doc" naming "A" from "alice" with severity "high"
    And peer "carol" receives a LIP_REJECT for the evidence of "/low/doc" with reason "peer_rejection" from "bob"
    And the implementation reports the evidence of "/low/doc" as "rejected" with reason "peer_rejection"

  @LIP-CON-001
  Scenario: two reporters open two conflicts; the item stays disputed until both are resolved
    When peer "alice" reports a conflict with the claim "A" of "/low/doc"
    And peer "bob" reports a conflict with the claim "B" of "/low/doc" with severity "low"
    Then peer "carol" receives a LIP_CONFLICT for the evidence of "/low/doc" naming "A" from "alice" with severity "high"
    And peer "carol" receives a LIP_CONFLICT for the evidence of "/low/doc" naming "B" from "bob" with severity "low"
    When peer "alice" accepts the evidence of "/low/doc"
    Then the implementation reports the evidence of "/low/doc" as "disputed"
    When peer "bob" accepts the evidence of "/low/doc"
    Then the implementation reports the evidence of "/low/doc" as "accepted" with reason "corroborated"
