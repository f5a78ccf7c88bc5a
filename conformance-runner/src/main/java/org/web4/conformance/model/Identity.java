package org.web4.conformance.model;

/** The identity an implementation reports through the harness {@code /info}. */
public record Identity(String agentId, String pubkey, String fingerprint) {}
