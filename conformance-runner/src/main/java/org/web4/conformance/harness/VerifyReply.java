package org.web4.conformance.harness;

/** The reply of {@code POST /verify/raw} or {@code POST /verify/envelope}. */
public record VerifyReply(Exchange exchange, Verdict verdict) {}
