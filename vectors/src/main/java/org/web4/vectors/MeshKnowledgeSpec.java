package org.web4.vectors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * One receiving agent's knowledge in a mesh, as the spec describes it: a transcription of
 * spec/cip.md §4.5 (with the trust events of Table 4.4 that a decision causes), of the relay steps
 * that can decide a relayed review before delivery (spec/mesh.md Table 4.3a: R2, R5), of delivery
 * (§4.4: step 10, the trust gates CIP-TRU-002/003, refusals as MESH_UNDELIVERABLE) and of where the
 * outcome goes (§4.2, MESH-KNW-001). The expectations of {@code mesh_knowledge_test.json} come from
 * here, never from an implementation.
 */
final class MeshKnowledgeSpec {
  /** The fact every case is about: the msg label of the proposal under review. */
  static final String FACT = "F";

  /** A FACT_PROPOSE the receiver itself sent (CIP-KNW-004, amended in 0.5.0). */
  static final String OWN = "O";

  /** A fact_ref the receiver has never seen. */
  static final String UNKNOWN = "X";

  /**
   * Another agent as the receiver holds it: its trust state and how the receiver reaches it: a
   * {@code neighbour}, a CIP {@code session} without the mesh, {@code far} (a route through a
   * neighbour) or {@code none} (no route).
   */
  record Peer(String name, String trust, String reach) {}

  /**
   * One envelope arriving, the receiver proposing a fact of its own ({@code own_propose}), or a
   * change of the receiver's state between envelopes: its trust in {@code from} becomes {@code
   * setting} ({@code trust}, an override: harness {@code trust/override}) or its load becomes
   * overloaded when {@code setting} is {@code true} ({@code load}, cip.md §4.3).
   *
   * @param type {@code propose}, {@code confirm}, {@code reject}, {@code challenge}, {@code
   *     own_propose}, {@code trust} or {@code load}
   * @param arrives {@code direct}, {@code relayed} (unicast MESH_RELAY) or {@code broadcast}
   * @param msg the label of the envelope's msg_id (a repeat names an earlier label)
   * @param mesh the label of the MESH_RELAY's mesh_id (null when direct)
   * @param via the neighbour the MESH_RELAY arrives from
   */
  record Step(
      String type,
      String from,
      String arrives,
      String msg,
      @Nullable String mesh,
      String via,
      String factRef,
      @Nullable String reason,
      boolean trace,
      @Nullable String setting) {
    boolean relayed() {
      return !arrives.equals("direct");
    }

    /** Whether the step is an envelope arriving (not R's own proposal or a change of its state). */
    boolean envelope() {
      return !type.equals("own_propose") && !type.equals("trust") && !type.equals("load");
    }
  }

  /**
   * What a step did. {@code delivery} (null for {@code trust} and {@code load}): {@code accepted},
   * {@code dropped} (R2, nothing sent) or {@code refused} with {@code error}, answered by an ERROR
   * frame ({@code refusal} {@code error}: to the sender on its session, or to the relay that sent
   * the MESH_RELAY) or a MESH_UNDELIVERABLE to the origin ({@code undeliverable}). Then the fact's
   * status ({@code none} while the receiver holds no fact {@link #FACT}), the trusted confirmers
   * counted, the outcome sent to the proposer because of this step ({@code answerType} null when
   * none; {@code answerPath} {@code direct}, {@code relayed} or {@code none} for a proposer without
   * a route) and the proposer's trust state (null before a proposal).
   */
  record Outcome(
      @Nullable String delivery,
      @Nullable String error,
      @Nullable String refusal,
      String fact,
      List<String> confirmedBy,
      @Nullable String answerType,
      @Nullable String answerPath,
      @Nullable String proposerTrust) {}

  private final Map<String, Peer> peers = new LinkedHashMap<>();
  private final Map<String, String> trust = new LinkedHashMap<>();
  private final Set<String> meshIds = new HashSet<>();
  private final Set<String> accepted = new HashSet<>();
  private final Set<String> own = new HashSet<>();
  private final Set<String> confirmers = new TreeSet<>();
  private String fact = "none";
  private @Nullable String proposer;
  private int rejectedRun;
  private boolean overloaded;

  MeshKnowledgeSpec(List<Peer> world) {
    world.forEach(
        p -> {
          peers.put(p.name(), p);
          trust.put(p.name(), p.trust());
        });
  }

  Outcome apply(Step s) {
    if (s.type().equals("trust")) {
      // cip.md §4.5 "When trust and load are read": nothing counted or decided changes
      trust.put(s.from(), String.valueOf(s.setting()));
      return outcome(null, null, null, null);
    }
    if (s.type().equals("load")) {
      overloaded = Boolean.parseBoolean(s.setting()); // read at a proposal only
      return outcome(null, null, null, null);
    }
    if (s.type().equals("own_propose")) {
      own.add(s.msg());
      return outcome("accepted", null, null, null);
    }
    if (s.relayed()) {
      if (meshIds.contains(s.mesh())) {
        return outcome("dropped", null, null, null); // R2: a duplicate [MESH-RLY-002]
      }
      if (trustOf(s.from()).equals("blacklisted")) {
        return outcome("refused", "TRUST_VIOLATION", "error", null); // R5 [MESH-RLY-004]
      }
      meshIds.add(s.mesh()); // R6
    }
    String refusal = s.relayed() ? "undeliverable" : "error"; // [MESH-DEL-002]
    if (!accepted.add(s.msg())) {
      return outcome("refused", "REPLAY", refusal, null); // step 10 [ENV-RPL-001]
    }
    String state = trustOf(s.from());
    if (state.equals("blacklisted") || state.equals("untrusted")) {
      return outcome("refused", "TRUST_VIOLATION", refusal, null); // [CIP-TRU-002, CIP-TRU-003]
    }
    if (s.type().equals("propose")) {
      fact = "pending";
      proposer = s.from();
      if (!s.trace()) {
        return decide("rejected", true); // [CIP-KNW-002]
      }
      if (overloaded) {
        return decide("rejected", false); // [CIP-KNW-002] not the proposer's fault
      }
      return outcome("accepted", null, null, null);
    }
    if (!s.type().equals("challenge") && own.contains(s.factRef())) {
      return outcome("accepted", null, null, null); // [CIP-KNW-004] the outcome of its own
    }
    if (!s.factRef().equals(FACT) || fact.equals("none") || s.from().equals(proposer)) {
      return outcome("refused", "TRUST_VIOLATION", refusal, null); // [CIP-KNW-004]
    }
    boolean trusted = state.equals("trusted");
    boolean pending = fact.equals("pending");
    switch (s.type()) {
      case "confirm" -> {
        if (pending && trusted) {
          confirmers.add(s.from());
          if (confirmers.size() == 2) {
            return decide("accepted", false); // [CIP-KNW-001, MESH-KNW-001]
          }
        }
      }
      case "reject" -> {
        if (pending && trusted) {
          return decide("rejected", true); // cip.md §4.5: a trusted FACT_REJECT
        }
      }
      default -> {
        if (trusted && "conflict".equals(s.reason())) {
          if (pending) {
            return decide("disputed", false); // [CIP-KNW-003]
          }
          event("conflict"); // cip.md Table 4.4: whatever the fact's status
        }
      }
    }
    return outcome("accepted", null, null, null);
  }

  /** A fact's status becomes final: the proposer's trust event, then the outcome (§4.4, §4.5). */
  private Outcome decide(String status, boolean ownFault) {
    fact = status;
    switch (status) {
      case "accepted" -> {
        rejectedRun = 0;
        event("verified");
      }
      case "disputed" -> event("conflict");
      default -> {
        // rejected for its own fault (no dmp_trace, a trusted FACT_REJECT): the third in a row
        // is `unverifiable`; an overloaded receiver's rejection does not count
        if (ownFault && ++rejectedRun == 3) {
          rejectedRun = 0;
          event("unverifiable");
        }
      }
    }
    String type = status.equals("accepted") ? "FACT_CONFIRM" : "FACT_REJECT";
    return outcome("accepted", null, null, type);
  }

  private String trustOf(String name) {
    return trust.getOrDefault(name, "untrusted");
  }

  private void event(String event) {
    String p = proposer;
    if (p == null) {
      return;
    }
    String state = trustOf(p);
    String cell =
        CipVectors.TABLE.getOrDefault(state, List.of()).get(CipVectors.EVENTS.indexOf(event));
    if (!cell.equals(".")) {
      trust.put(p, cell);
    }
  }

  private Outcome outcome(
      @Nullable String delivery,
      @Nullable String error,
      @Nullable String refusal,
      @Nullable String answer) {
    String path = null;
    String p = proposer;
    if (answer != null && p != null) {
      // cip.md §4.5 "Where the outcome goes": on its session when it has one, a neighbour's or
      // not, however the proposal came; else relayed along its route (§4.2); else not sent
      Peer peer = peers.get(p);
      path =
          switch (peer == null ? "none" : peer.reach()) {
            case "neighbour", "session" -> "direct";
            case "far" -> "relayed";
            default -> "none";
          };
    }
    String proposerTrust = p == null ? null : trustOf(p);
    return new Outcome(
        delivery, error, refusal, fact, new ArrayList<>(confirmers), answer, path, proposerTrust);
  }
}
