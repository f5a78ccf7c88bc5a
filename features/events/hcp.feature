@events @hcp @cip @rtt
Feature: Observability events of HCP
  spec/events.md: the implementation reports HCP sessions, trust changes, refusals (with the step of
  spec/hcp.md Table 4.2), delivered and sent actions, check-ins and changes of its human.

  @EVT-HCP-001 @EVT-ENV-001 @EVT-SEQ-001 @HAR-EVT-001
  Scenario: each HCP trust change is reported once, none for an unchanged state
    Given the implementation's events are read from now
    And peer "carol" has opened an HCP session with the implementation
    Then the implementation reported "hcp.session.opened" for peer "carol"
    And the implementation reported "hcp.trust.changed" for peer "carol" from "untrusted" to "probing"
    When peer "carol" sends an HCP_FEEDBACK with satisfaction 70
    And peer "carol" sends an HCP_FEEDBACK with satisfaction 95
    Then the implementation reported "hcp.trust.changed" for peer "carol" from "probing" to "trusted"
    When the implementation's human gives consent "revoked"
    And the implementation's human gives consent "revoked"
    Then the implementation reported "hcp.trust.changed" for peer "carol" from "trusted" to "restricted"
    When the implementation's human gives consent "granted"
    And peer "carol" sends an HCP_HELLO
    Then the implementation reported "hcp.trust.changed" for peer "carol" from "restricted" to "probing"
    And the implementation reported 4 "hcp.trust.changed" for peer "carol"
    And the implementation reported 1 "hcp.session.opened" for peer "carol"
    And the events it reported conform to the event contract and are numbered without gaps

  @EVT-HCP-002 @HAR-EVT-001
  Scenario: a refusal before the session is reported at step G3
    Given peer "carol" has completed the CIP handshake with the implementation
    When peer "carol" sends an HCP_STATE_UPDATE
    Then the implementation refuses peer "carol"'s message with "CONSENT"
    And the implementation reported "hcp.action.refused" at step "G3" with code "CONSENT" for peer "carol"'s message

  @EVT-HCP-002 @HAR-EVT-001
  Scenario: a refusal of a peer without a CIP handshake is reported at step G2
    Given peer "carol" has completed the RTT handshake with the implementation
    When peer "carol" sends an HCP_HELLO
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"
    And the implementation reported "hcp.action.refused" at step "G2" with code "TRUST_VIOLATION" for peer "carol"'s message

  @EVT-HCP-002 @HAR-EVT-001
  Scenario: a refusal of another identity is reported at step G1
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP_INTENT about "topic:work" signed by "mallory"
    Then the implementation refuses peer "carol"'s message with "TRUST_VIOLATION"
    And the implementation reported "hcp.action.refused" at step "G1" with code "TRUST_VIOLATION" for peer "carol"'s message

  @EVT-HCP-002 @HAR-EVT-001
  Scenario: refusals for consent are reported at steps G4 and G5
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP_INTENT about "topic:work" declaring consent "revoked"
    Then the implementation refuses peer "carol"'s message with "CONSENT"
    And the implementation reported "hcp.action.refused" at step "G4" with code "CONSENT" for peer "carol"'s message
    When the implementation's human gives consent "revoked"
    And peer "carol" sends an HCP_INTENT about "topic:work" declaring consent "granted"
    Then the implementation refuses peer "carol"'s message with "CONSENT"
    And the implementation reported "hcp.action.refused" at step "G5" with code "CONSENT" for peer "carol"'s message

  @EVT-HCP-002 @HAR-EVT-001
  Scenario: refusals for pacing and check-ins are reported at steps G6, G7 and G8
    Given peer "carol" has opened an HCP session with the implementation
    When the implementation's human has presence "overloaded"
    And peer "carol" sends an HCP action HCP_CONTEXT
    Then the implementation refuses peer "carol"'s message with "BACKPRESSURE"
    And the implementation reported "hcp.action.refused" at step "G6" with code "BACKPRESSURE" for peer "carol"'s message
    When the implementation's human has presence "engaged"
    And the implementation's human has affect "anxious"
    And peer "carol" sends an HCP action HCP_CONTEXT
    Then the implementation refuses peer "carol"'s message with "CONSENT"
    And the implementation reported "hcp.action.refused" at step "G7" with code "CONSENT" for peer "carol"'s message
    When the implementation's human has affect "calm"
    And the implementation's human has pressure 80 and clarity 50
    And peer "carol" sends an HCP action HCP_CONTEXT
    Then the implementation accepts peer "carol"'s message
    When peer "carol" sends an HCP action HCP_CONTEXT
    Then the implementation refuses peer "carol"'s message with "BACKPRESSURE"
    And the implementation reported "hcp.action.refused" at step "G8" with code "BACKPRESSURE" for peer "carol"'s message

  @EVT-HCP-003 @HAR-EVT-001
  Scenario: delivered and sent actions are reported with their msg_id
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP_INTENT about "topic:work"
    Then the implementation accepts peer "carol"'s message
    And the implementation reported "hcp.action.delivered" of type "HCP_INTENT" for peer "carol"'s message
    When the implementation's human decides "go" for peer "carol"
    Then the human's action is "sent"
    And the implementation reported "hcp.action.sent" of type "HCP_DECISION" for the human's action

  @EVT-HCP-003 @HAR-EVT-001
  Scenario: a refused action is not reported as delivered
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" declares consent "revoked"
    When peer "carol" sends an HCP action HCP_FEEDBACK
    Then the implementation refuses peer "carol"'s message with "CONSENT"
    And the implementation reported no "hcp.action.delivered" for peer "carol"'s message
