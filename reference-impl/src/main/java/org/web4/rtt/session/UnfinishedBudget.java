package org.web4.rtt.session;

import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.web4.rtt.RttLimits;

/**
 * The bytes of unfinished messages an endpoint holds for all its connections together, bounded by
 * {@link RttLimits#MAX_UNFINISHED_TOTAL} [RTT-LIM-005]. When a DATA frame would take the total over
 * the bound, the connection holding the most is refused: an attacker pinning memory holds the most,
 * and an honest peer's message in progress goes on (docs/adr/1201).
 *
 * <p>One per endpoint, shared by its connections; every operation is a few additions under this
 * object's lock, and all of {@link UnfinishedMessages}' counts are guarded by it.
 */
final class UnfinishedBudget {
  private final long bound;
  private final Set<UnfinishedMessages> holders = new HashSet<>();
  private long total;

  UnfinishedBudget() {
    this(RttLimits.MAX_UNFINISHED_TOTAL);
  }

  /** A smaller bound, for tests of the rule. */
  UnfinishedBudget(long bound) {
    if (bound < RttLimits.MAX_MESSAGE) {
      throw new IllegalArgumentException("the bound must hold one largest message: " + bound);
    }
    this.bound = bound;
  }

  /** The bytes held now, for all connections. */
  synchronized long total() {
    return total;
  }

  /**
   * Counts {@code bytes} more for {@code who}.
   *
   * @return the connection to refuse because the total went over the bound (its bytes are no longer
   *     counted), or null
   */
  synchronized @Nullable UnfinishedMessages add(UnfinishedMessages who, int bytes) {
    who.held += bytes;
    total += bytes;
    holders.add(who);
    if (total <= bound) {
      return null;
    }
    UnfinishedMessages most = who; // on a tie, the connection whose frame went over
    for (UnfinishedMessages h : holders) {
      if (h.held > most.held) {
        most = h;
      }
    }
    release(most);
    return most;
  }

  /** Gives back bytes of {@code who} (a message finished or its channel closed). */
  synchronized void subtract(UnfinishedMessages who, long bytes) {
    who.held -= bytes;
    total -= bytes;
    if (who.held == 0) {
      holders.remove(who);
    }
  }

  /** Gives back every byte of {@code who} (its connection ends or was refused). */
  synchronized void release(UnfinishedMessages who) {
    total -= who.held;
    who.held = 0;
    who.byChannel.clear();
    holders.remove(who);
  }
}
