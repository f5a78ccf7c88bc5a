package org.web4.cip;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.web4.rtt.Deviation;

/**
 * The trust state of every peer this agent knows, by fingerprint (spec/cip.md §4.4): the anchors,
 * the run of rejected facts behind {@code unverifiable}, and a listener that sees every transition.
 * Thread-safe.
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
  private final Listener listener;

  /** Deviation.CIP_ANOMALY_AS_BAD_SIGNATURE (testing the kit only): breaks CIP-TRU-001. */
  private final boolean anomalyAsBadSignature;

  public TrustBook(Listener listener) {
    this(listener, Set.of());
  }

  /**
   * With deliberate deviations from spec/cip.md (for testing the kit only, see {@link Deviation}).
   */
  public TrustBook(Listener listener, Set<Deviation> deviations) {
    this.listener = listener;
    this.anomalyAsBadSignature = deviations.contains(Deviation.CIP_ANOMALY_AS_BAD_SIGNATURE);
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
    set(fingerprint, from, to, event.wire());
    return to;
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
    set(fingerprint, stateOf(fingerprint), state, "override");
  }

  /** Adds trust anchors: each becomes {@code trusted} unless the peer is already known. */
  public synchronized void addAnchors(Set<String> fingerprints) {
    for (String fp : fingerprints) {
      anchors.add(fp);
      if (!states.containsKey(fp)) {
        set(fp, TrustState.UNTRUSTED, TrustState.TRUSTED, "anchor");
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
