package org.web4.cip;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's loop: it consumes what the router hands over (peers' presence and load, accepted
 * intents, answers to this agent's intents, shared decisions, accepted facts) and keeps the agent's
 * memory of them, bounded, one piece of work at a time and in the order handed over.
 *
 * <p>Its steps are bookkeeping that never blocks (append to a bounded memory, the drift rule over
 * 20 booleans), so it has no thread of its own (ADR 1430): the thread that hands work over runs the
 * queue unless another thread is already running it, in which case that one runs the new work too.
 * A hand-over therefore never wakes a thread and never waits for a lock held by a step. A step that
 * could block (a fetch, a model call) must not be added here without a thread of its own again.
 */
public final class AgentLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentLoop.class);

  /** Work waiting for the loop; beyond this the oldest kind of work is dropped and counted. */
  static final int QUEUE = 1024;

  /** How many items of each memory the loop keeps (the most recent). */
  static final int MEMORY = 1000;

  /** Something the router handed over. */
  public sealed interface Work
      permits PeerState,
          IntentAccepted,
          IntentAnswered,
          DecisionShared,
          FactAccepted,
          HumanIntent,
          HumanAction,
          HumanState,
          EvidenceAccepted {}

  /** A peer's STATE_UPDATE: its presence (LPI) and load (LRI). */
  public record PeerState(String peer, String presence, int lri) implements Work {}

  /** An INTENT this agent accepted. */
  public record IntentAccepted(String peer, JsonNode intent) implements Work {}

  /** The answer to an INTENT this agent sent. */
  public record IntentAnswered(String peer, JsonNode response) implements Work {}

  /** A DECISION_SHARE: the decision and its DMP trace go to decision memory. */
  public record DecisionShared(String peer, JsonNode decision) implements Work {}

  /** A fact accepted by the knowledge rules, with its proposer: causal memory. */
  public record FactAccepted(String factId, String proposer) implements Work {}

  /** An HCP_INTENT the HCP runtime delivered to the principal (spec/hcp.md §4.6). */
  public record HumanIntent(String peer, JsonNode intent) implements Work {}

  /** Another HCP action delivered to the principal: HCP_CONTEXT, HCP_DECISION, HCP_FEEDBACK. */
  public record HumanAction(String peer, String type, JsonNode payload) implements Work {}

  /**
   * The principal's state changed: its presence and pacing level ({@code allow}, {@code slow},
   * {@code defer}), which the loop keeps as its own pace ({@link #humanLevel()}).
   */
  public record HumanState(String presence, String level) implements Work {}

  /**
   * LIP evidence accepted by the deferred-acceptance queue (spec/lip.md §4.7): its claims, source
   * and counted corroborators go to causal memory. No other LIP item reaches the loop.
   */
  public record EvidenceAccepted(
      String itemId, List<String> claims, String source, List<String> corroborators)
      implements Work {
    public EvidenceAccepted {
      claims = List.copyOf(claims);
      corroborators = List.copyOf(corroborators);
    }
  }

  /**
   * Mission drift, the documented rule: of the last {@value #DRIFT_WINDOW} intents the agent
   * accepted, more than half have a topic outside its mission. Detected once when it starts and
   * once when it ends (the share falls back to half or less). An agent without a mission never
   * drifts.
   */
  static final int DRIFT_WINDOW = 20;

  /** Sees the start and the end of a mission drift, on the loop's thread. */
  @FunctionalInterface
  public interface DriftListener {
    void drift(boolean drifting, int outside, int window);
  }

  /** Work handed over and not yet run; at most {@link #QUEUE} pieces ({@link #waiting}). */
  private final ConcurrentLinkedQueue<Work> queue = new ConcurrentLinkedQueue<>();

  private final AtomicInteger waiting = new AtomicInteger();

  /** Set while a thread runs the queue: exactly one runs it at a time. */
  private final AtomicBoolean running = new AtomicBoolean();

  private final ArrayDeque<Boolean> recentIntentsOutside = new ArrayDeque<>();
  private volatile java.util.Set<String> mission = java.util.Set.of();
  private volatile DriftListener driftListener = (d, o, w) -> {};
  private boolean drifting;
  private final ArrayDeque<Work> memory = new ArrayDeque<>();
  private final AtomicLong dropped = new AtomicLong();
  private volatile String humanLevel = "allow";
  private volatile boolean closed;

  public AgentLoop() {}

  /** The topics of the agent's mission (empty: no mission, no drift detection). */
  public void mission(java.util.Set<String> topics, DriftListener listener) {
    this.mission = java.util.Set.copyOf(topics);
    this.driftListener = listener;
  }

  /** Sees every piece of work as it is handed to the loop (web4 soak's answers, ADR 1412). */
  private volatile java.util.function.Consumer<Work> watcher = w -> {};

  /** Lets {@code watcher} see every piece of work handed over, on the handing thread. */
  public void watch(java.util.function.Consumer<Work> watcher) {
    this.watcher = watcher;
  }

  /**
   * Hands work to the loop and runs what is waiting unless another thread is running it; never
   * blocks and never wakes a thread (a full queue drops the work and counts it).
   */
  public void submit(Work work) {
    watcher.accept(work);
    if (closed) {
      return;
    }
    if (waiting.incrementAndGet() > QUEUE) {
      waiting.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    queue.add(work);
    drain();
  }

  /**
   * Runs the waiting work on this thread if no other thread is running it. The one that is running
   * it looks at the queue again after it lets go, so work added meanwhile is never left behind.
   */
  private void drain() {
    while (!queue.isEmpty() && running.compareAndSet(false, true)) {
      try {
        Work w;
        while ((w = queue.poll()) != null) {
          waiting.decrementAndGet();
          step(w);
        }
      } finally {
        running.set(false);
      }
    }
  }

  private void step(Work w) {
    try {
      remember(w);
    } catch (RuntimeException e) {
      LOG.error("agent loop step failed", e);
    }
  }

  /** What the loop has remembered, oldest first. */
  public synchronized List<Work> memory() {
    return new ArrayList<>(memory);
  }

  public long dropped() {
    return dropped.get();
  }

  /** The principal's pacing level as the loop last saw it (spec/hcp.md Table 4.4a). */
  public String humanLevel() {
    return humanLevel;
  }

  public synchronized void reset() {
    while (queue.poll() != null) {
      waiting.decrementAndGet();
    }
    memory.clear();
    recentIntentsOutside.clear();
    drifting = false;
    humanLevel = "allow";
  }

  private synchronized void remember(Work w) {
    if (memory.size() == MEMORY) {
      memory.removeFirst();
    }
    memory.addLast(w);
    if (w instanceof IntentAccepted i) {
      checkDrift(i.intent().path("topic").asText());
    } else if (w instanceof HumanState h) {
      humanLevel = h.level();
    }
  }

  private void checkDrift(String topic) {
    java.util.Set<String> m = mission;
    if (m.isEmpty()) {
      return;
    }
    if (recentIntentsOutside.size() == DRIFT_WINDOW) {
      recentIntentsOutside.removeFirst();
    }
    recentIntentsOutside.addLast(!m.contains(topic));
    int outside = (int) recentIntentsOutside.stream().filter(b -> b).count();
    boolean now = outside * 2 > DRIFT_WINDOW;
    if (now != drifting) {
      drifting = now;
      driftListener.drift(now, outside, DRIFT_WINDOW);
    }
  }

  @Override
  public void close() {
    closed = true; // work handed over after this is not remembered, as when the thread ended
  }
}
