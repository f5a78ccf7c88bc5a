package org.web4.conformance.harness;

import org.jspecify.annotations.Nullable;

/**
 * The reply of {@code POST /sign/envelope}.
 *
 * @param verdict valid, or invalid if the implementation refused to sign the input
 * @param envelopeHex the signed envelope's bytes as lowercase hex (valid only)
 * @param algo {@code sign.algo} (valid only)
 * @param signature {@code sign.signature}, base64 (valid only)
 */
public record EnvelopeSignReply(
    Exchange exchange,
    Verdict verdict,
    @Nullable String envelopeHex,
    @Nullable String algo,
    @Nullable String signature) {}
