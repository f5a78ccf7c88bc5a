@rtt @core
Feature: RTT frames
  spec/rtt.md §4: the frame layout, sequence numbers, the frame types and how a receiver refuses a
  frame that is not as the spec defines it: one closing ERROR that names the frame, then the end
  of the connection.

  Background:
    Given the tester has completed the RTT handshake with the implementation

  @RTT-FR-001 @RTT-HB-002
  Scenario: a PING is answered with a PONG carrying the same bytes
    When the tester sends PING "0001020304050607"
    Then the implementation answers PONG "0001020304050607"

  @RTT-FR-003 @RTT-ERR-001 @RTT-ERR-002
  Scenario: a frame of an unknown type
    When the tester sends a frame of type 127 on channel 0
    Then the implementation closes the connection with error "FRAME" naming the frame

  @RTT-FR-003 @RTT-ERR-001
  Scenario: a plaintext shorter than a frame header
    When the tester sends a transport message with a 3-byte plaintext
    Then the implementation closes the connection with error "FRAME"

  @RTT-FR-003 @RTT-ERR-001
  Scenario: a PING whose body is not 8 bytes
    When the tester sends a PING frame on channel 0 with the body "00010203040506"
    Then the implementation closes the connection with error "FRAME" naming the frame

  @RTT-FR-003 @RTT-ERR-001
  Scenario: a DATA frame with a flag DATA does not define
    When the tester sends a DATA frame on channel 1 with flags 128 and the body "00"
    Then the implementation closes the connection with error "FRAME" naming the frame

  @RTT-FR-003 @RTT-ERR-001
  Scenario: an ERROR frame whose body is not the ERROR body
    When the tester sends an ERROR frame with the body "not json"
    Then the implementation closes the connection with error "FRAME" naming the frame

  @RTT-FR-002 @RTT-ERR-001
  Scenario: a frame whose sequence number skips ahead
    When the tester sends a PING frame with a sequence number 5 ahead
    Then the implementation closes the connection with error "FRAME" naming the frame

  @RTT-FR-004 @RTT-ERR-001
  Scenario: a transport message that fails authentication
    When the tester sends a frame that fails authentication
    Then the implementation closes the connection with error "FRAME"

  @RTT-FR-005 @RTT-ERR-001
  Scenario: a PING on a channel other than control
    When the tester sends a PING frame on channel 1 with the body "0001020304050607"
    Then the implementation closes the connection with error "FRAME" naming the frame

  @RTT-FR-007
  Scenario: an ACK of what the implementation has sent is accepted
    When the tester acknowledges 0 frames
    Then the connection stays open

  @RTT-FR-007 @RTT-ERR-001
  Scenario: an ACK of frames the implementation never sent
    When the tester acknowledges 1000 frames
    Then the implementation closes the connection with error "FRAME" naming the frame

  @RTT-ERR-004
  Scenario: a closing ERROR from the tester ends the connection
    When the tester sends a closing ERROR frame with code "INTERNAL"
    Then the implementation closes the connection

  @RTT-GA-001
  Scenario: GOAWAY is answered with GOAWAY, then the connection ends
    When the tester sends GOAWAY
    Then the implementation answers GOAWAY and closes the connection

  @RTT-ERR-005 @RTT-FR-003 @RTT-ERR-001
  Scenario Outline: an ERROR whose body breaks Table 4.3 is refused: <what>
    When the tester sends an ERROR frame with the body "<body>"
    Then the implementation closes the connection with error "FRAME" naming the frame

    Examples:
      | what                      | body                                                                                      |
      | a lower-case code         | {\"code\":\"frame\",\"frame\":null,\"msg_id\":null,\"text\":\"x\"}                       |
      | a code of 33 characters   | {\"code\":\"ABCDEFGHIJKLMNOPQRSTUVWXYZ_123456\",\"frame\":null,\"msg_id\":null,\"text\":\"x\"} |
      | frame 2^32                | {\"code\":\"FRAME\",\"frame\":4294967296,\"msg_id\":null,\"text\":\"x\"}                  |
      | a msg_id that is no UUID  | {\"code\":\"REPLAY\",\"frame\":null,\"msg_id\":\"not-a-uuid\",\"text\":\"x\"}             |

  @RTT-ERR-005
  Scenario Outline: an ERROR with a code the registry does not have yet is accepted: <code>
    When the tester sends an ERROR frame with the body "{\"code\":\"<code>\",\"frame\":<frame>,\"msg_id\":null,\"text\":\"x\"}"
    Then the connection stays open

    Examples:
      | code                             | frame      |
      | FUTURE_CODE_9                    | null       |
      | ABCDEFGHIJKLMNOPQRSTUVWXYZ_12345 | 4294967295 |
