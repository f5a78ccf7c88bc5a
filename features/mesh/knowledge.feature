@mesh @rtt @cip
Feature: Mesh knowledge: confirmations across the mesh
  spec/mesh.md §4.7: a relayed FACT_CONFIRM counts as its origin's confirmation; two distinct trusted
  origins accept a fact whether they are neighbours or far; the same confirmation relayed twice counts
  once; the outcome goes back to a far proposer through the mesh, and on its session to a proposer that
  has one, mesh or not (cip.md §4.5). "xena" and "yves" are far agents
  the implementation trusts, behind peers "alice" and "bob".

  Background:
    Given "xena" is a trust anchor of the implementation
    And "yves" is a trust anchor of the implementation
    And peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation
    And peer "carol" has completed the CIP handshake with the implementation
    And peer "alice" announces "xena" at 1 hop
    And peer "bob" announces "yves" at 1 hop

  @MESH-KNW-001 @HAR-CIP-003
  Scenario: two relayed confirmations from trusted far origins accept a neighbour's fact
    When peer "carol" proposes the fact "f"
    And peer "alice" relays the FACT_CONFIRM "c1" from "xena" to "implementation" with:
      | fact | f |
    Then the implementation reports the fact "f" as "pending"
    When peer "bob" relays the FACT_CONFIRM "c2" from "yves" to "implementation" with:
      | fact | f |
    Then peer "carol" receives a FACT_CONFIRM for the fact "f"
    And the implementation reports the fact "f" as "accepted"

  @MESH-KNW-001 @MESH-ORG-002 @HAR-CIP-003
  Scenario: a far proposer hears the acceptance of its fact through the mesh
    Given the operator sets peer "zoe" to "probing"
    And peer "carol" announces "zoe" at 1 hop
    When peer "carol" relays the FACT_PROPOSE "f" from "zoe" to "implementation"
    And peer "alice" relays the FACT_CONFIRM "c1" from "xena" to "implementation" with:
      | fact | f |
    And peer "bob" relays the FACT_CONFIRM "c2" from "yves" to "implementation" with:
      | fact | f |
    Then peer "carol" receives, relayed to "zoe", a FACT_CONFIRM for the fact "f"
    And the implementation reports the fact "f" as "accepted"

  @MESH-KNW-001 @HAR-CIP-003
  Scenario: a proposer with a CIP session without the mesh hears the outcome on that session
    Given peer "dave" does not take part in the mesh
    And peer "dave" has completed the CIP handshake with the implementation
    And peer "carol" announces "dave" at 1 hop
    When peer "carol" relays the FACT_PROPOSE "f" from "dave" to "implementation"
    And peer "alice" relays the FACT_CONFIRM "c1" from "xena" to "implementation" with:
      | fact | f |
    And peer "bob" relays the FACT_CONFIRM "c2" from "yves" to "implementation" with:
      | fact | f |
    Then peer "dave" receives a FACT_CONFIRM for the fact "f"
    And the implementation reports the fact "f" as "accepted"

  @MESH-KNW-002 @MESH-RLY-002 @MESH-DEL-002 @HAR-CIP-003
  Scenario: the same confirmation relayed twice counts once
    When peer "carol" proposes the fact "f"
    And peer "alice" relays the FACT_CONFIRM "c1" from "xena" to "implementation" with:
      | fact | f |
    And peer "bob" relays "c1" again
    And peer "bob" relays the inner envelope of "c1" again as "c3"
    Then peer "alice" receives, relayed to "xena", a MESH_UNDELIVERABLE "REPLAY" about "c3"
    And peer "carol" receives no verdict on the fact "f"
    And the implementation reports the fact "f" as "pending"
