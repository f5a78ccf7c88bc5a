@mesh @rtt
Feature: Mesh routes: what the implementation announces and the routes it takes
  spec/mesh.md §4.5: an agent tells each neighbour the destinations it reaches (its other neighbours
  at 1 hop, every other destination with its route's hop count), never the neighbour's own routes
  back (split horizon), in ascending order of destination, when the handshake completes and whenever
  the table changes. A table is written "bob:1, zoe:2".

  @MESH-RTE-001 @MESH-RTE-002
  Scenario: each neighbour hears of the others when its handshake completes, and of newcomers
    Given peer "alice" has completed the CIP handshake with the implementation
    Then peer "alice" receives a MESH_ROUTES listing "nothing"
    Given peer "bob" has completed the CIP handshake with the implementation
    Then peer "bob" receives a MESH_ROUTES listing "alice:1"
    And peer "alice" receives a MESH_ROUTES listing "bob:1"

  @MESH-RTE-001
  Scenario: the table lists every destination in ascending order of fingerprint
    Given peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation
    And peer "carol" has completed the CIP handshake with the implementation
    And peer "dave" has completed the CIP handshake with the implementation
    Then peer "dave" receives a MESH_ROUTES listing "alice:1, bob:1, carol:1"

  @MESH-RTE-002
  Scenario: a neighbour's announcement reaches the others, never itself back (split horizon)
    Given peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation
    When peer "bob" announces "zoe" at 1 hop
    Then peer "alice" receives a MESH_ROUTES listing "bob:1, zoe:2"
    When peer "bob" announces "wendy" at 3 hops
    Then peer "alice" receives a MESH_ROUTES listing "bob:1, wendy:4, zoe:2"
    And peer "bob" receives no MESH_ROUTES listing "zoe, wendy"

  @MESH-RTE-002
  Scenario: when a session ends, its neighbour and the routes through it are forgotten
    Given peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation
    When peer "bob" announces "zoe" at 1 hop
    Then peer "alice" receives a MESH_ROUTES listing "bob:1, zoe:2"
    When peer "bob" closes its connection
    Then peer "alice" receives a MESH_ROUTES listing "nothing"

  @MESH-RTE-002 @cip
  Scenario: a neighbour that becomes untrusted and an agent held blacklisted leave the table
    Given peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation
    And peer "carol" has completed the CIP handshake with the implementation
    When peer "carol" announces "zoe" at 1 hop
    Then peer "alice" receives a MESH_ROUTES listing "bob:1, carol:1, zoe:2"
    When the operator sets peer "zoe" to "blacklisted"
    Then peer "alice" receives a MESH_ROUTES listing "bob:1, carol:1"
    When the operator sets peer "bob" to "untrusted"
    Then peer "alice" receives a MESH_ROUTES listing "carol:1"

  @HAR-MESH-001 @MESH-RTE-003
  Scenario: GET mesh answers one route per destination: the fewest hops, then the least fingerprint
    Given peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation
    And peer "carol" has completed the CIP handshake with the implementation
    When peer "bob" announces "zoe" at 2 hops
    And peer "carol" announces "zoe" at 1 hop
    And peer "carol" announces "wendy" at 3 hops
    And peer "bob" announces "yves" at 9 hops
    Then the implementation's routes are "alice via alice 1, bob via bob 1, carol via carol 1, wendy via carol 4, zoe via carol 2"
