@mesh @rtt
Feature: Mesh origin: the implementation sends through the mesh (harness mesh/send)
  spec/mesh.md §4.2 and spec/harness.md §4.14: an envelope for a neighbour goes directly on its
  session; for any other destination with a route, as a MESH_RELAY with a new mesh_id, route
  [implementation] and hop limit 9 (or the one asked for); for every agent, one MESH_RELAY per
  neighbour under one mesh_id, remembered as accepted. "zoe" is a far agent behind peer "bob".

  Background:
    Given peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation
    And peer "carol" has completed the CIP handshake with the implementation
    And peer "bob" announces "zoe" at 1 hop

  @MESH-ORG-001 @HAR-MESH-002
  Scenario: an envelope for a neighbour goes directly on its session
    When the implementation is asked to send an INTENT through the mesh to "alice"
    Then mesh/send answers "sent" to "alice" directly
    And peer "alice" receives the envelope sent directly
    And peer "alice" receives no MESH_RELAY
    And peer "bob" receives no MESH_RELAY

  @MESH-ORG-002 @HAR-MESH-002
  Scenario: an envelope for a far agent goes as a MESH_RELAY to the neighbour of its route
    When the implementation is asked to send an INTENT through the mesh to "zoe"
    Then mesh/send answers "sent" to "bob" relayed
    And peer "bob" receives the envelope sent as a relay with hop limit 9
    And peer "alice" receives no MESH_RELAY
    And peer "carol" receives no MESH_RELAY

  @MESH-ORG-002 @HAR-MESH-002
  Scenario: the hop limit the harness names is the MESH_RELAY's
    When the implementation is asked to send an INTENT through the mesh to "zoe" with hop limit 4
    Then mesh/send answers "sent" to "bob" relayed
    And peer "bob" receives the envelope sent as a relay with hop limit 4

  @MESH-ORG-002 @HAR-MESH-002
  Scenario: nothing is sent for a destination without a route
    When the implementation is asked to send an INTENT through the mesh to "wendy"
    Then mesh/send answers "unreachable"
    And peer "alice" receives no MESH_RELAY
    And peer "bob" receives no MESH_RELAY
    And peer "carol" receives no MESH_RELAY

  @MESH-ORG-003 @HAR-MESH-002
  Scenario: a broadcast goes to every neighbour under one mesh_id, which is then remembered
    When the implementation is asked to send a FACT_PROPOSE through the mesh to "*"
    Then mesh/send answers "sent" to "alice, bob, carol" relayed
    And peer "alice" receives the envelope sent as a relay with hop limit 9
    And peer "bob" receives the envelope sent as a relay with hop limit 9
    And peer "carol" receives the envelope sent as a relay with hop limit 9
    When peer "alice" relays a broadcast from "xena" under the mesh_id of that broadcast as "echo"
    Then the implementation sends nothing because of "echo"

  @HAR-INFO-006
  Scenario: info lists the mesh capability and protocol, and GET mesh answers
    Then the implementation's info lists the capability "mesh"
    And the implementation's info lists the protocol "mesh" at version "1.0"
    And the implementation's routes are "alice via alice 1, bob via bob 1, carol via carol 1, zoe via bob 2"
