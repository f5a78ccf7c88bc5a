Feature: The canonical form is RFC 8785, byte for byte
  spec/envelope.md, Canonical JSON. The signature input of every envelope is this form.

  @ENV-JCS-001 @ENV-JCS-002 @canonicalize
  Scenario: members are sorted by UTF-16 code units, recursively
    When the implementation canonicalizes:
      """
      { "b": {"y": 1, "x": [ {"d": 0, "c": 0} ]}, "a": null, "\ue000": 1, "\ud83d\ude00": 2 }
      """
    Then the canonical form is the hex "7b2261223a6e756c6c2c2262223a7b2278223a5b7b2263223a302c2264223a307d5d2c2279223a317d2c22f09f9880223a322c22ee8080223a317d"

  @ENV-JCS-001 @ENV-JCS-003 @canonicalize
  Scenario Outline: numbers are written as ECMAScript writes them
    When the implementation canonicalizes the text "[<input>]"
    Then the canonical form is the text "[<canonical>]"

    Examples:
      | input                   | canonical               |
      | 1.0                     | 1                       |
      | -0                      | 0                       |
      | 1E2                     | 100                     |
      | 1e21                    | 1e+21                   |
      | 123456789012345678901   | 123456789012345680000   |
      | 0.000001                | 0.000001                |
      | 1e-7                    | 1e-7                    |
      | 4.35                    | 4.35                    |
      | 5e-324                  | 5e-324                  |
      | 1.7976931348623157e308  | 1.7976931348623157e+308 |
      | 9007199254740993        | 9007199254740992        |

  @ENV-JCS-001 @ENV-JCS-004 @canonicalize
  Scenario: strings escape only what they must
    When the implementation canonicalizes:
      """
      ["\u0008\u0009\u000a\u000c\u000d\u0000\u001f\u007f\u2028\/\u00e9\"\\"]
      """
    Then the canonical form is the hex "5b225c625c745c6e5c665c725c75303030305c75303031667fe280a82fc3a95c225c5c225d"
