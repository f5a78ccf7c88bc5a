package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.picocontainer.Disposable;
import org.web4.conformance.harness.Exchange;
import org.web4.conformance.harness.HarnessClient;
import org.web4.conformance.harness.PrecedingEnvelope;
import org.web4.conformance.rtt.Transcript;
import org.web4.envelope.MessageIds;

/**
 * The state of one scenario, shared by all step classes: the named envelopes, the receiver's clock,
 * what the implementation has already seen, and the last exchange with it. Cucumber's picocontainer
 * creates one World per scenario and injects it into every step class that names it in its
 * constructor; {@link ScenarioHooks} gives it the scenario's key before the first step, and the
 * container disposes of it (closing its resources) when the scenario ends, whatever its outcome.
 */
public final class World implements Disposable {
  private ScenarioTarget.@Nullable Binding target;
  private long seed;
  private Random random = new Random(0);
  private @Nullable String scenarioKey;
  private final Map<String, Integer> derivedSeeds = new HashMap<>();

  /**
   * Starts the world of a new scenario.
   *
   * @param key the scenario's {@code uri:line}: mixed into the seed, so that every scenario of a
   *     run has its own random values and tester identities even when all share the run's seed
   */
  void start(String key) {
    if (scenarioKey != null) {
      throw new IllegalStateException("the world of " + scenarioKey + " has started already");
    }
    scenarioKey = key;
    ScenarioTarget.Binding bound = ScenarioTarget.current();
    target = bound;
    receiverNow = bound.clock();
    seed = bound.seed() * 0x9E3779B97F4A7C15L + key.hashCode();
    random = new Random(seed);
  }

  @Override
  public void dispose() {
    closeResources();
  }

  /**
   * A seed for one of the scenario's random sources (a tester peer's nonces and msg_ids), derived
   * from the scenario's seed, the source's label and how many sources of that label came before:
   * the same run seed gives the same values, so a run replays from its seed.
   */
  long derivedSeed(String label) {
    int n = derivedSeeds.merge(label, 1, Integer::sum);
    long h = seed();
    for (byte b : (label + "#" + n).getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ b) * 0x100000001B3L; // FNV-1a over the label, starting from the scenario's seed
    }
    return h;
  }

  private final Map<String, WireEnvelope> envelopes = new HashMap<>();
  private final List<PrecedingEnvelope> preceding = new ArrayList<>();
  private Instant receiverNow = Instant.EPOCH;
  private @Nullable Instant wallClock;
  private @Nullable Exchange lastExchange;
  private final Transcript transcript = new Transcript();
  private final List<AutoCloseable> resources = new ArrayList<>();

  /** Where the implementation listens for RTT. */
  InetSocketAddress rttAddress() {
    InetSocketAddress a = target().rtt();
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
    target();
    return seed;
  }

  /** The implementation the scenario runs against, bound when the scenario started. */
  private ScenarioTarget.Binding target() {
    ScenarioTarget.Binding t = target;
    if (t == null) {
      throw new IllegalStateException("no scenario has started: ScenarioHooks starts the world");
    }
    return t;
  }

  /** Closed when the scenario ends, whatever its outcome, in the order they were opened. */
  <T extends AutoCloseable> T closeAtEnd(T resource) {
    resources.add(resource);
    return resource;
  }

  /** Closes the scenario's resources in the order they were opened, then resets if asked. */
  private void closeResources() {
    List<AutoCloseable> all = new ArrayList<>(resources);
    resources.clear();
    if (resetScheduled) {
      all.add(() -> harness().reset()); // last: nothing the scenario opened outlives the reset
    }
    for (AutoCloseable r : all) {
      try {
        r.close();
      } catch (Exception ignored) {
        // The scenario is over; nothing to report it to.
      }
    }
  }

  /**
   * Resets the implementation when the scenario ends (once, however often asked): for steps that
   * change its state through the harness (trust, load, sources, clock).
   */
  void resetAtEnd() {
    resetScheduled = true;
  }

  private boolean resetScheduled;

  HarnessClient harness() {
    HarnessClient harness = target().harness();
    if (harness == null) {
      throw new IllegalStateException("this run has no harness (an RTT-only target)");
    }
    return harness;
  }

  /** The scenario clock: envelopes are stamped with it ({@code {now}}). */
  Instant clock() {
    Instant c = wallClock;
    return c != null ? c : target().clock();
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
    return MessageIds.v4(random.nextLong(), random.nextLong());
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
    if (e != null) {
      ScenarioResultCollector.cite(e);
    }
    String rtt = transcript.isEmpty() ? "" : Transcript.HEADING + transcript.render();
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
