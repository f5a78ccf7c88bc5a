package org.web4.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.jspecify.annotations.Nullable;
import org.web4.crypto.AgentKeyPair;
import org.web4.json.JsonCanonicalizer;

/**
 * Builds and signs envelopes. The signature covers the canonical form of the envelope without its
 * {@code sign} member [ENV-SIG-001]; {@code sign.algo} is {@code "ed25519"} [ENV-SIG-002].
 *
 * <pre>{@code
 * ObjectNode hello = EnvelopeBuilder.of(Protocol.CIP, "HELLO")
 *     .msgId(uuid).timestamp(now)
 *     .sender("alice", aliceKeys).receiver("bob", bobFingerprint)
 *     .payload(payload)
 *     .sign(aliceKeys);
 * }</pre>
 */
public final class EnvelopeBuilder {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Protocol protocol;
  private final String type;
  private @Nullable String msgId;
  private @Nullable Instant timestamp;
  private @Nullable ObjectNode sender;
  private @Nullable ObjectNode receiver;
  private ObjectNode payload = NODES.objectNode();
  private final Map<String, JsonNode> blocks = new LinkedHashMap<>();

  private EnvelopeBuilder(Protocol protocol, String type) {
    this.protocol = protocol;
    this.type = type;
  }

  public static EnvelopeBuilder of(Protocol protocol, String type) {
    return new EnvelopeBuilder(protocol, type);
  }

  public EnvelopeBuilder msgId(UUID id) {
    this.msgId = id.toString();
    return this;
  }

  public EnvelopeBuilder timestamp(Instant at) {
    this.timestamp = at;
    return this;
  }

  public EnvelopeBuilder sender(String agentId, AgentKeyPair key) {
    ObjectNode s = NODES.objectNode();
    s.put("agent_id", agentId);
    s.put("fingerprint", key.publicKey().fingerprint());
    s.put("pubkey", key.publicKey().base64());
    this.sender = s;
    return this;
  }

  /** Adds {@code sender.capabilities}; call after {@link #sender}. */
  public EnvelopeBuilder capabilities(String... capabilities) {
    ObjectNode s = require(sender, "sender");
    var array = s.putArray("capabilities");
    for (String c : capabilities) {
      array.add(c);
    }
    return this;
  }

  public EnvelopeBuilder receiver(String agentId, String fingerprint) {
    ObjectNode r = NODES.objectNode();
    r.put("agent_id", agentId);
    r.put("fingerprint", fingerprint);
    this.receiver = r;
    return this;
  }

  public EnvelopeBuilder payload(ObjectNode payload) {
    this.payload = payload;
    return this;
  }

  /** A protocol block: {@code trust}, {@code state} or {@code source}. */
  public EnvelopeBuilder block(String name, JsonNode block) {
    blocks.put(name, block);
    return this;
  }

  /** The envelope without {@code sign}. */
  public ObjectNode unsigned() {
    ObjectNode e = NODES.objectNode();
    e.put(protocol.member(), Protocol.VERSION);
    e.put("msg_id", require(msgId, "msg_id"));
    e.put("type", type);
    e.put("timestamp", Timestamps.format(require(timestamp, "timestamp")));
    e.set("sender", require(sender, "sender"));
    e.set("receiver", require(receiver, "receiver"));
    blocks.forEach(e::set);
    e.set("payload", payload);
    return e;
  }

  public ObjectNode sign(AgentKeyPair key) {
    return signed(unsigned(), key);
  }

  /** Adds (or replaces) the {@code sign} member of an envelope, signing everything else. */
  public static ObjectNode signed(ObjectNode envelope, AgentKeyPair key) {
    ObjectNode copy = envelope.deepCopy();
    byte[] signature = key.sign(JsonCanonicalizer.canonicalizeWithout(copy, "sign"));
    copy.set("sign", signMember(signature));
    return copy;
  }

  /**
   * The envelope with a {@code sign} member of a signed one's shape whose signature is 64 zero
   * bytes: its canonical form is exactly as long as the signed envelope's (an Ed25519 signature is
   * always 64 bytes), for a size check that needs no signature. Never to be sent.
   */
  public ObjectNode sizedAsSigned() {
    ObjectNode e = unsigned();
    e.set("sign", signMember(new byte[Ed25519.SIGNATURE_SIZE]));
    return e;
  }

  private static ObjectNode signMember(byte[] signature) {
    ObjectNode sign = NODES.objectNode();
    sign.put("algo", "ed25519");
    sign.put("signature", Base64.getEncoder().encodeToString(signature));
    return sign;
  }

  private static <T> T require(@Nullable T value, String name) {
    if (value == null) {
      throw new IllegalStateException(name + " is not set");
    }
    return value;
  }
}
