Feature: Envelopes are I-JSON, and what is not is refused, never repaired
  spec/envelope.md, JSON text. Every refusal here is INVALID_ENVELOPE.

  @ENV-JSON-001 @verify-envelope
  Scenario: an overlong UTF-8 sequence inside a string
    Given the envelope "e" is a valid cip HELLO from "alice" to "bob"
    And "e" is signed by "alice"
    And in the bytes of "e" the text "alice" is replaced by the hex "c0af6c696365"
    When the implementation verifies "e"
    Then the verdict is invalid with error "INVALID_ENVELOPE"

  @ENV-JSON-002 @verify-envelope
  Scenario: a member name that appears twice, once escaped
    Given the envelope "e" is a valid cip HELLO from "alice" to "bob"
    And "e" is signed by "alice"
    And in the bytes of "e" the text "\"type\":\"HELLO\"" is replaced by the text "\"type\":\"HELLO\",\"\u0074ype\":\"HELLO\""
    When the implementation verifies "e"
    Then the verdict is invalid with error "INVALID_ENVELOPE"

  @ENV-JSON-003 @verify-envelope
  Scenario: an escaped lone surrogate
    Given the envelope "e" is a valid cip INTENT from "alice" to "bob"
    And in "e" the member "/payload/topic" is "weather"
    And "e" is signed by "alice"
    And in the bytes of "e" the text "weather" is replaced by the text "weather\udc00"
    When the implementation verifies "e"
    Then the verdict is invalid with error "INVALID_ENVELOPE"

  @ENV-JSON-004 @verify-envelope
  Scenario: a number beyond the double range
    Given the envelope "e" is a valid cip STATE_UPDATE from "alice" to "bob"
    And "e" is signed by "alice"
    And in the bytes of "e" the text "\"lri\":35" is replaced by the text "\"lri\":1e999"
    When the implementation verifies "e"
    Then the verdict is invalid with error "INVALID_ENVELOPE"

  @ENV-JSON-005 @verify-envelope
  Scenario Outline: text that is not JSON
    Given the envelope "e" is a valid cip HELLO from "alice" to "bob"
    And "e" is signed by "alice"
    And the bytes of "e" get <change>
    When the implementation verifies "e"
    Then the verdict is invalid with error "INVALID_ENVELOPE"

    Examples:
      | change                          |
      | the prefix hex "efbbbf"         |
      | the suffix text "{}"            |
      | the suffix text "/* comment */" |
      | the prefix text "["             |

  @ENV-JSON-006 @verify-envelope
  Scenario Outline: a noncharacter in a string is refused: <noncharacter>
    Given the envelope "e" is a valid cip INTENT from "alice" to "bob"
    And in "e" the member "/payload/topic" is "weather"
    And "e" is signed by "alice"
    And in the bytes of "e" the text "weather" is replaced by the hex "<bytes>"
    When the implementation verifies "e"
    Then the verdict is invalid with error "INVALID_ENVELOPE"

    Examples:
      | noncharacter       | bytes                  |
      | U+FDD0 as UTF-8    | 77656174686572efb790   |
      | U+FFFE as UTF-8    | 77656174686572efbfbe   |
      | U+10FFFF as UTF-8  | 77656174686572f48fbfbf |
      | U+FFFF escaped     | 776561746865725c7566666666 |
      | U+1FFFE escaped    | 776561746865725c75643833665c7564666665 |

  @ENV-JSON-006 @HAR-JCS-002 @canonicalize
  Scenario: canonicalize refuses a noncharacter in a member name
    When the implementation canonicalizes:
      """
      {"ok":1,"\ufdef":2}
      """
    Then the input is refused

  @ENV-JSON-006 @HAR-JCS-001 @canonicalize
  Scenario: the code points next to the noncharacters are ordinary characters
    When the implementation canonicalizes:
      """
      ["\ufdcf\ufdf0\ufffd\udbff\udffd"]
      """
    Then the canonical form is the hex "5b22efb78fefb7b0efbfbdf48fbfbd225d"
