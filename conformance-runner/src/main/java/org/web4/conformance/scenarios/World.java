package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.harness.PrecedingEnvelope;
import org.web4.conformance.rtt.Transcript;

/**
 * The state of one scenario, shared by all step classes: the named envelopes, the receiver's clock,
 * what the implementation has already seen, and the last exchange with it. {@link ScenarioHooks}
 * starts a fresh world before each scenario and ends it after; step classes take it in their
 * constructor.
 */
public final class World {
  private static final ThreadLocal<@Nullable World> CURRENT = new ThreadLocal<>();

  /**
   * Starts the world of a new scenario (on this thread).
   *
   * @param scenarioKey the scenario's {@code uri:line}: mixed into the seed, so that every scenario
   *     of a run has its own random values and tester identities even when all share the run's seed
   */
  static void start(String scenarioKey) {
    CURRENT.set(new World(scenarioKey));
  }

  static void end() {
    World w = CURRENT.get();
    if (w != null) {
      w.closeResources();
    }
    CURRENT.remove();
  }

  static World current() {
    World w = CURRENT.get();
    if (w == null) {
      throw new IllegalStateException("no scenario is running");
    }
    return w;
  }

  private final ScenarioTarget.Binding target = ScenarioTarget.current();
  private final long seed;
  private final Random random;

  private World(String scenarioKey) {
    this.seed = target.seed() * 0x9E3779B97F4A7C15L + scenarioKey.hashCode();
    this.random = new Random(seed);
  }

  private final Map<String, WireEnvelope> envelopes = new HashMap<>();
  private final List<PrecedingEnvelope> preceding = new ArrayList<>();
  private Instant receiverNow = target.clock();
  private @Nullable Instant wallClock;
  private @Nullable Exchange lastExchange;
  private final Transcript transcript = new Transcript();
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final Map<String, org.web4.conformance.cip.CipPeer> cipPeers = new HashMap<>();
  private final Map<String, JsonNode> lastSent = new HashMap<>();

  /** The named tester peers that speak CIP (and HCP) over RTT, shared by their step classes. */
  Map<String, org.web4.conformance.cip.CipPeer> cipPeers() {
    return cipPeers;
  }

  /** The envelope each named peer sent last, for steps that check the answer to it. */
  Map<String, JsonNode> lastSent() {
    return lastSent;
  }

  /** The named peer; a Given step must have connected it. */
  org.web4.conformance.cip.CipPeer cipPeer(String name) {
    org.web4.conformance.cip.CipPeer p = cipPeers.get(name);
    if (p == null) {
      throw new IllegalStateException("no peer \"" + name + "\": a Given step must connect it");
    }
    return p;
  }

  /**
   * Sends {@code envelope} as the named peer, remembered as its last sent; returns once the
   * implementation has handled it (the delivery barrier of {@code CipPeer.send}).
   */
  void sendAs(String name, ObjectNode envelope) throws java.io.IOException {
    lastSent.put(name, envelope);
    try {
      cipPeer(name).send(envelope);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.IOException("interrupted", e);
    }
  }

  /**
   * The next envelope of {@code type} the named peer received within {@code within}, or a failure.
   */
  JsonNode receivedBy(String name, String type, java.time.Duration within) throws Exception {
    org.web4.conformance.cip.CipPeer p = cipPeer(name);
    java.util.Optional<JsonNode> e = p.awaitEnvelope(type, within);
    if (e.isEmpty()) {
      throw failure(
          "a "
              + type
              + " for peer "
              + name
              + " within "
              + within.toSeconds()
              + " s; received "
              + p.received());
    }
    return e.get();
  }

  /** Where the implementation listens for RTT. */
  InetSocketAddress rttAddress() {
    InetSocketAddress a = target.rtt();
    if (a == null) {
      throw new IllegalStateException(
          "the target names no RTT address: RTT scenarios cannot run against it");
    }
    return a;
  }

  /** The decoded RTT exchange of this scenario, shown when it fails. */
  Transcript transcript() {
    return transcript;
  }

  long seed() {
    return seed;
  }

  /** Closed when the scenario ends, whatever its outcome. */
  <T extends AutoCloseable> T closeAtEnd(T resource) {
    resources.add(resource);
    return resource;
  }

  private void closeResources() {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception ignored) {
        // The scenario is over; nothing to report it to.
      }
    }
    resources.clear();
  }

  HarnessClient harness() {
    return target.harness();
  }

  /** The scenario clock: envelopes are stamped with it ({@code {now}}). */
  Instant clock() {
    Instant c = wallClock;
    return c != null ? c : target.clock();
  }

  /**
   * Envelopes sent over the wire are validated at the implementation's own clock, so a wire
   * scenario stamps them with the current time (to the millisecond) instead of the fixed scenario
   * clock; msg_ids then also mix in that time, so that a second run against the same long-running
   * implementation is not refused as a replay.
   */
  void useCurrentTime() {
    Instant now = Instant.ofEpochMilli(org.web4.conformance.rtt.TesterContext.clock().millis());
    wallClock = now;
    receiverNow = now;
    // Multiplied, not XORed: seed ^ line ^ time collides for scenarios a few ms apart.
    random.setSeed(seed * 0x9E3779B97F4A7C15L + now.toEpochMilli() * 0xC2B2AE3D27D4EB4FL);
  }

  /** A version 4 UUID drawn from the run's seed. */
  UUID freshUuid() {
    long hi = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo);
  }

  WireEnvelope envelope(String name) {
    WireEnvelope e = envelopes.get(name);
    if (e == null) {
      throw new IllegalArgumentException("no envelope named \"" + name + "\" in this scenario");
    }
    return e;
  }

  void putEnvelope(String name, ObjectNode json) {
    envelopes.put(name, new WireEnvelope(json));
  }

  void putEnvelope(String name, WireEnvelope envelope) {
    envelopes.put(name, envelope);
  }

  Instant receiverNow() {
    return receiverNow;
  }

  void setReceiverNow(Instant now) {
    this.receiverNow = now;
  }

  List<PrecedingEnvelope> preceding() {
    return preceding;
  }

  void record(Exchange exchange) {
    this.lastExchange = exchange;
  }

  Exchange lastExchange() {
    Exchange e = lastExchange;
    if (e == null) {
      throw new IllegalStateException("no reply yet: a When step must come first");
    }
    return e;
  }

  /** What a failing Then step reports: the request, the reply and what was expected. */
  AssertionError failure(String expected) {
    Exchange e = lastExchange;
    String rtt = transcript.isEmpty() ? "" : "\n  RTT transcript:\n" + transcript.render();
    return new AssertionError(
        "expected "
            + expected
            + (e == null
                ? ""
                : "\n  operation: "
                    + e.operation()
                    + "\n  request: "
                    + abbreviate(e.request())
                    + "\n  reply: "
                    + e.reply())
            + rtt);
  }

  private static String abbreviate(JsonNode node) {
    String s = node.toString();
    return s.length() <= 4000 ? s : s.substring(0, 4000) + "... (" + s.length() + " characters)";
  }
}
