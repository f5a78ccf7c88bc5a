@mesh @rtt
Feature: Mesh relays: the implementation passes a MESH_RELAY on
  spec/mesh.md §4.3: a relay checks the route record (R1), forgets nothing it accepted (R2), never
  handles a relay twice or in a loop (R3), checks the inner envelope (R4) and its origin (R5), then
  forwards it byte-identical to the neighbour of the destination's route (§4.2) with itself appended
  to the route, or answers its origin HOP_LIMIT or UNREACHABLE. "xena", "zoe" and "wendy" are far
  agents: the tester holds their keys, and the peers relay for them.

  Background:
    Given peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation
    And peer "carol" has completed the CIP handshake with the implementation
    And peer "alice" announces "xena" at 1 hop
    And peer "bob" announces "zoe" at 1 hop

  @MESH-RLY-005
  Scenario: a relay from a far origin goes on, byte-identical, to the neighbour of its route only
    When peer "alice" relays the INTENT "i" from "xena" to "zoe"
    Then peer "bob" receives "i" forwarded by the implementation
    And peer "alice" receives no MESH_RELAY
    And peer "carol" receives no MESH_RELAY

  @MESH-RLY-005
  Scenario: a neighbour's own envelope is relayed with the route record of one hop
    When peer "alice" relays the FACT_PROPOSE "p" from "alice" to "zoe"
    Then peer "bob" receives "p" forwarded by the implementation
    And peer "carol" receives no MESH_RELAY

  @MESH-RLY-005 @MESH-RLY-006
  Scenario: a relay one hop below its hop limit is forwarded with that hop limit
    When peer "alice" relays the INTENT "i" from "xena" to "zoe" with:
      | hop_limit | 3 |
    Then peer "bob" receives "i" forwarded by the implementation

  @MESH-RTE-003
  Scenario: the route with fewer hops is taken
    When peer "carol" announces "zoe" at 2 hops
    And peer "alice" relays the INTENT "i" from "xena" to "zoe"
    Then peer "bob" receives "i" forwarded by the implementation
    And peer "carol" receives no MESH_RELAY

  @MESH-RTE-003
  Scenario: among routes of as many hops, the neighbour with the least fingerprint is taken
    When peer "carol" announces "zoe" at 1 hop
    And peer "alice" relays the INTENT "i" from "xena" to "zoe"
    Then of peers "bob, carol" the one with the least fingerprint receives "i" forwarded

  @MESH-RTE-003 @MESH-RLY-007
  Scenario: a route of more than 9 hops is not counted
    When peer "carol" announces "wendy" at 9 hops
    And peer "alice" relays the INTENT "i" from "xena" to "wendy"
    Then peer "alice" receives, relayed to "xena", a MESH_UNDELIVERABLE "UNREACHABLE" about "i"
    And peer "carol" receives no MESH_RELAY

  @MESH-RLY-006 @MESH-ORG-002
  Scenario: a relay whose route record reached its hop limit is answered HOP_LIMIT to its origin
    When peer "alice" relays the INTENT "i" from "xena" to "zoe" with:
      | hop_limit | 2 |
    Then peer "alice" receives, relayed to "xena", a MESH_UNDELIVERABLE "HOP_LIMIT" about "i"
    And peer "bob" receives no MESH_RELAY

  @MESH-RLY-006
  Scenario: a MESH_UNDELIVERABLE at its hop limit is dropped without an answer
    When peer "alice" relays the MESH_UNDELIVERABLE "u" from "xena" to "zoe" with:
      | hop_limit | 2 |
    Then the implementation sends nothing because of "u"

  @MESH-RLY-007 @MESH-ORG-002
  Scenario: a relay for a destination without a route is answered UNREACHABLE to its origin
    When peer "alice" relays the INTENT "i" from "xena" to "wendy"
    Then peer "alice" receives, relayed to "xena", a MESH_UNDELIVERABLE "UNREACHABLE" about "i"
    And peer "bob" receives no MESH_RELAY
    And peer "carol" receives no MESH_RELAY

  @MESH-RLY-007
  Scenario: a relay whose only route goes back through its route record is answered UNREACHABLE
    When peer "carol" announces "wendy" at 1 hop
    And peer "carol" relays the INTENT "i" from "xena" to "wendy"
    Then peer "alice" receives, relayed to "xena", a MESH_UNDELIVERABLE "UNREACHABLE" about "i"
    And peer "carol" receives no MESH_RELAY

  @MESH-RLY-003
  Scenario: a relay whose route record holds the implementation is dropped without an answer
    When peer "alice" relays the INTENT "i" from "xena" to "zoe" with:
      | route | xena, implementation, alice |
    Then the implementation sends nothing because of "i"

  @MESH-RLY-002
  Scenario: a relay the implementation has already accepted is dropped, from any neighbour
    When peer "alice" relays the INTENT "i" from "xena" to "zoe"
    Then peer "bob" receives "i" forwarded by the implementation
    When peer "carol" relays "i" again
    Then the implementation sends nothing because of "i"
    When peer "alice" relays "i" again
    Then the implementation sends nothing because of "i"

  @MESH-RLY-008
  Scenario: a broadcast goes on to every neighbour not in its route record
    When peer "alice" relays the DECISION_SHARE "d" from "alice" to "*"
    Then peer "bob" receives "d" forwarded by the implementation
    And peer "carol" receives "d" forwarded by the implementation
    And peer "alice" receives no MESH_RELAY

  @MESH-RLY-008
  Scenario: a broadcast skips the neighbours its route record holds
    When peer "alice" relays the DECISION_SHARE "d" from "bob" to "*"
    Then peer "carol" receives "d" forwarded by the implementation
    And peer "bob" receives no MESH_RELAY
    And peer "alice" receives no MESH_RELAY

  @MESH-RLY-008
  Scenario: a broadcast at its hop limit is delivered but not forwarded, and not answered
    When peer "alice" relays the DECISION_SHARE "d" from "alice" to "*" with:
      | hop_limit | 1 |
    Then the implementation sends nothing because of "d"

  @MESH-RLY-004 @cip
  Scenario: a relay from an origin the implementation holds blacklisted is refused
    Given the operator sets peer "xena" to "blacklisted"
    When peer "alice" relays the INTENT "i" from "xena" to "zoe"
    Then the implementation refuses peer "alice"'s message with "TRUST_VIOLATION"
    And peer "bob" receives no MESH_RELAY

  @MESH-RLY-001
  Scenario Outline: a relay with a defect of step R1 or R4 is refused with RELAY and goes nowhere
    When peer "alice" relays the <type> "i" from "xena" to "<destination>" with:
      | defect | <defect> |
    Then the implementation refuses peer "alice"'s message with "RELAY"
    And peer "bob" receives no MESH_RELAY
    And peer "carol" receives no MESH_RELAY

    Examples:
      | type           | destination | defect                         |
      | INTENT         | zoe         | route ends elsewhere           |
      | INTENT         | zoe         | route starts elsewhere         |
      | INTENT         | zoe         | route repeats an agent         |
      | INTENT         | zoe         | route longer than hop_limit    |
      | INTENT         | zoe         | inner signature broken         |
      | INTENT         | zoe         | inner sender not origin        |
      | INTENT         | zoe         | inner receiver not destination |
      | INTENT         | zoe         | inner timestamp stale          |
      | INTENT         | zoe         | envelope not canonical base64  |
      | INTENT         | zoe         | envelope not an envelope       |
      | HELLO          | zoe         | none                           |
      | INTENT         | *           | none                           |
      | MESH_UNDELIVERABLE | *       | none                           |

  @MESH-RLY-001 @MESH-RLY-005
  Scenario: an inner envelope of exactly 655,360 bytes passes step R4 and goes on
    When peer "alice" relays the FACT_PROPOSE "big" from "xena" to "zoe" with:
      | inner bytes | 655360 |
    Then peer "bob" receives "big" forwarded by the implementation
    And the implementation sends no ERROR to peer "alice"

  @MESH-RLY-001
  Scenario: an inner envelope of 655,361 bytes fails step R4: refused with RELAY, goes nowhere
    When peer "alice" relays the FACT_PROPOSE "big" from "xena" to "zoe" with:
      | inner bytes | 655361 |
    Then the implementation refuses peer "alice"'s message with "RELAY"
    And peer "bob" receives no MESH_RELAY
    And peer "carol" receives no MESH_RELAY
