package org.web4.conformance.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

/**
 * The state of one scenario, shared by all step classes: the named envelopes, the receiver's clock,
 * what the implementation has already seen, and the last exchange with it. {@link ScenarioHooks}
 * starts a fresh world before each scenario and ends it after; step classes take it in their
 * constructor.
 */
public final class World {
  private static final ThreadLocal<@Nullable World> CURRENT = new ThreadLocal<>();

  /** Starts the world of a new scenario (on this thread). */
  static void start() {
    CURRENT.set(new World());
  }

  static void end() {
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
  private final Random random = new Random(target.seed());
  private final Map<String, WireEnvelope> envelopes = new HashMap<>();
  private final List<PrecedingEnvelope> preceding = new ArrayList<>();
  private Instant receiverNow = target.clock();
  private @Nullable Exchange lastExchange;

  HarnessClient harness() {
    return target.harness();
  }

  /** The scenario clock: envelopes are stamped with it ({@code {now}}). */
  Instant clock() {
    return target.clock();
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
                    + e.reply()));
  }

  private static String abbreviate(JsonNode node) {
    String s = node.toString();
    return s.length() <= 4000 ? s : s.substring(0, 4000) + "... (" + s.length() + " characters)";
  }
}
