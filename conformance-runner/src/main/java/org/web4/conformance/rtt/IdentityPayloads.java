package org.web4.conformance.rtt;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.web4.crypto.AgentKeyPair;
import org.web4.json.JsonCanonicalizer;
import org.web4.rtt.RttLimits;
import org.web4.rtt.handshake.IdentityPayload;

/**
 * The tester's identity payloads (spec/rtt.md §3.2): the valid one and deliberately broken
 * variants, each named so that a scenario can ask for it.
 */
public final class IdentityPayloads {

  /** The variant names {@link #variant} accepts. */
  public static final List<String> VARIANTS =
      List.of(
          "valid",
          "a binding to another static key",
          "a binding signed by another identity",
          "not JSON",
          "a duplicate member",
          "no common version",
          "a missing binding",
          "an unknown member",
          "non-standard channels",
          "max_channels 2",
          // spec/rtt.md Table 3.3 (spec 0.4.0)
          "max_channels written 64.0",
          "members in another order",
          "whitespace",
          "agent_id -bad",
          "rtt with a number",
          "rtt empty",
          "rtt with 17 versions",
          "a binding without its padding",
          // issue 20 item 5: one character over the pattern's 128
          "agent_id of 129 characters");

  private IdentityPayloads() {}

  public static byte[] valid(AgentKeyPair identity, byte[] noiseStatic) {
    return IdentityPayload.create(TesterPeer.AGENT_ID, identity, noiseStatic, RttLimits.DEFAULT);
  }

  /** A named variant of the tester's payload. */
  public static byte[] variant(String name, AgentKeyPair identity, byte[] noiseStatic, long seed) {
    ObjectNode p = base(identity, noiseStatic);
    switch (name) {
      case "valid" -> {
        return valid(identity, noiseStatic);
      }
      case "a binding to another static key" -> {
        byte[] other = noiseStatic.clone();
        other[0] ^= 0x01;
        p.put("binding", b64(identity.sign(IdentityPayload.bindingInput(other))));
      }
      case "a binding signed by another identity" -> {
        AgentKeyPair mallory = AgentKeyPair.fromSeed(sha256("web4-conformance/mallory/" + seed));
        p.put("binding", b64(mallory.sign(IdentityPayload.bindingInput(noiseStatic))));
      }
      case "not JSON" -> {
        return "this is not JSON".getBytes(StandardCharsets.UTF_8);
      }
      case "a duplicate member" -> {
        String text = new String(JsonCanonicalizer.canonicalize(p), StandardCharsets.UTF_8);
        return text.replaceFirst("\\{", "{\"agent_id\":\"x\",").getBytes(StandardCharsets.UTF_8);
      }
      case "no common version" -> p.putArray("rtt").add("2.0");
      case "a missing binding" -> p.remove("binding");
      case "an unknown member" -> p.put("extra", true);
      case "non-standard channels" ->
          p.putArray("channels").add("control").add("knowledge").add("state");
      case "max_channels 2" -> p.putObject("limits").put("max_channels", 2);
      case "max_channels written 64.0" -> {
        return canonicalText(p)
            .replace("\"max_channels\":64", "\"max_channels\":64.0")
            .getBytes(StandardCharsets.UTF_8);
      }
      case "members in another order" -> {
        String text = canonicalText(p);
        String rtt = ",\"rtt\":[\"" + RttLimits.VERSION + "\"]";
        return ("{" + rtt.substring(1) + "," + text.substring(1).replace(rtt, ""))
            .getBytes(StandardCharsets.UTF_8);
      }
      case "whitespace" -> {
        return ("{ " + canonicalText(p).substring(1)).getBytes(StandardCharsets.UTF_8);
      }
      case "agent_id -bad" -> p.put("agent_id", "-bad");
      case "agent_id of 129 characters" -> p.put("agent_id", "a" + "b".repeat(128));
      case "rtt with a number" -> p.putArray("rtt").add(RttLimits.VERSION).add(2);
      case "rtt empty" -> p.putArray("rtt");
      case "rtt with 17 versions" -> {
        var rtt = p.putArray("rtt").add(RttLimits.VERSION);
        for (int minor = 1; minor <= 16; minor++) {
          rtt.add("1." + minor);
        }
      }
      case "a binding without its padding" ->
          p.put("binding", p.path("binding").asText().replace("=", ""));
      default ->
          throw new IllegalArgumentException(
              "no identity payload variant \"" + name + "\"; known: " + VARIANTS);
    }
    return JsonCanonicalizer.canonicalize(p);
  }

  /**
   * An RTT 1.1 payload (docs/drafts/rtt-resume.md §2.1, RTT-RES-001): {@code rtt} lists {@code
   * "1.0"} and {@code "1.1"}; with {@code resume}, the member of §4.1 too (in RFC 8785 order).
   */
  public static byte[] resumable(
      AgentKeyPair identity, byte[] noiseStatic, @Nullable ObjectNode resume) {
    ObjectNode p = base(identity, noiseStatic);
    p.putArray("rtt").add(RttLimits.VERSION).add("1.1");
    if (resume != null) {
      p.set("resume", resume);
    }
    return JsonCanonicalizer.canonicalize(p);
  }

  /**
   * A payload whose {@code rtt} lists only {@code "1.0"} but that carries {@code resume} all the
   * same: a request from an initiator that did not announce 1.1 (draft §14 item 3, RTT-RES-005).
   */
  public static byte[] resumeWithout11(
      AgentKeyPair identity, byte[] noiseStatic, ObjectNode resume) {
    ObjectNode p = base(identity, noiseStatic);
    p.set("resume", resume);
    return JsonCanonicalizer.canonicalize(p);
  }

  private static String canonicalText(ObjectNode p) {
    return new String(JsonCanonicalizer.canonicalize(p), StandardCharsets.UTF_8);
  }

  private static ObjectNode base(AgentKeyPair identity, byte[] noiseStatic) {
    ObjectNode p = JsonNodeFactory.instance.objectNode();
    p.put("agent_id", TesterPeer.AGENT_ID);
    p.put("binding", b64(identity.sign(IdentityPayload.bindingInput(noiseStatic))));
    p.putArray("channels").add("control").add("state").add("knowledge");
    p.putObject("limits").put("max_channels", RttLimits.DEFAULT.maxChannels());
    p.put("pubkey", identity.publicKey().base64());
    p.putArray("rtt").add(RttLimits.VERSION);
    return p;
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
