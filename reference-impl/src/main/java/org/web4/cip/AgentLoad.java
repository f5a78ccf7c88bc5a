package org.web4.cip;

/**
 * The agent's own presence and load index (spec/cip.md Table 2.2), set by the operator or the
 * harness ({@code state/local}); overloaded means presence {@code overloaded} or a load index of 80
 * or more (§4.3). Thread-safe.
 */
public final class AgentLoad {
  /** From this load index on, an agent is overloaded (spec/cip.md §4.3). */
  public static final int OVERLOAD_LRI = 80;

  public static final String DEFAULT_PRESENCE = "focused";
  public static final int DEFAULT_LRI = 20;

  private String presence = DEFAULT_PRESENCE;
  private int lri = DEFAULT_LRI;

  public synchronized void set(String presence, int lri) {
    if (lri < 0 || lri > 100) {
      throw new IllegalArgumentException("lri is 0 to 100: " + lri);
    }
    this.presence = presence;
    this.lri = lri;
  }

  public synchronized String presence() {
    return presence;
  }

  public synchronized int lri() {
    return lri;
  }

  public synchronized boolean overloaded() {
    return presence.equals("overloaded") || lri >= OVERLOAD_LRI;
  }

  public synchronized void reset() {
    presence = DEFAULT_PRESENCE;
    lri = DEFAULT_LRI;
  }
}
