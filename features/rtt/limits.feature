@rtt @core
Feature: RTT limits on unauthenticated connections, unfinished messages and PINGs
  spec/rtt.md §7: at most 64 connections in the handshake at once; a further one from the source
  holding the most is closed at accept and the 64 are still served, while one from a source holding
  fewer takes the place of that source's oldest handshake. At most 64 MiB of unfinished messages
  for all connections together: the connection holding the most is refused with LIMIT, the others
  are served. At most 1,000 PINGs in 10 s on a connection: the 1,001st is refused with LIMIT. At
  most 10,000 counted frames (all but DATA, CREDIT and an advancing ACK) in 10 s: the 10,001st is
  refused with LIMIT.

  @RTT-LIM-002
  Scenario: the 65th connection in the handshake is closed at once
    When the tester opens 64 TCP connections without a handshake
    Then a further TCP connection is closed by the implementation at once
    And the held connections are still open
    And once they are closed a new connection completes the handshake

  @RTT-LIM-006
  Scenario: a connection from another source takes the place of the oldest handshake of the source holding the most
    # The tester's 64 idle connections come from 127.0.0.1; the further one from 127.0.0.2.
    When the tester opens 64 TCP connections without a handshake
    Then a TCP connection from another source address completes the handshake
    And the first held connection is closed by the implementation
    And the other held connections are still open

  @RTT-LIM-005 @RTT-ERR-001
  Scenario: the connection holding the most unfinished bytes is refused when all together exceed 64 MiB
    # 40 and 25 messages of 1 MiB less 1 byte, none finished: the 65th goes over 67,108,864 bytes.
    When tester connection "a" holds unfinished messages of 1048575 bytes on 40 channels
    And tester connection "b" holds unfinished messages of 1048575 bytes on 25 channels
    And the tester uses tester connection "a"
    Then the implementation closes the connection with error "LIMIT" naming no frame
    When the tester uses tester connection "b"
    Then the connection stays open

  @RTT-LIM-007 @RTT-ERR-001
  Scenario: the 1,001st PING within 10 seconds is refused with LIMIT
    # Sent back to back: all of them arrive within milliseconds, well inside one period of 10 s.
    Given the tester has completed the RTT handshake with the implementation
    When the tester sends 1000 PINGs and the implementation answers each with a PONG
    And the tester sends PING "00000000000003e9"
    Then the implementation closes the connection with error "LIMIT" naming the frame

  @RTT-LIM-011 @RTT-ERR-001
  Scenario: the 10,001st counted frame within 10 seconds is refused with LIMIT
    # Counted: every frame but DATA, CREDIT and an advancing ACK. ACKs of 0 repeat no progress, so
    # each is counted; the PING is the 10,000th, its PONG proves the 9,999 before it were taken.
    # Sent back to back: all within one period of 10 s.
    Given the tester has completed the RTT handshake with the implementation
    When the tester brings its counted frames to 9999 with ACKs of 0 frames
    And the tester sends PING "0000000000002710"
    Then the implementation answers PONG "0000000000002710"
    When the tester acknowledges 0 frames
    Then the implementation closes the connection with error "LIMIT" naming the frame
