@hcp @cip @rtt
Feature: Check-ins with an anxious or tense human
  spec/hcp.md §4.5: no action reaches an anxious or tense human before its agent answered the sender's
  check-in request (an HCP_CONTEXT with the flag "check_in") with "check_in_proceed"; the answer comes
  from the human (harness human/check-in), or at once when the human is calm.

  @HCP-CHK-001 @HAR-HCP-001
  Scenario Outline: an action reaching a human whose affect is <affect>: <outcome>
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has affect "<affect>"
    When peer "carol" sends an HCP action HCP_CONTEXT
    Then the implementation answers peer "carol"'s message with "<outcome>"

    Examples:
      | affect    | outcome  |
      | anxious   | CONSENT  |
      | tense     | CONSENT  |
      | calm      | accepted |
      | neutral   | accepted |
      | energized | accepted |

  @HCP-CHK-002 @HCP-CHK-003 @HCP-CHK-001 @HAR-HCP-003 @HAR-HCP-004
  Scenario: the order: state update, intent refused, check-in, the human's proceed, intent accepted
    Given peer "carol" has opened an HCP session with the implementation
    When the implementation's human has affect "anxious"
    Then peer "carol" receives an HCP_STATE_UPDATE with the human's state
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation refuses peer "carol"'s message with "CONSENT"
    When peer "carol" checks in
    Then the implementation accepts peer "carol"'s message
    And peer "carol" receives no HCP message
    And the implementation reports the check-ins of peer "carol" as incoming "pending" and outgoing "none"
    When the implementation's human answers peer "carol"'s check-in with "proceed"
    Then peer "carol" receives the check-in answer "check_in_proceed"
    And the implementation reports the check-ins of peer "carol" as incoming "confirmed" and outgoing "none"
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation accepts peer "carol"'s message

  @HCP-CHK-002 @core
  Scenario: the agent of a calm human answers a check-in at once with proceed
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" checks in
    Then peer "carol" receives the check-in answer "check_in_proceed"

  @HCP-CHK-002 @HCP-CHK-003 @HAR-HCP-003
  Scenario: the human says stop: check_in_stop, and actions are still refused
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has affect "tense"
    When peer "carol" checks in
    And the implementation's human answers peer "carol"'s check-in with "stop"
    Then peer "carol" receives the check-in answer "check_in_stop"
    And the implementation reports the check-ins of peer "carol" as incoming "stopped" and outgoing "none"
    When peer "carol" sends an HCP action HCP_DECISION
    Then the implementation refuses peer "carol"'s message with "CONSENT"

  @HCP-CHK-003 @HAR-HCP-003
  Scenario: after a stop, a later proceed confirms the check-in
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has affect "tense"
    When peer "carol" checks in
    And the implementation's human answers peer "carol"'s check-in with "stop"
    And peer "carol" checks in
    And the implementation's human answers peer "carol"'s check-in with "proceed"
    Then peer "carol" receives the check-in answer "check_in_stop"
    And peer "carol" receives the check-in answer "check_in_proceed"
    When peer "carol" sends an HCP action HCP_DECISION
    Then the implementation accepts peer "carol"'s message

  @HCP-CHK-003 @HAR-HCP-004
  Scenario: a confirmed check-in ends when the affect changes from anxious to tense
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has affect "anxious"
    And peer "carol" checks in
    And the implementation's human answers peer "carol"'s check-in with "proceed"
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation accepts peer "carol"'s message
    When the implementation's human has affect "tense"
    Then the implementation reports the check-ins of peer "carol" as incoming "none" and outgoing "none"
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation refuses peer "carol"'s message with "CONSENT"

  @HCP-CHK-003
  Scenario: a confirmed check-in survives a change of pressure that keeps the affect
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has affect "anxious"
    And peer "carol" checks in
    And the implementation's human answers peer "carol"'s check-in with "proceed"
    When the implementation's human has pressure 40 and clarity 70
    And peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation accepts peer "carol"'s message

  @HAR-HCP-003
  Scenario: answering a check-in nobody asked for reports answered false and sends nothing
    Given peer "carol" has opened an HCP session with the implementation
    When the implementation's human answers peer "carol"'s check-in with "proceed"
    Then the implementation says that no check-in of peer "carol" was waiting
    And peer "carol" receives no HCP message

  @HAR-HCP-003 @HCP-CHK-002
  Scenario: a check-in the calm human's agent answered at once no longer waits for the human
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" checks in
    And peer "carol" receives the check-in answer "check_in_proceed"
    When the implementation's human answers peer "carol"'s check-in with "stop"
    Then the implementation says that no check-in of peer "carol" was waiting
    And peer "carol" receives no HCP message

  @HCP-CHK-004 @HAR-HCP-002 @HAR-HCP-004
  Scenario: to an anxious counterpart the implementation checks in first and sends the action after proceed
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares affect "anxious"
    When the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is "check_in_requested"
    And peer "carol" receives a check-in request
    And peer "carol" receives no HCP message
    And the implementation reports the check-ins of peer "carol" as incoming "none" and outgoing "requested"
    When peer "carol" answers the check-in with "check_in_proceed"
    And the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is "sent"
    And peer "carol" receives the human's HCP_INTENT about "topic:work"
    And the implementation reports the check-ins of peer "carol" as incoming "none" and outgoing "confirmed"

  @HCP-CHK-004 @HAR-HCP-002
  Scenario: one check-in request at a time: a second action before the answer names the same request
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares affect "tense"
    When the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is "check_in_requested"
    And peer "carol" receives a check-in request
    When the implementation's human decides "go" for peer "carol"
    Then the human's action is "check_in_requested"
    And peer "carol" receives no HCP message

  @HCP-CHK-004 @HAR-HCP-002
  Scenario: the counterpart says stop: the human's actions are refused until its affect changes
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares affect "anxious"
    And the implementation's human states the intent "request" about "topic:work" to peer "carol"
    And peer "carol" receives a check-in request
    When peer "carol" answers the check-in with "check_in_stop"
    And the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is refused with "CONSENT"
    And peer "carol" receives no HCP message
    When peer "carol" declares affect "calm"
    And the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is "sent"
    And peer "carol" receives the human's HCP_INTENT about "topic:work"

  @HCP-CHK-004 @HAR-HCP-004
  Scenario: an answer with several check-in flags counts as the most conservative one
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares affect "anxious"
    And the implementation's human states the intent "request" about "topic:work" to peer "carol"
    And peer "carol" receives a check-in request
    When peer "carol" sends an HCP_CONTEXT with the constraints "check_in_proceed, check_in_stop"
    Then the implementation reports the check-ins of peer "carol" as incoming "none" and outgoing "stopped"

  @HCP-CHK-004 @HAR-HCP-002
  Scenario: a proceed nobody asked for confirms nothing
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares affect "anxious"
    When peer "carol" answers the check-in with "check_in_proceed"
    And the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is "check_in_requested"
    And peer "carol" receives a check-in request

  @HCP-CHK-004 @HAR-HCP-002
  Scenario: after proceed, a change of the counterpart's affect needs a new check-in
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares affect "anxious"
    And the implementation's human states the intent "request" about "topic:work" to peer "carol"
    And peer "carol" receives a check-in request
    And peer "carol" answers the check-in with "check_in_proceed"
    When peer "carol" declares affect "tense"
    And the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is "check_in_requested"
    And peer "carol" receives a check-in request

  @HCP-CHK-004 @HCP-PAC-004 @HAR-HCP-002
  Scenario: a tense counterpart at pressure 85: check-in first, then actions 10 s apart
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares affect "tense"
    And peer "carol" declares pressure 85 and clarity 90
    When the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is "check_in_requested"
    And peer "carol" receives a check-in request
    When peer "carol" answers the check-in with "check_in_proceed"
    And the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is "sent"
    When the implementation's human decides "go" for peer "carol"
    Then the human's action is deferred with a retry of at most 10000 ms
