package org.web4.cip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one FACT_PROPOSE, FACT_CONFIRM, FACT_REJECT or FACT_CHALLENGE does at its receiver
 * (spec/cip.md §4.5), whoever it came from: a session's peer or a relayed envelope's origin
 * (spec/mesh.md §4.4, §4.7): the fact's status, the trust events of the proposer (cip.md Table 4.4:
 * {@code verified}, {@code conflict}, the run of {@code unverifiable}) and the outcome to send the
 * proposer. The trust gates (CIP-TRU-002, CIP-TRU-003) and the replay step have run before; sending
 * is the caller's. Thread-safe.
 */
public final class Consensus {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** How many of its own proposals' msg_ids the agent remembers (CIP-KNW-004, their outcomes). */
  static final int OWN_PROPOSALS = 10_000;

  /** What a review or proposal did. */
  public sealed interface Verdict permits Refused, Unchanged, Decided {}

  /** Refused with {@code TRUST_VIOLATION} [CIP-KNW-004]. */
  public record Refused(String why) implements Verdict {}

  /** Accepted; no fact changed status (it may have counted a confirmation). */
  public record Unchanged() implements Verdict {}

  /** A fact's status became final: {@code answerType} with {@code answer} goes to the proposer. */
  public record Decided(Knowledge.Outcome outcome, String answerType, ObjectNode answer)
      implements Verdict {}

  /** Hears of every decided fact before the trust events it causes (events.md: cause first). */
  @FunctionalInterface
  public interface DecisionListener {
    void decided(Knowledge.Outcome outcome);
  }

  private final Knowledge knowledge;
  private final TrustBook trust;
  private final DecisionListener listener;

  /** The msg_ids of the FACT_PROPOSEs this agent sent, the oldest first. */
  private final Set<String> ownProposals =
      Collections.synchronizedSet(
          Collections.newSetFromMap(
              new LinkedHashMap<String, Boolean>() {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > OWN_PROPOSALS;
                }
              }));

  public Consensus(Knowledge knowledge, TrustBook trust, DecisionListener listener) {
    this.knowledge = knowledge;
    this.trust = trust;
    this.listener = listener;
  }

  /** Remembers a FACT_PROPOSE this agent sent, so that its outcome is accepted [CIP-KNW-004]. */
  public void proposed(String msgId) {
    ownProposals.add(msgId);
  }

  /** Forgets the agent's own proposals (the harness reset; {@link Knowledge#reset} the facts). */
  public void reset() {
    ownProposals.clear();
  }

  /** A FACT_PROPOSE from {@code proposer} [CIP-KNW-002]. */
  public Verdict propose(String msgId, String proposer, ObjectNode payload, boolean overloaded) {
    return decided(knowledge.propose(msgId, proposer, payload, overloaded));
  }

  /** A FACT_CONFIRM, FACT_REJECT or FACT_CHALLENGE from {@code reviewer}. */
  public Verdict review(String type, JsonNode payload, String reviewer) {
    String factRef = payload.path("fact_ref").asText();
    if (!type.equals("FACT_CHALLENGE") && ownProposals.contains(factRef)) {
      return new Unchanged(); // [CIP-KNW-004] the outcome of its own proposal
    }
    boolean trusted = trust.stateOf(reviewer) == TrustState.TRUSTED;
    try {
      return switch (type) {
        case "FACT_CONFIRM" ->
            decided(
                knowledge.confirm(
                    factRef, reviewer, trusted, r -> trust.stateOf(r) == TrustState.TRUSTED));
        case "FACT_REJECT" -> decided(knowledge.reject(factRef, reviewer, trusted));
        default -> challenged(factRef, reviewer, payload.path("reason").asText(), trusted);
      };
    } catch (Knowledge.ReviewRefused ex) {
      return new Refused(String.valueOf(ex.getMessage())); // [CIP-KNW-004]
    }
  }

  private Verdict challenged(String factRef, String reviewer, String reason, boolean trusted)
      throws Knowledge.ReviewRefused {
    Optional<Knowledge.Outcome> disputed = knowledge.challenge(factRef, reviewer, reason, trusted);
    if (disputed.isEmpty() && trusted && reason.equals("conflict")) {
      // cip.md Table 4.4: a trusted peer's conflict challenge of a fact the proposer proposed is
      // the event `conflict`, whatever the fact's status (only a pending one becomes disputed)
      knowledge.proposerOf(factRef).ifPresent(p -> trust.apply(p, TrustEvent.CONFLICT));
    }
    return decided(disputed);
  }

  /** The proposer's trust event and the outcome to tell it (spec/cip.md §4.4, §4.5). */
  private Verdict decided(Optional<Knowledge.Outcome> decided) {
    if (decided.isEmpty()) {
      return new Unchanged();
    }
    Knowledge.Outcome o = decided.get();
    listener.decided(o); // [EVT-CIP-003] reported before the trust change it causes
    switch (o.status()) {
      case ACCEPTED -> trust.factAccepted(o.proposer());
      case REJECTED -> {
        if (o.againstProposer()) {
          trust.factRejected(o.proposer());
        }
      }
      case DISPUTED -> trust.apply(o.proposer(), TrustEvent.CONFLICT);
      case PENDING -> {}
    }
    ObjectNode answer = NODES.objectNode();
    answer.put("fact_ref", o.factId());
    boolean accepted = o.status() == Fact.Status.ACCEPTED;
    answer.put("decision", accepted ? "confirm" : "reject");
    answer.put("confidence", accepted ? 1 : 0);
    answer.put("notes", o.status().wire() + ": " + o.reason());
    return new Decided(o, accepted ? "FACT_CONFIRM" : "FACT_REJECT", answer);
  }
}
