@hcp @cip @rtt
Feature: Pacing by the human's state
  spec/hcp.md §4.4: pressure 80 or more, or clarity 30 or less, slows a human down to one action every
  10 seconds; both, or presence "overloaded", defer every action (BACKPRESSURE). The implementation
  paces what reaches its own human and what it sends to the counterpart, on its own clock.

  @HCP-PAC-001 @HCP-PAC-002 @HCP-PAC-003 @HAR-HCP-001
  Scenario Outline: two intents one after the other to a human at pressure <pressure>, clarity <clarity>, <presence>
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has presence "<presence>"
    And the implementation's human has pressure <pressure> and clarity <clarity>
    And the implementation's human is at level "<level>"
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation answers peer "carol"'s message with "<first>"
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation answers peer "carol"'s message with "<second>"

    Examples:
      | pressure | clarity | presence   | level | first        | second       |
      | 79       | 31      | engaged    | allow | accepted     | accepted     |
      | 0        | 100     | focused    | allow | accepted     | accepted     |
      | 80       | 31      | engaged    | slow  | accepted     | BACKPRESSURE |
      | 79       | 30      | engaged    | slow  | accepted     | BACKPRESSURE |
      | 100      | 100     | diffuse    | slow  | accepted     | BACKPRESSURE |
      | 0        | 0       | engaged    | slow  | accepted     | BACKPRESSURE |
      | 80       | 30      | engaged    | defer | BACKPRESSURE | BACKPRESSURE |
      | 100      | 0       | focused    | defer | BACKPRESSURE | BACKPRESSURE |
      | 0        | 100     | overloaded | defer | BACKPRESSURE | BACKPRESSURE |

  @HCP-PAC-002 @HAR-HCP-005 @HAR-CLK-001
  # The implementation's clock also moves in real time while the steps run (seconds on a loaded machine),
  # so the "not yet" checks of this file stand 5 s before the 10 s, not 1 s.
  Scenario: slow: an action 5 s after the last accepted one is refused, one at 10 s is accepted
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has pressure 85 and clarity 50
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation accepts peer "carol"'s message
    When the implementation's clock advances 5 seconds
    And peer "carol" sends an HCP action HCP_CONTEXT
    Then the implementation refuses peer "carol"'s message with "BACKPRESSURE"
    When the implementation's clock advances 5 seconds
    And peer "carol" sends an HCP action HCP_CONTEXT
    Then the implementation accepts peer "carol"'s message
    And the implementation reports the last action it accepted from peer "carol" recently

  @HCP-PAC-002 @HAR-HCP-005
  Scenario: slow: a refused action does not restart the interval
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has pressure 20 and clarity 25
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation accepts peer "carol"'s message
    When the implementation's clock advances 5 seconds
    And peer "carol" sends an HCP action HCP_DECISION
    Then the implementation refuses peer "carol"'s message with "BACKPRESSURE"
    When the implementation's clock advances 5 seconds
    And peer "carol" sends an HCP action HCP_DECISION
    Then the implementation accepts peer "carol"'s message

  @HCP-PAC-002 @HAR-HCP-001
  Scenario: slow: the safety flag "slow_pacing" slows a calm human
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has the safety flag "slow_pacing"
    And the implementation's human is at level "slow"
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation accepts peer "carol"'s message
    When peer "carol" sends an HCP action HCP_FEEDBACK
    Then the implementation refuses peer "carol"'s message with "BACKPRESSURE"

  @HCP-PAC-002 @HCP-CHK-002
  Scenario: slow: check-in messages are neither limited nor counted
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has pressure 90 and clarity 90
    When peer "carol" checks in
    Then the implementation accepts peer "carol"'s message
    And peer "carol" receives the check-in answer "check_in_proceed"
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation accepts peer "carol"'s message
    When peer "carol" checks in
    Then the implementation accepts peer "carol"'s message
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation refuses peer "carol"'s message with "BACKPRESSURE"

  @HCP-PAC-001 @HAR-HCP-001
  Scenario: defer: a check-in is refused with BACKPRESSURE too
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has presence "overloaded"
    When peer "carol" checks in
    Then the implementation refuses peer "carol"'s message with "BACKPRESSURE"

  @HCP-PAC-001 @HCP-STA-002 @HAR-HCP-001
  Scenario: when the pressure falls the implementation says so, and the intent sent again is accepted
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has pressure 95 and clarity 20
    And peer "carol" receives an HCP_STATE_UPDATE with the human's state
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation refuses peer "carol"'s message with "BACKPRESSURE"
    When the implementation's human has pressure 20 and clarity 90
    Then peer "carol" receives an HCP_STATE_UPDATE with the human's state
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation accepts peer "carol"'s message

  @HCP-PAC-004 @HAR-HCP-005 @HAR-HCP-002
  Scenario: to a counterpart at pressure 80 the second action waits 10 s on the implementation's clock
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares pressure 80 and clarity 31
    When the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is "sent"
    And peer "carol" receives the human's HCP_INTENT about "topic:work"
    And the implementation reports the last action it sent to peer "carol" recently
    When the implementation's human decides "go" for peer "carol"
    Then the human's action is deferred with a retry of at most 10000 ms
    And peer "carol" receives no HCP message
    When the implementation's clock advances 5 seconds
    And the implementation's human decides "go" for peer "carol"
    Then the human's action is deferred with a retry of at most 5000 ms
    And peer "carol" receives no HCP message
    When the implementation's clock advances 5 seconds
    And the implementation's human decides "go" for peer "carol"
    Then the human's action is "sent"
    And peer "carol" receives the human's HCP_DECISION

  @HCP-PAC-004 @HAR-HCP-002
  Scenario: to a counterpart at clarity 30 the second intent is deferred
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares pressure 79 and clarity 30
    When the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is "sent"
    When the implementation's human states the intent "clarify" about "topic:work" to peer "carol"
    Then the human's action is deferred with a retry of at most 10000 ms

  @HCP-PAC-004 @HAR-HCP-002
  Scenario: to a counterpart with the safety flag "slow_pacing" the second intent is deferred
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" sends an HCP_HELLO with the safety flag "slow_pacing"
    When the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is "sent"
    When the implementation's human states the intent "clarify" about "topic:work" to peer "carol"
    Then the human's action is deferred with a retry of at most 10000 ms

  @HCP-PAC-004 @HAR-HCP-002
  Scenario: to a counterpart at pressure 79 and clarity 31 intents go at once
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares pressure 79 and clarity 31
    When the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is "sent"
    And peer "carol" receives the human's HCP_INTENT about "topic:work"
    When the implementation's human states the intent "clarify" about "topic:work" to peer "carol"
    Then the human's action is "sent"
    And peer "carol" receives the human's HCP_INTENT about "topic:work"

  @HCP-PAC-004 @HAR-HCP-002
  Scenario: nothing is sent to a counterpart at pressure 80 and clarity 30; after its update to pressure 20 the intent goes
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares pressure 80 and clarity 30
    When the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is deferred without a retry time
    And peer "carol" receives no HCP message
    When peer "carol" declares pressure 20 and clarity 30
    And the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is "sent"
    And peer "carol" receives the human's HCP_INTENT about "topic:work"

  @HCP-PAC-004 @HAR-HCP-002
  Scenario: nothing is sent to an overloaded counterpart, not even a check-in request
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares affect "anxious"
    And peer "carol" declares presence "overloaded"
    When the implementation's human decides "go" for peer "carol"
    Then the human's action is deferred without a retry time
    And peer "carol" receives no HCP message
