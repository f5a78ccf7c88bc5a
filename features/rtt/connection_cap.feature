@rtt @core @slow
Feature: At most 4,096 established connections
  spec/rtt.md §7 (RTT-LIM-010; docs/adr/1207 §2): a responder with 4,096 established connections
  refuses a further handshake as RTT-HS-005 refuses one (a closing ERROR HANDSHAKE as its frame 0)
  and goes on serving the 4,096. Making 4,096 handshakes takes a minute or more, so this scenario
  runs only with --slow (spec/README.md §7).

  @RTT-LIM-010
  Scenario: with 4,096 connections established, a further handshake is refused and the 4,096 are served
    Given the tester holds 4096 established RTT connections to the implementation
    And the tester is connected to the implementation over TCP
    When the tester sends handshake message 1
    Then the implementation answers with handshake message 2
    When the tester sends handshake message 3 with the identity payload "valid"
    Then the implementation closes the connection with error "HANDSHAKE" as its first frame
    And each held connection answers a PING
