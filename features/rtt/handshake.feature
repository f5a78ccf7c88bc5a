@rtt @core
Feature: RTT handshake, as responder
  spec/rtt.md §2–§3: Noise_XX_25519_AESGCM_SHA256 with the prologue "web4-rtt/1.0", the identity
  payload that binds the agent's Ed25519 identity to its Noise static key, and the refusals.
  The tester dials the implementation; every step that waits is bounded.

  @RTT-HS-001 @RTT-HS-002 @RTT-HS-007 @RTT-FR-001 @RTT-HB-002
  Scenario: the implementation completes the handshake with a valid identity payload
    Given the tester is connected to the implementation over TCP
    When the tester sends handshake message 1
    Then the implementation answers with handshake message 2
    And the implementation's identity payload is valid
    When the tester sends handshake message 3 with the identity payload "valid"
    Then the implementation confirms the handshake with a PING as its frame 0
    And the connection stays open

  @RTT-HS-005 @RTT-ERR-001 @RTT-ERR-002
  Scenario Outline: the implementation refuses an initiator whose identity payload has <variant>
    Given the tester is connected to the implementation over TCP
    When the tester sends handshake message 1
    Then the implementation answers with handshake message 2
    When the tester sends handshake message 3 with the identity payload "<variant>"
    Then the implementation closes the connection with error "HANDSHAKE" as its first frame

    Examples:
      | variant                              |
      | a binding to another static key      |
      | a binding signed by another identity |
      | a missing binding                    |
      | an unknown member                    |
      | non-standard channels                |
      | max_channels 2                       |
      | no common version                    |
      | a duplicate member                   |

  @RTT-HS-005 @RTT-HS-002 @RTT-ERR-001 @RTT-ERR-002
  Scenario Outline: the implementation refuses an initiator whose identity payload breaks Table 3.3: <variant>
    Given the tester is connected to the implementation over TCP
    When the tester sends handshake message 1
    Then the implementation answers with handshake message 2
    When the tester sends handshake message 3 with the identity payload "<variant>"
    Then the implementation closes the connection with error "HANDSHAKE" as its first frame

    Examples:
      | variant                          |
      | max_channels written 64.0        |
      | members in another order         |
      | whitespace                       |
      | agent_id -bad                    |
      | rtt with a number                |
      | rtt empty                        |
      | rtt with 17 versions             |
      | a binding without its padding    |
      | agent_id of 129 characters       |

  @RTT-HS-005 @RTT-ERR-001 @RTT-ERR-002
  Scenario: the implementation refuses an identity payload that is not JSON
    Given the tester is connected to the implementation over TCP
    When the tester sends handshake message 1
    Then the implementation answers with handshake message 2
    When the tester sends handshake message 3 with the identity payload "not JSON"
    Then the implementation closes the connection with error "HANDSHAKE" as its first frame

  @RTT-HS-006
  Scenario: a first message shorter than an ephemeral key
    Given the tester is connected to the implementation over TCP
    When the tester sends the bytes "0010000102030405060708090a0b0c0d0e0f"
    Then the implementation closes the connection without another handshake message

  @RTT-HS-006
  Scenario: a first message with a payload
    Given the tester is connected to the implementation over TCP
    When the tester sends handshake message 1 with a 5-byte payload
    Then the implementation closes the connection without another handshake message

  @RTT-HS-006
  Scenario: a third message whose authentication tag is wrong
    Given the tester is connected to the implementation over TCP
    When the tester sends handshake message 1
    Then the implementation answers with handshake message 2
    When the tester sends handshake message 3 with a corrupted authentication tag
    Then the implementation closes the connection without another handshake message

  @RTT-WIRE-001
  Scenario: the stream ends inside the first message
    Given the tester is connected to the implementation over TCP
    When the tester sends the bytes "00200001020304050607"
    And the tester ends its side of the connection
    Then the implementation closes the connection without another handshake message

  @RTT-WIRE-001
  Scenario: the stream ends inside a length prefix
    Given the tester is connected to the implementation over TCP
    When the tester sends the bytes "00"
    And the tester ends its side of the connection
    Then the implementation closes the connection without another handshake message

  @RTT-WIRE-001
  Scenario: after the handshake, the stream ends inside a transport message
    Given the tester has completed the RTT handshake with the implementation
    When the tester sends the bytes "004000010203"
    And the tester ends its side of the connection
    Then the implementation closes the connection
