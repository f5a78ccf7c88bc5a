package org.web4.json;

/**
 * Input that is not I-JSON (RFC 7493) or that breaks the kit's JSON limits. Every violation maps to
 * the wire error INVALID_ENVELOPE; {@link #kind()} says which rule was broken so that tests and
 * reports can name it.
 */
public final class JsonViolation extends Exception {
  private static final long serialVersionUID = 1L;

  /** The rule that was broken; each kind is one requirement of spec/envelope.md. */
  public enum Kind {
    /** [ENV-JSON-001] the bytes are not well-formed UTF-8. */
    INVALID_UTF8,
    /** [ENV-JSON-002] an object has two members with the same (unescaped) name. */
    DUPLICATE_MEMBER,
    /** [ENV-JSON-003] a string or name contains an unpaired surrogate. */
    LONE_SURROGATE,
    /** [ENV-JSON-006] a string or name contains a Unicode noncharacter (RFC 7493 §2.1). */
    NONCHARACTER,
    /** [ENV-JSON-004] a number's magnitude rounds to infinity as an IEEE-754 double. */
    NUMBER_OUT_OF_RANGE,
    /** [ENV-JSON-005] not JSON at all: syntax error, BOM, trailing content, comments, NaN. */
    SYNTAX,
    /** [ENV-LIM-002] nesting deeper than the limit. */
    TOO_DEEP,
    /** [ENV-LIM-001] more bytes than the limit. */
    TOO_LARGE,
    /** [ENV-LIM-003] a number token of more than 4,096 characters. */
    NUMBER_TOO_LONG,
    /** [ENV-LIM-004] more than 65,536 values in the text. */
    TOO_MANY_VALUES
  }

  private final Kind kind;

  public JsonViolation(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
