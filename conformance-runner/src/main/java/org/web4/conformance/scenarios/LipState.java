package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.lip.LipPeer;
import org.web4.conformance.lip.StandInWeb;
import org.web4.envelope.SchemaCatalog;
import org.web4.json.JsonViolation;

/**
 * What the LIP steps of one scenario share: the documents the stand-in web serves, the evidence
 * named by path, each peer's last fetch and its PING, and the helpers over them (URIs on the
 * stand-in web, the PING barrier with LIP's bound, lip/queue read against its schema). One per
 * scenario, injected.
 */
public final class LipState {
  private final World world;
  private final Peers peers;

  public LipState(World world, Peers peers) {
    this.world = world;
    this.peers = peers;
  }

  /** The media type of an evidence document (spec/lip.md §4.3). */
  static final String MEDIA_TYPE = "application/vnd.web4.evidence+json";

  /** LIP-RPL-003: every reply to a LIP_FETCH within 5 s of its arrival. */
  static final Duration REPLIES = Duration.ofSeconds(5);

  /** How long a step waits for what must come: the spec's 5 s plus 1 s. */
  static final Duration BOUND = REPLIES.plusSeconds(1);

  /** What a tester's measurement may add to the implementation's 5 s (loopback, reading). */
  static final Duration MEASUREMENT_SLACK = Duration.ofMillis(300);

  /** A list in a step: {@code "/a, /b"}. */
  static final java.util.regex.Pattern LIST = java.util.regex.Pattern.compile(",\\s*");

  final Map<String, ObjectNode> served = new HashMap<>();
  final Map<String, String> evidenceIds = new HashMap<>();
  final Map<String, Fetch> fetches = new HashMap<>();

  /** One LIP_FETCH a peer sent: its msg_id, its sources (URIs) and when it left. */
  record Fetch(String msgId, List<String> sources, long sentNanos) {}

  final Map<String, byte[]> pings = new HashMap<>();

  // ----------------------------------------------------------------------------- the web

  /** A path on the stand-in web, or a full URI ({@code {closed}} names a port nothing serves). */
  String uri(String pathOrUri) throws IOException {
    String s =
        pathOrUri
            .replace("{web}", StandInWeb.uri(""))
            .replace("{port}", Integer.toString(StandInWeb.port()));
    if (s.startsWith("http")) {
      return s;
    }
    if (s.startsWith("{closed}")) {
      return "http://127.0.0.1:" + StandInWeb.closedPort() + s.substring("{closed}".length());
    }
    return StandInWeb.uri(s);
  }

  // ------------------------------------------------------------------ notifications, votes

  String evidenceId(String path) {
    String id = evidenceIds.get(path);
    if (id == null) {
      throw new IllegalStateException("no evidence of \"" + path + "\" was received or sent");
    }
    return id;
  }

  Fetch fetchOf(String name) {
    Fetch f = fetches.get(name);
    if (f == null) {
      throw new IllegalStateException("peer \"" + name + "\" asked for no fetch");
    }
    return f;
  }

  Fetch lastFetch() {
    Fetch last = null;
    for (Fetch f : fetches.values()) {
      if (last == null || f.sentNanos() > last.sentNanos()) {
        last = f;
      }
    }
    if (last == null) {
      throw new IllegalStateException("no peer asked for a fetch");
    }
    return last;
  }

  long remainingNanos(Fetch f) {
    return Math.max(0, f.sentNanos() + BOUND.toNanos() - System.nanoTime());
  }

  static List<String> names(String list) {
    return java.util.regex.Pattern.compile(",\\s*|\\s+and\\s+").splitAsStream(list).toList();
  }

  Exchange queue() throws Exception {
    Exchange ex = world.harness().lipQueue();
    world.record(ex);
    conforms(ex, "harness/lip_queue.response.schema.json");
    return ex;
  }

  void conforms(Exchange ex, String schema) {
    List<String> problems =
        SchemaCatalog.describe(SchemaCatalog.get().schema(schema).validate(ex.reply()));
    if (!problems.isEmpty()) {
      throw world.failure("a reply conforming to " + schema + "; " + problems);
    }
  }

  // ------------------------------------------------------------------------------- helpers

  static JsonNode env(LipPeer.Received r) {
    JsonNode e = r.envelope();
    return e == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : e;
  }

  static boolean isType(LipPeer.Received r, String type) {
    return env(r).path("type").asText().equals(type);
  }

  void barrier(String name) throws Exception {
    if (!peers.lip(name).barrier(BOUND)) {
      throw world.failure(
          "the PONG of a PING barrier within "
              + BOUND.toSeconds()
              + " s; received "
              + received(name));
    }
  }

  String received(String name) throws JsonViolation {
    List<String> out = new ArrayList<>();
    for (LipPeer.Received r : peers.lip(name).all()) {
      out.add(r.describe());
    }
    return out.toString();
  }
}
