Feature: Size and nesting limits are exact
  spec/envelope.md, Limits: a receiver accepts 1,048,576 bytes and depth 32, and refuses more.

  @ENV-LIM-001 @verify-envelope
  Scenario: an envelope of exactly 1,048,576 bytes is accepted
    Given the envelope "e" is a valid cip STATE_UPDATE from "alice" to "bob"
    And "e" is signed by "alice"
    And "e" is padded with spaces to 1048576 bytes
    When the implementation verifies "e"
    Then the verdict is valid

  @ENV-LIM-001 @verify-envelope
  Scenario: an envelope of 1,048,577 bytes is refused
    Given the envelope "e" is a valid cip STATE_UPDATE from "alice" to "bob"
    And "e" is signed by "alice"
    And "e" is padded with spaces to 1048577 bytes
    When the implementation verifies "e"
    Then the verdict is invalid with error "INVALID_ENVELOPE"

  @ENV-LIM-002 @canonicalize
  Scenario: 32 levels of nesting are canonicalized
    When the implementation canonicalizes the text "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
    Then the canonical form is the text "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"

  @ENV-LIM-002 @canonicalize
  Scenario: 33 levels of nesting are refused
    When the implementation canonicalizes the text "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
    Then the input is refused

  @ENV-LIM-002 @canonicalize
  Scenario: scalars add no depth: a number inside 32 levels is canonicalized
    When the implementation canonicalizes the text "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[ 7 ]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
    Then the canonical form is the text "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[7]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"

  @ENV-LIM-002 @canonicalize
  Scenario: 33 levels of objects and arrays are refused
    When the implementation canonicalizes the text "{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{\"a\":[{}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}]}"
    Then the input is refused
