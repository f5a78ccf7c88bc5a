package org.web4.conformance.properties;

import static org.quicktheories.generators.SourceDSL.integers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.quicktheories.core.Gen;
import org.web4.conformance.harness.CanonicalizeReply;
import org.web4.conformance.harness.Capability;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.VerifyReply;
import org.web4.conformance.model.Profile;
import org.web4.conformance.run.Check;
import org.web4.conformance.run.CheckContext;
import org.web4.conformance.run.Needs;
import org.web4.conformance.run.Suite;
import org.web4.conformance.run.SuiteEnvironment;
import org.web4.conformance.run.SuiteFactory;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.ErrorCode;
import org.web4.envelope.MessageType;
import org.web4.envelope.MessageTypes;
import org.web4.envelope.Protocol;
import org.web4.envelope.Timestamps;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.vectors.PrettyJson;
import org.web4.vectors.SamplePayloads;
import org.web4.vectors.VectorKeys;

/**
 * Differential properties over the wire (through the harness), the reference as oracle:
 *
 * <ol>
 *   <li>random I-JSON text canonicalizes to the reference's bytes;
 *   <li>random non-I-JSON (one defect injected into valid text) is refused;
 *   <li>every single-byte mutation of a validly signed envelope is refused with a registered code.
 * </ol>
 *
 * The number of examples is {@code run --examples N} (default {@value #DEFAULT_EXAMPLES}); the seed
 * is the run's.
 */
public final class PropertySuiteFactory implements SuiteFactory {
  static final int DEFAULT_EXAMPLES = 200;
  private static final Instant CLOCK = Instant.parse("2026-06-01T12:00:00Z");

  @Override
  public List<Suite> suites(SuiteEnvironment environment) {
    Integer requested = environment.examples();
    int n = requested == null ? DEFAULT_EXAMPLES : requested;
    List<Check> checks = new ArrayList<>();
    checks.add(new CanonicalFormAgrees(n));
    for (Defect defect : Defect.values()) {
      checks.add(new NonIJsonIsRefused(defect, n));
    }
    checks.add(new MutationsAreRefused(n));
    checks.add(new MutationRefusalsHaveRegisteredCodes(n));
    return List.of(new PropertySuite(checks));
  }

  private record PropertySuite(List<Check> checks) implements Suite {
    @Override
    public String name() {
      return "properties";
    }

    @Override
    public Profile profile() {
      return Profile.FULL;
    }
  }

  /** Property 1: the implementation's canonical form equals the reference's. */
  static final class CanonicalFormAgrees extends WireProperty<IJsonText.Document> {
    CanonicalFormAgrees(int examples) {
      super(
          "properties/canonical-form-agrees",
          "random I-JSON text canonicalizes to the same bytes as the reference",
          List.of("ENV-JCS-001"),
          examples,
          Needs.harness(Capability.CANONICALIZE));
    }

    @Override
    Gen<IJsonText.Document> generator() {
      return IJsonText.documents(6);
    }

    @Override
    void check(
        CheckContext context, IJsonText.Document doc, AtomicReference<@Nullable Exchange> last)
        throws Exception {
      byte[] expected;
      try {
        expected = JsonCanonicalizer.canonicalize(doc.bytes());
      } catch (JsonViolation e) {
        throw new IllegalStateException("generator produced non-I-JSON: " + e.getMessage(), e);
      }
      CanonicalizeReply reply = context.harness().canonicalize(doc.bytes());
      last.set(reply.exchange());
      String outputHex = reply.outputHex();
      byte[] output = outputHex == null ? null : java.util.HexFormat.of().parseHex(outputHex);
      if (!reply.verdict().valid() || output == null || !Arrays.equals(output, expected)) {
        throw new AssertionError(
            "expected canonical form "
                + new String(expected, StandardCharsets.UTF_8)
                + " but the implementation answered "
                + reply.exchange().reply());
      }
    }
  }

  /** One defect injected into valid I-JSON text, and the requirement it breaks. */
  enum Defect {
    INVALID_UTF8("ENV-JSON-001"),
    DUPLICATE_MEMBER("ENV-JSON-002"),
    LONE_SURROGATE("ENV-JSON-003"),
    NUMBER_OUT_OF_RANGE("ENV-JSON-004"),
    TRAILING_CONTENT("ENV-JSON-005"),
    TOO_DEEP("ENV-LIM-002");

    private final String requirement;

    Defect(String requirement) {
      this.requirement = requirement;
    }
  }

  /** A broken document. */
  @SuppressWarnings("ArrayRecordComponent") // a generated example; never compared or hashed
  record Broken(byte[] bytes) {
    @Override
    public String toString() {
      return IJsonText.hex(bytes);
    }
  }

  /** Property 2, one per defect: random valid text with that one defect injected is refused. */
  static final class NonIJsonIsRefused extends WireProperty<Broken> {
    private final Defect defect;

    NonIJsonIsRefused(Defect defect, int examples) {
      super(
          "properties/non-ijson-is-refused/" + defect.name().toLowerCase(java.util.Locale.ROOT),
          "random I-JSON with one " + defect + " defect is refused",
          List.of(defect.requirement),
          examples,
          Needs.harness(Capability.CANONICALIZE));
      this.defect = defect;
    }

    @Override
    Gen<Broken> generator() {
      Gen<IJsonText.Document> docs = IJsonText.documents(4);
      return in -> {
        String inner = new String(docs.generate(in).bytes(), StandardCharsets.UTF_8);
        switch (defect) {
          case INVALID_UTF8:
            {
              byte[] b = ("[" + inner + ",\"ab\"]").getBytes(StandardCharsets.UTF_8);
              b[b.length - 4] =
                  (byte) (0xC0 | IJsonText.pick(in, 2)); // C0 or C1: never valid UTF-8
              return new Broken(b);
            }
          case DUPLICATE_MEMBER:
            return utf8("{\"k\":" + inner + ",\"\\u006b\":0}");
          case LONE_SURROGATE:
            return utf8("[" + inner + ",\"\\ud8" + "00x\"]");
          case NUMBER_OUT_OF_RANGE:
            return utf8("[" + inner + ",1e" + integers().between(309, 999).generate(in) + "]");
          case TRAILING_CONTENT:
            return utf8(inner + " x");
          case TOO_DEEP:
            int depth = integers().between(33, 40).generate(in);
            return utf8("[".repeat(depth) + "]".repeat(depth));
        }
        throw new AssertionError(defect);
      };
    }

    private static Broken utf8(String text) {
      return new Broken(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    void check(CheckContext context, Broken broken, AtomicReference<@Nullable Exchange> last)
        throws Exception {
      CanonicalizeReply reply = context.harness().canonicalize(broken.bytes());
      last.set(reply.exchange());
      if (reply.verdict().valid()) {
        throw new AssertionError(
            "accepted input with a " + defect + " defect: " + reply.exchange().reply());
      }
    }
  }

  /** A signed envelope with one byte changed. */
  @SuppressWarnings("ArrayRecordComponent") // a generated example; never compared or hashed
  record Mutation(String type, int position, int xor, byte[] bytes) {
    @Override
    public String toString() {
      return type
          + " envelope, byte "
          + position
          + " xor 0x"
          + Integer.toHexString(xor)
          + ": "
          + new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** Property 3: no single-byte mutation of a signed envelope is accepted. */
  static class MutationsAreRefused extends WireProperty<Mutation> {
    /** Every message type of the registry: CIP's, HCP's, LIP's, each in its Table 3 order. */
    private static final List<MessageType> TYPES = MessageTypes.get().all();

    static final List<String> CODES = new ArrayList<>();

    static {
      EnumSet.allOf(ErrorCode.class).forEach(c -> CODES.add(c.name()));
    }

    MutationsAreRefused(int examples) {
      this(
          "properties/mutations-are-refused",
          "every single-byte mutation of a signed envelope is refused",
          List.of("ENV-SIG-007"),
          examples);
    }

    MutationsAreRefused(String id, String title, List<String> requirements, int examples) {
      super(id, title, requirements, examples, Needs.harness(Capability.VERIFY_ENVELOPE));
    }

    @Override
    Gen<Mutation> generator() {
      return in -> {
        MessageType row = TYPES.get(IJsonText.pick(in, TYPES.size()));
        String type = row.type();
        byte[] envelope = envelope(row.protocol(), type, IJsonText.pick(in, 1 << 20));
        int position = IJsonText.pick(in, envelope.length);
        int xor = integers().between(1, 255).generate(in);
        byte[] mutated = envelope.clone();
        mutated[position] ^= (byte) xor;
        return new Mutation(type, position, xor, mutated);
      };
    }

    @Override
    void check(CheckContext context, Mutation m, AtomicReference<@Nullable Exchange> last)
        throws Exception {
      VerifyReply reply = ask(context, m, last);
      if (reply.verdict().valid()) {
        throw new AssertionError("accepted a mutated envelope: " + reply.exchange().reply());
      }
    }

    static VerifyReply ask(
        CheckContext context, Mutation m, AtomicReference<@Nullable Exchange> last)
        throws Exception {
      VerifyReply reply =
          context.harness().verifyEnvelope(m.bytes(), Timestamps.format(CLOCK), List.of());
      last.set(reply.exchange());
      return reply;
    }

    private static byte[] envelope(Protocol protocol, String type, int n) {
      EnvelopeBuilder b =
          EnvelopeBuilder.of(protocol, type)
              .msgId(VectorKeys.msgId(n))
              .timestamp(CLOCK)
              .sender("alice", VectorKeys.key("alice"))
              .receiver("bob", VectorKeys.key("bob").publicKey().fingerprint())
              .payload(SamplePayloads.payload(type));
      SamplePayloads.blocks(protocol, type).forEach((k, v) -> b.block(k, v.deepCopy()));
      ObjectNode signed = b.sign(VectorKeys.key("alice"));
      return PrettyJson.compact(signed);
    }
  }

  /**
   * Property 3b: when the implementation refuses a mutated envelope, the code is one of the
   * registry (acceptances are property 3's business, not this one's).
   */
  static final class MutationRefusalsHaveRegisteredCodes extends MutationsAreRefused {
    MutationRefusalsHaveRegisteredCodes(int examples) {
      super(
          "properties/mutation-refusals-have-registered-codes",
          "every refusal of a mutated envelope carries a code of the error registry",
          List.of("ENV-ERR-002"),
          examples);
    }

    @Override
    void check(CheckContext context, Mutation m, AtomicReference<@Nullable Exchange> last)
        throws Exception {
      VerifyReply reply = ask(context, m, last);
      String code = reply.verdict().errorCode();
      if (!reply.verdict().valid() && (code == null || !CODES.contains(code))) {
        throw new AssertionError(
            "refused with a code outside the registry: " + reply.exchange().reply());
      }
    }
  }
}
