package org.web4.crypto;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The most recently used public keys, by their base64 text, so that a receiver decodes a sender's
 * key — and builds its multiples for verification — once, not once per envelope (ADR 1101). Bounded
 * (least recently used first out); {@link AgentPublicKey} is immutable, so one instance may serve
 * every thread. Thread-safe.
 */
final class RecentKeys {
  private final Map<String, AgentPublicKey> keys;

  RecentKeys(int capacity) {
    this.keys =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, AgentPublicKey> eldest) {
            return size() > capacity;
          }
        };
  }

  /** The key for {@code text}, decoded by {@code decode} if it is not among the recent ones. */
  AgentPublicKey get(String text, Function<String, AgentPublicKey> decode) {
    @Nullable AgentPublicKey known;
    synchronized (keys) {
      known = keys.get(text);
    }
    if (known != null) {
      return known;
    }
    AgentPublicKey decoded = decode.apply(text); // outside the lock: it may throw, and takes time
    synchronized (keys) {
      keys.put(text, decoded);
    }
    return decoded;
  }
}
