package org.web4.conformance.harness;

/** An envelope the receiver processes, at its own "now", before the one under test. */
public record PrecedingEnvelope(String envelopeHex, String now) {}
