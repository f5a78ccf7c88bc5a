@cip @rtt @core
Feature: CIP handshake, as responder
  spec/cip.md §4.1–§4.2: HELLO, HELLO with the challenge response, VERIFY, then a STATE_UPDATE each
  way; the challenge responses are Ed25519 signatures over both sessions' fresh nonces. The tester's
  peer "carol" dials the implementation.

  @CIP-HS-002 @CIP-HS-005 @CIP-TRU-004
  Scenario: the implementation answers HELLO, accepts VERIFY and sends its state
    Given peer "carol" has completed the RTT handshake with the implementation
    When peer "carol" sends HELLO
    Then peer "carol" receives a HELLO whose challenge response verifies
    When peer "carol" answers that HELLO with VERIFY
    Then peer "carol" receives a STATE_UPDATE with the implementation's view "probing"

  @CIP-HS-005 @RTT-CH-007
  Scenario: the implementation's first state goes on the state channel
    Given peer "carol" has completed the RTT handshake with the implementation
    When peer "carol" sends HELLO
    And peer "carol" answers the HELLO with VERIFY
    Then peer "carol" receives a STATE_UPDATE on channel "state"

  @CIP-HS-002
  Scenario: a HELLO that does not name cip/1.0
    Given peer "carol" has completed the RTT handshake with the implementation
    When peer "carol" sends HELLO naming only "cip/2.0"
    Then the implementation refuses peer "carol"'s message with "UNSUPPORTED_VERSION"

  @CIP-HS-004
  Scenario: a VERIFY whose challenge response does not verify
    Given peer "carol" has completed the RTT handshake with the implementation
    When peer "carol" sends HELLO
    And peer "carol" answers the HELLO with a VERIFY whose challenge response is wrong
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"

  @CIP-HS-007 @CIP-TRU-001
  Scenario: an initiator's HELLO that carries a challenge response is refused and not answered
    Given peer "carol" has completed the RTT handshake with the implementation
    When peer "carol" sends HELLO carrying a challenge response
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"
    And peer "carol" receives no HELLO before the answer to a PING
    And the implementation holds peer "carol" as "untrusted"
    When peer "carol" sends HELLO
    Then peer "carol" receives a HELLO whose challenge response verifies

  @CIP-HS-004 @CIP-HS-008
  Scenario: a VERIFY after a refused one completes the handshake
    Given peer "carol" has completed the RTT handshake with the implementation
    When peer "carol" sends HELLO
    Then peer "carol" receives a HELLO whose challenge response verifies
    When peer "carol" answers that HELLO with a wrong challenge response
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"
    When peer "carol" answers that HELLO with VERIFY
    Then peer "carol" receives a STATE_UPDATE with the implementation's view "probing"

  @CIP-HS-006
  Scenario: a message before the handshake
    Given peer "carol" has completed the RTT handshake with the implementation
    When peer "carol" sends an INTENT
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"

  @CIP-HS-006
  Scenario: a second HELLO after the handshake
    Given peer "carol" has completed the CIP handshake with the implementation
    When peer "carol" sends HELLO
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"

  @CIP-SES-001 @CIP-TRU-002
  Scenario: an envelope signed by someone else than the session's peer, and the blacklist after it
    Given peer "carol" has completed the CIP handshake with the implementation
    When peer "carol" sends a STATE_UPDATE signed by "mallory"
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"
    When peer "carol" sends an INTENT
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"
