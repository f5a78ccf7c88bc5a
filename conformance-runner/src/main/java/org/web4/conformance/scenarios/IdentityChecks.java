package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.web4.crypto.AgentPublicKey;
import org.web4.crypto.Ed25519Verifier;
import org.web4.json.JsonCanonicalizer;
import org.web4.json.JsonViolation;
import org.web4.json.StrictJsonParser;
import org.web4.rtt.ChannelNames;
import org.web4.rtt.RttLimits;
import org.web4.rtt.handshake.IdentityPayload;

/**
 * Checks an implementation's RTT identity payload against spec/rtt.md §3.2 member by member, so
 * that a failure names every problem, not only the first.
 */
final class IdentityChecks {
  private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
  private static final Set<String> MEMBERS =
      Set.of("agent_id", "binding", "channels", "limits", "pubkey", "rtt");

  private IdentityChecks() {}

  static boolean isCanonical(byte[] json) {
    try {
      return Arrays.equals(JsonCanonicalizer.canonicalize(json), json);
    } catch (JsonViolation e) {
      return false;
    }
  }

  /** Every way the payload departs from §3.2; empty when it is valid. */
  static List<String> problems(byte[] payload, byte[] noiseStatic) {
    List<String> problems = new ArrayList<>();
    JsonNode p;
    try {
      p = StrictJsonParser.withEnvelopeLimits().parse(payload);
    } catch (JsonViolation e) {
      return List.of("not I-JSON: " + e.getMessage());
    }
    if (!isCanonical(payload)) {
      problems.add("not in its RFC 8785 form");
    }
    if (!p.isObject()) {
      return List.of("not a JSON object");
    }
    Set<String> names = new TreeSet<>();
    p.fieldNames().forEachRemaining(names::add);
    if (!names.equals(MEMBERS)) {
      problems.add("members " + names + ", expected " + new TreeSet<>(MEMBERS));
    }
    boolean hasVersion = false;
    for (JsonNode v : p.path("rtt")) {
      hasVersion |= v.isTextual() && v.asText().equals(RttLimits.VERSION);
    }
    if (!p.path("rtt").isArray() || !hasVersion) {
      problems.add("rtt must be an array naming \"1.0\": " + p.path("rtt"));
    }
    if (!p.path("agent_id").isTextual()
        || !AGENT_ID.matcher(p.path("agent_id").asText()).matches()) {
      problems.add("agent_id is not an agent id: " + p.path("agent_id"));
    }
    List<String> channels = new ArrayList<>();
    p.path("channels").forEach(c -> channels.add(c.asText()));
    if (!p.path("channels").isArray() || !channels.equals(ChannelNames.STANDARD)) {
      problems.add("channels must be [\"control\",\"state\",\"knowledge\"]: " + p.path("channels"));
    }
    JsonNode limits = p.path("limits");
    JsonNode max = limits.path("max_channels");
    if (!limits.isObject()
        || limits.size() != 1
        || !max.isIntegralNumber()
        || max.asLong() < RttLimits.MIN_CHANNELS
        || max.asLong() > RttLimits.MAX_CHANNELS) {
      problems.add("limits must be {\"max_channels\": 3..1024}: " + limits);
    }
    AgentPublicKey key = null;
    try {
      key = AgentPublicKey.fromBase64(p.path("pubkey").asText());
    } catch (IllegalArgumentException e) {
      problems.add("pubkey is not a canonical base64 Ed25519 key: " + e.getMessage());
    }
    byte[] binding = null;
    try {
      binding = Base64.getDecoder().decode(p.path("binding").asText());
      if (binding.length != 64
          || !Base64.getEncoder().encodeToString(binding).equals(p.path("binding").asText())) {
        problems.add("binding is not the canonical base64 of 64 bytes");
        binding = null;
      }
    } catch (IllegalArgumentException e) {
      problems.add("binding is not base64: " + e.getMessage());
    }
    if (key != null && binding != null) {
      byte[] input = IdentityPayload.bindingInput(noiseStatic);
      if (key.verify(input, binding) != Ed25519Verifier.Outcome.VALID) {
        problems.add("binding does not verify over the label and the Noise static key");
      }
    }
    return problems;
  }
}
