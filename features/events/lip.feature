@events @lip @rtt
Feature: LIP observability events
  spec/events.md: every source of a fetch is reported once, fetched or failed with its reason; every
  status an item takes is reported; every tier change by corroboration or refutation is reported once.

  Background:
    Given peer "carol" has completed the CIP handshake with the implementation
    And the implementation's events are read from now

  @EVT-LIP-001 @LIP-FET-008 @EVT-ENV-001
  Scenario: a good source gives one lip.source.fetched with its tier and size; the events keep the contract
    Given the web serves at "/unknown/doc" an evidence document of exactly 1000 bytes
    When peer "carol" asks the implementation to fetch "/unknown/doc"
    Then peer "carol" receives LIP_EVIDENCE for "/unknown/doc" with tier "unknown"
    And the implementation reported "lip.source.fetched" for "/unknown/doc" with tier "unknown" and 1000 bytes
    And the events it reported conform to the event contract and are numbered without gaps

  @EVT-LIP-001 @HAR-LIP-001
  Scenario: a blocked source is reported failed with reason "blocked"
    Given the implementation's source "/blocked/" is "blocked"
    And the web serves evidence at "/unknown/doc" with the claim "c"
    When peer "carol" asks the implementation to fetch "/blocked/doc, /unknown/doc"
    Then peer "carol" receives LIP_EVIDENCE for "/unknown/doc" with tier "unknown"
    And the implementation reported "lip.source.failed" with reason "blocked" for "/blocked/doc"

  @EVT-LIP-001 @HAR-LIP-001
  Scenario: a redirect to a blocked source is reported failed with reason "redirect_blocked"
    Given the implementation's source "/blocked/" is "blocked"
    And the web redirects "/unknown/old" to "/blocked/doc" with status 302
    When peer "carol" asks the implementation to fetch "/unknown/old"
    Then the implementation answers peer "carol"'s fetch with "SOURCE_BLOCKED"
    And the implementation reported "lip.source.failed" with reason "redirect_blocked" for "/unknown/old"

  @EVT-LIP-001
  Scenario Outline: each way a source fails is reported once with its reason
    Given <setup>
    When peer "carol" asks the implementation to fetch "<source>"
    Then the implementation answers peer "carol"'s fetch with "FETCH_FAILED"
    And the implementation reported "lip.source.failed" with reason "<reason>" for "<source>"

    Examples:
      | setup                                                                           | source            | reason             |
      | the web answers "/unknown/gone" with status 404                                 | /unknown/gone     | http_status        |
      | the web serves evidence at "/unknown/json" with the content type "application/json" | /unknown/json | media_type         |
      | the web serves at "/unknown/big" an evidence document of exactly 262145 bytes   | /unknown/big      | too_large          |
      | the web serves "an unknown member" as evidence at "/unknown/bad"                | /unknown/bad      | malformed          |
      | the web answers "/unknown/reset" with the fault "CONNECTION_RESET_BY_PEER"      | /unknown/reset    | transport          |
      | the web serves evidence at "/unknown/slow" after 3500 ms                        | /unknown/slow     | timeout            |
      | the web dribbles evidence at "/unknown/drip" over 5000 ms in 10 chunks          | /unknown/drip     | slow_body          |
      | the web answers "/unknown/old" with status 302 and no Location                  | /unknown/old      | bad_redirect       |
      | the web redirects "/unknown/loop" to "/unknown/loop" with status 302            | /unknown/loop     | too_many_redirects |

  @EVT-LIP-001
  Scenario: a port where nothing listens is reported failed with reason "connect"
    When peer "carol" asks the implementation to fetch "http://127.0.0.1:9/unknown/doc"
    Then the implementation answers peer "carol"'s fetch with "FETCH_FAILED"
    And the implementation reported "lip.source.failed" with reason "connect" for "http://127.0.0.1:9/unknown/doc"

  @EVT-LIP-002 @HAR-LIP-001
  Scenario: an item pending, then accepted, is reported twice
    Given the web serves evidence at "/p/doc" with the claim "c"
    When peer "carol" asks the implementation to fetch "/p/doc"
    Then peer "carol" receives LIP_EVIDENCE for "/p/doc" with tier "unknown"
    When the implementation's source "/p/" is "high"
    Then peer "carol" receives a LIP_ACCEPT for the evidence of "/p/doc" with reason "tier"
    And the implementation reported the statuses "pending, accepted tier" for the evidence of "/p/doc"

  @EVT-LIP-002
  Scenario: a rejected item is reported once, with its reason
    When peer "carol" sends LIP_EVIDENCE from "/unknown/doc" with no evidence entries
    Then peer "carol" receives a LIP_REJECT for the evidence of "/unknown/doc" with reason "no_provenance"
    And the implementation reported the statuses "rejected no_provenance" for the evidence of "/unknown/doc"

  @EVT-LIP-003 @HAR-LIP-001
  Scenario: a tier lowered by refutation is reported once with cause "refuted"
    Given "alice" is a trust anchor of the implementation
    And peer "alice" has completed the CIP handshake with the implementation
    And the implementation's source "/h/" is "high"
    When peer "carol" sends LIP_EVIDENCE from "/h/1" with the claim "one"
    And peer "alice" rejects the evidence of "/h/1"
    Then the implementation reported no tier change
    When peer "carol" sends LIP_EVIDENCE from "/h/2" with the claim "two"
    And peer "alice" rejects the evidence of "/h/2"
    Then the implementation reported one tier change of "/h/" from "high" to "medium" caused by "refuted"

  @HAR-INFO-005 @HAR-LIP-002
  Scenario: info lists the lip capability, and its operations answer
    Then the implementation's info lists the capability "lip"
    And the implementation answers GET lip/queue and GET lip/sources
