package org.web4.vectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code mesh/mesh_trust_test.json}: trust sequences of one peer with vouches and decay
 * (spec/mesh.md §4.6, Table 4.6) mixed with the events of cip.md Table 4.4. The expectations come
 * from {@link SpecPeer}, a transcription of §4.6 over {@link CipVectors#TABLE}.
 */
final class MeshTrustVectors {
  static final String PATH = "mesh/mesh_trust_test.json";

  /** Table 4.8: a vouch's probing without other events. */
  static final long DECAY_SECONDS = 3_600;

  private MeshTrustVectors() {}

  /** One step: a Table 4.4 event, override, anchor, a MESH_VOUCH or the clock moving. */
  record Step(
      String step, @Nullable String view, @Nullable String voucher, @Nullable String subject) {
    static Step of(String step) {
      return new Step(step, null, null, null);
    }

    static Step vouch(String view, String voucher, String subject) {
      return new Step("vouch", view, voucher, subject);
    }
  }

  private static final Step VOUCH = Step.vouch("trusted", "trusted", "peer");

  /** The peer as spec/mesh.md §4.6 and cip.md §4.4 describe it. */
  private static final class SpecPeer {
    String state = "untrusted";
    boolean known;
    long clock;
    @Nullable Long vouchedAt;

    void apply(Step s) {
      String step = s.step();
      if (step.equals("vouch")) {
        // a vouch event: view trusted, a trusted sender, a subject that is unknown and neither
        // the receiver nor the sender; it moves untrusted to probing (Table 4.6)
        boolean event =
            "trusted".equals(s.view())
                && "trusted".equals(s.voucher())
                && "peer".equals(s.subject())
                && !known;
        if (event && state.equals("untrusted")) {
          state = "probing";
          vouchedAt = clock; // a later vouch neither cancels nor restarts the 3,600 s
        }
        return;
      }
      if (step.startsWith("advance:")) {
        clock += Long.parseLong(step.substring("advance:".length()));
        Long at = vouchedAt;
        if (at != null && clock - at >= DECAY_SECONDS) {
          vouchedAt = null;
          if (state.equals("probing")) {
            state = "untrusted";
          }
        }
        return;
      }
      // an event of cip.md Table 4.4, an override or an anchor: the peer is known, and a pending
      // decay is cancelled (MESH-TRU-002)
      vouchedAt = null;
      if (step.equals("anchor")) {
        if (!known) {
          state = "trusted";
        }
      } else if (step.startsWith("override:")) {
        state = step.substring("override:".length());
      } else {
        String cell =
            CipVectors.TABLE.getOrDefault(state, List.of()).get(CipVectors.EVENTS.indexOf(step));
        if (!cell.equals(".")) {
          state = cell;
        }
      }
      known = true;
    }
  }

  static VectorFile build() {
    VectorFile file =
        new VectorFile(
            PATH,
            "Web4-MESH-Trust",
            "vectors/mesh_trust_test.schema.json",
            List.of(
                "Trust sequences of one peer with vouches (spec/mesh.md section 4.6, Table 4.6)."
                    + " Each test starts with a peer the agent does not know (untrusted, unknown)"
                    + " and the agent's clock at 0; state is the peer's state after each step.",
                "A step is an event of cip.md Table 4.4 as spelled there, override:S, anchor (as"
                    + " in cip_trust_test.json), advance:S (the agent's clock moves S seconds and"
                    + " every decay due is applied), or vouch: a MESH_VOUCH from a neighbour the"
                    + " agent holds in state voucher, with view, whose subject is the peer, the"
                    + " receiving agent itself (receiver) or the voucher itself (voucher).",
                "cell, when present, names the cell of Table 4.6 the last step exercises."));
    file.note("TableCell", "Functionality", "One cell of Table 4.6.")
        .note(
            "NotAVouch", "Functionality", "A MESH_VOUCH that is not a vouch event changes nothing.")
        .note("Decay", "EdgeCase", "The 3,600 s decay, its boundary and what cancels it.");
    ObjectNode g = file.group("MeshTrust");
    g.put("source", "spec/mesh.md section 4.6, Table 4.6");
    g.put("initialState", "untrusted");
    List<String> vouch = List.of("MESH-TRU-001");
    List<String> decay = List.of("MESH-TRU-002");
    String tc = "TableCell";
    test(file, g, "untrusted + vouch -> probing", tc, vouch, "untrusted", "vouch", VOUCH);
    test(
        file,
        g,
        "probing (by a vouch) + vouch -> probing (unchanged)",
        tc,
        vouch,
        "probing",
        "vouch",
        VOUCH,
        VOUCH);
    test(
        file,
        g,
        "trusted + vouch -> trusted (unchanged: not unknown)",
        tc,
        vouch,
        "trusted",
        "vouch",
        Step.of("handshake"),
        Step.of("verified"),
        VOUCH);
    test(
        file,
        g,
        "blacklisted + vouch -> blacklisted (unchanged: not unknown)",
        tc,
        vouch,
        "blacklisted",
        "vouch",
        Step.of("malicious"),
        VOUCH);
    test(
        file,
        g,
        "probing + decay -> untrusted",
        tc,
        decay,
        "probing",
        "decay",
        VOUCH,
        Step.of("advance:3600"));
    test(
        file,
        g,
        "untrusted after a decay: the next 3,600 s change nothing",
        tc,
        decay,
        "untrusted",
        "decay",
        VOUCH,
        Step.of("advance:3600"),
        Step.of("advance:3600"));
    test(
        file,
        g,
        "trusted (verified after the vouch) + 3,600 s -> trusted",
        tc,
        decay,
        "trusted",
        "decay",
        VOUCH,
        Step.of("verified"),
        Step.of("advance:3600"));
    test(
        file,
        g,
        "blacklisted (malicious after the vouch) + 3,600 s -> blacklisted",
        tc,
        decay,
        "blacklisted",
        "decay",
        VOUCH,
        Step.of("malicious"),
        Step.of("advance:3600"));
    String nv = "NotAVouch";
    test(
        file,
        g,
        "view blacklisted changes nothing (unknown peer)",
        nv,
        vouch,
        null,
        null,
        Step.vouch("blacklisted", "trusted", "peer"));
    test(
        file,
        g,
        "view blacklisted never shuts a door (probing peer)",
        nv,
        vouch,
        null,
        null,
        Step.of("handshake"),
        Step.vouch("blacklisted", "trusted", "peer"));
    test(
        file,
        g,
        "view blacklisted about a trusted peer changes nothing",
        nv,
        vouch,
        null,
        null,
        Step.of("anchor"),
        Step.vouch("blacklisted", "trusted", "peer"));
    test(
        file,
        g,
        "a probing voucher changes nothing",
        nv,
        vouch,
        null,
        null,
        Step.vouch("trusted", "probing", "peer"));
    test(
        file,
        g,
        "a known subject (handshake, then conflict) stays untrusted",
        nv,
        vouch,
        null,
        null,
        Step.of("handshake"),
        Step.of("conflict"),
        VOUCH);
    test(
        file,
        g,
        "a known subject (override) stays untrusted",
        nv,
        vouch,
        null,
        null,
        Step.of("override:untrusted"),
        VOUCH);
    test(
        file,
        g,
        "the receiver itself as subject changes nothing",
        nv,
        vouch,
        null,
        null,
        Step.vouch("trusted", "trusted", "receiver"));
    test(
        file,
        g,
        "the voucher itself as subject changes nothing",
        nv,
        vouch,
        null,
        null,
        Step.vouch("trusted", "trusted", "voucher"));
    String dc = "Decay";
    test(
        file,
        g,
        "3,599 s after the vouch: probing; 3,600 s: untrusted",
        dc,
        decay,
        null,
        null,
        VOUCH,
        Step.of("advance:3599"),
        Step.of("advance:1"));
    test(
        file,
        g,
        "a later vouch neither cancels nor restarts the decay",
        dc,
        decay,
        null,
        null,
        VOUCH,
        Step.of("advance:1800"),
        VOUCH,
        Step.of("advance:1800"));
    test(
        file,
        g,
        "a Table 4.4 event that leaves probing (handshake) cancels the decay",
        dc,
        decay,
        null,
        null,
        VOUCH,
        Step.of("advance:1800"),
        Step.of("handshake"),
        Step.of("advance:1800"),
        Step.of("advance:3600"));
    test(
        file,
        g,
        "anomaly on a vouched probing peer cancels the decay",
        dc,
        decay,
        null,
        null,
        VOUCH,
        Step.of("anomaly"),
        Step.of("advance:3600"));
    test(
        file,
        g,
        "override:probing cancels the decay",
        dc,
        decay,
        null,
        null,
        VOUCH,
        Step.of("override:probing"),
        Step.of("advance:3600"));
    test(
        file,
        g,
        "an anchor on a vouched peer (still unknown): trusted, no decay",
        dc,
        decay,
        null,
        null,
        VOUCH,
        Step.of("anchor"),
        Step.of("advance:3600"));
    test(
        file,
        g,
        "after a decay the peer is still unknown: a new vouch, a new decay",
        dc,
        List.of("MESH-TRU-001", "MESH-TRU-002"),
        null,
        null,
        VOUCH,
        Step.of("advance:3600"),
        VOUCH,
        Step.of("advance:3599"),
        Step.of("advance:1"));
    test(
        file,
        g,
        "a cancelled decay makes the peer known: a later vouch changes nothing",
        dc,
        List.of("MESH-TRU-001", "MESH-TRU-002"),
        null,
        null,
        VOUCH,
        Step.of("conflict"),
        Step.of("advance:3600"),
        VOUCH);
    return file;
  }

  private static void test(
      VectorFile file,
      ObjectNode g,
      String comment,
      String flag,
      List<String> req,
      @Nullable String cellState,
      @Nullable String cellEvent,
      Step... steps) {
    ObjectNode f = VectorFile.fields();
    if (cellState != null && cellEvent != null) {
      f.putObject("cell").put("state", cellState).put("event", cellEvent);
    }
    SpecPeer peer = new SpecPeer();
    ArrayNode out = f.putArray("steps");
    for (Step s : steps) {
      peer.apply(s);
      ObjectNode o = out.addObject();
      o.put("step", s.step());
      if (s.view() != null) {
        o.put("view", s.view());
        o.put("voucher", s.voucher());
        o.put("subject", s.subject());
      }
      o.put("state", peer.state);
    }
    file.test(g, comment, List.of(flag), "valid", req, f);
  }
}
