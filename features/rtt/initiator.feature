@rtt
Feature: RTT as initiator, and the connections the harness reports
  spec/rtt.md §3 with harness.md §4.7–§4.8: the harness makes the implementation dial the tester,
  so that its behaviour as initiator is tested too; rtt/connections shows what it holds.

  @RTT-HS-001 @RTT-HS-002 @RTT-HS-008 @HAR-RTT-001
  Scenario: the implementation dials the tester and completes the handshake
    Given the tester listens for RTT connections
    When the implementation is asked to dial the tester
    And the tester answers the handshake with the identity payload "valid"
    Then the implementation completes the handshake as initiator
    And the connection stays open

  @RTT-HS-004 @HAR-RTT-001
  Scenario: the implementation dials the identity it expects
    Given the tester listens for RTT connections
    When the implementation is asked to dial the tester, expecting the tester's identity
    And the tester answers the handshake with the identity payload "valid"
    Then the implementation completes the handshake as initiator

  @RTT-HS-004 @HAR-RTT-001
  Scenario: the implementation refuses a responder that is not the identity it expects
    Given the tester listens for RTT connections
    When the implementation is asked to dial the tester, expecting another identity
    And the tester answers the handshake with the identity payload "valid"
    Then the implementation refuses the tester without handshake message 3

  @RTT-HS-004 @HAR-RTT-001
  Scenario Outline: the implementation refuses a responder whose identity payload has <variant>
    Given the tester listens for RTT connections
    When the implementation is asked to dial the tester
    And the tester answers the handshake with the identity payload "<variant>"
    Then the implementation refuses the tester without handshake message 3

    Examples:
      | variant                              |
      | a binding to another static key      |
      | a binding signed by another identity |
      | not JSON                             |
      | no common version                    |
      | non-standard channels                |
      | max_channels written 64.0            |
      | agent_id -bad                        |
      | rtt with a number                    |

  @RTT-HS-003
  Scenario: the identity presented over RTT is the identity the implementation reports
    Given the tester has completed the RTT handshake with the implementation
    Then the identity in the implementation's payload is the one it reports in info

  @HAR-RTT-002
  Scenario: rtt/connections lists an established connection, and no longer once it has ended
    Given the tester has completed the RTT handshake with the implementation
    Then the connection stays open
    And the implementation lists its RTT connection with the tester
    When the tester sends GOAWAY
    Then the implementation answers GOAWAY and closes the connection
    And the implementation has no RTT connection with the tester

  @RTT-HS-005 @HAR-RTT-002
  Scenario: a refused initiator is not an established connection
    Given the tester is connected to the implementation over TCP
    When the tester sends handshake message 1
    Then the implementation answers with handshake message 2
    When the tester sends handshake message 3 with the identity payload "a binding to another static key"
    Then the implementation closes the connection with error "HANDSHAKE" as its first frame
    And the implementation has no RTT connection with the tester

  @RTT-HS-008 @HAR-RTT-001 @HAR-RTT-002 @EVT-RTT-001
  Scenario Outline: a dial the responder does not confirm is refused: it <how>
    When the implementation dials the tester, which <how>
    Then rtt/dial answers refused with code HANDSHAKE
    And the implementation lists no RTT connection with the tester
    And the implementation reported a failed handshake and no completed one with the tester

    Examples:
      | how                                                  |
      | refuses it with an ERROR HANDSHAKE as its frame 0    |
      | ends the connection after message 3                  |

  @RTT-HS-008 @HAR-RTT-001 @HAR-CLK-001
  Scenario: a dial the responder leaves without a first frame is refused after the handshake timeout
    When the implementation dials the tester, which sends nothing after message 3
    And the implementation's clock advances 11 seconds
    Then rtt/dial answers refused with code HANDSHAKE
    And the implementation lists no RTT connection with the tester
