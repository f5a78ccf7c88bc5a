package org.web4.starter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.Ed25519Verifier;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.EnvelopeException;
import org.web4.envelope.EnvelopeValidator;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/**
 * The Java starter wired to the reference implementation's library classes, as an implementer wires
 * theirs: one call per operation (RFC 8785 {@link JsonCanonicalizer}, Ed25519 {@link AgentKeyPair}
 * and {@link Ed25519Verifier} with the pinned criteria, {@link EnvelopeBuilder} and the receiver's
 * {@link EnvelopeValidator}).
 */
class ReferenceWiredImplementation extends Implementation {
  /** RFC 8032 TEST 1's secret key: a fixed, public test identity. */
  private static final byte[] AGENT_SEED =
      java.util.HexFormat.of()
          .parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");

  private final StrictJsonParser envelopeParser = StrictJsonParser.withEnvelopeLimits();

  @Override
  public String name() {
    return "web4-reference via the Java starter";
  }

  @Override
  public Optional<AgentIdentity> identity() {
    AgentKeyPair key = AgentKeyPair.fromSeed(AGENT_SEED);
    try {
      return Optional.of(new AgentIdentity("starter-java", key.publicKey().raw()));
    } finally {
      key.destroy();
    }
  }

  @Override
  public byte[] canonicalize(byte[] input) throws Invalid {
    try {
      return JsonCanonicalizer.canonicalize(input);
    } catch (JsonViolation e) {
      throw new Invalid("INVALID_ENVELOPE", e.kind() + ": " + e.getMessage());
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
  public SignedEnvelope signEnvelope(byte[] seed, byte[] unsigned) throws Invalid {
    JsonNode parsed;
    try {
      parsed = envelopeParser.parse(unsigned);
    } catch (JsonViolation e) {
      throw new Invalid("INVALID_ENVELOPE", e.kind() + ": " + e.getMessage());
    }
    if (!(parsed instanceof ObjectNode object)) {
      throw new Invalid("INVALID_ENVELOPE", "an envelope is a JSON object");
    }
    AgentKeyPair key = AgentKeyPair.fromSeed(seed);
    try {
      ObjectNode signed = EnvelopeBuilder.signed(object, key);
      byte[] signature = Base64.getDecoder().decode(signed.get("sign").get("signature").asText());
      byte[] text = JsonCanonicalizer.canonicalString(signed).getBytes(StandardCharsets.UTF_8);
      return new SignedEnvelope(text, signature);
    } finally {
      key.destroy();
    }
  }

  @Override
  public void verifyRaw(byte[] publicKey, byte[] message, byte[] signature) throws Invalid {
    Ed25519Verifier.Outcome outcome = Ed25519Verifier.verify(publicKey, message, signature);
    if (outcome != Ed25519Verifier.Outcome.VALID) {
      throw new Invalid("SIGNATURE_MISMATCH", "signature does not verify (" + outcome + ")");
    }
  }

  @Override
  public void verifyEnvelope(TimedEnvelope envelope, List<TimedEnvelope> preceding) throws Invalid {
    EnvelopeValidator fresh = EnvelopeValidator.create(); // HAR-VEN-002/003
    for (TimedEnvelope earlier : preceding) {
      try {
        fresh.validate(earlier.text(), earlier.now());
      } catch (EnvelopeException e) {
        // the outcomes of preceding envelopes are not reported (HAR-VEN-002)
      }
    }
    try {
      fresh.validate(envelope.text(), envelope.now());
    } catch (EnvelopeException e) {
      throw new Invalid(e.code().name(), String.valueOf(e.getMessage()));
    }
  }
}
