package org.web4.harness;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.web4.crypto.AgentPublicKey;

/**
 * What an agent must provide to be driven through the harness (spec/harness.md §4). The HTTP side
 * ({@link HarnessServer}) has already checked the request's syntax: hex is decoded, timestamps are
 * parsed. Implementations must be thread-safe: the server calls them from several threads.
 */
public interface HarnessBackend {

  /** The name and version reported by {@code info}. */
  record Implementation(String name, String version) {}

  /** The agent's own identity, reported by {@code info}. */
  record Identity(String agentId, AgentPublicKey publicKey) {}

  /** An envelope text and the receiver clock at which it is validated. */
  final class TimedEnvelope {
    private final byte[] envelope;
    private final Instant now;

    public TimedEnvelope(byte[] envelope, Instant now) {
      this.envelope = envelope.clone();
      this.now = now;
    }

    public byte[] envelope() {
      return envelope.clone();
    }

    public Instant now() {
      return now;
    }
  }

  /** The result of {@code sign/envelope}: the signed envelope text and its {@code sign} member. */
  final class SignedEnvelope {
    private final byte[] envelope;
    private final String signature;

    public SignedEnvelope(byte[] envelope, String signature) {
      this.envelope = envelope.clone();
      this.signature = signature;
    }

    /** The signed envelope text (UTF-8 JSON, any serialization). */
    public byte[] envelope() {
      return envelope.clone();
    }

    /** {@code sign.signature}: the canonical base64 of the 64 signature bytes. */
    public String signature() {
      return signature;
    }
  }

  /** The result of {@code sign/raw}. */
  final class RawSignature {
    private final byte[] publicKey;
    private final byte[] signature;

    public RawSignature(byte[] publicKey, byte[] signature) {
      this.publicKey = publicKey.clone();
      this.signature = signature.clone();
    }

    public byte[] publicKey() {
      return publicKey.clone();
    }

    public byte[] signature() {
      return signature.clone();
    }
  }

  Implementation implementation();

  Identity identity();

  /** The optional harness operations this agent supports (spec/harness.md §3). */
  List<String> capabilities();

  /**
   * The running agent behind the harness, for the {@code rtt} and {@code clock} operations; empty
   * when only the vector operations are served.
   */
  default Optional<AgentControl> agent() {
    return Optional.empty();
  }

  /** Returns the agent to a fresh state: forgets accepted msg_ids and everything else stateful. */
  void reset();

  /** RFC 8785 canonical bytes of I-JSON input parsed with the envelope limits. */
  Verdict<byte[]> canonicalize(byte[] input);

  /** Pure Ed25519 under the key whose RFC 8032 secret is the 32-byte seed. */
  RawSignature signRaw(byte[] seed, byte[] message);

  /** The pinned criteria of spec/envelope.md §6.3; empty when the signature is valid. */
  Optional<Rejection> verifyRaw(byte[] publicKey, byte[] message, byte[] signature);

  /** Signs an unsigned envelope (any top-level {@code sign} is replaced) with the seed's key. */
  Verdict<SignedEnvelope> signEnvelope(byte[] seed, byte[] unsigned);

  /**
   * Validates {@code envelope} with a fresh receiver (fresh replay memory) after that receiver has
   * validated each of {@code preceding} at its own clock, ignoring their outcomes; the agent's own
   * state is not touched. Empty when the envelope is accepted.
   */
  Optional<Rejection> verifyEnvelope(List<TimedEnvelope> preceding, TimedEnvelope envelope);
}
