package org.web4.conformance.scenarios;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cucumber.java.en.Given;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.web4.conformance.harness.PrecedingEnvelope;
import org.web4.conformance.harness.VerifyReply;
import org.web4.envelope.EnvelopeBuilder;
import org.web4.envelope.MessageType;
import org.web4.envelope.MessageTypes;
import org.web4.envelope.Protocol;
import org.web4.envelope.Timestamps;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.vectors.PrettyJson;
import org.web4.vectors.SamplePayloads;
import org.web4.vectors.VectorKeys;

/** Steps for spec/envelope.md: build, change, sign and send envelopes; check verdicts. */
public final class EnvelopeSteps {
  private static final java.math.BigInteger L =
      java.math.BigInteger.ONE
          .shiftLeft(252)
          .add(new java.math.BigInteger("27742317777372353535851937790883648493"));

  private final World world;

  public EnvelopeSteps(World world) {
    this.world = world;
  }

  // ------------------------------------------------------------------ build

  @Given("the envelope {string} is a valid {protocol} {word} from {string} to {string}")
  public void aValidEnvelope(String name, Protocol protocol, String type, String from, String to) {
    world.putEnvelope(name, sample(protocol, type, from, to));
  }

  @Given("the envelope {string}:")
  public void anEnvelopeFromJson(String name, String json) throws JsonViolation {
    JsonNode node =
        StrictJsonParser.withEnvelopeLimits()
            .parse(Placeholders.expand(json, world).getBytes(StandardCharsets.UTF_8));
    if (!node.isObject()) {
      throw new IllegalArgumentException("an envelope is a JSON object");
    }
    world.putEnvelope(name, (ObjectNode) node);
  }

  @Given("the envelope {string} is a copy of {string}")
  public void aCopy(String name, String original) {
    world.putEnvelope(name, world.envelope(original).copy());
  }

  @Given("in {string} the member {string} is {string}")
  public void setString(String name, String pointer, String value) {
    set(name, pointer, JsonNodeFactory.instance.textNode(Placeholders.expand(value, world)));
  }

  @Given("in {string} the member {string} is the JSON {string}")
  public void setJson(String name, String pointer, String json) throws JsonViolation {
    set(
        name,
        pointer,
        StrictJsonParser.withEnvelopeLimits()
            .parse(Placeholders.expand(json, world).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * [ENV-LIM-004] Sets the member to an array of zeros so long that the envelope holds exactly
   * {@code values} values (envelope.md §4: objects, arrays and scalars, names not counted). Count
   * after signing: re-sign after this step (a {@code sign} member is replaced by one of the same
   * shape, so the count stays).
   */
  @Given("in {string} the member {string} is an array of zeros that brings it to {int} values")
  public void padValues(String name, String pointer, int values) {
    set(name, pointer, JsonNodeFactory.instance.arrayNode());
    int zeros = values - valueCount(world.envelope(name).json());
    if (zeros < 0) {
      throw new IllegalArgumentException(name + " already holds more than " + values + " values");
    }
    var array = JsonNodeFactory.instance.arrayNode(zeros);
    for (int i = 0; i < zeros; i++) {
      array.add(0);
    }
    set(name, pointer, array);
  }

  private static int valueCount(JsonNode value) {
    int count = 1;
    for (JsonNode child : value) {
      count += valueCount(child);
    }
    return count;
  }

  @Given("in {string} the member {string} is removed")
  public void remove(String name, String pointer) {
    WireEnvelope e = world.envelope(name);
    ObjectNode json = e.json().deepCopy();
    JsonPointer p = JsonPointer.compile(pointer);
    JsonNode parent = json.at(p.head());
    if (!parent.isObject() || !parent.has(p.last().getMatchingProperty())) {
      throw new IllegalArgumentException(pointer + " is not a member of " + name);
    }
    ((ObjectNode) parent).remove(p.last().getMatchingProperty());
    e.setJson(json);
  }

  @Given("{string} is signed by {string}")
  @Given("{string} is signed by {string} keeping the sender")
  public void signedBy(String name, String key) {
    WireEnvelope e = world.envelope(name);
    e.setJson(EnvelopeBuilder.signed(e.json(), VectorKeys.key(key)));
  }

  @Given("the signature of {string} is corrupted")
  public void corrupted(String name) {
    byte[] sig = signature(name);
    sig[10] ^= 0x40;
    setSignature(name, sig);
  }

  @Given("the signature of {string} has S replaced by S + L")
  public void sPlusL(String name) {
    byte[] sig = signature(name);
    byte[] le = Arrays.copyOfRange(sig, 32, 64);
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = le[31 - i];
    }
    byte[] sum = new java.math.BigInteger(1, be).add(L).toByteArray();
    for (int i = 0; i < 32; i++) {
      sig[32 + i] = i < sum.length ? sum[sum.length - 1 - i] : 0;
    }
    setSignature(name, sig);
  }

  // ------------------------------------------------------------------ the wire

  @Given("{string} is sent pretty-printed with its members in reverse order")
  public void prettyReversed(String name) {
    WireEnvelope e = world.envelope(name);
    List<Map.Entry<String, JsonNode>> members = new ArrayList<>(e.json().properties());
    ObjectNode reversed = JsonNodeFactory.instance.objectNode();
    for (int i = members.size() - 1; i >= 0; i--) {
      reversed.set(members.get(i).getKey(), members.get(i).getValue());
    }
    e.setBytes(PrettyJson.write(reversed));
  }

  @Given("{string} is padded with spaces to {int} bytes")
  public void padded(String name, int size) {
    WireEnvelope e = world.envelope(name);
    byte[] bytes = e.bytes();
    if (bytes.length > size) {
      throw new IllegalArgumentException(name + " is already " + bytes.length + " bytes");
    }
    byte[] out = Arrays.copyOf(bytes, size);
    Arrays.fill(out, bytes.length, size, (byte) ' ');
    e.setBytes(out);
  }

  @Given("in the bytes of {string} the text {string} is replaced by the text {string}")
  public void replaceText(String name, String text, String replacement) {
    replaceBytes(
        name, text, Placeholders.expand(replacement, world).getBytes(StandardCharsets.UTF_8));
  }

  @Given("in the bytes of {string} the text {string} is replaced by the hex {string}")
  public void replaceHex(String name, String text, String hex) {
    replaceBytes(name, text, HexFormat.of().parseHex(hex));
  }

  @Given("the bytes of {string} get {change}")
  public void addBytes(String name, ParameterTypes.ByteChange change) {
    WireEnvelope e = world.envelope(name);
    byte[] bytes = e.bytes();
    byte[] out = new byte[bytes.length + change.bytes().length];
    if (change.prefix()) {
      System.arraycopy(change.bytes(), 0, out, 0, change.bytes().length);
      System.arraycopy(bytes, 0, out, change.bytes().length, bytes.length);
    } else {
      System.arraycopy(bytes, 0, out, 0, bytes.length);
      System.arraycopy(change.bytes(), 0, out, bytes.length, change.bytes().length);
    }
    e.setBytes(out);
  }

  @Given("the receiver's clock is {int} seconds ahead of the envelope")
  public void receiverClock(int seconds) {
    world.setReceiverNow(world.clock().plusSeconds(seconds));
  }

  @Given("{string} was verified before")
  public void verifiedBefore(String name) {
    world
        .preceding()
        .add(
            new PrecedingEnvelope(
                HexFormat.of().formatHex(world.envelope(name).bytes()),
                Timestamps.format(world.receiverNow())));
  }

  @Given("{string} was verified before, {int} seconds before its timestamp")
  public void verifiedBeforeAt(String name, int seconds) {
    Instant then = world.clock().minusSeconds(seconds);
    world
        .preceding()
        .add(
            new PrecedingEnvelope(
                HexFormat.of().formatHex(world.envelope(name).bytes()), Timestamps.format(then)));
  }

  // ------------------------------------------------------------------ ask and check

  @When("the implementation verifies {string}")
  public void verify(String name) throws Exception {
    VerifyReply reply =
        world
            .harness()
            .verifyEnvelope(
                world.envelope(name).bytes(),
                Timestamps.format(world.receiverNow()),
                List.copyOf(world.preceding()));
    world.record(reply.exchange());
  }

  @Then("the verdict is {verdict}")
  public void theVerdictIs(ParameterTypes.ExpectedVerdict expected) {
    JsonNode reply = world.lastExchange().reply();
    boolean valid = reply.path("result").asText().equals("valid");
    String code = reply.path("error").path("code").asText("");
    boolean ok = expected.valid() ? valid : !valid && code.equals(expected.error());
    if (!ok) {
      throw world.failure(expected.toString());
    }
  }

  @Given("the protocols' message types")
  public void theMessageTypes() {
    // the types are the rows of MessageTypes (schemas/message-types.json); this step only reads
    // well
  }

  @Then("the implementation accepts a valid envelope of each, signed by {string}")
  public void acceptsEveryType(String key) throws Exception {
    List<String> refused = new ArrayList<>();
    for (MessageType row : MessageTypes.get().all()) {
      Protocol p = row.protocol();
      ObjectNode e = EnvelopeBuilder.signed(sample(p, row.type(), key, "bob"), VectorKeys.key(key));
      VerifyReply reply =
          world
              .harness()
              .verifyEnvelope(PrettyJson.compact(e), Timestamps.format(world.clock()), List.of());
      world.record(reply.exchange());
      if (!reply.verdict().valid()) {
        refused.add(p.member() + " " + row.type() + ": " + reply.verdict().errorCode());
      }
    }
    if (!refused.isEmpty()) {
      throw world.failure("every valid envelope accepted; refused: " + refused);
    }
  }

  // ------------------------------------------------------------------ helpers

  private ObjectNode sample(Protocol protocol, String type, String from, String to) {
    if (!protocol.defines(type)) {
      throw new IllegalArgumentException(protocol.member() + " defines no type " + type);
    }
    EnvelopeBuilder b =
        EnvelopeBuilder.of(protocol, type)
            .msgId(world.freshUuid())
            .timestamp(world.clock())
            .sender(from, VectorKeys.key(from))
            .receiver(to, VectorKeys.key(to).publicKey().fingerprint())
            .payload(SamplePayloads.payload(type));
    SamplePayloads.blocks(protocol, type).forEach((k, v) -> b.block(k, v.deepCopy()));
    return b.unsigned();
  }

  private void set(String name, String pointer, JsonNode value) {
    WireEnvelope e = world.envelope(name);
    ObjectNode json = e.json().deepCopy();
    JsonPointer p = JsonPointer.compile(pointer);
    JsonNode parent = json.at(p.head());
    if (!parent.isObject()) {
      throw new IllegalArgumentException(pointer + ": no object at " + p.head() + " in " + name);
    }
    ((ObjectNode) parent).set(p.last().getMatchingProperty(), value);
    e.setJson(json);
  }

  private byte[] signature(String name) {
    JsonNode sig = world.envelope(name).json().path("sign").path("signature");
    if (!sig.isTextual()) {
      throw new IllegalStateException(name + " is not signed");
    }
    return Base64.getDecoder().decode(sig.asText());
  }

  private void setSignature(String name, byte[] sig) {
    WireEnvelope e = world.envelope(name);
    ObjectNode json = e.json().deepCopy();
    json.withObjectProperty("sign").put("signature", Base64.getEncoder().encodeToString(sig));
    e.setJson(json);
  }

  private void replaceBytes(String name, String text, byte[] replacement) {
    WireEnvelope e = world.envelope(name);
    byte[] bytes = e.bytes();
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    int at = indexOf(bytes, needle);
    if (at < 0) {
      throw new IllegalArgumentException("the bytes of " + name + " do not contain " + text);
    }
    byte[] out = new byte[bytes.length - needle.length + replacement.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(replacement, 0, out, at, replacement.length);
    System.arraycopy(
        bytes, at + needle.length, out, at + replacement.length, bytes.length - at - needle.length);
    e.setBytes(out);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
