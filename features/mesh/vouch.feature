@mesh @rtt @cip
Feature: Mesh trust: vouches
  spec/mesh.md §4.6: a MESH_VOUCH with view trusted from a trusted neighbour moves an unknown subject
  from untrusted to probing, never further; anything else changes nothing; a vouched probing state
  that nothing confirms decays after 3,600 seconds. The implementation vouches for every trusted agent
  to every trusted neighbour. "zoe" is a far agent.

  Background:
    Given "alice" is a trust anchor of the implementation
    And peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation

  @MESH-TRU-001 @EVT-MESH-002 @events
  Scenario: a trusted neighbour's vouch moves an unknown agent to probing
    When peer "alice" vouches for "zoe" with view "trusted"
    Then the implementation holds peer "zoe" as "probing"
    And the implementation reported one vouch about "zoe" with view "trusted" applied true

  @MESH-TRU-001 @EVT-MESH-002 @events
  Scenario: a vouch with view blacklisted changes nothing
    When peer "alice" vouches for "zoe" with view "blacklisted"
    Then the implementation reported one vouch about "zoe" with view "blacklisted" applied false
    And the implementation holds peer "zoe" as "untrusted"

  @MESH-TRU-001 @EVT-MESH-002 @events
  Scenario: a probing neighbour's vouch changes nothing
    When peer "bob" vouches for "zoe" with view "trusted"
    Then the implementation reported one vouch about "zoe" with view "trusted" applied false
    And the implementation holds peer "zoe" as "untrusted"

  @MESH-TRU-001
  Scenario Outline: a vouch about an agent that is not unknown changes nothing (Table 4.6 row <state>)
    Given the operator sets peer "zoe" to "<state>"
    When peer "alice" vouches for "zoe" with view "trusted"
    Then the implementation holds peer "zoe" as "<state>"

    Examples:
      | state       |
      | untrusted   |
      | probing     |
      | trusted     |
      | blacklisted |

  @MESH-TRU-001 @EVT-MESH-002 @events
  Scenario: a vouch about its sender or about the receiver changes nothing
    When peer "alice" vouches for "alice" with view "trusted"
    Then the implementation reported one vouch about "alice" with view "trusted" applied false
    And the implementation holds peer "alice" as "trusted"
    When peer "alice" vouches for "implementation" with view "trusted"
    Then the implementation reported one vouch about "implementation" with view "trusted" applied false

  @MESH-TRU-002 @clock
  # The implementation's clock also moves in real time while the steps run: "still probing" is checked a
  # minute before the 3,600 s, not a second.
  Scenario: a vouched agent falls back to untrusted 3,600 seconds after the vouch, not a minute earlier
    When peer "alice" vouches for "zoe" with view "trusted"
    Then the implementation holds peer "zoe" as "probing"
    When the implementation's clock advances 3540 seconds
    Then the implementation holds peer "zoe" as "probing"
    When the implementation's clock advances 60 seconds
    Then the implementation holds peer "zoe" as "untrusted"

  @MESH-TRU-002 @clock
  Scenario: an override after the vouch cancels the decay
    When peer "alice" vouches for "zoe" with view "trusted"
    And the implementation's clock advances 1000 seconds
    And the operator sets peer "zoe" to "probing"
    And the implementation's clock advances 2600 seconds
    Then the implementation holds peer "zoe" as "probing"

  @MESH-TRU-003
  Scenario: the implementation vouches for a trusted agent to a trusted neighbour, and only then
    Given "carol" is a trust anchor of the implementation
    And peer "carol" has completed the CIP handshake with the implementation
    Then peer "carol" receives a MESH_VOUCH for "alice"
    And peer "alice" receives no MESH_VOUCH for "bob"
    And peer "carol" receives no MESH_VOUCH for "bob"
    When the operator sets peer "bob" to "trusted"
    Then peer "alice" receives a MESH_VOUCH for "bob"
    And peer "carol" receives a MESH_VOUCH for "bob"
    And peer "bob" receives a MESH_VOUCH for "alice"
