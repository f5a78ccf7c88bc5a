package org.web4.lip;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.web4.lip.Acceptance.Decision;
import org.web4.lip.Acceptance.Reason;
import org.web4.lip.Acceptance.Status;
import org.web4.rtt.Deviation;

/**
 * The deferred-acceptance queue and the source rules it judges by (spec/lip.md §4.6, §4.7), as a
 * deterministic state machine: every input (an arrival, a vote, a conflict report, a configuration,
 * a change of load or clock) comes with the agent's clock and load, and returns the effects in the
 * order they happen (status changes, conflicts opened, tier changes). No I/O; not thread-safe.
 */
public final class LipQueue {

  /** What an input caused, in order. */
  public sealed interface Effect permits StatusChanged, ConflictOpened, TierChanged {}

  /**
   * An item took a status (its first included): event {@code lip.item.status}, and LIP_ACCEPT or
   * LIP_REJECT to its peer when final (Table 4.7c).
   *
   * @param corroborators for LIP_ACCEPT / LIP_REJECT: the counted voters, ascending (Table 4.7c)
   */
  public record StatusChanged(
      String item,
      @Nullable String peer,
      Status status,
      @Nullable Reason reason,
      List<String> corroborators)
      implements Effect {}

  /** A conflict was opened on an item: LIP_CONFLICT to its peer (Table 4.7c). */
  public record ConflictOpened(
      String item,
      @Nullable String peer,
      String uri,
      Tier tier,
      String retrievedAt,
      String reporter,
      List<String> claims,
      String severity)
      implements Effect {}

  /** A source's tier changed by Table 4.6c: event {@code lip.source.tier_changed}. */
  public record TierChanged(SourceRules.TierChange change) implements Effect {}

  /** A vote that Table 4.1 row 5 refuses [LIP-QUE-008]. */
  public static final class VoteRefused extends Exception {
    private static final long serialVersionUID = 1L;

    public VoteRefused(String message) {
      super(message);
    }
  }

  /** One conflict on an item (§4.7.3). */
  public static final class Conflict {
    private final String with;
    private final List<String> claims;
    private boolean open = true;

    Conflict(String with, List<String> claims) {
      this.with = with;
      this.claims = List.copyOf(claims);
    }

    public String with() {
      return with;
    }

    public List<String> claims() {
      return claims;
    }

    public boolean open() {
      return open;
    }
  }

  /** One item (§4.7.1). */
  public static final class Item {
    private final String id;
    private final @Nullable String asker;
    private final @Nullable String originator;
    private final LipUri uri;
    private final String retrievedAt;
    private final Instant retrieved;
    private final Instant arrivedAt;
    private final List<String> claims;
    private final boolean evidenceEmpty;
    private @Nullable Status status;
    private @Nullable Reason reason;
    private final TreeSet<String> accepts = new TreeSet<>();
    private final TreeSet<String> rejects = new TreeSet<>();
    private final List<Conflict> conflicts = new ArrayList<>();
    private boolean corroboratedCounted;
    private boolean refutedCounted;
    private boolean inMemory;

    Item(Arrival a, Instant arrivedAt) {
      this.id = a.id();
      this.asker = a.asker();
      this.originator = a.originator();
      this.uri = a.uri();
      this.retrievedAt = a.retrievedAt();
      this.retrieved = a.retrieved();
      this.arrivedAt = arrivedAt;
      this.claims = List.copyOf(a.claims());
      this.evidenceEmpty = a.evidenceEmpty();
    }

    public String id() {
      return id;
    }

    public Optional<String> asker() {
      return Optional.ofNullable(asker);
    }

    public Optional<String> originator() {
      return Optional.ofNullable(originator);
    }

    /** The peer told about this item: its asker or originator. */
    public @Nullable String peer() {
      return asker != null ? asker : originator;
    }

    public LipUri uri() {
      return uri;
    }

    public String retrievedAt() {
      return retrievedAt;
    }

    public Instant arrivedAt() {
      return arrivedAt;
    }

    public List<String> claims() {
      return claims;
    }

    public Status status() {
      return status == null ? Status.PENDING : status;
    }

    public Optional<Reason> reason() {
      return Optional.ofNullable(reason);
    }

    public List<String> corroborators() {
      return List.copyOf(accepts);
    }

    public List<String> rejectedBy() {
      return List.copyOf(rejects);
    }

    public List<Conflict> conflicts() {
      return List.copyOf(conflicts);
    }

    public boolean inMemory() {
      return inMemory;
    }

    int openConflicts() {
      return (int) conflicts.stream().filter(Conflict::open).count();
    }

    boolean undecided() {
      return status == Status.PENDING || status == Status.DISPUTED;
    }
  }

  /**
   * A LIP_EVIDENCE to hold: the agent's own reply to a fetch (asker set) or a peer's (originator
   * set).
   */
  public record Arrival(
      String id,
      @Nullable String asker,
      @Nullable String originator,
      LipUri uri,
      String retrievedAt,
      Instant retrieved,
      List<String> claims,
      boolean evidenceEmpty) {}

  /** Items held at most: beyond this the oldest final item is forgotten. */
  static final int MAX_ITEMS = 100_000;

  private final SourceRules rules = new SourceRules();
  private final Map<String, Item> items = new LinkedHashMap<>();

  /** Deviation.LIP_ONE_CORROBORATOR (testing the kit only): breaks LIP-QUE-004. */
  private final boolean oneCorroborator;

  /** Deviation.LIP_IGNORE_TIERS (testing the kit only): breaks LIP-QUE-003. */
  private final boolean ignoreTiers;

  /** Deviation.LIP_IGNORE_EXPIRY (testing the kit only): breaks LIP-QUE-007. */
  private final boolean ignoreExpiry;

  /** Deviation.LIP_EXPIRY_ONE_SECOND_EARLY (testing the kit only): breaks LIP-QUE-007. */
  private final boolean expiryOneSecondEarly;

  public LipQueue() {
    this(Set.of());
  }

  /**
   * With deliberate deviations from spec/lip.md (for testing the kit only, see {@link Deviation}).
   */
  public LipQueue(Set<Deviation> deviations) {
    this.oneCorroborator = deviations.contains(Deviation.LIP_ONE_CORROBORATOR);
    this.ignoreTiers = deviations.contains(Deviation.LIP_IGNORE_TIERS);
    this.ignoreExpiry = deviations.contains(Deviation.LIP_IGNORE_EXPIRY);
    this.expiryOneSecondEarly = deviations.contains(Deviation.LIP_EXPIRY_ONE_SECOND_EARLY);
  }

  public SourceRules rules() {
    return rules;
  }

  /** Every item since the last reset, in order of arrival. */
  public List<Item> items() {
    return List.copyOf(items.values());
  }

  public Optional<Item> item(String id) {
    return Optional.ofNullable(items.get(id));
  }

  /** Forgets every item and sets the rules (the harness {@code reset}). */
  public void reset(List<SourceRules.Configured> startRules) throws SourceRules.BadRule {
    items.clear();
    rules.configure(startRules);
  }

  /** A LIP_EVIDENCE becomes an item and is judged on arrival [LIP-QUE-001, LIP-QUE-002]. */
  public List<Effect> arrive(Arrival a, Instant now, boolean overloaded) {
    List<Effect> out = new ArrayList<>();
    if (items.containsKey(a.id())) {
      return out;
    }
    int undecided = (int) items.values().stream().filter(Item::undecided).count();
    Item item = new Item(a, now);
    forgetOldest();
    items.put(item.id, item);
    judge(item, now, overloaded, undecided, out);
    return out;
  }

  private void forgetOldest() {
    if (items.size() < MAX_ITEMS) {
      return;
    }
    for (Map.Entry<String, Item> e : items.entrySet()) {
      if (e.getValue().status().isFinal()) {
        items.remove(e.getKey());
        return;
      }
    }
  }

  /**
   * A LIP_ACCEPT ({@code accept}) or LIP_REJECT naming {@code itemId} from {@code voter}; {@code
   * trusted}: the agent holds the voter {@code trusted} now. Refused only when no such item is
   * held.
   */
  public List<Effect> vote(
      String itemId, String voter, boolean accept, boolean trusted, Instant now, boolean overloaded)
      throws VoteRefused {
    Item item = items.get(itemId);
    if (item == null) {
      throw new VoteRefused("evidence_ref names no item: " + itemId);
    }
    // the originator's own decision (Table 4.7c) is neither refused nor counted [LIP-QUE-008]
    boolean counts = trusted && !voter.equals(item.originator);
    List<Effect> out = new ArrayList<>();
    boolean corroborated = false;
    boolean refuted = false;
    if (accept) {
      for (Conflict c : item.conflicts) {
        if (c.with.equals(voter)) {
          c.open = false; // the reporter resolves its conflict [LIP-CON-003]
        }
      }
      if (counts && item.accepts.add(voter) && item.accepts.size() == 2) {
        corroborated = !item.corroboratedCounted;
        item.corroboratedCounted = true;
      }
    } else if (counts && item.rejects.add(voter) && item.rejects.size() == 1) {
      refuted = !item.refutedCounted;
      item.refutedCounted = true;
    }
    judge(item, now, overloaded, 0, out);
    Optional<SourceRules.TierChange> change = Optional.empty();
    if (corroborated) {
      change = rules.corroborated(item.uri);
    } else if (refuted) {
      change = rules.refuted(item.uri);
    }
    if (change.isPresent()) {
      out.add(new TierChanged(change.get()));
      rejudgeAll(now, overloaded, out); // [LIP-SRC-003]
    }
    return out;
  }

  /**
   * A LIP_CONFLICT from {@code reporter}: opens a conflict on every pending or disputed item from
   * the same normalized URI naming one of its claims, when the reporter is trusted [LIP-CON-001].
   */
  public List<Effect> report(
      String reporter,
      boolean trusted,
      LipUri uri,
      List<String> conflicts,
      String severity,
      Instant now,
      boolean overloaded) {
    List<Effect> out = new ArrayList<>();
    if (!trusted) {
      return out;
    }
    for (Item item : items.values()) {
      if (!item.undecided() || !item.uri.equals(uri)) {
        continue;
      }
      if (item.conflicts.stream().anyMatch(c -> c.open && c.with.equals(reporter))) {
        continue; // one open conflict per reporter and item
      }
      List<String> named = conflicts.stream().filter(item.claims::contains).toList();
      if (named.isEmpty()) {
        continue;
      }
      item.conflicts.add(new Conflict(reporter, named));
      out.add(
          new ConflictOpened(
              item.id,
              item.peer(),
              item.uri.toString(),
              rules.tierOf(item.uri),
              item.retrievedAt,
              reporter,
              named,
              severity));
      judge(item, now, overloaded, 0, out);
    }
    return out;
  }

  /** The load or the clock changed: every undecided item is judged again [LIP-QUE-005, -007]. */
  public List<Effect> rejudge(Instant now, boolean overloaded) {
    List<Effect> out = new ArrayList<>();
    rejudgeAll(now, overloaded, out);
    return out;
  }

  /** The operator replaced the rules [HAR-LIP-001, LIP-SRC-003]. */
  public List<Effect> configure(
      List<SourceRules.Configured> configured, Instant now, boolean overloaded)
      throws SourceRules.BadRule {
    rules.configure(configured);
    return rejudge(now, overloaded);
  }

  private void rejudgeAll(Instant now, boolean overloaded, List<Effect> out) {
    for (Item item : items.values()) {
      if (item.undecided()) {
        judge(item, now, overloaded, 0, out);
      }
    }
  }

  private void judge(Item item, Instant now, boolean overloaded, int undecided, List<Effect> out) {
    if (item.status != null && item.status.isFinal()) {
      return; // [LIP-QUE-001] accepted and rejected are final
    }
    boolean onArrival = item.status == null;
    Decision d =
        Acceptance.judge(
            misread(
                new Acceptance.Inputs(
                    rules.tierOf(item.uri),
                    onArrival,
                    item.evidenceEmpty,
                    Duration.between(now, item.retrieved).toMillis(),
                    undecided,
                    item.rejects.size(),
                    Duration.between(item.arrivedAt, now).toMillis(),
                    item.openConflicts(),
                    overloaded,
                    item.accepts.size())));
    if (d.status() == item.status && d.reason() == item.reason) {
      return;
    }
    item.status = d.status();
    item.reason = d.reason();
    List<String> corroborators =
        switch (d.status()) {
          case ACCEPTED -> d.reason() == Reason.CORROBORATED ? item.corroborators() : List.of();
          case REJECTED -> d.reason() == Reason.PEER_REJECTION ? item.rejectedBy() : List.of();
          default -> List.of();
        };
    if (d.status() == Status.ACCEPTED) {
      item.inMemory = true; // handed to memory by the runtime [LIP-QUE-009]
    }
    out.add(new StatusChanged(item.id, item.peer(), d.status(), d.reason(), corroborators));
  }

  /** The inputs of Table 4.7a as the deviations misread them; unchanged when none is on. */
  private Acceptance.Inputs misread(Acceptance.Inputs in) {
    return new Acceptance.Inputs(
        ignoreTiers && in.tier().acceptsOnItsOwn() ? Tier.UNKNOWN : in.tier(), // never row 9
        in.onArrival(),
        in.evidenceEmpty(),
        in.retrievalAheadMillis(),
        in.undecided(),
        in.countedRejects(),
        ignoreExpiry ? 0 : expiryOneSecondEarly ? in.ageMillis() + 1000 : in.ageMillis(),
        in.openConflicts(),
        in.overloaded(),
        oneCorroborator ? 2 * in.countedAccepts() : in.countedAccepts()); // row 10 at one
  }
}
