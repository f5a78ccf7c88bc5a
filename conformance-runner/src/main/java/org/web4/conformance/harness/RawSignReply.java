package org.web4.conformance.harness;

/**
 * The reply of {@code POST /sign/raw}: the public key of the seed and the signature, as lowercase
 * hex.
 */
public record RawSignReply(Exchange exchange, String publicKeyHex, String signatureHex) {}
