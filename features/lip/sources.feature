@lip @rtt
Feature: LIP source rules through the harness
  harness.md §4.13: POST lip/sources replaces the rules with 0 to 1,024 rules, each prefix an http-uri
  without a query; a request outside that is 400 BAD_REQUEST (HAR-API-003) and leaves the rules as they
  were; GET lip/sources lists the rules in ascending code point order of prefix.

  @HAR-LIP-001
  Scenario: rules set out of order are listed in ascending order of prefix
    Given the implementation's sources are:
      | prefix      | tier    |
      | /zeta/      | low     |
      | /alpha/doc  | high    |
      | /mid/       | medium  |
      | /alpha/     | blocked |
    Then the implementation lists its sources in ascending order of prefix
    And the implementation lists 4 sources

  @HAR-LIP-001 @HAR-API-003
  Scenario: 1,024 rules are accepted; 1,025 are refused and the 1,024 stay
    When the tester sets 1024 source rules
    Then the implementation lists 1024 sources
    When the tester tries to set 1025 source rules
    Then lip/sources refused the request with status 400 BAD_REQUEST
    And the implementation lists 1024 sources

  @HAR-LIP-001 @HAR-API-003
  Scenario Outline: a prefix that is not an http-uri without a query is refused: <prefix>
    Given the implementation's source "/kept/" is "low"
    When the tester tries to set the source "<prefix>"
    Then lip/sources refused the request with status 400 BAD_REQUEST
    And the implementation lists 1 sources
    And the implementation lists the source "/kept/" at tier "low"

    Examples:
      | prefix              |
      | ftp://127.0.0.1/x/  |
      | /query/?x=1         |
      | mailto:a@127.0.0.1  |
