package org.web4.conformance.harness;

import org.jspecify.annotations.Nullable;

/**
 * The reply of {@code POST /canonicalize}: the verdict and, if valid, the canonical bytes as
 * lowercase hex.
 */
public record CanonicalizeReply(Exchange exchange, Verdict verdict, @Nullable String outputHex) {}
