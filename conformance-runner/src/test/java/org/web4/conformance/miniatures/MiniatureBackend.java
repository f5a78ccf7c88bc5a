package org.web4.conformance.miniatures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web4.crypto.AgentKeyPair;
import org.web4.crypto.AgentPublicKey;
import org.web4.crypto.Ed25519Verifier;
import org.web4.envelope.ErrorCode;
import org.web4.envelope.Protocol;
import org.web4.envelope.ReplayCache;
import org.web4.envelope.SchemaCatalog;
import org.web4.envelope.Timestamps;
import org.web4.harness.HarnessBackend;
import org.web4.harness.ReferenceBackend;
import org.web4.harness.Rejection;
import org.web4.harness.Verdict;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;

/**
 * A deliberately broken implementation with exactly one {@link Defect}: the reference for
 * everything else. Its envelope validation is a second, plain implementation of the validation
 * order of spec/envelope.md built from the reference's parts, so that one step can be broken.
 */
public final class MiniatureBackend implements HarnessBackend {
  private static final ObjectMapper LENIENT = new ObjectMapper();

  private static final ObjectMapper UNLIMITED =
      com.fasterxml.jackson.databind.json.JsonMapper.builder(
              com.fasterxml.jackson.core.JsonFactory.builder()
                  .streamReadConstraints(
                      com.fasterxml.jackson.core.StreamReadConstraints.builder()
                          .maxNumberLength(Integer.MAX_VALUE)
                          .build())
                  .build())
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final Defect defect;
  private final ReferenceBackend reference;

  public MiniatureBackend(Defect defect) {
    this.defect = defect;
    this.reference =
        new ReferenceBackend(
            new Implementation(
                "miniature-" + defect.name().toLowerCase(java.util.Locale.ROOT), "0"),
            "miniature",
            AgentKeyPair.fromSeed(new byte[32]),
            Clock.systemUTC());
  }

  @Override
  public Implementation implementation() {
    return reference.implementation();
  }

  @Override
  public Identity identity() {
    return reference.identity();
  }

  @Override
  public List<String> capabilities() {
    return reference.capabilities();
  }

  @Override
  public void reset() {
    reference.reset();
  }

  @Override
  public Verdict<byte[]> canonicalize(byte[] input) {
    if (defect == Defect.SORTS_MEMBERS_BY_UTF8
        || defect == Defect.ACCEPTS_DUPLICATE_MEMBERS
        || defect == Defect.NO_PARSE_COST_LIMITS) {
      try {
        return Verdict.valid(canonical(parse(input)).getBytes(StandardCharsets.UTF_8));
      } catch (JsonViolation e) {
        return Verdict.invalid(
            new Rejection(ErrorCode.INVALID_ENVELOPE, String.valueOf(e.getMessage())));
      }
    }
    return reference.canonicalize(input);
  }

  @Override
  public RawSignature signRaw(byte[] seed, byte[] message) {
    return reference.signRaw(seed, message);
  }

  @Override
  public Optional<Rejection> verifyRaw(byte[] publicKey, byte[] message, byte[] signature) {
    return reference.verifyRaw(publicKey, message, signature);
  }

  @Override
  public Verdict<SignedEnvelope> signEnvelope(byte[] seed, byte[] unsigned) {
    return reference.signEnvelope(seed, unsigned);
  }

  @Override
  public Optional<Rejection> verifyEnvelope(List<TimedEnvelope> preceding, TimedEnvelope envelope) {
    ReplayCache replay = new ReplayCache();
    for (TimedEnvelope earlier : preceding) {
      validate(earlier.envelope(), earlier.now(), replay);
    }
    return validate(envelope.envelope(), envelope.now(), replay);
  }

  /** The ten steps of spec/envelope.md §13, with this miniature's defect. */
  private Optional<Rejection> validate(byte[] bytes, Instant now, ReplayCache replay) {
    JsonNode root;
    try {
      root = parse(bytes);
    } catch (JsonViolation e) {
      return reject(ErrorCode.INVALID_ENVELOPE, String.valueOf(e.getMessage()));
    }
    if (!(root instanceof ObjectNode envelope)) {
      return reject(ErrorCode.INVALID_ENVELOPE, "not an object");
    }
    List<Protocol> present = new ArrayList<>();
    for (Protocol p : Protocol.values()) {
      if (envelope.has(p.member())) {
        present.add(p);
      }
    }
    if (present.size() != 1 || !envelope.get(present.get(0).member()).isTextual()) {
      return reject(ErrorCode.INVALID_ENVELOPE, "discriminator");
    }
    Protocol protocol = present.get(0);
    String version = envelope.get(protocol.member()).asText();
    if (!version.equals(Protocol.VERSION)) {
      return reject(
          version.matches("[0-9]+\\.[0-9]+")
              ? ErrorCode.UNSUPPORTED_VERSION
              : ErrorCode.INVALID_ENVELOPE,
          "version");
    }
    if (!SchemaCatalog.get().envelopeViolations(protocol, envelope).isEmpty()
        || Timestamps.parse(envelope.get("timestamp").asText()).isEmpty()) {
      return reject(ErrorCode.INVALID_ENVELOPE, "structure");
    }
    String type = envelope.get("type").asText();
    if (!protocol.defines(type)) {
      return reject(ErrorCode.UNSUPPORTED_TYPE, type);
    }
    AgentPublicKey key = AgentPublicKey.fromBase64(envelope.get("sender").get("pubkey").asText());
    if (!key.fingerprint().equals(envelope.get("sender").get("fingerprint").asText())) {
      return reject(ErrorCode.IDENTITY_MISMATCH, "fingerprint");
    }
    if (defect != Defect.SKIPS_SIGNATURE_VERIFICATION) {
      byte[] signature = Base64.getDecoder().decode(envelope.get("sign").get("signature").asText());
      byte[] input = canonicalWithout(envelope).getBytes(StandardCharsets.UTF_8);
      if (!Ed25519Verifier.isValid(key.raw(), input, signature)) {
        return reject(ErrorCode.SIGNATURE_MISMATCH, "signature");
      }
    }
    Instant timestamp = Timestamps.parse(envelope.get("timestamp").asText()).orElseThrow();
    long skew = defect == Defect.LENIENT_CLOCK ? 600 : 300;
    if (Duration.between(timestamp, now).abs().compareTo(Duration.ofSeconds(skew)) > 0) {
      return reject(ErrorCode.TIMESTAMP, "skew");
    }
    if (!SchemaCatalog.get().payloadViolations(protocol, type, envelope.get("payload")).isEmpty()) {
      return reject(ErrorCode.PAYLOAD_SCHEMA, "payload");
    }
    if (defect != Defect.NO_REPLAY_MEMORY
        && replay.remember(envelope.get("msg_id").asText(), now)
            != ReplayCache.Outcome.REMEMBERED) {
      return reject(ErrorCode.REPLAY, "replay");
    }
    return Optional.empty();
  }

  private JsonNode parse(byte[] bytes) throws JsonViolation {
    try {
      return StrictJsonParser.withEnvelopeLimits().parse(bytes);
    } catch (JsonViolation e) {
      if (defect == Defect.NO_PARSE_COST_LIMITS
          && (e.kind() == JsonViolation.Kind.NUMBER_TOO_LONG
              || e.kind() == JsonViolation.Kind.TOO_MANY_VALUES)) {
        return withoutCostLimits(bytes, e);
      }
      if (defect == Defect.ACCEPTS_DUPLICATE_MEMBERS
          && e.kind() == JsonViolation.Kind.DUPLICATE_MEMBER) {
        try {
          return LENIENT.readTree(bytes); // Jackson keeps the last duplicate
        } catch (java.io.IOException io) {
          throw e;
        }
      }
      throw e;
    }
  }

  /**
   * The defect NO_PARSE_COST_LIMITS: Jackson with no number-length limit, duplicates still refused
   * and numbers still finite, so that only ENV-LIM-003 and ENV-LIM-004 are broken.
   */
  private static JsonNode withoutCostLimits(byte[] bytes, JsonViolation refusal)
      throws JsonViolation {
    JsonNode root;
    try {
      root = UNLIMITED.readTree(bytes);
    } catch (java.io.IOException io) {
      throw refusal;
    }
    if (root == null || hasInfiniteNumber(root)) {
      throw new JsonViolation(JsonViolation.Kind.NUMBER_OUT_OF_RANGE, "not a finite double");
    }
    return root;
  }

  private static boolean hasInfiniteNumber(JsonNode node) {
    if (node.isNumber()) {
      return Double.isInfinite(node.doubleValue());
    }
    for (JsonNode child : node) {
      if (hasInfiniteNumber(child)) {
        return true;
      }
    }
    return false;
  }

  private String canonical(JsonNode node) {
    if (defect != Defect.SORTS_MEMBERS_BY_UTF8) {
      return JsonCanonicalizer.canonicalString(node);
    }
    if (node.isObject()) {
      List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
      members.sort(
          (a, b) ->
              java.util.Arrays.compareUnsigned(
                  a.getKey().getBytes(StandardCharsets.UTF_8),
                  b.getKey().getBytes(StandardCharsets.UTF_8)));
      StringBuilder sb = new StringBuilder("{");
      for (Map.Entry<String, JsonNode> m : members) {
        if (sb.length() > 1) {
          sb.append(',');
        }
        sb.append(JsonCanonicalizer.canonicalString(LENIENT.getNodeFactory().textNode(m.getKey())))
            .append(':')
            .append(canonical(m.getValue()));
      }
      return sb.append('}').toString();
    }
    if (node.isArray()) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        sb.append(canonical(node.get(i)));
      }
      return sb.append(']').toString();
    }
    return JsonCanonicalizer.canonicalString(node);
  }

  private String canonicalWithout(ObjectNode envelope) {
    ObjectNode copy = envelope.deepCopy();
    copy.remove("sign");
    return canonical(copy);
  }

  private static Optional<Rejection> reject(ErrorCode code, String message) {
    return Optional.of(new Rejection(code, message));
  }
}
