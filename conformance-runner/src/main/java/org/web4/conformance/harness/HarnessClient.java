package org.web4.conformance.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.model.Identity;
import org.web4.envelope.Timestamps;

/**
 * The runner's side of the harness control API (base {@code http://127.0.0.1:PORT/harness/v1},
 * bearer token, JSON bodies, byte strings as lowercase hex). One typed method per operation; every
 * failure to get a well-formed answer is a {@link HarnessException} that carries the request and
 * the raw reply. Thread-safe.
 */
public final class HarnessClient {
  /** Time to open a connection. */
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /** Time for one request, from sending to the last byte of the reply. */
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** {@code rtt/dial} waits for a handshake, which may take its full 10 s timeout. */
  public static final Duration DIAL_TIMEOUT = Duration.ofSeconds(20);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final HexFormat HEX = HexFormat.of();

  private final URI base;
  private final String token;
  private final HttpClient http;
  private final List<StateListener> listeners = new CopyOnWriteArrayList<>();

  /**
   * Hears the operations that change what the implementation remembers and what its clock reads,
   * for whoever keeps a model of them (the wire judge: msg_ids since the last reset, the
   * implementation's clock).
   */
  public interface StateListener {
    /** {@code reset} answered: the implementation is fresh, its clock real time (HAR-CLK-001). */
    void reset();

    /** {@code clock/advance} answered with the implementation's new time. */
    void clockAdvanced(Instant now);

    /**
     * {@code clock/hold} answered with the reading the implementation's clock is held at: from now
     * on it moves only by {@code clock/advance}, until {@code reset} (HAR-CLK-002). By default what
     * a listener that keeps no clock does with a move: nothing of its own.
     */
    default void clockHeld(Instant now) {}
  }

  /** From now on {@code listener} hears every reset and clock move, until {@link #unlisten}. */
  public void listen(StateListener listener) {
    listeners.add(listener);
  }

  public void unlisten(StateListener listener) {
    listeners.remove(listener);
  }

  /**
   * @param baseUrl e.g. {@code http://127.0.0.1:8123/harness/v1}
   * @param token the bearer token
   */
  public HarnessClient(String baseUrl, String token) {
    this.base = URI.create(baseUrl.endsWith("/") ? baseUrl : baseUrl + "/");
    this.token = token;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  /** The base URL, as given. */
  public URI baseUrl() {
    return base;
  }

  /** The bearer token, for checks that must send raw, deliberately malformed requests. */
  public String token() {
    return token;
  }

  /** {@code GET /info}: the implementation, its protocols, profiles and identity. */
  public HarnessInfo info() throws HarnessException {
    Exchange ex = call("GET", "info", NODES.objectNode());
    JsonNode r = ex.reply();
    JsonNode impl = r.path("implementation");
    JsonNode id = r.path("identity");
    return new HarnessInfo(
        text(ex, r, "harness_version"),
        text(ex, impl, "name"),
        text(ex, impl, "version"),
        strings(r.path("profiles")),
        strings(r.path("capabilities")),
        id.isObject()
            ? new Identity(
                text(ex, id, "agent_id"), text(ex, id, "pubkey"), text(ex, id, "fingerprint"))
            : null, // harness 1.1: omitted or null without sign/envelope, rtt and cip
        // (HAR-INFO-001)
        r);
  }

  /** {@code POST /reset}: forget all state (replay memory, trust, knowledge). */
  public Exchange reset() throws HarnessException {
    Exchange ex = call("POST", "reset", NODES.objectNode());
    if (!ex.reply().path("reset").asBoolean(false)) {
      throw garbled(ex, "expected {\"reset\":true}");
    }
    listeners.forEach(StateListener::reset);
    return ex;
  }

  /**
   * {@code POST /rtt/dial}: the implementation dials {@code host:port} as RTT initiator; the reply
   * comes when its handshake completed or failed (spec/harness.md §4.7).
   */
  public Exchange dial(String host, int port, @Nullable String expectFingerprint)
      throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("host", host);
    req.put("port", port);
    if (expectFingerprint == null) {
      req.putNull("expect_fingerprint");
    } else {
      req.put("expect_fingerprint", expectFingerprint);
    }
    return call("POST", "rtt/dial", req, DIAL_TIMEOUT);
  }

  /**
   * {@code POST /rtt/dial} with {@code "resume":true} (harness 1.4, HAR-RES-005): the
   * implementation dials, keeps the RTT 1.1 session and resumes it on its own after an abrupt end.
   */
  public Exchange rttDialResume(String host, int port, String expectFingerprint)
      throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("host", host);
    req.put("port", port);
    req.put("expect_fingerprint", expectFingerprint);
    req.put("resume", true);
    return call("POST", "rtt/dial", req, DIAL_TIMEOUT);
  }

  /** {@code GET /rtt/connections}: the implementation's established RTT connections. */
  public Exchange rttConnections() throws HarnessException {
    return call("GET", "rtt/connections", NODES.objectNode());
  }

  /** {@code POST /rtt/resume}: RTT 1.1 session resume on or off (harness 1.2, HAR-RES-001). */
  public Exchange rttResume(boolean enabled) throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("enabled", enabled);
    return call("POST", "rtt/resume", req);
  }

  /**
   * {@code POST /rtt/send}: the implementation sends numbered messages on a named channel (harness
   * 1.3, HAR-RES-003); it may first open the channel, so it gets the dial's time.
   */
  public Exchange rttSend(String peerFingerprint, String channel, byte[] data, int count)
      throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("peer_fingerprint", peerFingerprint);
    req.put("channel", channel);
    req.put("data", java.util.HexFormat.of().formatHex(data));
    req.put("count", count);
    return call("POST", "rtt/send", req, DIAL_TIMEOUT);
  }

  /** {@code GET /rtt/inbox}: what the implementation delivered on named channels (HAR-RES-004). */
  public Exchange rttInbox() throws HarnessException {
    return call("GET", "rtt/inbox", NODES.objectNode());
  }

  /** {@code POST /rtt/send_queue}: the send-queue policy of every connection (HAR-RTT-004). */
  public Exchange rttSendQueue(ObjectNode request) throws HarnessException {
    return call("POST", "rtt/send_queue", request);
  }

  /** {@code POST /clock/advance}: moves the implementation's clock forward. */
  public Exchange advanceClock(long seconds) throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("seconds", seconds);
    Exchange ex = call("POST", "clock/advance", req);
    Optional<Instant> now = Timestamps.parse(ex.reply().path("now").asText(""));
    if (now.isPresent()) {
      listeners.forEach(l -> l.clockAdvanced(now.get()));
    }
    return ex;
  }

  /**
   * {@code POST /clock/hold} (harness 1.2): holds the implementation's clock still until the next
   * reset; from then on it moves only by {@link #advanceClock} (HAR-CLK-002).
   */
  public Exchange holdClock() throws HarnessException {
    Exchange ex = call("POST", "clock/hold", NODES.objectNode());
    Optional<Instant> now = Timestamps.parse(ex.reply().path("now").asText(""));
    if (now.isEmpty()) {
      throw garbled(ex, "expected {\"now\":TS}");
    }
    listeners.forEach(l -> l.clockHeld(now.get()));
    return ex;
  }

  /** {@code GET /trust}: the implementation's trust state of every peer it knows. */
  public Exchange trust() throws HarnessException {
    return call("GET", "trust", NODES.objectNode());
  }

  /** {@code POST /trust/anchors}. */
  public Exchange trustAnchors(List<String> fingerprints) throws HarnessException {
    ObjectNode req = NODES.objectNode();
    var list = req.putArray("fingerprints");
    fingerprints.forEach(list::add);
    return call("POST", "trust/anchors", req);
  }

  /** {@code POST /trust/override}. */
  public Exchange trustOverride(String fingerprint, String state) throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("fingerprint", fingerprint);
    req.put("state", state);
    return call("POST", "trust/override", req);
  }

  /** {@code POST /state/local}: the implementation's own presence and load index. */
  public Exchange localState(String presence, int lri) throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("presence", presence);
    req.put("lri", lri);
    return call("POST", "state/local", req);
  }

  /** {@code POST /events}: the events after {@code since}. */
  public Exchange events(long since, int limit) throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("since", since);
    req.put("limit", limit);
    return call("POST", "events", req);
  }

  /** {@code POST /lip/sources}: replaces the implementation's LIP source rules. */
  public Exchange lipSources(ObjectNode request) throws HarnessException {
    return call("POST", "lip/sources", request);
  }

  /** {@code GET /lip/sources}: the implementation's LIP source rules with their runs. */
  public Exchange lipSourcesList() throws HarnessException {
    return call("GET", "lip/sources", NODES.objectNode());
  }

  /** {@code GET /lip/queue}: the implementation's deferred-acceptance queue. */
  public Exchange lipQueue() throws HarnessException {
    return call("GET", "lip/queue", NODES.objectNode());
  }

  /** {@code GET /mesh}: the implementation's routes (spec/harness.md §4.14, HAR-MESH-001). */
  public Exchange mesh() throws HarnessException {
    return call("GET", "mesh", NODES.objectNode());
  }

  /** {@code POST /mesh/send}: the implementation originates an envelope (HAR-MESH-002). */
  public Exchange meshSend(ObjectNode request) throws HarnessException {
    return call("POST", "mesh/send", request);
  }

  /** {@code GET /knowledge}: the facts proposed to the implementation and their status. */
  public Exchange knowledge() throws HarnessException {
    return call("GET", "knowledge", NODES.objectNode());
  }

  /**
   * An operation of the IUT's principal (spec/harness.md §4.12, capability {@code hcp}): {@code
   * POST human/...} with {@code request}, or {@code GET hcp/sessions}.
   */
  public Exchange hcp(String path, ObjectNode request) throws HarnessException {
    if (!path.startsWith("human/") && !path.equals("hcp/sessions")) {
      throw new IllegalArgumentException("not an HCP operation: " + path);
    }
    return call(path.startsWith("human/") ? "POST" : "GET", path, request);
  }

  /** {@code POST /canonicalize}: the RFC 8785 form of the input bytes, or a refusal. */
  public CanonicalizeReply canonicalize(byte[] input) throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("input", HEX.formatHex(input));
    Exchange ex = call("POST", "canonicalize", req);
    Verdict v = verdict(ex);
    return new CanonicalizeReply(ex, v, v.valid() ? hex(ex, ex.reply(), "output") : null);
  }

  /** {@code POST /sign/raw}: sign bytes with the key of a 32-byte seed. */
  public RawSignReply signRaw(byte[] seed, byte[] message) throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("seed", HEX.formatHex(seed));
    req.put("msg", HEX.formatHex(message));
    Exchange ex = call("POST", "sign/raw", req);
    return new RawSignReply(ex, hex(ex, ex.reply(), "pk"), hex(ex, ex.reply(), "sig"));
  }

  /** {@code POST /verify/raw}: verify an Ed25519 signature with the pinned criteria. */
  public VerifyReply verifyRaw(byte[] publicKey, byte[] message, byte[] signature)
      throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("pk", HEX.formatHex(publicKey));
    req.put("msg", HEX.formatHex(message));
    req.put("sig", HEX.formatHex(signature));
    Exchange ex = call("POST", "verify/raw", req);
    return new VerifyReply(ex, verdict(ex));
  }

  /** {@code POST /sign/envelope}: sign an unsigned envelope with the key of a 32-byte seed. */
  public EnvelopeSignReply signEnvelope(byte[] seed, byte[] unsigned) throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("seed", HEX.formatHex(seed));
    req.put("unsigned", HEX.formatHex(unsigned));
    Exchange ex = call("POST", "sign/envelope", req);
    Verdict v = verdict(ex);
    if (!v.valid()) {
      return new EnvelopeSignReply(ex, v, null, null, null);
    }
    JsonNode sign = ex.reply().path("sign");
    return new EnvelopeSignReply(
        ex,
        v,
        hex(ex, ex.reply(), "envelope"),
        text(ex, sign, "algo"),
        text(ex, sign, "signature"));
  }

  /**
   * {@code POST /verify/envelope}: validate envelope bytes at a given receiver clock, after the
   * receiver has processed the preceding envelopes with the same replay memory.
   */
  public VerifyReply verifyEnvelope(byte[] envelope, String now, List<PrecedingEnvelope> preceding)
      throws HarnessException {
    ObjectNode req = NODES.objectNode();
    req.put("envelope", HEX.formatHex(envelope));
    req.put("now", now);
    ArrayNode list = req.putArray("preceding");
    for (PrecedingEnvelope p : preceding) {
      ObjectNode item = list.addObject();
      item.put("envelope", p.envelopeHex());
      item.put("now", p.now());
    }
    Exchange ex = call("POST", "verify/envelope", req);
    return new VerifyReply(ex, verdict(ex));
  }

  private Exchange call(String method, String path, ObjectNode body) throws HarnessException {
    return call(method, path, body, REQUEST_TIMEOUT);
  }

  private Exchange call(String method, String path, ObjectNode body, Duration timeout)
      throws HarnessException {
    String operation = method + " /" + path;
    String requestBody = method.equals("GET") ? "" : body.toString();
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(path))
            .timeout(timeout)
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
    if (method.equals("GET")) {
      b.GET();
    } else {
      b.header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(requestBody, StandardCharsets.UTF_8));
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new HarnessException(
          operation, requestBody, -1, null, "no reply within " + timeout.toSeconds() + " s", e);
    } catch (IOException e) {
      // name the URL: "connection refused" alone does not say where the runner tried to go
      throw new HarnessException(
          operation,
          requestBody,
          -1,
          null,
          "cannot connect to "
              + base.resolve(path)
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ")",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HarnessException(operation, requestBody, -1, null, "interrupted", e);
    }
    String raw = new String(response.body(), StandardCharsets.UTF_8);
    JsonNode reply;
    try {
      reply = JSON.readTree(raw);
    } catch (JsonProcessingException e) {
      throw new HarnessException(
          operation,
          requestBody,
          response.statusCode(),
          raw,
          "HTTP " + response.statusCode() + " with a body that is not JSON",
          e);
    }
    if (response.statusCode() / 100 != 2) {
      JsonNode err = reply == null ? null : reply.path("error");
      String detail =
          err != null && err.isObject()
              ? err.path("code").asText("?") + ": " + err.path("message").asText("")
              : "no error object";
      throw new HarnessException(
          operation,
          requestBody,
          response.statusCode(),
          raw,
          "HTTP " + response.statusCode() + " (" + detail + ")",
          null);
    }
    if (reply == null || !reply.isObject()) {
      throw new HarnessException(
          operation, requestBody, response.statusCode(), raw, "reply is not a JSON object", null);
    }
    return new Exchange(operation, body, reply);
  }

  private static Verdict verdict(Exchange ex) throws HarnessException {
    String result = ex.reply().path("result").asText("");
    if (result.equals("valid")) {
      return Verdict.VALID;
    }
    if (!result.equals("invalid")) {
      throw garbled(ex, "\"result\" must be \"valid\" or \"invalid\"");
    }
    JsonNode error = ex.reply().path("error");
    @Nullable String code = null;
    @Nullable String message = null;
    if (error.isObject()) {
      code = error.path("code").isTextual() ? error.path("code").asText() : null;
      message = error.path("message").isTextual() ? error.path("message").asText() : null;
    } else if (error.isTextual()) {
      code = error.asText();
    }
    return new Verdict(false, code, message);
  }

  private static String text(Exchange ex, JsonNode parent, String member) throws HarnessException {
    JsonNode n = parent.path(member);
    if (!n.isTextual()) {
      throw garbled(ex, "missing string member \"" + member + "\"");
    }
    return n.asText();
  }

  /** A hex member, checked and returned in lowercase. */
  private static String hex(Exchange ex, JsonNode parent, String member) throws HarnessException {
    String s = text(ex, parent, member);
    try {
      return HEX.formatHex(HEX.parseHex(s));
    } catch (IllegalArgumentException e) {
      throw garbled(ex, "member \"" + member + "\" is not hex");
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : array) {
      out.add(n.asText());
    }
    return out;
  }

  private static HarnessException garbled(Exchange ex, String what) {
    return new HarnessException(
        ex.operation(), ex.request().toString(), 200, ex.reply().toString(), what, null);
  }
}
