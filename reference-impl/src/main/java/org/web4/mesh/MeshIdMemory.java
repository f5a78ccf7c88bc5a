package org.web4.mesh;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * [MESH-RLY-002] The {@code mesh_id}s an agent accepted at step R6 or originated: each is
 * remembered for at least 600 s by the agent's clock, unless 4,096 newer ones came since (then the
 * oldest is forgotten). Time is whatever the caller says (the injected clock). Thread-safe.
 */
public final class MeshIdMemory {
  /** Table 4.8: how long a {@code mesh_id} is remembered. */
  public static final Duration RETENTION = Duration.ofSeconds(600);

  /** Table 4.8: how many newer ids make an id forgettable. */
  public static final int CAPACITY = 4096;

  /** Id → when it was remembered, oldest first. */
  private final LinkedHashMap<String, Instant> since = new LinkedHashMap<>();

  /** Whether the id is remembered at {@code now} (step R2). */
  public synchronized boolean remembers(String meshId, Instant now) {
    purge(now);
    return since.containsKey(meshId);
  }

  /** Remembers the id from {@code now} on (step R6, MESH-ORG-003). */
  public synchronized void remember(String meshId, Instant now) {
    purge(now);
    since.remove(meshId);
    since.put(meshId, now);
    while (since.size() > CAPACITY) {
      Iterator<String> oldest = since.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
  }

  /** How many ids are remembered at {@code now} (harness {@code GET mesh}, {@code remembered}). */
  public synchronized int size(Instant now) {
    purge(now);
    return since.size();
  }

  /** Forgets every id (harness {@code reset}). */
  public synchronized void clear() {
    since.clear();
  }

  private void purge(Instant now) {
    // insertion order is time order while the clock only moves forward (the agent's clock does)
    for (Iterator<Map.Entry<String, Instant>> it = since.entrySet().iterator(); it.hasNext(); ) {
      if (!it.next().getValue().plus(RETENTION).isBefore(now)) {
        break;
      }
      it.remove(); // remembered for more than 600 s
    }
  }
}
