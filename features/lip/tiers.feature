@lip @rtt
Feature: LIP source rules and trust tiers
  spec/lip.md §4.6: a URI's tier is that of the matching rule with the longest path (a folder prefix
  or a single document), unknown when none matches; corroborated and refuted items move a source's tier
  (Tables 4.6b, 4.6c); a change of tier judges the pending items again at once.

  Background:
    Given "alice" is a trust anchor of the implementation
    And "bob" is a trust anchor of the implementation
    And peer "alice" has completed the CIP handshake with the implementation
    And peer "bob" has completed the CIP handshake with the implementation
    And peer "carol" has completed the CIP handshake with the implementation

  @LIP-SRC-001 @HAR-LIP-001
  Scenario Outline: the longest matching rule gives the tier
    Given the implementation's source "/a/" is "low"
    And the implementation's source "/a/b/" is "high"
    And the implementation's source "/a/b/c" is "blocked"
    And the web serves evidence at "<path>" with the claim "c"
    When peer "carol" asks the implementation to fetch "<path>"
    Then peer "carol" receives LIP_EVIDENCE for "<path>" with tier "<tier>"

    Examples:
      | path    | tier    |
      | /a/x    | low     |
      | /a/b/x  | high    |
      | /a/b/cd | high    |
      | /a/b/c/ | high    |
      | /z      | unknown |
      | /a      | unknown |

  @LIP-SRC-001 @HAR-LIP-001
  Scenario: a rule for another port does not apply
    Given the implementation's source "http://127.0.0.1:1/" is "high"
    And the web serves evidence at "/doc" with the claim "c"
    When peer "carol" asks the implementation to fetch "/doc"
    Then peer "carol" receives LIP_EVIDENCE for "/doc" with tier "unknown"

  @LIP-SRC-001 @HAR-LIP-001
  Scenario: rules are normalized: a prefix with dot segments matches and is listed normalized
    Given the implementation's source "/x/../medium/" is "medium"
    And the web serves evidence at "/medium/doc" with the claim "c"
    When peer "carol" asks the implementation to fetch "/medium/doc"
    Then peer "carol" receives LIP_EVIDENCE for "/medium/doc" with tier "medium"
    And the implementation lists the configured source "/medium/" at tier "medium" with runs 0 and 0

  @LIP-SRC-001 @LIP-QUE-003
  Scenario: a peer's evidence declaring tier "high" for an unknown source stays pending
    When peer "carol" sends LIP_EVIDENCE from "/unknown/doc" declaring tier "high"
    Then peer "carol" receives no LIP decision
    And the implementation reports the evidence of "/unknown/doc" as "pending"

  @LIP-SRC-002 @HAR-LIP-001 @EVT-LIP-003
  Scenario: two corroborated items leave an unknown rule unknown; the third makes it low
    Given the implementation's source "/u/" is "unknown"
    When peer "carol" sends LIP_EVIDENCE from "/u/1" with the claim "one"
    And peer "alice" accepts the evidence of "/u/1"
    And peer "bob" accepts the evidence of "/u/1"
    And peer "carol" sends LIP_EVIDENCE from "/u/2" with the claim "two"
    And peer "alice" accepts the evidence of "/u/2"
    And peer "bob" accepts the evidence of "/u/2"
    Then the implementation lists the configured source "/u/" at tier "unknown" with runs 2 and 0
    And the implementation reported no tier change
    When peer "carol" sends LIP_EVIDENCE from "/u/3" with the claim "three"
    And peer "alice" accepts the evidence of "/u/3"
    And peer "bob" accepts the evidence of "/u/3"
    Then the implementation lists the configured source "/u/" at tier "low" with runs 0 and 0
    And the implementation reported one tier change of "/u/" from "unknown" to "low" caused by "corroborated"

  @LIP-SRC-002 @LIP-SRC-003
  Scenario: three corroborated items make a low source medium, and the next item from it is accepted on its tier
    Given the implementation's source "/s/" is "low"
    When peer "carol" sends LIP_EVIDENCE from "/s/1" with the claim "one"
    And peer "alice" accepts the evidence of "/s/1"
    And peer "bob" accepts the evidence of "/s/1"
    And peer "carol" sends LIP_EVIDENCE from "/s/2" with the claim "two"
    And peer "alice" accepts the evidence of "/s/2"
    And peer "bob" accepts the evidence of "/s/2"
    And peer "carol" sends LIP_EVIDENCE from "/s/3" with the claim "three"
    And peer "alice" accepts the evidence of "/s/3"
    And peer "bob" accepts the evidence of "/s/3"
    Then the implementation lists the configured source "/s/" at tier "medium" with runs 0 and 0
    When peer "carol" sends LIP_EVIDENCE from "/s/4" with the claim "four"
    Then the implementation reports the evidence of "/s/4" as "accepted" with reason "tier"

  @LIP-SRC-002
  Scenario: a medium source is not lifted to high by three more corroborated items
    Given the implementation's source "/m/" is "medium"
    When peer "carol" sends LIP_EVIDENCE from "/m/1" with the claim "one"
    And peer "alice" accepts the evidence of "/m/1"
    And peer "bob" accepts the evidence of "/m/1"
    And peer "carol" sends LIP_EVIDENCE from "/m/2" with the claim "two"
    And peer "alice" accepts the evidence of "/m/2"
    And peer "bob" accepts the evidence of "/m/2"
    And peer "carol" sends LIP_EVIDENCE from "/m/3" with the claim "three"
    And peer "alice" accepts the evidence of "/m/3"
    And peer "bob" accepts the evidence of "/m/3"
    Then the implementation lists the configured source "/m/" at tier "medium" with runs 3 and 0
    And the implementation reported no tier change

  @LIP-SRC-002 @EVT-LIP-003
  Scenario: two refuted items make a high source medium; one does not
    Given the implementation's source "/h/" is "high"
    When peer "carol" sends LIP_EVIDENCE from "/h/1" with the claim "one"
    And peer "alice" rejects the evidence of "/h/1"
    Then the implementation lists the configured source "/h/" at tier "high" with runs 0 and 1
    When peer "carol" sends LIP_EVIDENCE from "/h/2" with the claim "two"
    And peer "bob" rejects the evidence of "/h/2"
    Then the implementation lists the configured source "/h/" at tier "medium" with runs 0 and 0
    And the implementation reported one tier change of "/h/" from "high" to "medium" caused by "refuted"

  @LIP-SRC-002
  Scenario: a refutation between corroborations starts the run again
    Given the implementation's source "/r/" is "low"
    When peer "carol" sends LIP_EVIDENCE from "/r/1" with the claim "one"
    And peer "alice" accepts the evidence of "/r/1"
    And peer "bob" accepts the evidence of "/r/1"
    And peer "carol" sends LIP_EVIDENCE from "/r/2" with the claim "two"
    And peer "alice" accepts the evidence of "/r/2"
    And peer "bob" accepts the evidence of "/r/2"
    And peer "carol" sends LIP_EVIDENCE from "/r/3" with the claim "three"
    And peer "alice" rejects the evidence of "/r/3"
    And peer "carol" sends LIP_EVIDENCE from "/r/4" with the claim "four"
    And peer "alice" accepts the evidence of "/r/4"
    And peer "bob" accepts the evidence of "/r/4"
    Then the implementation lists the configured source "/r/" at tier "low" with runs 1 and 0
    And the implementation reported no tier change

  @LIP-SRC-002 @HAR-LIP-001
  Scenario: an origin without a rule gets a learned rule when an event first concerns it
    When peer "carol" sends LIP_EVIDENCE from "/x/1" with the claim "one"
    And peer "alice" accepts the evidence of "/x/1"
    And peer "bob" accepts the evidence of "/x/1"
    Then the implementation lists the learned source "/" at tier "unknown" with runs 1 and 0

  @LIP-SRC-002
  Scenario: a blocked source never moves
    Given the implementation's source "/b/" is "blocked"
    When peer "carol" sends LIP_EVIDENCE from "/b/1" with the claim "one"
    And peer "alice" accepts the evidence of "/b/1"
    And peer "bob" accepts the evidence of "/b/1"
    And peer "carol" sends LIP_EVIDENCE from "/b/2" with the claim "two"
    And peer "alice" accepts the evidence of "/b/2"
    And peer "bob" accepts the evidence of "/b/2"
    And peer "carol" sends LIP_EVIDENCE from "/b/3" with the claim "three"
    And peer "alice" accepts the evidence of "/b/3"
    And peer "bob" accepts the evidence of "/b/3"
    Then the implementation lists the configured source "/b/" at tier "blocked" with runs 3 and 0
    And the implementation reported no tier change

  @LIP-SRC-003 @HAR-LIP-001 @LIP-NOT-001
  Scenario: configuring a pending item's source as medium accepts it before the harness answers
    Given the web serves evidence at "/p/doc" with the claim "c"
    When peer "carol" asks the implementation to fetch "/p/doc"
    Then peer "carol" receives LIP_EVIDENCE for "/p/doc" with tier "unknown"
    And the implementation reports the evidence of "/p/doc" as "pending"
    When the implementation's source "/p/" is "medium"
    Then peer "carol" has already received a LIP_ACCEPT for the evidence of "/p/doc" with reason "tier"
    And the implementation reports the evidence of "/p/doc" as "accepted" with reason "tier"

  @LIP-SRC-003 @HAR-LIP-001
  Scenario: configuring a pending item's source as blocked rejects it with reason "blocked"
    Given the web serves evidence at "/p/doc" with the claim "c"
    When peer "carol" asks the implementation to fetch "/p/doc"
    Then peer "carol" receives LIP_EVIDENCE for "/p/doc" with tier "unknown"
    When the implementation's source "/p/" is "blocked"
    Then peer "carol" has already received a LIP_REJECT for the evidence of "/p/doc" with reason "blocked"
    And the implementation reports the evidence of "/p/doc" as "rejected" with reason "blocked"
