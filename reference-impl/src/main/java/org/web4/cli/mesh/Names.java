package org.web4.cli.mesh;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * Readable names for fingerprints: the {@code agent_id} an agent reports for itself, or else the
 * one a peer's session or a route names it by. A fingerprint nobody names is shown by its first
 * {@link #SHORT} hex digits.
 */
public final class Names {
  /** Hex digits of a fingerprint shown next to a name. */
  public static final int SHORT = 8;

  private final Map<String, String> byFingerprint = new HashMap<>();

  /** The names the views give: each agent's own first, then its peers' and routes'. */
  public static Names of(Collection<AgentView> views) {
    Names names = new Names();
    for (AgentView v : views) {
      names.byFingerprint.put(v.fingerprint(), v.agentId());
    }
    for (AgentView v : views) {
      for (AgentView.Session s : v.sessions()) {
        names.byFingerprint.putIfAbsent(s.peerFingerprint(), s.peerAgentId());
      }
      v.mesh()
          .ifPresent(
              m ->
                  m.routes()
                      .forEach(r -> names.byFingerprint.putIfAbsent(r.destination(), r.agentId())));
    }
    return names;
  }

  /** Adds (or replaces) a name. */
  public Names with(String fingerprint, String name) {
    byFingerprint.put(fingerprint, name);
    return this;
  }

  /** The name alone ({@code ana}), or the short fingerprint when nobody named it. */
  public String name(String fingerprint) {
    String name = byFingerprint.get(fingerprint);
    return name != null ? name : shortFingerprint(fingerprint);
  }

  /** {@code ana (1f2e3d4c)}: the name and the short fingerprint. */
  public String label(String fingerprint) {
    String name = byFingerprint.get(fingerprint);
    return name != null
        ? name + " (" + shortFingerprint(fingerprint) + ")"
        : shortFingerprint(fingerprint);
  }

  public static String shortFingerprint(String fingerprint) {
    return fingerprint.length() <= SHORT ? fingerprint : fingerprint.substring(0, SHORT);
  }
}
