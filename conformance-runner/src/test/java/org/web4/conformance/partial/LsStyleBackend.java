package org.web4.conformance.partial;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.ErrorCode;
import org.web4.harness.HarnessBackend;
import org.web4.harness.Rejection;
import org.web4.harness.Verdict;

/**
 * A partial implementation as a new user brings one (issue 15): a harness over the upstream LS
 * project's Python canonical-JSON code ({@link PythonJsonCanonicalizer}) that lists only {@code
 * canonicalize}, as HAR-INFO-003 says, and omits its identity, as harness 1.1 allows. It serves
 * through the reference's {@code HarnessServer}, so its HTTP plumbing is right and every failure is
 * a defect of its canonical JSON. The other operations are never routed (404).
 */
final class LsStyleBackend implements HarnessBackend {
  private static final Identity UNUSED =
      new Identity("ls-style", AgentKeyPair.fromSeed(new byte[32]).publicKey());

  @Override
  public Implementation implementation() {
    return new Implementation("ls-style-canonicalize", "0");
  }

  /** Never reported: info omits it without sign/envelope, rtt and cip. */
  @Override
  public Identity identity() {
    return UNUSED;
  }

  @Override
  public List<String> capabilities() {
    return List.of("canonicalize");
  }

  @Override
  public void reset() {
    // stateless
  }

  @Override
  public Verdict<byte[]> canonicalize(byte[] input) {
    try {
      return Verdict.valid(PythonJsonCanonicalizer.canonicalize(input));
    } catch (IOException e) {
      // what a shim answers when json.loads or str.encode raises
      return Verdict.invalid(
          new Rejection(ErrorCode.INVALID_ENVELOPE, "json: " + e.getClass().getSimpleName()));
    }
  }

  @Override
  public RawSignature signRaw(byte[] seed, byte[] message) {
    throw new UnsupportedOperationException("sign/raw is not listed");
  }

  @Override
  public Optional<Rejection> verifyRaw(byte[] publicKey, byte[] message, byte[] signature) {
    throw new UnsupportedOperationException("verify/raw is not listed");
  }

  @Override
  public Verdict<SignedEnvelope> signEnvelope(byte[] seed, byte[] unsigned) {
    throw new UnsupportedOperationException("sign/envelope is not listed");
  }

  @Override
  public Optional<Rejection> verifyEnvelope(List<TimedEnvelope> preceding, TimedEnvelope envelope) {
    throw new UnsupportedOperationException("verify/envelope is not listed");
  }
}
