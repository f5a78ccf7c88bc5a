package org.web4.cip;

import static org.web4.cip.TrustEvent.ANOMALY;
import static org.web4.cip.TrustEvent.BAD_SIGNATURE;
import static org.web4.cip.TrustEvent.CONFLICT;
import static org.web4.cip.TrustEvent.DECAY;
import static org.web4.cip.TrustEvent.HANDSHAKE;
import static org.web4.cip.TrustEvent.MALICIOUS;
import static org.web4.cip.TrustEvent.UNVERIFIABLE;
import static org.web4.cip.TrustEvent.VERIFIED;
import static org.web4.cip.TrustEvent.VOUCH;
import static org.web4.cip.TrustState.BLACKLISTED;
import static org.web4.cip.TrustState.PROBING;
import static org.web4.cip.TrustState.TRUSTED;
import static org.web4.cip.TrustState.UNTRUSTED;

import java.util.EnumMap;
import java.util.Map;

/**
 * The LTP-Peer transition table of spec/cip.md Table 4.4 with the columns {@code vouch} and {@code
 * decay} of spec/mesh.md Table 4.6, as data: a cell that is not listed leaves the state unchanged
 * [CIP-TRU-001, MESH-TRU-001]. Operator overrides bypass the table.
 */
public final class TrustFsm {
  private static final Map<TrustState, Map<TrustEvent, TrustState>> TABLE =
      new EnumMap<>(TrustState.class);

  static {
    row(UNTRUSTED, HANDSHAKE, PROBING, MALICIOUS, BLACKLISTED, VOUCH, PROBING);
    row(
        PROBING,
        VERIFIED,
        TRUSTED,
        CONFLICT,
        UNTRUSTED,
        UNVERIFIABLE,
        UNTRUSTED,
        BAD_SIGNATURE,
        UNTRUSTED,
        MALICIOUS,
        BLACKLISTED,
        DECAY,
        UNTRUSTED);
    row(
        TRUSTED,
        CONFLICT,
        PROBING,
        UNVERIFIABLE,
        PROBING,
        BAD_SIGNATURE,
        UNTRUSTED,
        MALICIOUS,
        BLACKLISTED,
        ANOMALY,
        PROBING);
    row(BLACKLISTED);
  }

  private TrustFsm() {}

  /** The state after {@code event} in {@code state}. */
  public static TrustState next(TrustState state, TrustEvent event) {
    return TABLE.getOrDefault(state, Map.of()).getOrDefault(event, state);
  }

  private static void row(TrustState from, Object... eventThenState) {
    Map<TrustEvent, TrustState> cells = new EnumMap<>(TrustEvent.class);
    for (int i = 0; i < eventThenState.length; i += 2) {
      cells.put((TrustEvent) eventThenState[i], (TrustState) eventThenState[i + 1]);
    }
    TABLE.put(from, cells);
  }
}
