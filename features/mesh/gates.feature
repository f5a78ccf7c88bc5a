@mesh @rtt
Feature: Mesh gates: mesh envelopes travel only over sessions with peers not distrusted
  spec/mesh.md §4.1: a mesh envelope before the CIP handshake or from a peer held untrusted or
  blacklisted is refused with TRUST_VIOLATION and otherwise ignored; the implementation sends none
  there itself.

  @MESH-GATE-001
  Scenario: a mesh envelope before the CIP handshake is refused
    Given peer "alice" has completed the RTT handshake with the implementation
    When peer "alice" sends a mesh MESH_ROUTES with the payload '{"routes":[]}'
    Then the implementation refuses peer "alice"'s message with "TRUST_VIOLATION"

  @MESH-GATE-001 @HAR-MESH-001 @cip
  Scenario: a MESH_ROUTES from an untrusted peer is refused and its routes ignored
    Given peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation
    And the operator sets peer "alice" to "untrusted"
    When peer "alice" announces "zoe" at 1 hop
    Then the implementation refuses peer "alice"'s message with "TRUST_VIOLATION"
    And the implementation's routes are "bob via bob 1"

  @MESH-GATE-001 @cip
  Scenario: a MESH_VOUCH from a blacklisted peer is refused and changes nothing
    Given "alice" is a trust anchor of the implementation
    And peer "alice" has completed the CIP handshake with the implementation
    And the operator sets peer "alice" to "blacklisted"
    When peer "alice" vouches for "zoe" with view "trusted"
    Then the implementation refuses peer "alice"'s message with "TRUST_VIOLATION"
    And the implementation holds peer "zoe" as "untrusted"

  @MESH-GATE-002
  Scenario: no mesh envelope before the CIP handshake
    Given peer "alice" has completed the RTT handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation
    When peer "bob" announces "zoe" at 1 hop
    Then peer "alice" receives no mesh envelope

  @MESH-GATE-002 @cip
  Scenario: no mesh envelope to a peer held untrusted
    Given peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation
    And peer "carol" has completed the CIP handshake with the implementation
    When peer "alice" sets aside what it received
    And the operator sets peer "alice" to "untrusted"
    And peer "bob" announces "zoe" at 1 hop
    And peer "carol" relays the DECISION_SHARE "d" from "carol" to "*"
    Then peer "bob" receives "d" forwarded by the implementation
    And peer "alice" receives no mesh envelope

  @MESH-GATE-003
  Scenario: the implementation's HELLO says it takes part in the mesh
    Given peer "alice" has completed the RTT handshake with the implementation
    When peer "alice" sends HELLO
    Then peer "alice" receives a HELLO whose challenge response verifies
    And the HELLO peer "alice" received says the implementation supports the mesh

  @MESH-GATE-001 @MESH-GATE-002
  Scenario: a peer whose HELLO does not say supports_mesh is no neighbour: refused, and sent nothing
    Given peer "bob" does not take part in the mesh
    And peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation
    When peer "bob" sends a mesh MESH_ROUTES with the payload '{"routes":[]}'
    Then the implementation refuses peer "bob"'s message with "TRUST_VIOLATION"
    When peer "alice" announces "zoe" at 1 hop
    Then peer "bob" receives no mesh envelope

  @MESH-SES-001 @cip
  Scenario: a mesh envelope signed by another identity than the session's peer makes it blacklisted
    Given peer "alice" has completed the CIP handshake with the implementation
    When peer "alice" sends a MESH_ROUTES signed by "mallory"
    Then the implementation refuses peer "alice"'s message with "TRUST_VIOLATION"
    And the implementation holds peer "alice" as "blacklisted"
