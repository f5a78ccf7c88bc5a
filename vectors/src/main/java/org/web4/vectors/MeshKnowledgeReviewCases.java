package org.web4.vectors;

import static org.web4.vectors.MeshKnowledgeCase.D;
import static org.web4.vectors.MeshKnowledgeCase.DEL2;
import static org.web4.vectors.MeshKnowledgeCase.F;
import static org.web4.vectors.MeshKnowledgeCase.FAR;
import static org.web4.vectors.MeshKnowledgeCase.KNW1;
import static org.web4.vectors.MeshKnowledgeCase.KNW2;
import static org.web4.vectors.MeshKnowledgeCase.NB;
import static org.web4.vectors.MeshKnowledgeCase.PR;
import static org.web4.vectors.MeshKnowledgeCase.RL;
import static org.web4.vectors.MeshKnowledgeCase.T;

/**
 * The cases of {@code mesh_knowledge_test.json} about reviews that are not confirmations and about
 * proposals: FACT_REJECT, FACT_CHALLENGE, the receiver's own proposal, proposals refused or
 * rejected at once ({@link MeshKnowledgeVectors} writes the others).
 */
final class MeshKnowledgeReviewCases {
  /** Starts a case of the file. */
  @FunctionalInterface
  interface Cases {
    MeshKnowledgeCase kase(String comment, String flag, String... requirements);
  }

  private final Cases c;

  private MeshKnowledgeReviewCases(Cases c) {
    this.c = c;
  }

  static void write(Cases c) {
    MeshKnowledgeReviewCases r = new MeshKnowledgeReviewCases(c);
    r.disputes();
    r.ownProposals();
    r.proposals();
  }

  private MeshKnowledgeCase kase(String comment, String flag, String... requirements) {
    return c.kase(comment, flag, requirements);
  }

  private void disputes() {
    String d = "Dispute";
    kase(
            "a trusted origin's relayed FACT_REJECT rejects the fact",
            d,
            "CIP-KNW-001",
            "MESH-DEL-001")
        .farProposal()
        .peer("A", T, FAR)
        .review("reject", "A", RL, F, null)
        .write();
    kase("a probing origin's FACT_REJECT changes nothing", d, "CIP-KNW-001", KNW1)
        .farProposal()
        .peer("A", PR, FAR)
        .peer("B", T, FAR)
        .peer("C", T, NB)
        .review("reject", "A", RL, F, null)
        .confirm("B", RL)
        .confirm("C", D)
        .write();
    kase("a trusted FACT_REJECT after one confirmation: rejected for good", d, "CIP-KNW-001", KNW1)
        .farProposal()
        .peer("A", T, FAR)
        .peer("B", T, NB)
        .peer("C", T, FAR)
        .confirm("A", RL)
        .review("reject", "B", D, F, null)
        .confirm("C", RL)
        .write();
    kase(
            "a trusted origin's relayed conflict challenge disputes the fact",
            d,
            "CIP-KNW-003",
            "MESH-DEL-001")
        .farProposal()
        .peer("A", T, FAR)
        .review("challenge", "A", RL, F, "conflict")
        .write();
    kase("a trusted challenge for another reason changes nothing", d, "CIP-KNW-003")
        .farProposal()
        .peer("A", T, FAR)
        .review("challenge", "A", RL, F, "insufficient_evidence")
        .write();
    kase("a probing origin's conflict challenge changes nothing", d, "CIP-KNW-003")
        .peer("P", PR, NB)
        .peer("A", PR, FAR)
        .propose("P", D)
        .review("challenge", "A", RL, F, "conflict")
        .write();
    kase("a disputed fact is never accepted", d, "CIP-KNW-001", "CIP-KNW-003", KNW1)
        .peers(T, NB, "P", "A")
        .peers(T, FAR, "B", "C")
        .propose("P", D)
        .review("challenge", "A", D, F, "conflict")
        .confirms(RL, "B", "C")
        .write();
    kase("an accepted fact stays accepted on a trusted FACT_REJECT", d, "CIP-KNW-001", KNW1)
        .farProposal()
        .peers(T, FAR, "A", "B", "C")
        .confirms(RL, "A", "B")
        .review("reject", "C", RL, F, null)
        .write();
    kase(
            "a trusted conflict challenge of an accepted fact: still accepted, the proposer's"
                + " conflict event",
            d,
            "CIP-KNW-003",
            "CIP-TRU-001")
        .farProposal()
        .peers(T, FAR, "A", "B", "C")
        .confirms(RL, "A", "B")
        .review("challenge", "C", RL, F, "conflict")
        .write();
  }

  private void ownProposals() {
    String o = "OwnProposal";
    String own = MeshKnowledgeSpec.OWN;
    kase("the outcome of the receiver's own proposal, direct, changes nothing", o, "CIP-KNW-004")
        .peer("A", T, NB)
        .ownProposal()
        .review("confirm", "A", D, own, null)
        .write();
    kase(
            "the outcome of its own proposal, relayed: accepted, no MESH_UNDELIVERABLE",
            o,
            "CIP-KNW-004",
            DEL2,
            KNW1)
        .peer("A", T, FAR)
        .ownProposal()
        .review("confirm", "A", RL, own, null)
        .write();
    kase("a relayed FACT_REJECT of its own proposal changes nothing", o, "CIP-KNW-004", DEL2)
        .peer("A", T, FAR)
        .ownProposal()
        .review("reject", "A", RL, own, null)
        .write();
    kase(
            "a relayed FACT_CHALLENGE of its own proposal names no fact it holds: refused",
            o,
            "CIP-KNW-004",
            DEL2)
        .peer("A", T, FAR)
        .ownProposal()
        .review("challenge", "A", RL, own, "conflict")
        .write();
    kase("a relayed FACT_CONFIRM naming no fact: MESH_UNDELIVERABLE", o, "CIP-KNW-004", DEL2)
        .peer("A", T, FAR)
        .review("confirm", "A", RL, MeshKnowledgeSpec.UNKNOWN, null)
        .write();
    kase("a direct FACT_CONFIRM naming no fact: ERROR", o, "CIP-KNW-004")
        .peer("A", T, NB)
        .review("confirm", "A", D, MeshKnowledgeSpec.UNKNOWN, null)
        .write();
    kase("its own outcome is not a confirmation of another fact", o, "CIP-KNW-004", KNW1)
        .peer("P", PR, FAR)
        .peers(T, FAR, "A", "B")
        .ownProposal()
        .propose("P", RL)
        .review("confirm", "A", RL, own, null)
        .confirm("B", RL)
        .write();
  }

  private void proposals() {
    String p = "Proposal";
    kase(
            "a relayed proposal without dmp_trace is rejected at once, answered through the mesh",
            p,
            "CIP-KNW-002",
            KNW1)
        .peer("P", PR, FAR)
        .peers(T, FAR, "A", "B")
        .proposeWithoutTrace("P", RL)
        .confirms(RL, "A", "B")
        .write();
    kase(
            "an unknown origin's relayed proposal is refused: no fact to confirm",
            p,
            DEL2,
            "CIP-TRU-003",
            "CIP-KNW-004")
        .peer("P", "untrusted", FAR)
        .peer("A", T, FAR)
        .propose("P", RL)
        .confirm("A", RL)
        .write();
    kase("a blacklisted origin's relayed proposal is refused at R5", p, "MESH-RLY-004")
        .peer("P", "blacklisted", FAR)
        .propose("P", RL)
        .write();
    kase("one proposal relayed on two paths creates one fact", p, KNW2, DEL2)
        .farProposal()
        .peers(T, FAR, "A", "B")
        .again(RL, false, "M")
        .confirms(RL, "A", "B")
        .write();
  }
}
