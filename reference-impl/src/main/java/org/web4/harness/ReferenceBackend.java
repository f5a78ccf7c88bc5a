package org.web4.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.Ed25519Verifier;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.EnvelopeException;
import org.web4.envelope.EnvelopeValidator;
import org.web4.envelope.ErrorCode;
import org.web4.envelope.ReplayCache;
import org.web4.envelope.SchemaCatalog;
import org.web4.envelope.ValidatedEnvelope;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/**
 * The reference agent behind the harness: the vector operations use the reference library code, and
 * the agent's own receiving state (its replay memory) lives here so that {@code reset} can clear
 * it. Thread-safe.
 */
public final class ReferenceBackend implements HarnessBackend {
  /** The vector operations this backend supports (spec/harness.md Table 4, harness 1.1). */
  public static final List<String> CAPABILITIES =
      List.of("canonicalize", "sign/raw", "sign/envelope", "verify/raw", "verify/envelope");

  /** With a running agent behind it, also these (spec/harness.md §4.7–§4.9). */
  public static final List<String> AGENT_CAPABILITIES =
      List.of(
          "canonicalize",
          "sign/raw",
          "sign/envelope",
          "verify/raw",
          "verify/envelope",
          "rtt",
          "clock",
          "clock/hold",
          "cip",
          "events",
          "hcp",
          "lip",
          "mesh",
          "rtt_resume",
          "rtt_send",
          "rtt_dial_resume");

  private final Implementation implementation;
  private final Identity identity;
  private final Clock clock;
  private final ReplayCache replay = new ReplayCache();
  private final EnvelopeValidator agentValidator;
  private final StrictJsonParser envelopeParser = StrictJsonParser.withEnvelopeLimits();
  private volatile @Nullable AgentControl agent;

  /**
   * @param key the agent's identity key; the backend keeps a reference, so the caller must not
   *     destroy it while the backend is in use
   * @param clock the agent's clock, for envelopes it receives itself ({@link #receive})
   */
  public ReferenceBackend(
      Implementation implementation, String agentId, AgentKeyPair key, Clock clock) {
    this.implementation = implementation;
    this.identity = new Identity(agentId, key.publicKey());
    this.clock = clock;
    this.agentValidator = new EnvelopeValidator(SchemaCatalog.get(), replay);
  }

  @Override
  public Implementation implementation() {
    return implementation;
  }

  @Override
  public Identity identity() {
    return identity;
  }

  /** Connects the running agent whose RTT endpoint and clock the harness may drive. */
  public void attach(AgentControl control) {
    this.agent = control;
  }

  @Override
  public Optional<AgentControl> agent() {
    return Optional.ofNullable(agent);
  }

  @Override
  public List<String> capabilities() {
    return agent == null ? CAPABILITIES : AGENT_CAPABILITIES;
  }

  @Override
  public void reset() {
    AgentControl a = agent;
    if (a != null) {
      a.reset();
    }
    replay.clear();
  }

  /** Empties the agent's replay memory (Deviation.CIP_FORGOTTEN_ON_RESUME only). */
  public void clearReplay() {
    replay.clear();
  }

  /** Forgets a msg_id of the agent's replay memory (Deviation.CIP_FORGET_REFUSED only). */
  public void forgetReplay(String msgId) {
    replay.forget(msgId);
  }

  /**
   * The agent's own validator: its clock's steps 1–9 for a relay's inner envelope (spec/mesh.md
   * step R4) and its replay memory for step 10 at delivery (§4.4).
   */
  public EnvelopeValidator agentValidator() {
    return agentValidator;
  }

  /**
   * Validates an envelope the agent itself receives, at its own clock and with its own replay
   * memory (the memory {@link #reset} clears).
   */
  public ValidatedEnvelope receive(byte[] envelope) throws EnvelopeException {
    return agentValidator.validate(envelope, clock.instant());
  }

  @Override
  public Verdict<byte[]> canonicalize(byte[] input) {
    try {
      return Verdict.valid(JsonCanonicalizer.canonicalize(input));
    } catch (JsonViolation e) {
      return Verdict.invalid(
          new Rejection(ErrorCode.INVALID_ENVELOPE, e.kind() + ": " + e.getMessage()));
    }
  }

  @Override
  public RawSignature signRaw(byte[] seed, byte[] message) {
    AgentKeyPair key = AgentKeyPair.fromSeed(seed);
    try {
      return new RawSignature(key.publicKey().raw(), key.sign(message));
    } finally {
      key.destroy();
    }
  }

  @Override
  public Optional<Rejection> verifyRaw(byte[] publicKey, byte[] message, byte[] signature) {
    Ed25519Verifier.Outcome outcome = Ed25519Verifier.verify(publicKey, message, signature);
    if (outcome == Ed25519Verifier.Outcome.VALID) {
      return Optional.empty();
    }
    return Optional.of(
        new Rejection(ErrorCode.SIGNATURE_MISMATCH, "signature does not verify (" + outcome + ")"));
  }

  @Override
  public Verdict<SignedEnvelope> signEnvelope(byte[] seed, byte[] unsigned) {
    JsonNode parsed;
    try {
      parsed = envelopeParser.parse(unsigned);
    } catch (JsonViolation e) {
      return Verdict.invalid(
          new Rejection(ErrorCode.INVALID_ENVELOPE, e.kind() + ": " + e.getMessage()));
    }
    if (!(parsed instanceof ObjectNode object)) {
      return Verdict.invalid(
          new Rejection(
              ErrorCode.INVALID_ENVELOPE,
              "an envelope is a JSON object, not " + parsed.getNodeType()));
    }
    AgentKeyPair key = AgentKeyPair.fromSeed(seed);
    try {
      ObjectNode signed = EnvelopeBuilder.signed(object, key);
      String signature = signed.get("sign").get("signature").asText();
      byte[] text = JsonCanonicalizer.canonicalString(signed).getBytes(StandardCharsets.UTF_8);
      return Verdict.valid(new SignedEnvelope(text, signature));
    } finally {
      key.destroy();
    }
  }

  @Override
  public Optional<Rejection> verifyEnvelope(List<TimedEnvelope> preceding, TimedEnvelope envelope) {
    EnvelopeValidator fresh = EnvelopeValidator.create();
    for (TimedEnvelope earlier : preceding) {
      try {
        fresh.validate(earlier.envelope(), earlier.now());
      } catch (EnvelopeException e) {
        // outcomes of preceding envelopes are ignored (spec/harness.md, verify/envelope)
      }
    }
    try {
      fresh.validate(envelope.envelope(), envelope.now());
      return Optional.empty();
    } catch (EnvelopeException e) {
      return Optional.of(new Rejection(e.code(), String.valueOf(e.getMessage())));
    }
  }

  @Override
  public String toString() {
    return "ReferenceBackend["
        + identity.agentId()
        + ", "
        + identity.publicKey().fingerprint()
        + ", capabilities "
        + CAPABILITIES
        + "]";
  }
}
