package org.web4.harness;

import org.web4.envelope.ErrorCode;

/**
 * A negative verdict of a vector operation: a code of spec/envelope.md §14 and a human-readable
 * reason. Reported as {@code {"result":"invalid","error":{"code":…,"message":…}}} with status 200.
 */
public record Rejection(ErrorCode code, String message) {}
