package org.web4.lip;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The agent's source rules and their history (spec/lip.md §4.6): the tier of a URI is that of the
 * matching rule with the longest path (Table 4.6a), {@code unknown} when none matches; corroborated
 * and refuted items move tiers by Tables 4.6b and 4.6c. Not thread-safe: the runtime guards it.
 */
public final class SourceRules {
  /** How a rule came to be. */
  public enum Origin {
    CONFIGURED,
    LEARNED;

    public String wire() {
      return this == CONFIGURED ? "configured" : "learned";
    }
  }

  /** A rule as the harness lists it. */
  public record Rule(
      String prefix, Tier tier, Origin origin, int corroboratedRun, int refutedRun) {}

  /** A tier change by Table 4.6c. */
  public record TierChange(String prefix, Tier from, Tier to, String cause) {}

  /** A rule whose prefix is not an http-uri without query, or duplicates another. */
  public static final class BadRule extends Exception {
    private static final long serialVersionUID = 1L;

    public BadRule(String message) {
      super(message);
    }
  }

  /** A rule's runs reaching these numbers move its tier (Table 4.6c). */
  static final int CORROBORATED_RUN = 3;

  static final int REFUTED_RUN = 2;

  /** The most rules a configuration may have (harness {@code lip/sources}). */
  public static final int MAX_RULES = 1024;

  private static final class Entry {
    final LipUri prefix;
    Tier tier;
    final Origin origin;
    int c;
    int r;

    Entry(LipUri prefix, Tier tier, Origin origin) {
      this.prefix = prefix;
      this.tier = tier;
      this.origin = origin;
    }
  }

  private final List<Entry> entries = new ArrayList<>();

  /** A prefix and tier as configured (before normalization). */
  public record Configured(String prefix, Tier tier) {}

  /** Replaces every rule (configured and learned, with their runs) [HAR-LIP-001]. */
  public void configure(List<Configured> rules) throws BadRule {
    List<Entry> fresh = validated(rules);
    entries.clear();
    entries.addAll(fresh);
  }

  /** Checks a configuration without applying it. */
  public static void check(List<Configured> rules) throws BadRule {
    validated(rules);
  }

  private static List<Entry> validated(List<Configured> rules) throws BadRule {
    if (rules.size() > MAX_RULES) {
      throw new BadRule("more than " + MAX_RULES + " rules");
    }
    List<Entry> fresh = new ArrayList<>();
    Set<LipUri> seen = new HashSet<>();
    for (Configured c : rules) {
      LipUri prefix =
          LipUri.parse(c.prefix()).orElseThrow(() -> new BadRule("not an http-uri: " + c.prefix()));
      if (prefix.query().isPresent()) {
        throw new BadRule("a prefix has no query: " + c.prefix());
      }
      if (!seen.add(prefix)) {
        throw new BadRule("two prefixes are " + prefix + " after normalization");
      }
      fresh.add(new Entry(prefix, c.tier(), Origin.CONFIGURED));
    }
    return fresh;
  }

  /** Every rule, in ascending order of prefix. */
  public List<Rule> rules() {
    return entries.stream()
        .sorted(Comparator.comparing(e -> e.prefix.toString()))
        .map(e -> new Rule(e.prefix.toString(), e.tier, e.origin, e.c, e.r))
        .toList();
  }

  /** The tier of a normalized URI (Table 4.6a) [LIP-SRC-001]. */
  public Tier tierOf(LipUri u) {
    Entry e = longest(u);
    return e == null ? Tier.UNKNOWN : e.tier;
  }

  private @Nullable Entry longest(LipUri u) {
    Entry best = null;
    for (Entry e : entries) {
      if (e.prefix.matches(u)
          && (best == null || e.prefix.path().length() > best.prefix.path().length())) {
        best = e;
      }
    }
    return best;
  }

  /** The source of {@code u}: its rule, or the learned rule of its origin, added now. */
  private Entry sourceOf(LipUri u) {
    Entry e = longest(u);
    if (e == null) {
      e = new Entry(u.origin(), Tier.UNKNOWN, Origin.LEARNED);
      entries.add(e);
    }
    return e;
  }

  /** An item from {@code u} got its second counted LIP_ACCEPT (Table 4.6b). */
  public Optional<TierChange> corroborated(LipUri u) {
    Entry e = sourceOf(u);
    e.r = 0;
    e.c++;
    if (e.c >= CORROBORATED_RUN) {
      Tier to = e.tier.afterCorroborated();
      if (to != e.tier) {
        return Optional.of(change(e, to, "corroborated"));
      }
    }
    return Optional.empty();
  }

  /** An item from {@code u} got its first counted LIP_REJECT (Table 4.6b). */
  public Optional<TierChange> refuted(LipUri u) {
    Entry e = sourceOf(u);
    e.c = 0;
    e.r++;
    if (e.r >= REFUTED_RUN) {
      Tier to = e.tier.afterRefuted();
      if (to != e.tier) {
        return Optional.of(change(e, to, "refuted"));
      }
    }
    return Optional.empty();
  }

  private static TierChange change(Entry e, Tier to, String cause) {
    TierChange t = new TierChange(e.prefix.toString(), e.tier, to, cause);
    e.tier = to;
    e.c = 0;
    e.r = 0;
    return t;
  }
}
