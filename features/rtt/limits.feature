@rtt @core
Feature: RTT limits on unauthenticated connections
  spec/rtt.md §7: at most 64 connections in the handshake at once; a further one is closed at
  accept and the 64 are still served.

  @RTT-LIM-002
  Scenario: the 65th connection in the handshake is closed at once
    When the tester opens 64 TCP connections without a handshake
    Then a further TCP connection is closed by the implementation at once
    And the held connections are still open
    And once they are closed a new connection completes the handshake
