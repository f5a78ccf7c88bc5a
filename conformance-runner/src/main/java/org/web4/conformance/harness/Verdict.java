package org.web4.conformance.harness;

import org.jspecify.annotations.Nullable;

/**
 * A harness {@code result}: {@code valid}, or {@code invalid} with an error code and message.
 *
 * @param valid whether the result is {@code valid}
 * @param errorCode the error code of an invalid result, if given
 * @param errorMessage the error message of an invalid result, if given
 */
public record Verdict(boolean valid, @Nullable String errorCode, @Nullable String errorMessage) {
  public static final Verdict VALID = new Verdict(true, null, null);
}
