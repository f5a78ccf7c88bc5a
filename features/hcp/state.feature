@hcp @cip @rtt
Feature: The human's state on both sides
  spec/hcp.md §4.3: every HCP envelope describes the sender's human; a change of the implementation's
  human is announced to every open session before the harness answers; the counterpart is what the
  peer last declared, its HCP_STATE_UPDATE's payload last.

  @HCP-STA-002 @HCP-STA-001 @HAR-HCP-001
  Scenario: setting the human's state sends an HCP_STATE_UPDATE with that state before the harness answers
    Given peer "carol" has opened an HCP session with the implementation
    When the implementation's human has pressure 85 and clarity 50
    Then peer "carol" receives, in order: "HCP_STATE_UPDATE"
    And every HCP envelope peer "carol" received since its human last changed describes it
    And the implementation's human is at level "slow"

  @HCP-STA-002 @HCP-STA-001 @HAR-HCP-001
  Scenario: the state update carries the human's intent
    Given peer "carol" has opened an HCP session with the implementation
    When the implementation's human has the intent "plan the week"
    Then peer "carol" receives an HCP_STATE_UPDATE with the human's state

  @HCP-STA-002 @HAR-HCP-001
  Scenario: changing the human's consent sends an HCP_HELLO with the new scope, then an HCP_STATE_UPDATE
    Given peer "carol" has opened an HCP session with the implementation
    When the implementation's human gives consent "limited" to "topic:work"
    Then peer "carol" receives, in order: "HCP_HELLO, HCP_STATE_UPDATE"
    And every HCP envelope peer "carol" received since its human last changed describes it
    And the implementation's human is at level "allow"

  @HCP-STA-002 @HAR-HCP-001
  Scenario: the new safety flags reach the peer in the HCP_HELLO
    Given peer "carol" has opened an HCP session with the implementation
    When the implementation's human has the safety flag "slow_pacing"
    Then peer "carol" receives an HCP_HELLO with the scope "" and the safety flags "slow_pacing"
    And peer "carol" receives an HCP_STATE_UPDATE with the human's state
    And the implementation's human is at level "slow"

  @HCP-STA-002
  Scenario: every open HCP session hears the change
    Given peer "carol" has opened an HCP session with the implementation
    And peer "dave" has opened an HCP session with the implementation
    When the implementation's human has affect "calm"
    Then peer "carol" receives an HCP_STATE_UPDATE with the human's state
    And peer "dave" receives an HCP_STATE_UPDATE with the human's state

  @HCP-STA-002
  Scenario: a peer without an HCP session hears nothing
    Given peer "carol" has opened an HCP session with the implementation
    And peer "dave" has completed the CIP handshake with the implementation
    When the implementation's human has affect "calm"
    Then peer "carol" receives an HCP_STATE_UPDATE with the human's state
    And peer "dave" receives no HCP message

  @HCP-STA-001 @HAR-HCP-002
  Scenario: the intent the implementation sends carries its human's current state
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has the intent "plan the week"
    When the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is "sent"
    And peer "carol" receives the human's HCP_INTENT about "topic:work"
    And every HCP envelope peer "carol" received since its human last changed describes it

  @HCP-STA-003 @HAR-HCP-004
  Scenario: an HCP_STATE_UPDATE's payload wins over its own state.human
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP_STATE_UPDATE whose payload says consent "limited" and whose state.human says "granted"
    Then the implementation accepts peer "carol"'s message
    And the implementation sees peer "carol"'s human with consent "limited" and intent "none"

  @HCP-STA-003 @HAR-HCP-004
  Scenario: an HCP_STATE_UPDATE without intent keeps the intent its state.human declares
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP_STATE_UPDATE whose state.human has intent "buy a house" and whose payload has none
    Then the implementation accepts peer "carol"'s message
    And the implementation sees peer "carol"'s human with consent "granted" and intent "buy a house"

  @HCP-STA-003 @HAR-HCP-004
  Scenario: the counterpart's declared state and level are reported
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" declares pressure 80 and clarity 30
    Then the implementation sees peer "carol"'s human at level "defer" with the scope ""
    When peer "carol" declares pressure 79 and clarity 30
    Then the implementation sees peer "carol"'s human at level "slow" with the scope ""

  @HCP-STA-003 @HCP-CON-001 @core
  Scenario: the state an envelope declares applies to that envelope: an HCP_INTENT declaring revoked consent is refused
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP_INTENT about "topic:work" declaring consent "revoked"
    Then the implementation refuses peer "carol"'s message with "CONSENT"

  @HCP-STA-003 @HCP-CON-004 @core
  Scenario: a later envelope declaring granted consent is accepted again
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP_INTENT about "topic:work" declaring consent "revoked"
    Then the implementation refuses peer "carol"'s message with "CONSENT"
    When peer "carol" sends an HCP_INTENT about "topic:work" declaring consent "granted"
    Then the implementation accepts peer "carol"'s message

  @HCP-STA-004 @core
  Scenario: a counterpart who revoked consent can still send signals
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" declares consent "revoked"
    Then the implementation accepts peer "carol"'s message
    When peer "carol" sends an HCP_HELLO
    Then the implementation accepts peer "carol"'s message

  @HCP-STA-004 @HAR-HCP-001
  Scenario: signals are accepted while the human is at defer, and while it is anxious without a check-in
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has pressure 90 and clarity 10
    When peer "carol" sends an HCP_STATE_UPDATE
    Then the implementation accepts peer "carol"'s message
    When peer "carol" sends an HCP_HELLO
    Then the implementation accepts peer "carol"'s message
    When the implementation's human has pressure 0 and clarity 100
    And the implementation's human has affect "anxious"
    And peer "carol" sends an HCP_STATE_UPDATE
    Then the implementation accepts peer "carol"'s message
