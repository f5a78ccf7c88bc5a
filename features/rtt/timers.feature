@rtt @clock
Feature: RTT timers, driven by the implementation's clock
  spec/rtt.md §7–§8 with harness.md §4.9: the handshake timeout, the PING after silence and the
  dead-peer timeout, on the implementation's clock, which the harness moves so that no scenario
  waits for real time. The implementation is reset at the end of each scenario.

  @RTT-LIM-001 @HAR-CLK-001 @HAR-RTT-002
  Scenario: a connection that never handshakes is closed after 10 seconds
    # The reset first: a handshake left over from an earlier scenario must not be the one counted.
    Given the implementation is reset
    And the tester is connected to the implementation over TCP
    And the implementation reports a connection in the handshake
    When the implementation's clock advances 10 seconds
    Then the implementation closes the connection without another handshake message

  @RTT-HB-001 @HAR-CLK-001
  Scenario: 15 seconds of silence bring a PING
    Given the tester has completed the RTT handshake with the implementation
    And the connection stays open
    When the implementation's clock advances 16 seconds
    Then the implementation sends a PING

  @RTT-HB-003 @RTT-ERR-001 @HAR-CLK-001
  Scenario: a peer silent for 45 seconds is dead
    Given the tester has completed the RTT handshake with the implementation
    And the connection stays open
    When the implementation's clock advances 16 seconds
    Then the implementation sends a PING
    When the implementation's clock advances 30 seconds
    Then the implementation closes the connection with error "TIMEOUT"

  @RTT-LIM-004 @RTT-ERR-001 @HAR-CLK-001
  Scenario: a message still unfinished 30 seconds after its first DATA frame ends the connection
    Given the tester has completed the RTT handshake with the implementation
    When the tester sends an unfinished message of 1000 bytes on channel "state"
    Then the connection stays open
    When the implementation's clock advances 16 seconds
    Then the implementation sends a PING
    When the implementation's clock advances 15 seconds
    Then the implementation closes the connection with error "TIMEOUT" naming no frame

  @RTT-LIM-004 @HAR-CLK-001
  Scenario: a message finished within 30 seconds is never refused for its deadline
    Given the tester has completed the RTT handshake with the implementation
    When the tester opens channel 4 named "slow"
    Then the implementation acknowledges channel 4
    When the tester sends an unfinished message of 1000 bytes on channel "4"
    # The barrier: the DATA frame is handled before the clock moves (it would otherwise count as
    # traffic after the 20 s, and no PING would be due).
    Then the connection stays open
    When the implementation's clock advances 20 seconds
    Then the implementation sends a PING
    When the tester finishes the message on channel 4
    Then the connection stays open
    When the implementation's clock advances 20 seconds
    Then the implementation sends a PING
    And the connection stays open

  @HAR-CLK-001 @ENV-TIME-002
  Scenario: envelopes on the wire are judged by the implementation's clock
    # The clock moves before the connection exists: moved under a live connection, 400 s of
    # silence would be a dead peer (RTT-HB-003) racing the envelope.
    Given the scenario clock is the current time
    And the envelope "e" is a valid cip STATE_UPDATE from "alice" to "bob"
    And "e" is signed by "alice"
    When the implementation's clock advances 400 seconds
    And the tester has completed the RTT handshake with the implementation
    And the tester sends "e" on channel "state"
    Then the implementation refuses "e" with error "TIMESTAMP"

  @HAR-CLK-002 @HAR-CLK-003 @clock-hold
  # Harness 1.2: not applicable to an implementation that does not list capability "clock/hold".
  Scenario: a held clock moves only by clock/advance, however much real time passes
    Given the implementation's clock is held
    When 200 milliseconds of real time pass
    And the implementation's clock advances 1 seconds
    Then the implementation's clock reads exactly 1 seconds after the moment it was held
    When 200 milliseconds of real time pass
    And the implementation's clock is held
    And the implementation's clock advances 2 seconds
    Then the implementation's clock reads exactly 3 seconds after the moment it was held
