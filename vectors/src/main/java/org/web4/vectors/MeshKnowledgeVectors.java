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

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * {@code mesh/mesh_knowledge_test.json}: when a pending fact is accepted at a receiver in a mesh
 * (spec/mesh.md §4.7, MESH-KNW-001/002, over cip.md §4.5, CIP-KNW-001…004): proposals and reviews
 * arriving direct or relayed, from origins in every trust state, repeated, and for the receiver's
 * own proposal. The expectations come from {@link MeshKnowledgeSpec}.
 */
final class MeshKnowledgeVectors {
  static final String PATH = "mesh/mesh_knowledge_test.json";

  /** The agents: the receiver R, proposer P, reviewers A, B, C, and the relays N and M. */
  static final List<String> NAMES = List.of("R", "P", "A", "B", "C", "N", "M");

  private final VectorFile file;
  private final ObjectNode group;
  private int nextId = 70_001;

  private MeshKnowledgeVectors(VectorFile file, ObjectNode group) {
    this.file = file;
    this.group = group;
  }

  MeshKnowledgeCase kase(String comment, String flag, String... requirements) {
    return new MeshKnowledgeCase(file, group, () -> nextId++, comment, flag, List.of(requirements));
  }

  static VectorFile build() {
    VectorFile file =
        new VectorFile(
            PATH,
            "Web4-MESH-Knowledge",
            "vectors/mesh_knowledge_test.schema.json",
            List.of(
                "Knowledge consensus at one receiving agent R in a mesh (spec/mesh.md section 4.7"
                    + " over cip.md section 4.5): every test is about one fact, the msg_id of P's"
                    + " FACT_PROPOSE, or about R's own proposal.",
                "world: how R holds each other agent (trust) and reaches it (reach: neighbour,"
                    + " session (a CIP session without the mesh), far (a route through the"
                    + " neighbour via) or none (no route)); N and M are trusted neighbours that"
                    + " relay. Agents not in world are unknown.",
                "A step is an envelope from an agent arriving direct (on its session) or relayed"
                    + " (a unicast MESH_RELAY, or broadcast, with mesh_id, from the last entry of"
                    + " route), or own_propose (R sends a FACT_PROPOSE with msg_id). A repeated"
                    + " msg_id or mesh_id is the same envelope or relay again. A trust step"
                    + " changes how R holds agent (an override) and a load step whether R is"
                    + " overloaded, between envelopes; their expect has no delivery.",
                "expect: delivery (accepted; dropped: a duplicate relay, nothing sent; refused"
                    + " with error, answered by refusal: an ERROR frame, or a MESH_UNDELIVERABLE to"
                    + " the origin), fact (its status; none while R holds none), confirmedBy (the"
                    + " trusted confirmers counted, a set), answer (the FACT_CONFIRM or FACT_REJECT"
                    + " the step makes R send the proposer: direct, relayed, or none without a"
                    + " route) and proposerTrust (after the step)."));
    file.note("Accept", "Functionality", "Two distinct trusted origins accept a fact.")
        .note("NotCounted", "Functionality", "A confirmation that does not count, or is refused.")
        .note("Proposer", "Functionality", "The proposer reviewing its own fact.")
        .note("Duplicate", "Functionality", "One confirmation reaching the receiver twice.")
        .note("Dispute", "Functionality", "FACT_REJECT and FACT_CHALLENGE.")
        .note("OwnProposal", "Functionality", "Reviews of the receiver's own proposal.")
        .note("Proposal", "Functionality", "Proposals refused or rejected at once.")
        .note(
            "TrustAtArrival",
            "Functionality",
            "A confirmer's trust changes between its confirmation and the decision: read at"
                + " arrival (cip.md section 4.5).")
        .note(
            "RefusedRemembered",
            "Functionality",
            "An envelope the behaviour refused after step 10 stays remembered: REPLAY.")
        .note(
            "OutcomeOnSession",
            "Functionality",
            "A proposer with a CIP session without the mesh: the outcome goes on that session.")
        .note("Load", "Functionality", "Load is read at a proposal only.");
    ObjectNode g = file.group("MeshKnowledge");
    g.put("source", "spec/mesh.md section 4.7, cip.md section 4.5");
    g.put("receiver", "R");
    ArrayNode agents = g.putArray("agents");
    for (String n : NAMES) {
      MeshAgents.Agent a = MeshAgents.agent(n);
      agents.addObject().put("name", n).put("agent_id", a.agentId()).put("fingerprint", a.fp());
    }
    MeshKnowledgeVectors v = new MeshKnowledgeVectors(file, g);
    v.accept();
    v.notCounted();
    v.proposer();
    v.duplicates();
    MeshKnowledgeReviewCases.write(v::kase);
    MeshKnowledgeTimingCases.write(v::kase);
    return file;
  }

  private void accept() {
    String a = "Accept";
    kase("two trusted neighbours confirm a neighbour's fact directly", a, "CIP-KNW-001", KNW1)
        .peer("P", PR, NB)
        .peers(T, NB, "A", "B")
        .propose("P", D)
        .confirms(D, "A", "B")
        .write();
    kase("a far proposer's fact, two far trusted confirmers, all relayed", a, KNW1)
        .farProposal()
        .peers(T, FAR, "A", "B")
        .confirms(RL, "A", "B")
        .write();
    kase("one direct and one relayed confirmation accept; the answer is relayed", a, KNW1)
        .farProposal()
        .peer("A", T, NB)
        .peer("B", T, FAR)
        .confirm("A", D)
        .confirm("B", RL)
        .write();
    kase("a neighbour's proposal arriving relayed is answered directly", a, KNW1, "MESH-ORG-001")
        .peer("P", PR, NB)
        .peers(T, FAR, "A", "B")
        .propose("P", RL)
        .confirms(RL, "A", "B")
        .write();
    kase("a proposer without a route: accepted, nothing sent", a, KNW1, "MESH-ORG-002")
        .peer("P", PR, "none")
        .peers(T, FAR, "A", "B")
        .propose("P", RL)
        .confirms(RL, "A", "B")
        .write();
    kase("a broadcast proposal accepted by relayed confirmations", a, KNW1)
        .peer("P", PR, FAR)
        .peer("A", T, FAR)
        .peer("B", T, NB)
        .propose("P", "broadcast")
        .confirm("A", RL)
        .confirm("B", D)
        .write();
    kase("a trusted proposer stays trusted when its fact is accepted", a, KNW1, "CIP-TRU-001")
        .peers(T, FAR, "P", "A", "B")
        .propose("P", RL)
        .confirms(RL, "A", "B")
        .write();
    kase("one trusted confirmation leaves the fact pending", a, "CIP-KNW-001", KNW1)
        .farProposal()
        .peer("A", T, FAR)
        .confirm("A", RL)
        .write();
    kase(
            "a third trusted confirmation after acceptance changes nothing and sends nothing",
            a,
            "CIP-KNW-001",
            KNW1)
        .farProposal()
        .peer("A", T, FAR)
        .peer("B", T, NB)
        .peer("C", T, FAR)
        .confirm("A", RL)
        .confirm("B", D)
        .confirm("C", RL)
        .write();
    kase("the relays themselves confirm: two trusted neighbours", a, KNW1)
        .farProposal()
        .confirm("N", D)
        .confirm("M", RL)
        .write();
  }

  private void notCounted() {
    String n = "NotCounted";
    kase("a probing neighbour's confirmation does not count", n, "CIP-KNW-001", KNW1)
        .farProposal()
        .peer("A", PR, NB)
        .peers(T, FAR, "B", "C")
        .confirm("A", D)
        .confirms(RL, "B", "C")
        .write();
    kase("a probing far origin's relayed confirmation does not count", n, KNW1)
        .farProposal()
        .peer("A", PR, FAR)
        .peer("B", T, FAR)
        .confirms(RL, "A", "B")
        .write();
    kase(
            "an unknown origin's relayed confirmation is refused with a MESH_UNDELIVERABLE",
            n,
            KNW1,
            DEL2,
            "CIP-TRU-003")
        .farProposal()
        .peer("A", "untrusted", FAR)
        .peer("B", T, FAR)
        .confirms(RL, "A", "B")
        .write();
    kase(
            "an untrusted session peer's confirmation is refused with an ERROR",
            n,
            "CIP-TRU-003",
            KNW1)
        .farProposal()
        .peer("A", "untrusted", "session")
        .peer("B", T, FAR)
        .confirm("A", D)
        .confirm("B", RL)
        .write();
    kase("a blacklisted origin's relayed confirmation is refused at R5", n, "MESH-RLY-004", KNW1)
        .farProposal()
        .peer("A", "blacklisted", FAR)
        .peer("B", T, FAR)
        .confirms(RL, "A", "B")
        .write();
    kase(
            "a blacklisted session peer's confirmation is refused with an ERROR",
            n,
            "CIP-TRU-002",
            KNW1)
        .farProposal()
        .peer("A", "blacklisted", "session")
        .peer("B", T, FAR)
        .confirm("A", D)
        .confirm("B", RL)
        .write();
  }

  private void proposer() {
    String p = "Proposer";
    kase("the proposer confirming its own fact directly is refused", p, "CIP-KNW-004", KNW1)
        .peer("P", T, NB)
        .peer("A", T, FAR)
        .propose("P", D)
        .confirm("P", D)
        .confirm("A", RL)
        .write();
    kase(
            "the proposer confirming its own fact through a relay: MESH_UNDELIVERABLE",
            p,
            "CIP-KNW-004",
            DEL2,
            KNW1)
        .peers(T, FAR, "P", "A")
        .propose("P", RL)
        .confirms(RL, "P", "A")
        .write();
    kase("the proposer rejecting its own fact through a relay is refused", p, "CIP-KNW-004", DEL2)
        .peer("P", T, FAR)
        .propose("P", RL)
        .review("reject", "P", RL, F, null)
        .write();
  }

  private void duplicates() {
    String d = "Duplicate";
    kase(
            "the same relay twice (same mesh_id) is a duplicate: counted once",
            d,
            KNW2,
            "MESH-RLY-002")
        .farProposal()
        .peer("A", T, FAR)
        .confirm("A", RL)
        .again(RL, true, "N")
        .write();
    kase(
            "one confirmation relayed on two paths (two mesh_ids) is a REPLAY: counted once",
            d,
            KNW2,
            DEL2)
        .farProposal()
        .peer("A", T, FAR)
        .confirm("A", RL)
        .again(RL, false, "M")
        .write();
    kase("a confirmation relayed, then direct: the direct copy is a REPLAY", d, KNW2, "ENV-RPL-001")
        .farProposal()
        .peer("A", T, NB)
        .confirm("A", RL)
        .again(D, false, "")
        .write();
    kase("a confirmation direct, then relayed: the relayed copy is a REPLAY", d, KNW2, DEL2)
        .farProposal()
        .peer("A", T, NB)
        .confirm("A", D)
        .again(RL, false, "M")
        .write();
    kase("two confirmations of one origin (direct and relayed) count once", d, KNW2, "CIP-KNW-001")
        .farProposal()
        .peer("A", T, NB)
        .confirm("A", D)
        .confirm("A", RL)
        .write();
    kase("copies of one confirmation never accept; a second origin does", d, KNW2, KNW1)
        .farProposal()
        .peer("A", T, NB)
        .peer("B", T, FAR)
        .confirm("A", RL)
        .again(RL, true, "N")
        .again(RL, false, "M")
        .again(D, false, "")
        .confirm("B", RL)
        .write();
  }
}
