@hcp @cip @rtt
Feature: HCP social trust of a session
  spec/hcp.md §4.7: each HCP session is untrusted until the peer's HCP_HELLO, then probing; validating
  feedback makes it trusted, two corrective feedbacks in a row make a trusted session probing again, a
  revoked consent makes it restricted and its restoration probing. Every HCP envelope carries the
  implementation's view and echoes the peer's.

  @HCP-TRU-001 @HAR-HCP-004
  Scenario: the session becomes probing with the HCP_HELLO
    Given peer "carol" has opened an HCP session with the implementation
    Then the implementation's HCP view of peer "carol" is "probing"

  @HCP-TRU-001 @core
  Scenario: an HCP_HELLO declaring revoked consent makes the session restricted from the start
    Given peer "carol" has completed the CIP handshake with the implementation
    When peer "carol" sends an HCP_HELLO declaring consent "revoked"
    Then peer "carol" receives an HCP_HELLO with the views "restricted" and "untrusted"

  @HCP-TRU-001 @HAR-HCP-001
  Scenario: the human's revoked consent makes a new session restricted from the start
    Given peer "carol" has completed the CIP handshake with the implementation
    And the implementation's human gives consent "revoked"
    When peer "carol" sends an HCP_HELLO
    Then peer "carol" receives an HCP_HELLO with the views "restricted" and "untrusted"

  @HCP-TRU-001 @HAR-HCP-004
  Scenario Outline: feedback with satisfaction <satisfaction> and no corrections: the session is <state>
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP_FEEDBACK with satisfaction <satisfaction>
    Then the implementation accepts peer "carol"'s message
    And the implementation's HCP view of peer "carol" is "<state>"

    Examples:
      | satisfaction | state   |
      | 69           | probing |
      | 70           | trusted |
      | 100          | trusted |

  @HCP-TRU-001 @HAR-HCP-004
  Scenario: feedback with satisfaction 80 and a correction is corrective, not validating
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP_FEEDBACK with satisfaction 80 and the correction "not quite"
    Then the implementation's HCP view of peer "carol" is "probing"

  @HCP-TRU-001 @HAR-HCP-004
  Scenario: two corrective feedbacks in a row make a trusted session probing; one does not
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" sends an HCP_FEEDBACK with satisfaction 75
    And the implementation's HCP view of peer "carol" is "trusted"
    When peer "carol" sends an HCP_FEEDBACK with satisfaction 60 and the correction "wrong date"
    Then the implementation's HCP view of peer "carol" is "trusted"
    When peer "carol" sends an HCP_FEEDBACK with satisfaction 60 and the correction "wrong place"
    Then the implementation's HCP view of peer "carol" is "probing"

  @HCP-TRU-001 @HAR-HCP-004
  Scenario: satisfaction 30 is corrective, 31 is not, and a neutral feedback does not break the run
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" sends an HCP_FEEDBACK with satisfaction 70
    When peer "carol" sends an HCP_FEEDBACK with satisfaction 31
    And peer "carol" sends an HCP_FEEDBACK with satisfaction 31
    Then the implementation's HCP view of peer "carol" is "trusted"
    When peer "carol" sends an HCP_FEEDBACK with satisfaction 30
    And peer "carol" sends an HCP_FEEDBACK with satisfaction 50
    Then the implementation's HCP view of peer "carol" is "trusted"
    When peer "carol" sends an HCP_FEEDBACK with satisfaction 30
    Then the implementation's HCP view of peer "carol" is "probing"

  @HCP-TRU-001 @HAR-HCP-004
  Scenario: a validating feedback between two corrective ones restarts the count
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" sends an HCP_FEEDBACK with satisfaction 90
    When peer "carol" sends an HCP_FEEDBACK with satisfaction 10
    And peer "carol" sends an HCP_FEEDBACK with satisfaction 90
    And peer "carol" sends an HCP_FEEDBACK with satisfaction 10
    Then the implementation's HCP view of peer "carol" is "trusted"
    When peer "carol" sends an HCP_FEEDBACK with satisfaction 10
    Then the implementation's HCP view of peer "carol" is "probing"

  @HCP-TRU-001 @HAR-HCP-004
  Scenario: misunderstanding in a probing session changes nothing, and the count starts again
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP_FEEDBACK with satisfaction 0
    And peer "carol" sends an HCP_FEEDBACK with satisfaction 0
    Then the implementation's HCP view of peer "carol" is "probing"
    When peer "carol" sends an HCP_FEEDBACK with satisfaction 70
    And peer "carol" sends an HCP_FEEDBACK with satisfaction 0
    Then the implementation's HCP view of peer "carol" is "trusted"

  @HCP-TRU-001 @HAR-HCP-004
  Scenario: the counterpart's revocation makes a trusted session restricted; restoring makes it probing
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" sends an HCP_FEEDBACK with satisfaction 90
    When peer "carol" declares consent "revoked"
    Then the implementation's HCP view of peer "carol" is "restricted"
    When peer "carol" sends an HCP_FEEDBACK with satisfaction 90
    Then the implementation refuses peer "carol"'s message with "CONSENT"
    And the implementation's HCP view of peer "carol" is "restricted"
    When peer "carol" declares consent "limited" to "topic:work"
    Then the implementation's HCP view of peer "carol" is "probing"

  @HCP-TRU-001 @HAR-HCP-004
  Scenario: restoring one consent while the other is still revoked keeps the session restricted
    Given peer "carol" has opened an HCP session with the implementation
    And the implementation's human gives consent "revoked"
    And peer "carol" declares consent "revoked"
    When peer "carol" declares consent "granted"
    Then the implementation's HCP view of peer "carol" is "restricted"
    When the implementation's human gives consent "granted"
    Then the implementation's HCP view of peer "carol" is "probing"

  @HCP-TRU-002 @core
  Scenario: the implementation's envelopes echo the peer's last sender_view as receiver_view
    Given peer "carol" has opened an HCP session with the implementation
    When peer "carol" sends an HCP_STATE_UPDATE with the view "trusted"
    And peer "carol" checks in
    Then peer "carol" receives the check-in answer "check_in_proceed" with the views "probing" and "trusted"

  @HCP-TRU-002 @HAR-HCP-001
  Scenario: the state update after a change of the human carries both views
    Given peer "carol" has opened an HCP session with the implementation
    And peer "carol" sends an HCP_STATE_UPDATE with the view "restricted"
    When the implementation's human has affect "calm"
    Then the next HCP_STATE_UPDATE peer "carol" receives has the receiver view "restricted"
