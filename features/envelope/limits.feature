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

  @ENV-LIM-003 @canonicalize
  Scenario: number tokens of 4,096 characters, sign and exponent included, are canonicalized
    When the implementation canonicalizes the text "[-0.5{repeat:4092:0}, 1e{repeat:4094:0}, 0.{repeat:4094:3}]"
    Then the canonical form is the text "[-0.5,1,0.3333333333333333]"

  @ENV-LIM-003 @canonicalize
  Scenario Outline: a number token of <length> characters is refused: <what>
    When the implementation canonicalizes the text "<text>"
    Then the input is refused

    Examples:
      | what                       | length    | text                       |
      | a fraction with its sign   | 4,097     | [-0.5{repeat:4093:0}]      |
      | an exponent                | 4,097     | [1E+{repeat:4094:0}]       |
      | a fraction, in an object   | 4,097     | {\"a\":0.{repeat:4095:1}}  |
      | a fraction (issue 20)      | 1,000,000 | [0.{repeat:999998:1}]      |

  @ENV-LIM-003 @verify-envelope
  Scenario: a number of 4,096 characters with the signed value keeps the verdict valid
    Given the envelope "e" is a valid cip STATE_UPDATE from "alice" to "bob"
    And "e" is signed by "alice"
    And in the bytes of "e" the text "\"lri\":35" is replaced by the text "\"lri\":35.{repeat:4093:0}"
    When the implementation verifies "e"
    Then the verdict is valid

  @ENV-LIM-003 @verify-envelope
  Scenario: a number of 4,097 characters is refused, whatever its value
    Given the envelope "e" is a valid cip STATE_UPDATE from "alice" to "bob"
    And "e" is signed by "alice"
    And in the bytes of "e" the text "\"lri\":35" is replaced by the text "\"lri\":35.{repeat:4094:0}"
    When the implementation verifies "e"
    Then the verdict is invalid with error "INVALID_ENVELOPE"

  @ENV-LIM-004 @canonicalize
  Scenario: 65,536 values are canonicalized
    When the implementation canonicalizes the text "[{repeat:65534:0,}0]"
    Then the canonical form is the text "[{repeat:65534:0,}0]"

  @ENV-LIM-004 @canonicalize
  Scenario: containers are values too: 1 + 32,767 arrays + 32,768 numbers are canonicalized
    When the implementation canonicalizes the text "[{repeat:32767:[0],}0]"
    Then the canonical form is the text "[{repeat:32767:[0],}0]"

  @ENV-LIM-004 @canonicalize
  Scenario Outline: 65,537 values are refused: <what>
    When the implementation canonicalizes the text "<text>"
    Then the input is refused

    Examples:
      | what                        | text                        |
      | numbers                     | [{repeat:65535:0,}0]        |
      | an empty array more         | [{repeat:32767:[0],}0,[]]   |
      | literals and strings        | [{repeat:32767:true,\"\",}null,0] |

  @ENV-LIM-004 @verify-envelope
  Scenario: an envelope of 65,536 values is parsed, then refused by its payload schema
    Given the envelope "e" is a valid cip STATE_UPDATE from "alice" to "bob"
    And "e" is signed by "alice"
    And in "e" the member "/payload/extra" is an array of zeros that brings it to 65536 values
    And "e" is signed by "alice"
    When the implementation verifies "e"
    Then the verdict is invalid with error "PAYLOAD_SCHEMA"

  @ENV-LIM-004 @verify-envelope
  Scenario: an envelope of 65,537 values is refused before its payload is looked at
    Given the envelope "e" is a valid cip STATE_UPDATE from "alice" to "bob"
    And "e" is signed by "alice"
    And in "e" the member "/payload/extra" is an array of zeros that brings it to 65537 values
    And "e" is signed by "alice"
    When the implementation verifies "e"
    Then the verdict is invalid with error "INVALID_ENVELOPE"
