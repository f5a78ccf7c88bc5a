package org.web4.vectors;

import static org.web4.vectors.MeshKnowledgeCase.D;
import static org.web4.vectors.MeshKnowledgeCase.DEL2;
import static org.web4.vectors.MeshKnowledgeCase.FAR;
import static org.web4.vectors.MeshKnowledgeCase.KNW1;
import static org.web4.vectors.MeshKnowledgeCase.NB;
import static org.web4.vectors.MeshKnowledgeCase.PR;
import static org.web4.vectors.MeshKnowledgeCase.RL;
import static org.web4.vectors.MeshKnowledgeCase.T;

/**
 * The cases of {@code mesh_knowledge_test.json} that ADR 1009 decided: when trust and load are read
 * (cip.md §4.5, at each envelope's arrival), that an envelope the behaviour refused stays
 * remembered for REPLAY (ENV-RPL-001), and where the outcome goes for a proposer with a CIP session
 * that did not announce the mesh (on that session).
 */
final class MeshKnowledgeTimingCases {
  private static final String RPL = "ENV-RPL-001";
  private static final String SESSION = "session";

  private final MeshKnowledgeReviewCases.Cases c;

  private MeshKnowledgeTimingCases(MeshKnowledgeReviewCases.Cases c) {
    this.c = c;
  }

  static void write(MeshKnowledgeReviewCases.Cases c) {
    MeshKnowledgeTimingCases t = new MeshKnowledgeTimingCases(c);
    t.trustAtArrival();
    t.refusedRemembered();
    t.outcomeOnSession();
    t.load();
  }

  private void trustAtArrival() {
    String f = "TrustAtArrival";
    c.kase(
            "a probing confirmer made trusted later: its earlier confirmation still does not count",
            f,
            "CIP-KNW-001",
            KNW1)
        .farProposal()
        .peer("A", PR, NB)
        .peer("B", T, FAR)
        .confirm("A", D)
        .trust("A", T)
        .confirm("B", RL)
        .write();
    c.kase(
            "a confirmer made trusted confirms again with a new envelope: that one counts",
            f,
            "CIP-KNW-001",
            KNW1)
        .farProposal()
        .peer("A", PR, FAR)
        .peer("B", T, FAR)
        .confirm("A", RL)
        .trust("A", T)
        .confirms(RL, "A", "B")
        .write();
    c.kase(
            "a counted confirmer demoted to probing still counts: the next trusted one accepts",
            f,
            "CIP-KNW-001",
            KNW1)
        .farProposal()
        .peers(T, FAR, "A", "B")
        .confirm("A", RL)
        .trust("A", PR)
        .confirm("B", RL)
        .write();
    c.kase(
            "a counted confirmer blacklisted later still counts; a trust change decides nothing",
            f,
            "CIP-KNW-001",
            KNW1)
        .farProposal()
        .peer("A", T, NB)
        .peer("B", T, FAR)
        .confirm("A", D)
        .trust("A", "blacklisted")
        .trust("B", PR)
        .trust("B", T)
        .confirm("B", RL)
        .write();
  }

  private void refusedRemembered() {
    String r = "RefusedRemembered";
    c.kase(
            "an untrusted peer's refused confirmation is remembered: the same envelope again is"
                + " REPLAY",
            r,
            RPL,
            "CIP-TRU-003",
            "CIP-KNW-001")
        .farProposal()
        .peer("A", "untrusted", SESSION)
        .peer("B", T, FAR)
        .confirm("A", D)
        .trust("A", T)
        .again(D, false, "")
        .confirms(RL, "B", "A")
        .write();
    c.kase(
            "an unknown origin's refused relayed confirmation, relayed again once trusted: REPLAY",
            r,
            RPL,
            DEL2,
            KNW1)
        .farProposal()
        .peer("A", "untrusted", FAR)
        .confirm("A", RL)
        .trust("A", T)
        .again(RL, false, "M")
        .write();
    c.kase(
            "a confirmation before its proposal names no fact: refused, and REPLAY once the fact"
                + " exists",
            r,
            RPL,
            "CIP-KNW-004",
            DEL2)
        .peer("A", T, FAR)
        .peer("P", PR, FAR)
        .confirm("A", RL)
        .propose("P", RL)
        .again(0, RL, false, "M")
        .write();
    c.kase(
            "the proposer's refused self-confirmation, relayed again: REPLAY",
            r,
            RPL,
            "CIP-KNW-004",
            DEL2)
        .peer("P", T, FAR)
        .propose("P", RL)
        .confirm("P", RL)
        .again(RL, false, "M")
        .write();
  }

  private void outcomeOnSession() {
    String o = "OutcomeOnSession";
    c.kase(
            "a proposer with a CIP session without the mesh: the outcome goes on that session",
            o,
            "CIP-KNW-001",
            KNW1)
        .peer("P", PR, SESSION)
        .peers(T, FAR, "A", "B")
        .propose("P", D)
        .confirms(RL, "A", "B")
        .write();
    c.kase(
            "its proposal relayed: the outcome still goes on its CIP session, not through the mesh",
            o,
            KNW1,
            "MESH-DEL-001")
        .peer("P", PR, SESSION)
        .peer("A", T, NB)
        .peer("B", T, FAR)
        .propose("P", RL)
        .confirm("A", D)
        .confirm("B", RL)
        .write();
    c.kase(
            "its relayed proposal without dmp_trace: the FACT_REJECT goes on its CIP session",
            o,
            "CIP-KNW-002",
            "MESH-DEL-001")
        .peer("P", PR, SESSION)
        .proposeWithoutTrace("P", RL)
        .write();
    c.kase(
            "a trusted conflict challenge of its proposal: the FACT_REJECT goes on its session",
            o,
            "CIP-KNW-003")
        .peer("P", T, SESSION)
        .peer("A", T, FAR)
        .propose("P", D)
        .review("challenge", "A", RL, MeshKnowledgeSpec.FACT, "conflict")
        .write();
  }

  private void load() {
    String l = "Load";
    c.kase(
            "a proposal while overloaded is rejected at once; later confirmations change nothing",
            l,
            "CIP-KNW-002")
        .peers(T, FAR, "A", "B")
        .load(true)
        .farProposal()
        .load(false)
        .confirms(RL, "A", "B")
        .write();
    c.kase(
            "load is read at the proposal only: an overloaded receiver still accepts a pending"
                + " fact",
            l,
            "CIP-KNW-001",
            "CIP-KNW-002",
            KNW1)
        .farProposal()
        .peers(T, FAR, "A", "B")
        .load(true)
        .confirms(RL, "A", "B")
        .write();
    c.kase("a proposal after the load ended is pending", l, "CIP-KNW-002")
        .load(true)
        .load(false)
        .farProposal()
        .write();
  }
}
