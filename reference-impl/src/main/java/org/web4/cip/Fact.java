package org.web4.cip;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One proposed fact and what the agent decided about it (spec/cip.md §4.5). Guarded by Knowledge.
 */
public final class Fact {
  /** Where a fact is (spec/cip.md §4.5). */
  public enum Status {
    PENDING,
    ACCEPTED,
    REJECTED,
    DISPUTED;

    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  final String id;
  final String proposer;
  final ObjectNode proposal;
  Status status = Status.PENDING;
  String reason = "";
  final Set<String> confirmedBy = new LinkedHashSet<>();

  Fact(String id, String proposer, ObjectNode proposal) {
    this.id = id;
    this.proposer = proposer;
    this.proposal = proposal;
  }

  public String id() {
    return id;
  }

  public String proposer() {
    return proposer;
  }

  public Status status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  public Set<String> confirmedBy() {
    return Set.copyOf(confirmedBy);
  }

  /** The proposal's payload (fact, dmp_trace, causal_links): the provenance kept with it. */
  public ObjectNode proposal() {
    return proposal.deepCopy();
  }
}
