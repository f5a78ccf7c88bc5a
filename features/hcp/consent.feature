@hcp @cip @rtt
Feature: Consent of both humans
  spec/hcp.md §4.3, Table 4.3: an action needs the consent of the counterpart (as its peer declares it)
  and of the implementation's human (set through the harness); revoked allows nothing, limited allows
  intents on a topic of the scope and other actions while the open topic is in the scope, and check-ins
  under any consent but revoked. The implementation never sends an action that consent forbids.

  @HCP-CON-001 @core
  Scenario Outline: the counterpart revoked consent: <type> is refused with CONSENT
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares consent "revoked"
    When peer "carol" sends an HCP action <type>
    Then the implementation refuses peer "carol"'s message with "CONSENT"

    Examples:
      | type         |
      | HCP_INTENT   |
      | HCP_CONTEXT  |
      | HCP_DECISION |
      | HCP_FEEDBACK |

  @HCP-CON-001 @core
  Scenario: a check-in from a counterpart who revoked consent is refused with CONSENT
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares consent "revoked"
    When peer "carol" checks in
    Then the implementation refuses peer "carol"'s message with "CONSENT"
    And peer "carol" receives no HCP message

  @HCP-CON-002 @core
  Scenario: limited: an intent on a topic outside the counterpart's scope is refused
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares consent "limited" to "topic:work"
    When peer "carol" sends an HCP_INTENT about "topic:personal"
    Then the implementation refuses peer "carol"'s message with "CONSENT"

  @HCP-CON-004 @core
  Scenario: limited: an intent on a topic inside the counterpart's scope is accepted
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares consent "limited" to "topic:work, topic:home"
    When peer "carol" sends an HCP_INTENT about "topic:home"
    Then the implementation accepts peer "carol"'s message

  @HCP-CON-002 @core
  Scenario: limited: a decision while the session has no open topic is refused
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares consent "limited" to "topic:work"
    When peer "carol" sends an HCP action HCP_DECISION
    Then the implementation refuses peer "carol"'s message with "CONSENT"

  @HCP-CON-002 @core
  Scenario: limited: feedback after a refused out-of-scope intent is refused (a refused intent opens no topic)
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares consent "limited" to "topic:work"
    When peer "carol" sends an HCP_INTENT about "topic:personal"
    Then the implementation refuses peer "carol"'s message with "CONSENT"
    When peer "carol" sends an HCP action HCP_FEEDBACK
    Then the implementation refuses peer "carol"'s message with "CONSENT"

  @HCP-CON-004 @core
  Scenario: limited: a decision after an accepted in-scope intent is accepted
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares consent "limited" to "topic:work"
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation accepts peer "carol"'s message
    When peer "carol" sends an HCP action HCP_DECISION
    Then the implementation accepts peer "carol"'s message

  @HCP-CON-002 @core
  Scenario: limited with an empty scope: every intent is refused
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares consent "limited" to ""
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation refuses peer "carol"'s message with "CONSENT"

  @HCP-CON-004 @HCP-CHK-002 @core
  Scenario: limited: a check-in needs no open topic
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares consent "limited" to ""
    When peer "carol" checks in
    Then the implementation accepts peer "carol"'s message
    And peer "carol" receives the check-in answer "check_in_proceed"

  @HCP-CON-004 @core
  Scenario: granted: any topic is accepted whatever the declared scope
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares consent "granted" to "topic:work"
    When peer "carol" sends an HCP_INTENT about "topic:personal"
    Then the implementation accepts peer "carol"'s message

  @HCP-CON-003 @HAR-HCP-001
  Scenario Outline: the implementation's human revoked consent: <type> is refused with CONSENT
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human gives consent "revoked"
    When peer "carol" sends an HCP action <type>
    Then the implementation refuses peer "carol"'s message with "CONSENT"

    Examples:
      | type         |
      | HCP_INTENT   |
      | HCP_CONTEXT  |
      | HCP_DECISION |
      | HCP_FEEDBACK |

  @HCP-CON-003 @HAR-HCP-001
  Scenario: the implementation's human revoked consent: a check-in is refused with CONSENT
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human gives consent "revoked"
    When peer "carol" checks in
    Then the implementation refuses peer "carol"'s message with "CONSENT"

  @HCP-CON-003 @HAR-HCP-001
  Scenario: the human's limited consent: an out-of-scope intent is refused
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human gives consent "limited" to "topic:work"
    When peer "carol" sends an HCP_INTENT about "topic:personal"
    Then the implementation refuses peer "carol"'s message with "CONSENT"

  @HCP-CON-004 @HAR-HCP-001
  Scenario: the human's limited consent: an in-scope intent and then a decision are accepted
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human gives consent "limited" to "topic:work"
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation accepts peer "carol"'s message
    When peer "carol" sends an HCP action HCP_DECISION
    Then the implementation accepts peer "carol"'s message

  @HCP-CON-003 @HAR-HCP-001
  Scenario: consent changed in the middle of an exchange: limited to another topic, the next decision is refused
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation accepts peer "carol"'s message
    When peer "carol" sends an HCP action HCP_DECISION
    Then the implementation accepts peer "carol"'s message
    When the implementation's human gives consent "limited" to "topic:home"
    And peer "carol" sends an HCP action HCP_DECISION
    Then the implementation refuses peer "carol"'s message with "CONSENT"
    When peer "carol" sends an HCP_INTENT about "topic:home"
    Then the implementation accepts peer "carol"'s message
    When peer "carol" sends an HCP action HCP_DECISION
    Then the implementation accepts peer "carol"'s message

  @HCP-CON-003 @HCP-TRU-001 @HAR-HCP-004
  Scenario: consent revoked in the middle of an exchange: the next action is refused and the session is restricted
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation accepts peer "carol"'s message
    When the implementation's human gives consent "revoked"
    And peer "carol" sends an HCP action HCP_CONTEXT
    Then the implementation refuses peer "carol"'s message with "CONSENT"
    And the implementation's HCP view of peer "carol" is "restricted"

  @HCP-CON-004 @HCP-TRU-001 @HAR-HCP-004
  Scenario: consent restored: actions are accepted again and the session is probing, not trusted
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" sends an HCP_FEEDBACK with satisfaction 90
    And the implementation's HCP view of peer "carol" is "trusted"
    When the implementation's human gives consent "revoked"
    Then the implementation's HCP view of peer "carol" is "restricted"
    When the implementation's human gives consent "granted"
    And peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation accepts peer "carol"'s message
    And the implementation's HCP view of peer "carol" is "probing"

  @HCP-CON-005 @HAR-HCP-002
  Scenario: the human cannot state an intent outside its own limited consent: refused, nothing sent
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human gives consent "limited" to "topic:work"
    And peer "carol" receives, in order: "HCP_HELLO, HCP_STATE_UPDATE"
    When the implementation's human states the intent "request" about "topic:home" to peer "carol"
    Then the human's action is refused with "CONSENT"
    And peer "carol" receives no HCP message

  @HCP-CON-005 @HAR-HCP-002
  Scenario: the human's intent inside its own limited consent is sent
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human gives consent "limited" to "topic:work"
    When the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is "sent"
    And peer "carol" receives the human's HCP_INTENT about "topic:work"

  @HCP-CON-005 @HAR-HCP-002
  Scenario: no intent is sent to a counterpart who revoked consent
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares consent "revoked"
    When the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is refused with "CONSENT"
    And peer "carol" receives no HCP message

  @HCP-CON-005 @HAR-HCP-002
  Scenario: no intent on a topic outside the counterpart's limited scope is sent
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares consent "limited" to "topic:work"
    When the implementation's human states the intent "request" about "topic:home" to peer "carol"
    Then the human's action is refused with "CONSENT"
    And peer "carol" receives no HCP message
    When the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is "sent"
    And peer "carol" receives the human's HCP_INTENT about "topic:work"

  @HCP-CON-005 @HAR-HCP-002
  Scenario: the counterpart revokes consent in the middle of an exchange: the next action is not sent
    Given peer "carol" has opened an HCP session with the implementation
    When the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is "sent"
    And peer "carol" receives the human's HCP_INTENT about "topic:work"
    When peer "carol" declares consent "revoked"
    And the implementation's human decides "go" for peer "carol"
    Then the human's action is refused with "CONSENT"
    And peer "carol" receives no HCP message

  @HCP-CON-005 @HAR-HCP-002
  Scenario: under limited consent a decision needs an open topic in the scope, opened by the human's own intent
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares consent "limited" to "topic:work"
    When the implementation's human decides "go" for peer "carol"
    Then the human's action is refused with "CONSENT"
    When the implementation's human states the intent "decide" about "topic:work" to peer "carol"
    Then the human's action is "sent"
    When the implementation's human decides "go" for peer "carol"
    Then the human's action is "sent"
    And peer "carol" receives the human's HCP_DECISION
    And the implementation reports the open topic of peer "carol" as "topic:work"
