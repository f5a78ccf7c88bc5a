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

  @HCP-PAC-002 @HAR-HCP-005 @HAR-CLK-001 @HAR-CLK-002 @clock-hold
  # The clock held still (harness 1.2): the "not yet" check stands 1 s before the 10 s however slow the steps.
  Scenario: slow, on a held clock: an action 9 s after the last accepted one is refused, one at 10 s is accepted
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has pressure 85 and clarity 50
    And the implementation's clock is held
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation accepts peer "carol"'s message
    When the implementation's clock advances 9 seconds
    And peer "carol" sends an HCP action HCP_CONTEXT
    Then the implementation refuses peer "carol"'s message with "BACKPRESSURE"
    When the implementation's clock advances 1 seconds
    And peer "carol" sends an HCP action HCP_CONTEXT
    Then the implementation accepts peer "carol"'s message
    And the implementation reports the last action it accepted from peer "carol" recently

  @HCP-PAC-002 @HAR-HCP-005 @HAR-CLK-002 @clock-hold
  Scenario: slow, on a held clock: a refused action 9 s after the last accepted one does not restart the interval
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has pressure 20 and clarity 25
    And the implementation's clock is held
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation accepts peer "carol"'s message
    When the implementation's clock advances 9 seconds
    And peer "carol" sends an HCP action HCP_DECISION
    Then the implementation refuses peer "carol"'s message with "BACKPRESSURE"
    When the implementation's clock advances 1 seconds
    And peer "carol" sends an HCP action HCP_DECISION
    Then the implementation accepts peer "carol"'s message

  @HCP-PAC-002 @HAR-HCP-005 @HAR-CLK-001
  # For an implementation that cannot hold its clock (harness 1.0, 1.1; the scenarios "on a held clock" are
  # then not applicable): its clock also moves in real time while the steps run (seconds on a loaded
  # machine), so the "not yet" checks below stand 5 s before the 10 s, not 1 s — a loose check.
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

  @HCP-PAC-004 @HAR-HCP-005 @HAR-HCP-002 @HAR-CLK-002 @clock-hold
  Scenario: to a counterpart at pressure 80, on a held clock, the second action waits exactly 10 s
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares pressure 80 and clarity 31
    And the implementation's clock is held
    When the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is "sent"
    And peer "carol" receives the human's HCP_INTENT about "topic:work"
    When the implementation's human decides "go" for peer "carol"
    Then the human's action is deferred with a retry of at most 10000 ms
    And peer "carol" receives no HCP message
    When the implementation's clock advances 9 seconds
    And the implementation's human decides "go" for peer "carol"
    Then the human's action is deferred with a retry of at most 1000 ms
    And peer "carol" receives no HCP message
    When the implementation's clock advances 1 seconds
    And the implementation's human decides "go" for peer "carol"
    Then the human's action is "sent"
    And peer "carol" receives the human's HCP_DECISION

  @HCP-PAC-004 @HAR-HCP-005 @HAR-HCP-002
  # On a moving clock (an implementation that cannot hold it): the "not yet" check 5 s before the 10 s.
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
