package org.web4.cip;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's single-threaded loop: it consumes what the router hands over after the protocol has
 * answered (peers' presence and load, accepted intents, answers to this agent's intents, shared
 * decisions, accepted facts) and keeps the agent's memory of them, bounded. Protocol answers never
 * wait for it, so a slow cognitive step cannot stall a connection.
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

  private final BlockingQueue<Work> queue = new ArrayBlockingQueue<>(QUEUE);
  private final ArrayDeque<Boolean> recentIntentsOutside = new ArrayDeque<>();
  private volatile java.util.Set<String> mission = java.util.Set.of();
  private volatile DriftListener driftListener = (d, o, w) -> {};
  private boolean drifting;
  private final ArrayDeque<Work> memory = new ArrayDeque<>();
  private final AtomicLong dropped = new AtomicLong();
  private volatile String humanLevel = "allow";
  private final Thread thread;
  private volatile boolean running = true;

  public AgentLoop() {
    thread = new Thread(this::run, "agent-loop");
    thread.setDaemon(true);
    thread.start();
  }

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

  /** Hands work to the loop; never blocks (a full queue drops it and counts). */
  public void submit(Work work) {
    watcher.accept(work);
    if (!queue.offer(work)) {
      dropped.incrementAndGet();
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
    queue.clear();
    memory.clear();
    recentIntentsOutside.clear();
    drifting = false;
    humanLevel = "allow";
  }

  private void run() {
    while (running) {
      try {
        Work w = queue.poll(100, TimeUnit.MILLISECONDS);
        if (w != null) {
          remember(w);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("agent loop step failed", e);
      }
    }
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
    running = false;
    thread.interrupt();
  }
}
