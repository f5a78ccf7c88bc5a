Feature: The HCP envelope carries the human's state
  spec/hcp.md: state.human is required and every member of it is bounded.

  @HCP-ENV-001 @verify-envelope
  Scenario Outline: the human state is checked at its boundaries
    Given the envelope "e" is a valid hcp HCP_INTENT from "alice" to "bob"
    And in "e" the member "/state/human/<member>" is the JSON '<value>'
    And "e" is signed by "alice"
    When the implementation verifies "e"
    Then the verdict is <verdict>

    Examples:
      | member   | value   | verdict                               |
      | pressure | 100     | valid                                 |
      | pressure | 101     | invalid with error "INVALID_ENVELOPE" |
      | clarity  | 0       | valid                                 |
      | clarity  | -1      | invalid with error "INVALID_ENVELOPE" |
      | consent  | "limited" | valid                               |
      | consent  | "maybe"   | invalid with error "INVALID_ENVELOPE" |
