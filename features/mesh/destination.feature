@mesh @rtt
Feature: Mesh delivery: the implementation as the destination of a relay
  spec/mesh.md §4.4: the inner envelope of a MESH_RELAY for the implementation is handled as if it had
  come from its origin on a session; what the behaviour refuses is answered with a MESH_UNDELIVERABLE
  to the origin, and its answers are originated by §4.2 — relayed back to a far origin, directly to a
  neighbour. "xena" is a far agent that peer "alice" relays for.

  Background:
    Given peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation
    And peer "alice" announces "xena" at 1 hop

  @MESH-DEL-002 @MESH-ORG-002
  Scenario: a relayed INTENT from an untrusted origin is answered TRUST_VIOLATION through the mesh
    When peer "alice" relays the INTENT "i" from "xena" to "implementation"
    Then peer "alice" receives, relayed to "xena", a MESH_UNDELIVERABLE "TRUST_VIOLATION" about "i"
    And the implementation sends no ERROR to peer "alice"
    And peer "bob" receives no MESH_RELAY

  @MESH-DEL-001 @MESH-ORG-002 @cip
  Scenario: a relayed INTENT from a probing origin is answered with an INTENT_RESPONSE relayed back
    Given the operator sets peer "xena" to "probing"
    When peer "alice" relays the INTENT "i" from "xena" to "implementation"
    Then peer "alice" receives, relayed to "xena", an INTENT_RESPONSE that accepts "i"
    And the implementation sends no ERROR to peer "alice"

  @MESH-DEL-001 @MESH-ORG-001
  Scenario: a neighbour's relayed INTENT is answered directly on its session
    When peer "alice" relays the INTENT "i" from "alice" to "implementation"
    Then peer "alice" receives directly an INTENT_RESPONSE that accepts "i"
    And peer "alice" receives no MESH_RELAY

  @MESH-DEL-002 @cip
  Scenario: the same inner envelope under another mesh_id is answered REPLAY through the mesh
    Given the operator sets peer "xena" to "probing"
    When peer "alice" relays the INTENT "i" from "xena" to "implementation"
    Then peer "alice" receives, relayed to "xena", an INTENT_RESPONSE that accepts "i"
    When peer "bob" relays the inner envelope of "i" again as "j"
    Then peer "alice" receives, relayed to "xena", a MESH_UNDELIVERABLE "REPLAY" about "j"
    And the implementation sends no ERROR to peer "bob"

  @MESH-DEL-002 @CIP-KNW-004 @HAR-CIP-003 @cip
  Scenario: a far proposer confirming its own fact through the mesh is answered TRUST_VIOLATION through the mesh
    Given the operator sets peer "xena" to "trusted"
    When peer "alice" relays the FACT_PROPOSE "f" from "xena" to "implementation"
    And peer "alice" relays the FACT_CONFIRM "c" from "xena" to "implementation" with:
      | fact | f |
    Then peer "alice" receives, relayed to "xena", a MESH_UNDELIVERABLE "TRUST_VIOLATION" about "c"
    And the implementation sends no ERROR to peer "alice"
    And the implementation reports the fact "f" as "pending"
