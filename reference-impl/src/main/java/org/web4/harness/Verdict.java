package org.web4.harness;

/**
 * The outcome of a vector operation that produces a value: either the value or a {@link Rejection}.
 */
public sealed interface Verdict<T> permits Verdict.Valid, Verdict.Invalid {

  static <T> Verdict<T> valid(T value) {
    return new Valid<>(value);
  }

  static <T> Verdict<T> invalid(Rejection rejection) {
    return new Invalid<>(rejection);
  }

  /** The operation succeeded with this value. */
  record Valid<T>(T value) implements Verdict<T> {}

  /** The input was refused. */
  record Invalid<T>(Rejection rejection) implements Verdict<T> {}
}
