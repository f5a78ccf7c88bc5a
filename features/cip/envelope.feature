Feature: The CIP envelope and its blocks
  spec/cip.md: the optional trust and state blocks; no source block.

  @CIP-ENV-001 @verify-envelope
  Scenario Outline: CIP blocks are checked
    Given the envelope "e" is a valid cip STATE_UPDATE from "alice" to "bob"
    And in "e" the member "<member>" is the JSON '<value>'
    And "e" is signed by "alice"
    When the implementation verifies "e"
    Then the verdict is invalid with error "INVALID_ENVELOPE"

    Examples:
      | member              | value      |
      | /state/lri          | 101          |
      | /state/presence     | "asleep"     |
      | /trust/sender_view  | "restricted" |
      | /trust/receiver_view | "friendly"  |
