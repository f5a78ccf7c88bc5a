@hcp @cip @rtt
Feature: HCP sessions and the order of checks
  spec/hcp.md §4.2: a peer that completed the CIP handshake opens an HCP session with its HCP_HELLO and
  the implementation answers with its own; every HCP envelope is judged by the steps G1 to G8 of
  Table 4.2 in order, and the first failing step's code is the refusal.

  @HCP-SES-003 @HCP-TRU-002 @core
  Scenario: the first HCP_HELLO is answered with the implementation's HCP_HELLO and the view "probing"
    Given peer "carol" has completed the CIP handshake with the implementation
    When peer "carol" sends an HCP_HELLO
    Then peer "carol" receives an HCP_HELLO with the views "probing" and "untrusted"

  @HCP-SES-003 @HCP-STA-001 @HAR-HCP-001
  Scenario: the answering HCP_HELLO carries the scope, flags and state set through the harness
    Given peer "carol" has completed the CIP handshake with the implementation
    And the implementation's human gives consent "limited" to "topic:work"
    And the implementation's human has the safety flag "slow_pacing"
    And the implementation's human has pressure 50 and clarity 60
    When peer "carol" sends an HCP_HELLO
    Then peer "carol" receives an HCP_HELLO with the scope "topic:work" and the safety flags "slow_pacing"
    And every HCP envelope peer "carol" received since its human last changed describes it

  @HCP-SES-004 @core
  Scenario: an HCP_INTENT before the peer's HCP_HELLO is refused with CONSENT
    Given peer "carol" has completed the CIP handshake with the implementation
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation refuses peer "carol"'s message with "CONSENT"

  @HCP-SES-004 @core
  Scenario: an HCP_STATE_UPDATE before the peer's HCP_HELLO is refused with CONSENT
    Given peer "carol" has completed the CIP handshake with the implementation
    When peer "carol" sends an HCP_STATE_UPDATE
    Then the implementation refuses peer "carol"'s message with "CONSENT"

  @HCP-SES-005 @HCP-CON-002 @core
  Scenario: a later HCP_HELLO is not answered and replaces the counterpart's scope
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" declares consent "limited" to "topic:work"
    And peer "carol" sends an HCP_INTENT about "topic:home"
    Then the implementation refuses peer "carol"'s message with "CONSENT"
    When peer "carol" sends an HCP_HELLO with the scope "topic:home"
    Then peer "carol" receives no HCP message
    When peer "carol" sends an HCP_INTENT about "topic:home"
    Then the implementation accepts peer "carol"'s message

  @HCP-SES-005 @HAR-HCP-004
  Scenario: a later HCP_HELLO's safety flags replace the counterpart's
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP_HELLO with the safety flag "slow_pacing"
    Then the implementation sees peer "carol"'s human at level "slow" with the scope ""
    When peer "carol" sends an HCP_HELLO with the safety flag "avoid_conflict"
    Then the implementation sees peer "carol"'s human at level "allow" with the scope ""

  @HCP-SES-002 @core
  Scenario: HCP from a peer that completed only the RTT handshake is refused with TRUST_VIOLATION
    Given peer "carol" has completed the RTT handshake with the implementation
    When peer "carol" sends an HCP_HELLO
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"
    And peer "carol" receives no HCP message

  @HCP-SES-002 @HAR-CIP-001
  Scenario: HCP from a peer the operator set to "blacklisted" is refused with TRUST_VIOLATION
    Given peer "carol" has opened an HCP session with the implementation
    When the operator sets peer "carol" to "blacklisted"
    And peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"

  @HCP-SES-002 @HAR-CIP-001
  Scenario: HCP from a peer the operator set back to "untrusted" is refused with TRUST_VIOLATION
    Given peer "carol" has opened an HCP session with the implementation
    When the operator sets peer "carol" to "untrusted"
    And peer "carol" sends an HCP_STATE_UPDATE
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"

  @HCP-SES-001 @core
  Scenario: an HCP_INTENT signed by another identity than the session's peer is refused and the peer is blacklisted
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP_INTENT about "topic:work" signed by "mallory"
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"
    When peer "carol" sends an INTENT
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"

  @HCP-SES-001 @HAR-CIP-001
  Scenario: the identity mismatch makes the peer "blacklisted"
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP_INTENT about "topic:work" signed by "mallory"
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"
    And the implementation holds peer "carol" as "blacklisted"

  @HCP-SES-006 @core
  Scenario: G2 comes before G3: an HCP_STATE_UPDATE from a peer without a CIP handshake is TRUST_VIOLATION
    Given peer "carol" has completed the RTT handshake with the implementation
    When peer "carol" sends an HCP_STATE_UPDATE
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"

  @HCP-SES-006 @core
  Scenario: G3 comes before G4: an action declaring revoked consent before the HCP_HELLO is CONSENT
    Given peer "carol" has completed the CIP handshake with the implementation
    When peer "carol" sends an HCP_INTENT about "topic:work" declaring consent "revoked"
    Then the implementation refuses peer "carol"'s message with "CONSENT"
    When peer "carol" sends an HCP_HELLO
    Then peer "carol" receives an HCP_HELLO with the views "restricted" and "untrusted"

  @HCP-SES-006 @HAR-HCP-001
  Scenario: the first failing step decides: consent revoked while the human is at defer gives CONSENT
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has pressure 80 and clarity 30
    And the implementation's human gives consent "revoked"
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation refuses peer "carol"'s message with "CONSENT"

  @HCP-SES-006 @HAR-HCP-001
  Scenario: defer comes before the check-in: an anxious human at pressure 80 and clarity 30 gives BACKPRESSURE
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has affect "anxious"
    And the implementation's human has pressure 80 and clarity 30
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation refuses peer "carol"'s message with "BACKPRESSURE"

  @HCP-SES-006 @HAR-HCP-001
  Scenario: the check-in comes before the slow interval: an anxious, slow human gives CONSENT
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has pressure 85 and clarity 50
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation accepts peer "carol"'s message
    When the implementation's human has affect "tense"
    And peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation refuses peer "carol"'s message with "CONSENT"

  @HCP-MSG-004 @HCP-SES-006 @core
  Scenario: validation comes first: an HCP_DECISION without alternatives from a revoked counterpart is PAYLOAD_SCHEMA
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares consent "revoked"
    When peer "carol" sends an HCP_DECISION whose payload is '{"decision":"d","rationale":"r","alternatives":[]}'
    Then the implementation refuses peer "carol"'s message with "PAYLOAD_SCHEMA"
