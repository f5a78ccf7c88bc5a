@mesh @rtt
Feature: The send queue the harness reports
  spec/harness.md §4.8 (HAR-RTT-003) and spec/rtt.md §6: every connection rtt/connections lists
  carries its send queue, the messages the implementation accepted for sending whose FIN DATA frame
  it has not produced and their bytes not yet in a DATA frame. The peer withholds CREDIT while
  harness mesh/send makes the implementation send it more than a window on channel knowledge
  (four FACT_PROPOSEs of about 400,000 bytes: two leave whole, one in part, one not at all).

  @HAR-RTT-003
  Scenario: rtt/connections counts what the peer's window holds back, and nothing once it is let out
    Given peer "alice" has completed the CIP handshake with the implementation
    And peer "alice" withholds credit from now on
    When the implementation is asked to send 4 FACT_PROPOSEs of about 400000 bytes through the mesh to "alice"
    Then peer "alice" receives on channel knowledge every byte the window lets out
    And the implementation reports its send queue to "alice"
    When peer "alice" grants credit for what it received on channel knowledge
    Then peer "alice" receives every one of those messages whole
    And the send queue the implementation reported was every byte the peer had not received
    And the implementation reports an empty send queue to "alice"
