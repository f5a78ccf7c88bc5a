package org.web4.starter;

import java.util.List;
import java.util.Optional;

/**
 * YOUR CODE: one method per harness operation (spec/harness.md §4.3–§4.6).
 *
 * <p>Everything else — the token, the refusals in the order of HAR-ERR-002, the 4 MiB body bound,
 * strict I-JSON request parsing, request schemas, {@code info}, the error bodies — is done by
 * {@link StarterHarness}. Byte strings arrive decoded from hex.
 *
 * <p>A method still marked {@link NotImplemented} is not listed in {@code info.capabilities} and
 * its operation answers 404 (HAR-INFO-003). Either edit this class (delete the marker of each
 * method you implement) or extend it and override the methods you implement, then start {@code
 * StarterHarness.run(args, new YourImplementation())}.
 */
public class Implementation {

  /** {@code info.implementation.name}. */
  public String name() {
    return "my-implementation";
  }

  /** {@code info.implementation.version}. */
  public String version() {
    return "0.0.1";
  }

  /**
   * Your agent's identity, reported by {@code info} (HAR-INFO-002). Without {@code sign/envelope}
   * (and without RTT and CIP) an implementation may have none (harness 1.1).
   */
  public Optional<AgentIdentity> identity() {
    return Optional.empty();
  }

  /** {@code POST reset} (HAR-RST-001): forget every state earlier requests created. */
  public void reset() {}

  /**
   * {@code POST canonicalize} (HAR-JCS-001/002): the RFC 8785 form of {@code input}, which may be
   * any JSON value.
   *
   * @throws Invalid {@code INVALID_ENVELOPE} when the input is not I-JSON (spec/envelope.md §3), is
   *     over 1,048,576 bytes or deeper than 32 (§4)
   */
  @NotImplemented
  public byte[] canonicalize(byte[] input) throws Invalid {
    throw new UnsupportedOperationException("canonicalize");
  }

  /**
   * {@code POST sign/raw} (HAR-SIG-001): the public key of the 32-byte secret key {@code seed} and
   * the pure Ed25519 signature of {@code message} (RFC 8032 §5.1.5, §5.1.6).
   */
  @NotImplemented
  public RawSignature signRaw(byte[] seed, byte[] message) {
    throw new UnsupportedOperationException("sign/raw");
  }

  /**
   * {@code POST sign/envelope} (HAR-SIG-002/003): parse {@code unsigned} (I-JSON, envelope limits),
   * sign the canonical form of the object without its top-level {@code sign} under {@code seed},
   * and return the object with {@code sign} set to {@code {"algo":"ed25519","signature":B64}}, as
   * JSON text, with the signature. Check nothing else.
   *
   * @throws Invalid {@code INVALID_ENVELOPE} when {@code unsigned} is not I-JSON, over the limits
   *     or not an object
   */
  @NotImplemented
  public SignedEnvelope signEnvelope(byte[] seed, byte[] unsigned) throws Invalid {
    throw new UnsupportedOperationException("sign/envelope");
  }

  /**
   * {@code POST verify/raw} (HAR-VRF-001): return when {@code signature} is valid for {@code
   * message} under {@code publicKey} by the pinned criteria of spec/envelope.md §6.3.
   *
   * @throws Invalid {@code SIGNATURE_MISMATCH} otherwise, also for a key or signature of the wrong
   *     length
   */
  @NotImplemented
  public void verifyRaw(byte[] publicKey, byte[] message, byte[] signature) throws Invalid {
    throw new UnsupportedOperationException("verify/raw");
  }

  /**
   * {@code POST verify/envelope} (HAR-VEN-001/002/003): return when a fresh receiver (an empty
   * replay memory) accepts {@code envelope} at its clock after it validated each of {@code
   * preceding} in order, each at its own clock. Change no state.
   *
   * @throws Invalid with the code of the first failing step of spec/envelope.md §13
   */
  @NotImplemented
  public void verifyEnvelope(TimedEnvelope envelope, List<TimedEnvelope> preceding) throws Invalid {
    throw new UnsupportedOperationException("verify/envelope");
  }
}
