@hcp @cip @rtt
Feature: Delivery to the human, and the human's own decisions
  spec/hcp.md §4.6: every accepted action reaches the implementation's human unchanged and in order, no
  refused one does; a decision always carries rationale and alternatives, on the wire (PAYLOAD_SCHEMA)
  and through the harness (400).

  @HCP-DEL-001 @HAR-HCP-004
  Scenario: an accepted intent reaches the human with its topic, and opens the topic
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation accepts peer "carol"'s message
    And the implementation delivered peer "carol"'s message to its human
    And the implementation reports the open topic of peer "carol" as "topic:work"

  @HCP-DEL-001 @HAR-HCP-004
  Scenario: an accepted decision reaches the human with its rationale and alternatives unchanged
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP_DECISION whose payload is '{"decision":"move to Lyon","rationale":"closer to family — and cheaper","alternatives":["stay","move to Paris"],"follow_up":"visit in May"}'
    Then the implementation accepts peer "carol"'s message
    And the implementation delivered peer "carol"'s message to its human

  @HCP-DEL-001 @HAR-HCP-004
  Scenario: a refused action does not reach the human
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human gives consent "limited" to "topic:work"
    When peer "carol" sends an HCP_INTENT about "topic:home"
    Then the implementation refuses peer "carol"'s message with "CONSENT"
    And the implementation did not deliver peer "carol"'s message to its human
    And the implementation reports the open topic of peer "carol" as "none"

  @HCP-DEL-001 @HAR-HCP-004
  Scenario: accepted actions reach the human in the order they arrived; signals and refused ones do not
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP action HCP_INTENT
    And peer "carol" sends an HCP action HCP_CONTEXT
    And peer "carol" sends an HCP_STATE_UPDATE
    And peer "carol" declares consent "revoked"
    And peer "carol" sends an HCP action HCP_FEEDBACK
    And peer "carol" declares consent "granted"
    And peer "carol" sends an HCP action HCP_DECISION
    And peer "carol" sends an HCP action HCP_FEEDBACK
    Then the implementation accepts peer "carol"'s message
    And the implementation delivered to its human, from peer "carol", in order: "HCP_INTENT, HCP_CONTEXT, HCP_DECISION, HCP_FEEDBACK"
    And the implementation reports the last action it accepted from peer "carol" recently

  @HCP-MSG-004 @core
  Scenario Outline: a decision <case> is <outcome>
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP_DECISION whose payload is '<payload>'
    Then the implementation answers peer "carol"'s message with "<outcome>"

    Examples:
      | case                     | payload                                                      | outcome        |
      | without rationale        | {"decision":"d","alternatives":["a"]}                         | PAYLOAD_SCHEMA |
      | with an empty rationale  | {"decision":"d","rationale":"","alternatives":["a"]}          | PAYLOAD_SCHEMA |
      | without alternatives     | {"decision":"d","rationale":"r"}                              | PAYLOAD_SCHEMA |
      | with no alternative      | {"decision":"d","rationale":"r","alternatives":[]}            | PAYLOAD_SCHEMA |
      | with one alternative     | {"decision":"d","rationale":"r","alternatives":["a"]}         | accepted       |

  @HCP-DEC-001 @HAR-HCP-002
  Scenario: the human's decision is sent with its rationale, alternatives and follow-up unchanged
    Given peer "carol" has opened an HCP session with the implementation
    When the implementation's human decides "take the train" for peer "carol"
    Then the human's action is "sent"
    And peer "carol" receives the human's HCP_DECISION
    And the implementation reports the last action it sent to peer "carol" recently

  @HCP-DEC-001 @HAR-HCP-002
  Scenario: a decision without follow-up is sent without one
    Given peer "carol" has opened an HCP session with the implementation
    When the implementation's human decides "take the bus" for peer "carol" without a follow-up
    Then the human's action is "sent"
    And peer "carol" receives the human's HCP_DECISION

  @HAR-HCP-002
  Scenario: a human decision without alternatives is a bad request and nothing is sent
    Given peer "carol" has opened an HCP session with the implementation
    When the implementation's human tries to decide "anything" for peer "carol" without alternatives
    Then the harness refused the request with status 400
    And peer "carol" receives no HCP message

  @HAR-HCP-002 @HAR-HCP-004
  Scenario: an intent for a peer without an HCP session answers no_session and sends nothing
    Given peer "carol" has completed the CIP handshake with the implementation
    When the implementation's human states the intent "request" about "topic:work" to peer "carol"
    Then the human's action is "no_session"
    And peer "carol" receives no HCP message
    And the implementation reports no HCP session with peer "carol"

  @HAR-HCP-004
  Scenario: the sessions are listed in the order they opened, with their times
    Given peer "dave" has opened an HCP session with the implementation
    And peer "carol" has opened an HCP session with the implementation
    Then the implementation reports 2 HCP sessions, in the order they opened: "dave, carol"
    And the implementation reports the last action it accepted from peer "carol" never
    And the implementation reports the last action it sent to peer "carol" never
    And the implementation reports the check-ins of peer "carol" as incoming "none" and outgoing "none"
    And the implementation's human is at level "allow"

  @HAR-HCP-004 @HAR-RST-001
  Scenario: a reset forgets every HCP session and returns the human to its initial state
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human has pressure 90 and clarity 10
    When the implementation is reset
    Then the implementation reports no HCP session with peer "carol"
    And the implementation's human is back in its initial state

  @HAR-INFO-004
  Scenario: info lists the hcp capability
    Then info lists the capability "hcp"
