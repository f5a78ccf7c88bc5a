package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.cip.CipPeer;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessException;
import org.web4.crypto.AgentKeyPair;
import org.web4.envelope.SchemaCatalog;

/**
 * What the HCP steps of one scenario share: what each tester peer declares about its own human (the
 * implementation's counterpart), the implementation's principal as the runner set it (spec/hcp.md
 * Table 4.1 at first), the last ACTION and check-in answers of the harness, and the helpers that
 * send and receive HCP envelopes and read hcp/sessions (every harness reply checked against its
 * schema, HAR-API-001). One per scenario, injected.
 */
public final class HcpState {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private final World world;
  private final Peers peers;

  public HcpState(World world, Peers peers) {
    this.world = world;
    this.peers = peers;
  }

  final Map<String, PeerHuman> humans = new HashMap<>();

  /** The HCP envelopes each peer took since the principal last changed. */
  final Map<String, List<JsonNode>> seen = new HashMap<>();

  /** The implementation's principal as the runner set it (spec/hcp.md Table 4.1 at first). */
  ObjectNode principal = human();

  List<String> principalScope = List.of();
  List<String> principalFlags = List.of();
  @Nullable JsonNode lastAction;
  @Nullable ObjectNode lastDecision;
  @Nullable JsonNode lastCheckIn;
  final List<String> checkInAnswers = new ArrayList<>();
  @Nullable JsonNode lastHumanReply;
  @Nullable HarnessException lastRefusal;

  /** What a tester peer declares about its own human (the implementation's counterpart). */
  static final class PeerHuman {
    ObjectNode human = human();
    List<String> scope = List.of();
    List<String> flags = List.of();
  }

  static ObjectNode human() {
    ObjectNode h = NODES.objectNode();
    h.put("presence", "engaged");
    h.put("affect", "neutral");
    h.put("clarity", 100);
    h.put("pressure", 0);
    h.put("intent", "none");
    h.put("consent", "granted");
    return h;
  }

  PeerHuman humanOf(String name) {
    return humans.computeIfAbsent(name, k -> new PeerHuman());
  }

  // ------------------------------------------------------------------------------ helpers

  void send(String name, String type, ObjectNode payload) throws IOException {
    ObjectNode h = humanOf(name).human;
    sendWith(name, type, h.deepCopy(), null, payload, peers.cip(name).identity());
  }

  void sendWith(
      String name,
      String type,
      ObjectNode human,
      @Nullable ObjectNode trust,
      ObjectNode payload,
      AgentKeyPair signer)
      throws IOException {
    ObjectNode e =
        peers
            .cip(name)
            .hcpEnvelope(
                type,
                human,
                trust,
                payload,
                Instant.ofEpochMilli(org.web4.conformance.rtt.TesterContext.clock().millis()),
                signer);
    peers.send(name, e);
  }

  JsonNode receives(String name, String type) throws Exception {
    JsonNode e = peers.receives(name, type);
    seen.computeIfAbsent(name, k -> new ArrayList<>()).add(e);
    return e;
  }

  List<JsonNode> hcpReceived(String name) {
    List<JsonNode> out = new ArrayList<>();
    for (CipPeer.Received r : peers.cip(name).received()) {
      JsonNode e = r.envelope();
      if (e != null && e.has("hcp")) {
        out.add(e);
      }
    }
    return out;
  }

  /** The peer's HCP_HELLO: its human's identity, consent scope and safety flags. */
  void sendHello(String name) throws IOException {
    PeerHuman h = humanOf(name);
    ObjectNode p = NODES.objectNode();
    ObjectNode id = p.putObject("identity");
    id.put("name", "human of " + name);
    id.put("role", "tester");
    strings(p.putArray("consent_scope"), h.scope);
    strings(p.putArray("safety_flags"), h.flags);
    send(name, "HCP_HELLO", p);
  }

  /** The peer's HCP_STATE_UPDATE: its human's state as declared so far. */
  void sendStateUpdate(String name) throws IOException {
    send(name, "HCP_STATE_UPDATE", humanOf(name).human.deepCopy());
  }

  /** Calls an HCP operation, checks its reply against the response schema [HAR-API-001]. */
  Exchange call(String path, ObjectNode request, String schema) throws HarnessException {
    world.resetAtEnd();
    Exchange ex = world.harness().hcp(path, request);
    world.record(ex);
    List<String> violations =
        SchemaCatalog.describe(
            SchemaCatalog.get()
                .schema("harness/" + schema + ".response.schema.json")
                .validate(ex.reply()));
    if (!violations.isEmpty()) {
      throw world.failure("a reply of harness/" + schema + ".response.schema.json; " + violations);
    }
    return ex;
  }

  JsonNode sessions() throws HarnessException {
    return call("hcp/sessions", NODES.objectNode(), "hcp_sessions").reply();
  }

  JsonNode session(String name) throws HarnessException {
    String fp = peers.fingerprintOf(name);
    JsonNode found = null;
    for (JsonNode s : sessions().path("sessions")) {
      if (s.path("peer").asText().equals(fp)) {
        found = s; // the most recently opened one is listed last
      }
    }
    if (found == null) {
      throw world.failure("an HCP session with " + name + " in hcp/sessions");
    }
    return found;
  }

  JsonNode action() {
    JsonNode a = lastAction;
    if (a == null) {
      throw new IllegalStateException("the human stated no action");
    }
    return a;
  }

  String actionMsgId() {
    JsonNode id = action().path("msg_id");
    if (!id.isTextual()) {
      throw world.failure("a msg_id in the human's action; got " + action());
    }
    return id.asText();
  }

  void views(JsonNode e, String view, String receiverView) {
    JsonNode t = e.path("trust");
    if (!t.path("sender_view").asText().equals(view)
        || !t.path("receiver_view").asText().equals(receiverView)) {
      throw world.failure(
          "trust sender_view " + view + ", receiver_view " + receiverView + "; got " + e);
    }
  }

  /**
   * The next HCP_CONTEXT, which must be the check-in message {@code flag} names: several check-in
   * flags count as the most conservative one (spec/hcp.md Table 4.5a).
   */
  JsonNode receivesContext(String name, String flag) throws Exception {
    JsonNode c = receives(name, "HCP_CONTEXT");
    List<String> flags = new ArrayList<>();
    c.path("payload").path("constraints").forEach(f -> flags.add(f.asText()));
    String kind =
        flags.contains("check_in_stop")
            ? "check_in_stop"
            : flags.contains("check_in_proceed")
                ? "check_in_proceed"
                : flags.contains("check_in") ? "check_in" : "(not a check-in message)";
    if (!kind.equals(flag)) {
      throw world.failure("an HCP_CONTEXT that is the check-in message " + flag + "; got " + c);
    }
    return c;
  }

  /** A comma-separated list; the empty string is the empty list. */
  static List<String> list(String commaSeparated) {
    List<String> out = new ArrayList<>();
    for (String s : commaSeparated.split(",", -1)) {
      if (!s.isBlank()) {
        out.add(s.strip());
      }
    }
    return out;
  }

  /** JSON equality by value: 100 equals 100 whatever number type a parser chose. */
  static boolean same(JsonNode a, JsonNode b) {
    return org.web4.json.JsonCanonicalizer.canonicalString(a)
        .equals(org.web4.json.JsonCanonicalizer.canonicalString(b));
  }

  static ArrayNode array(List<String> values) {
    ArrayNode a = NODES.arrayNode();
    values.forEach(a::add);
    return a;
  }

  static void strings(ArrayNode into, List<String> values) {
    values.forEach(into::add);
  }
}
