package org.web4.cip;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.web4.rtt.Deviation;

/**
 * The facts peers proposed and the acceptance rules of spec/cip.md §4.5: accepted only with
 * FACT_CONFIRMs from two distinct trusted peers other than the proposer, rejected at once without a
 * DMP trace or while overloaded, disputed by a trusted conflict. Only accepted facts count as the
 * agent's knowledge. Thread-safe.
 */
public final class Knowledge {
  /** Confirmations from this many distinct trusted peers accept a fact [CIP-KNW-001]. */
  public static final int CONFIRMATIONS = 2;

  /** At most this many facts are kept; further proposals are rejected. */
  public static final int MAX_FACTS = 10_000;

  /** A review that names no fact the agent holds, or comes from the proposer [CIP-KNW-004]. */
  public static final class ReviewRefused extends Exception {
    private static final long serialVersionUID = 1L;

    ReviewRefused(String message) {
      super(message);
    }
  }

  /**
   * A fact whose status has just become final, for the runtime to report to the proposer.
   *
   * @param againstProposer whether a rejection counts toward the proposer's {@code unverifiable}
   *     run: not when the receiver was overloaded or full (spec/cip.md §4.4)
   */
  public record Outcome(
      String factId, String proposer, Fact.Status status, String reason, boolean againstProposer) {}

  private final Map<String, Fact> facts = new LinkedHashMap<>();

  /** Deviation.CIP_COUNT_SELF_CONFIRMATION (testing the kit only): breaks CIP-KNW-004. */
  private final boolean countSelfConfirmation;

  /** Deviation.CIP_RECOUNT_AT_DECISION (testing the kit only): breaks CIP-KNW-001. */
  private final boolean recountAtDecision;

  /** Under CIP_RECOUNT_AT_DECISION: every confirmer of each fact, trusted or not. */
  private final Map<String, Set<String>> heard = new HashMap<>();

  public Knowledge() {
    this(Set.of());
  }

  /**
   * With deliberate deviations from spec/cip.md (for testing the kit only, see {@link Deviation}).
   */
  public Knowledge(Set<Deviation> deviations) {
    this.countSelfConfirmation = deviations.contains(Deviation.CIP_COUNT_SELF_CONFIRMATION);
    this.recountAtDecision = deviations.contains(Deviation.CIP_RECOUNT_AT_DECISION);
  }

  /** A new proposal; an outcome when it is decided at once [CIP-KNW-002]. */
  public synchronized Optional<Outcome> propose(
      String factId, String proposer, ObjectNode payload, boolean overloaded) {
    Fact f = new Fact(factId, proposer, payload);
    if (facts.size() >= MAX_FACTS) {
      // a receiver holding its maximum of facts is overloaded (spec/cip.md §4.5)
      return Optional.of(
          new Outcome(factId, proposer, Fact.Status.REJECTED, "knowledge is full", false));
    }
    facts.put(factId, f);
    if (!payload.has("dmp_trace")) {
      return decide(f, Fact.Status.REJECTED, "no dmp_trace", true);
    }
    if (overloaded) {
      return decide(f, Fact.Status.REJECTED, "the receiver is overloaded", false);
    }
    return Optional.empty();
  }

  /**
   * A FACT_CONFIRM from {@code reviewer}; counts only when the reviewer is trusted as it arrives
   * (spec/cip.md §4.5 "When trust and load are read") [CIP-KNW-001].
   *
   * @param trustedNow read only by the deviation CIP_RECOUNT_AT_DECISION
   */
  public synchronized Optional<Outcome> confirm(
      String factRef, String reviewer, boolean trusted, Predicate<String> trustedNow)
      throws ReviewRefused {
    Fact f = countSelfConfirmation ? held(factRef) : reviewable(factRef, reviewer);
    if (recountAtDecision && f.status == Fact.Status.PENDING) {
      Set<String> all = heard.computeIfAbsent(factRef, k -> new LinkedHashSet<>());
      all.add(reviewer);
      f.confirmedBy.clear();
      all.stream().filter(trustedNow).forEach(f.confirmedBy::add);
      return f.confirmedBy.size() >= CONFIRMATIONS
          ? decide(f, Fact.Status.ACCEPTED, "recounted at the decision", false)
          : Optional.empty();
    }
    if (f.status != Fact.Status.PENDING || !trusted) {
      return Optional.empty();
    }
    f.confirmedBy.add(reviewer);
    if (f.confirmedBy.size() >= CONFIRMATIONS) {
      return decide(
          f,
          Fact.Status.ACCEPTED,
          "confirmed by " + f.confirmedBy.size() + " trusted peers",
          false);
    }
    return Optional.empty();
  }

  /** A FACT_REJECT from {@code reviewer}: a trusted one rejects a pending fact. */
  public synchronized Optional<Outcome> reject(String factRef, String reviewer, boolean trusted)
      throws ReviewRefused {
    Fact f = reviewable(factRef, reviewer);
    if (f.status != Fact.Status.PENDING || !trusted) {
      return Optional.empty();
    }
    return decide(f, Fact.Status.REJECTED, "rejected by a trusted peer", true);
  }

  /** A FACT_CHALLENGE: a trusted {@code conflict} disputes a pending fact [CIP-KNW-003]. */
  public synchronized Optional<Outcome> challenge(
      String factRef, String reviewer, String reason, boolean trusted) throws ReviewRefused {
    Fact f = reviewable(factRef, reviewer);
    if (f.status != Fact.Status.PENDING || !trusted || !reason.equals("conflict")) {
      return Optional.empty();
    }
    return decide(f, Fact.Status.DISPUTED, "a trusted peer reported a conflict", false);
  }

  /** The proposer of a fact the agent holds, whatever its status. */
  public synchronized Optional<String> proposerOf(String factRef) {
    Fact f = facts.get(factRef);
    return f == null ? Optional.empty() : Optional.of(f.proposer);
  }

  public synchronized List<Fact> all() {
    return new ArrayList<>(facts.values());
  }

  /** The accepted facts: the agent's knowledge. */
  public synchronized List<Fact> accepted() {
    return facts.values().stream().filter(f -> f.status == Fact.Status.ACCEPTED).toList();
  }

  public synchronized void reset() {
    facts.clear();
    heard.clear();
  }

  private Fact reviewable(String factRef, String reviewer) throws ReviewRefused {
    Fact f = held(factRef);
    if (f.proposer.equals(reviewer)) {
      throw new ReviewRefused("the proposer cannot review its own fact");
    }
    return f;
  }

  private Fact held(String factRef) throws ReviewRefused {
    Fact f = facts.get(factRef);
    if (f == null) {
      throw new ReviewRefused("no fact " + factRef);
    }
    return f;
  }

  private static Optional<Outcome> decide(
      Fact f, Fact.Status status, String reason, boolean againstProposer) {
    f.status = status;
    f.reason = reason;
    return Optional.of(new Outcome(f.id, f.proposer, status, reason, againstProposer));
  }
}
