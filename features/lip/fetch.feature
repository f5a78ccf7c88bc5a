@lip @rtt
Feature: LIP fetching: who may ask, and what is never requested
  spec/lip.md §4.1, §4.2, §4.4: only a peer whose CIP trust state is probing or trusted is served; an
  overloaded implementation fetches nothing; a blocked source is never requested, neither when a fetch
  lists it nor when a redirect leads to it.

  Background:
    Given peer "carol" has completed the CIP handshake with the implementation

  @LIP-SES-002 @HAR-CIP-001
  Scenario: a fetch from a blacklisted peer is refused and nothing is requested
    Given the web serves evidence at "/unknown/doc" with the claim "c"
    When the operator sets peer "carol" to "blacklisted"
    And peer "carol" asks the implementation to fetch "/unknown/doc"
    Then the implementation answers peer "carol"'s fetch with "TRUST_VIOLATION"
    And the web received no request at all

  @LIP-SES-001 @HAR-CIP-001
  Scenario: a fetch signed by another identity makes the peer blacklisted
    Given the web serves evidence at "/unknown/doc" with the claim "c"
    When peer "carol" asks the implementation to fetch "/unknown/doc" signed by "mallory"
    Then the implementation answers peer "carol"'s fetch with "TRUST_VIOLATION"
    And the implementation holds peer "carol" as "blacklisted"
    And the web received no request at all

  @LIP-FET-003 @HAR-CIP-002
  Scenario: at load index 80 the implementation is overloaded: BACKPRESSURE and no request
    Given the web serves evidence at "/unknown/doc" with the claim "c"
    When the implementation's load is "focused" with lri 80
    And peer "carol" asks the implementation to fetch "/unknown/doc"
    Then the implementation answers peer "carol"'s fetch with "BACKPRESSURE"
    And the web received no request at all

  @LIP-FET-003 @HAR-CIP-002
  Scenario: with presence "overloaded" the implementation fetches nothing
    Given the web serves evidence at "/unknown/doc" with the claim "c"
    When the implementation's load is "overloaded" with lri 10
    And peer "carol" asks the implementation to fetch "/unknown/doc"
    Then the implementation answers peer "carol"'s fetch with "BACKPRESSURE"
    And the web received no request at all

  @LIP-FET-003 @HAR-CIP-002
  Scenario: at load index 79 the source is fetched
    Given the web serves evidence at "/unknown/doc" with the claim "c"
    When the implementation's load is "focused" with lri 79
    And peer "carol" asks the implementation to fetch "/unknown/doc"
    Then peer "carol" receives LIP_EVIDENCE for "/unknown/doc" with tier "unknown"
    And the web received 1 request for "/unknown/doc" with the evidence Accept header

  @LIP-FET-004 @LIP-FET-002 @HAR-LIP-001
  Scenario: a fetch naming only blocked sources is refused with SOURCE_BLOCKED and nothing is requested
    Given the implementation's source "/blocked/" is "blocked"
    And the web serves evidence at "/blocked/a" with the claim "a"
    And the web serves evidence at "/blocked/b" with the claim "b"
    When peer "carol" asks the implementation to fetch "/blocked/a, /blocked/b"
    Then the implementation answers peer "carol"'s fetch with "SOURCE_BLOCKED"
    And the web received no request at all

  @LIP-FET-002 @LIP-RPL-002 @HAR-LIP-001
  Scenario: a blocked and a good source: only the good one is requested and answered, with no ERROR
    Given the implementation's source "/blocked/" is "blocked"
    And the web serves evidence at "/blocked/doc" with the claim "b"
    And the web serves evidence at "/unknown/doc" with the claim "u"
    When peer "carol" asks the implementation to fetch "/blocked/doc, /unknown/doc"
    Then peer "carol" receives LIP_EVIDENCE for "/unknown/doc" in that order
    And the implementation answers peer "carol"'s fetch with no ERROR
    And the web received no request for "/blocked/doc"
    And the web received 1 request for "/unknown/doc" with the evidence Accept header

  @LIP-FET-002 @LIP-SRC-001 @HAR-LIP-001
  Scenario: a blocked document rule inside a medium folder: that document is not requested, its sibling is
    Given the implementation's sources are:
      | prefix           | tier    |
      | /medium/         | medium  |
      | /medium/secret   | blocked |
    And the web serves evidence at "/medium/secret" with the claim "s"
    And the web serves evidence at "/medium/open" with the claim "o"
    When peer "carol" asks the implementation to fetch "/medium/secret, /medium/open"
    Then peer "carol" receives LIP_EVIDENCE for "/medium/open" with tier "medium"
    And the web received no request for "/medium/secret"

  @LIP-FET-005 @LIP-FET-002 @LIP-RPL-002 @HAR-LIP-001
  Scenario: a redirect to a blocked source is not followed: SOURCE_BLOCKED, no request to it
    Given the implementation's source "/blocked/" is "blocked"
    And the web redirects "/unknown/old" to "/blocked/doc" with status 302
    And the web serves evidence at "/blocked/doc" with the claim "b"
    When peer "carol" asks the implementation to fetch "/unknown/old"
    Then the implementation answers peer "carol"'s fetch with "SOURCE_BLOCKED"
    And the web received 1 request for "/unknown/old" with the evidence Accept header
    And the web received no request for "/blocked/doc"

  @LIP-FET-005 @LIP-FET-002 @HAR-LIP-001
  Scenario: a redirect to a blocked source while another source succeeds: the evidence only, no ERROR
    Given the implementation's source "/blocked/" is "blocked"
    And the web redirects "/unknown/old" to "/blocked/doc" with status 307
    And the web serves evidence at "/unknown/doc" with the claim "u"
    When peer "carol" asks the implementation to fetch "/unknown/old, /unknown/doc"
    Then peer "carol" receives LIP_EVIDENCE for "/unknown/doc" in that order
    And the implementation answers peer "carol"'s fetch with no ERROR
    And the web received no request for "/blocked/doc"

  @LIP-RPL-002 @HAR-LIP-001
  Scenario: one blocked source and one that fails otherwise: FETCH_FAILED
    Given the implementation's source "/blocked/" is "blocked"
    And the web answers "/unknown/gone" with status 404
    When peer "carol" asks the implementation to fetch "/blocked/doc, /unknown/gone"
    Then the implementation answers peer "carol"'s fetch with "FETCH_FAILED"
    And the web received no request for "/blocked/doc"

  @LIP-SRC-001 @LIP-FET-005 @HAR-LIP-001
  Scenario: a redirect from a high source to an unknown one gives the tier of the final URI
    Given the implementation's source "/high/" is "high"
    And the web redirects "/high/old" to "/unknown/new" with status 301
    And the web serves evidence at "/unknown/new" with the claim "n"
    When peer "carol" asks the implementation to fetch "/high/old"
    Then peer "carol" receives LIP_EVIDENCE for "/unknown/new" with tier "unknown"
