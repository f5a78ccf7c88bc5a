package org.web4.cip;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.web4.rtt.Deviation;

/**
 * The trust state of every peer this agent knows, by fingerprint (spec/cip.md §4.4): the anchors,
 * the run of rejected facts behind {@code unverifiable}, which peers are known, the vouches waiting
 * to decay (spec/mesh.md §4.6), and a listener that sees every transition. Thread-safe.
 */
public final class TrustBook {
  /** A change of a peer's state, reported to the listener. */
  public record Transition(String fingerprint, TrustState from, TrustState to, String cause) {}

  /** Sees every transition, under the book's lock: it must be quick. */
  @FunctionalInterface
  public interface Listener {
    void changed(Transition t);
  }

  /** The third rejected fact in a row is the event [CIP-TRU-001]. */
  static final int UNVERIFIABLE_RUN = 3;

  /**
   * Peers beyond this many are not remembered (the oldest unknown ones are not evicted: refused).
   */
  static final int MAX_PEERS = 100_000;

  private final Map<String, TrustState> states = new HashMap<>();
  private final Map<String, Integer> rejectedRun = new HashMap<>();
  private final Set<String> anchors = new HashSet<>();

  /**
   * The subjects of an event of cip.md Table 4.4, an override or an anchor (spec/mesh.md §4.6: "a
   * vouch and its decay do not count"); the others are unknown.
   */
  private final Set<String> known = new HashSet<>();

  /** When a vouch moved each peer to probing, while nothing else happened to it since. */
  private final Map<String, Instant> vouchedAt = new HashMap<>();

  private final Listener listener;
  private final Clock clock;

  /** [MESH-TRU-002] How long a vouched {@code probing} lasts without another event. */
  public static final Duration VOUCH_DECAY = Duration.ofSeconds(3600);

  /** Deviation.CIP_ANOMALY_AS_BAD_SIGNATURE (testing the kit only): breaks CIP-TRU-001. */
  private final boolean anomalyAsBadSignature;

  /** Deviation.MESH_VOUCH_DECAY_ONE_SECOND_EARLY (testing the kit only): breaks MESH-TRU-002. */
  private final Duration vouchDecay;

  public TrustBook(Listener listener) {
    this(listener, Set.of());
  }

  /**
   * With deliberate deviations from spec/cip.md (for testing the kit only, see {@link Deviation}).
   */
  public TrustBook(Listener listener, Set<Deviation> deviations) {
    this(listener, deviations, Clock.systemUTC());
  }

  /**
   * @param clock the agent's clock: when a vouch happened and when it decays (MESH-TRU-002)
   */
  public TrustBook(Listener listener, Set<Deviation> deviations, Clock clock) {
    this.listener = listener;
    this.clock = clock;
    this.anomalyAsBadSignature = deviations.contains(Deviation.CIP_ANOMALY_AS_BAD_SIGNATURE);
    this.vouchDecay =
        deviations.contains(Deviation.MESH_VOUCH_DECAY_ONE_SECOND_EARLY)
            ? VOUCH_DECAY.minusSeconds(1)
            : VOUCH_DECAY;
  }

  public synchronized TrustState stateOf(String fingerprint) {
    return states.getOrDefault(fingerprint, TrustState.UNTRUSTED);
  }

  /** Applies an event; returns the new state. */
  public synchronized TrustState apply(String fingerprint, TrustEvent event) {
    if (event == TrustEvent.VERIFIED) {
      rejectedRun.remove(fingerprint); // "with no verified in between"
    }
    TrustState from = stateOf(fingerprint);
    TrustEvent taken =
        anomalyAsBadSignature && event == TrustEvent.ANOMALY ? TrustEvent.BAD_SIGNATURE : event;
    TrustState to = TrustFsm.next(from, taken);
    if (event.makesKnown()) {
      becameKnown(fingerprint);
    } else if (event == TrustEvent.DECAY) {
      vouchedAt.remove(fingerprint);
    } else if (from == TrustState.UNTRUSTED && to == TrustState.PROBING) {
      // [MESH-TRU-002] the decay counts from the vouch that moved the peer; a later vouch about
      // a peer already probing moves nothing, so it neither restarts nor cancels the decay
      vouchedAt.put(fingerprint, clock.instant());
    }
    set(fingerprint, from, to, event.wire());
    return to;
  }

  /**
   * Whether the peer is unknown: never the subject of an event of cip.md Table 4.4, an override or
   * an anchor (spec/mesh.md §4.6).
   */
  public synchronized boolean isUnknown(String fingerprint) {
    return !known.contains(fingerprint);
  }

  /**
   * [MESH-TRU-002] Applies {@code decay} to every peer a vouch moved to probing 3,600 s or more ago
   * by the agent's clock, with nothing else about it since; returns those peers.
   */
  public synchronized List<String> decayDue() {
    Instant now = clock.instant();
    List<String> due = new ArrayList<>();
    vouchedAt.forEach(
        (fp, at) -> {
          if (!now.isBefore(at.plus(vouchDecay))) {
            due.add(fp);
          }
        });
    due.sort(null);
    for (String fp : due) {
      apply(fp, TrustEvent.DECAY);
    }
    return due;
  }

  /** The peers whose vouched probing will decay (the harness reset cancels them). */
  public synchronized Set<String> pendingDecays() {
    return Set.copyOf(vouchedAt.keySet());
  }

  private void becameKnown(String fingerprint) {
    known.add(fingerprint);
    vouchedAt.remove(fingerprint); // another event, an override or an anchor cancels the decay
  }

  /**
   * A fact the peer proposed was rejected: the third in a row is {@code unverifiable}; a {@code
   * verified} resets the run.
   */
  public synchronized TrustState factRejected(String fingerprint) {
    int run = rejectedRun.merge(fingerprint, 1, Integer::sum);
    if (run < UNVERIFIABLE_RUN) {
      return stateOf(fingerprint);
    }
    rejectedRun.remove(fingerprint);
    return apply(fingerprint, TrustEvent.UNVERIFIABLE);
  }

  /** A fact the peer proposed was accepted. */
  public synchronized TrustState factAccepted(String fingerprint) {
    return apply(fingerprint, TrustEvent.VERIFIED);
  }

  /** The operator's override: any state, from any state. */
  public synchronized void override(String fingerprint, TrustState state) {
    becameKnown(fingerprint);
    set(fingerprint, stateOf(fingerprint), state, "override");
  }

  /** Adds trust anchors: each becomes {@code trusted} unless the peer is already known. */
  public synchronized void addAnchors(Set<String> fingerprints) {
    for (String fp : fingerprints) {
      anchors.add(fp);
      boolean wasKnown = known.contains(fp);
      becameKnown(fp);
      if (!wasKnown) {
        set(fp, stateOf(fp), TrustState.TRUSTED, "anchor");
      }
    }
  }

  public synchronized Set<String> anchors() {
    return Set.copyOf(anchors);
  }

  /** Every known peer and its state, by fingerprint. */
  public synchronized Map<String, TrustState> all() {
    return new TreeMap<>(states);
  }

  public synchronized void reset() {
    states.clear();
    rejectedRun.clear();
    anchors.clear();
    known.clear();
    vouchedAt.clear();
  }

  private void set(String fingerprint, TrustState from, TrustState to, String cause) {
    if (!states.containsKey(fingerprint) && states.size() >= MAX_PEERS) {
      return;
    }
    states.put(fingerprint, to);
    if (from != to) {
      listener.changed(new Transition(fingerprint, from, to, cause));
    }
  }
}
