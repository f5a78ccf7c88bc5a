package org.web4.lip;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Table 4.7a of spec/lip.md as a pure function: the status of an item that is not final, from the
 * table's inputs (the first matching row wins).
 */
public final class Acceptance {
  /** Rows 3 and 6: how far ahead a retrieval may be, how long an item may wait. */
  public static final long MAX_RETRIEVAL_AHEAD_SECONDS = 300;

  public static final long EXPIRY_SECONDS = 86_400;

  /** Row 4: the most items that may be undecided (pending or disputed). */
  public static final int MAX_UNDECIDED = 1000;

  private Acceptance() {}

  /** The four statuses of the queue (§4.7). */
  public enum Status {
    PENDING,
    DISPUTED,
    ACCEPTED,
    REJECTED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
      return this == ACCEPTED || this == REJECTED;
    }
  }

  /** The keywords of Table 4.7a's last column. */
  public enum Reason {
    BLOCKED,
    NO_PROVENANCE,
    RETRIEVAL_TIME,
    QUEUE_FULL,
    PEER_REJECTION,
    EXPIRED,
    TIER,
    CORROBORATED;

    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A decision: a status and, for the final ones, its reason. */
  public record Decision(Status status, @Nullable Reason reason) {
    static Decision of(Status s) {
      return new Decision(s, null);
    }

    static Decision of(Status s, Reason r) {
      return new Decision(s, r);
    }
  }

  /**
   * The inputs of Table 4.7a.
   *
   * @param onArrival rows 2–4 apply only on arrival
   * @param retrievalAheadMillis {@code retrieved_at} minus the agent's clock, in milliseconds
   * @param undecided how many other items are pending or disputed (row 4, on arrival)
   * @param ageMillis the agent's clock minus the item's arrival
   */
  public record Inputs(
      Tier tier,
      boolean onArrival,
      boolean evidenceEmpty,
      long retrievalAheadMillis,
      int undecided,
      int countedRejects,
      long ageMillis,
      int openConflicts,
      boolean overloaded,
      int countedAccepts) {}

  /** The first matching row of Table 4.7a. */
  public static Decision judge(Inputs in) {
    if (in.tier() == Tier.BLOCKED) {
      return Decision.of(Status.REJECTED, Reason.BLOCKED); // row 1
    }
    if (in.onArrival()) {
      if (in.evidenceEmpty()) {
        return Decision.of(Status.REJECTED, Reason.NO_PROVENANCE); // row 2
      }
      if (in.retrievalAheadMillis() > MAX_RETRIEVAL_AHEAD_SECONDS * 1000) {
        return Decision.of(Status.REJECTED, Reason.RETRIEVAL_TIME); // row 3
      }
      if (in.undecided() >= MAX_UNDECIDED) {
        return Decision.of(Status.REJECTED, Reason.QUEUE_FULL); // row 4
      }
    }
    if (in.countedRejects() > 0) {
      return Decision.of(Status.REJECTED, Reason.PEER_REJECTION); // row 5
    }
    if (in.ageMillis() >= EXPIRY_SECONDS * 1000) {
      return Decision.of(Status.REJECTED, Reason.EXPIRED); // row 6
    }
    if (in.openConflicts() > 0) {
      return Decision.of(Status.DISPUTED); // row 7
    }
    if (in.overloaded()) {
      return Decision.of(Status.PENDING); // row 8
    }
    if (in.tier().acceptsOnItsOwn()) {
      return Decision.of(Status.ACCEPTED, Reason.TIER); // row 9
    }
    if (in.countedAccepts() >= 2) {
      return Decision.of(Status.ACCEPTED, Reason.CORROBORATED); // row 10
    }
    return Decision.of(Status.PENDING); // row 11
  }
}
