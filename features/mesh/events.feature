@mesh @rtt @events
Feature: Mesh events
  spec/events.md EVT-MESH-001: for every MESH_RELAY past the gate, exactly one mesh.relay.dropped with
  the reason, or mesh.relay.delivered when it was delivered and one mesh.relay.forwarded per copy
  sent on — checked against the copies the tester peers received.

  Background:
    Given peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation
    And peer "carol" has completed the CIP handshake with the implementation
    And peer "alice" announces "xena" at 1 hop
    And peer "bob" announces "zoe" at 1 hop
    And the implementation's events are read from now

  @EVT-MESH-001
  Scenario: a forwarded relay is reported once per copy, a duplicate as dropped
    When peer "alice" relays the INTENT "i" from "xena" to "zoe"
    Then peer "bob" receives "i" forwarded by the implementation
    And the implementation reported for the relay "i": "forwarded to bob with 3 hops"
    When peer "carol" relays "i" again
    Then the implementation reported for the relay "i": "forwarded to bob with 3 hops, dropped duplicate"

  @EVT-MESH-001
  Scenario: a broadcast is reported delivered and forwarded to each neighbour not in its route
    When peer "alice" relays the DECISION_SHARE "d" from "alice" to "*"
    Then peer "bob" receives "d" forwarded by the implementation
    And peer "carol" receives "d" forwarded by the implementation
    And the implementation reported for the relay "d": "delivered DECISION_SHARE, forwarded to bob with 2 hops, forwarded to carol with 2 hops"

  @EVT-MESH-001
  Scenario: a relay for the implementation is reported delivered
    When peer "alice" relays the INTENT "i" from "alice" to "implementation"
    Then peer "alice" receives directly an INTENT_RESPONSE that accepts "i"
    And the implementation reported for the relay "i": "delivered INTENT"

  @EVT-MESH-001
  Scenario Outline: a relay that goes nowhere is reported dropped with its reason (<reason>)
    When peer "alice" relays the INTENT "i" from "xena" to "<destination>" with:
      | <member> | <value> |
    Then the implementation reported for the relay "i": "dropped <reason>"

    Examples:
      | destination | member    | value                       | reason      |
      | zoe         | route     | xena, implementation, alice | loop        |
      | zoe         | defect    | inner signature broken      | relay       |
      | zoe         | hop_limit | 2                           | hop_limit   |
      | wendy       | hop_limit | 9                           | unreachable |

  @EVT-MESH-001 @cip
  Scenario: a relay from a blacklisted origin is reported dropped
    Given the operator sets peer "xena" to "blacklisted"
    When peer "alice" relays the INTENT "i" from "xena" to "zoe"
    Then the implementation refuses peer "alice"'s message with "TRUST_VIOLATION"
    And the implementation reported for the relay "i": "dropped blacklisted"

  @EVT-MESH-003 @HAR-MESH-002
  Scenario: what the implementation originates is reported once per copy
    When the implementation is asked to send a FACT_PROPOSE through the mesh to "*"
    Then mesh/send answers "sent" to "alice, bob, carol" relayed
    And the implementation reported what it sent through the mesh as originated to "alice, bob, carol"

  @EVT-MESH-003 @HAR-MESH-002
  Scenario: a relay to a far agent is reported originated to the neighbour of its route
    When the implementation is asked to send an INTENT through the mesh to "zoe"
    Then mesh/send answers "sent" to "bob" relayed
    And the implementation reported what it sent through the mesh as originated to "bob"
