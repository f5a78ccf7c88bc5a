package org.web4.vectors;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.web4.vectors.MeshKnowledgeSpec.Peer;
import org.web4.vectors.MeshKnowledgeSpec.Step;

/**
 * One test of {@code mesh_knowledge_test.json} as it is written: the receiver's world, then steps,
 * each written with what {@link MeshKnowledgeSpec} says it does.
 */
final class MeshKnowledgeCase {
  // the words the cases are written in (MeshKnowledgeVectors, MeshKnowledgeReviewCases)
  static final String D = "direct";
  static final String RL = "relayed";
  static final String T = "trusted";
  static final String PR = "probing";
  static final String NB = "neighbour";
  static final String FAR = "far";
  static final String F = MeshKnowledgeSpec.FACT;
  static final String KNW1 = "MESH-KNW-001";
  static final String KNW2 = "MESH-KNW-002";
  static final String DEL2 = "MESH-DEL-002";

  private final VectorFile file;
  private final ObjectNode group;
  private final IntSupplier ids;
  private final String comment;
  private final String flag;
  private final List<String> requirements;
  private final List<Peer> world = new ArrayList<>();
  private final List<Step> steps = new ArrayList<>();
  private int label;

  MeshKnowledgeCase(
      VectorFile file,
      ObjectNode group,
      IntSupplier ids,
      String comment,
      String flag,
      List<String> requirements) {
    this.file = file;
    this.group = group;
    this.ids = ids;
    this.comment = comment;
    this.flag = flag;
    this.requirements = requirements;
    world.add(new Peer("N", "trusted", "neighbour"));
    world.add(new Peer("M", "trusted", "neighbour"));
  }

  MeshKnowledgeCase peer(String name, String trust, String reach) {
    world.add(new Peer(name, trust, reach));
    return this;
  }

  /** Several agents held and reached alike. */
  MeshKnowledgeCase peers(String trust, String reach, String... names) {
    for (String n : names) {
      peer(n, trust, reach);
    }
    return this;
  }

  /** P, {@code probing} and far, proposes the fact through the mesh: most cases' start. */
  MeshKnowledgeCase farProposal() {
    return peer("P", PR, FAR).propose("P", RL);
  }

  /** R's trust in {@code name} becomes {@code state} between envelopes (an override). */
  MeshKnowledgeCase trust(String name, String state) {
    steps.add(new Step("trust", name, D, "", null, "", "", null, true, state));
    return this;
  }

  /** R becomes overloaded, or stops being so (cip.md §4.3). */
  MeshKnowledgeCase load(boolean overloaded) {
    steps.add(new Step("load", "R", D, "", null, "", "", null, true, String.valueOf(overloaded)));
    return this;
  }

  MeshKnowledgeCase propose(String from, String arrives) {
    return add("propose", from, arrives, MeshKnowledgeSpec.FACT, "", null, true);
  }

  MeshKnowledgeCase proposeWithoutTrace(String from, String arrives) {
    return add("propose", from, arrives, MeshKnowledgeSpec.FACT, "", null, false);
  }

  /** The receiver sends a FACT_PROPOSE of its own, msg_id {@link MeshKnowledgeSpec#OWN}. */
  MeshKnowledgeCase ownProposal() {
    steps.add(
        new Step(
            "own_propose", "R", "direct", MeshKnowledgeSpec.OWN, null, "", "", null, true, null));
    return this;
  }

  MeshKnowledgeCase confirm(String from, String arrives) {
    return review("confirm", from, arrives, MeshKnowledgeSpec.FACT, null);
  }

  /** A FACT_CONFIRM of the fact from each of {@code from}, in order, all arriving alike. */
  MeshKnowledgeCase confirms(String arrives, String... from) {
    for (String f : from) {
      confirm(f, arrives);
    }
    return this;
  }

  MeshKnowledgeCase review(
      String type, String from, String arrives, String factRef, @Nullable String reason) {
    return add(type, from, arrives, "m" + ++label, factRef, reason, true);
  }

  /** The last envelope again (its msg_id), via {@code via}, with its mesh_id or a new one. */
  MeshKnowledgeCase again(String arrives, boolean sameMeshId, String via) {
    int last = steps.size() - 1;
    while (!steps.get(last).envelope()) {
      last--;
    }
    return again(last, arrives, sameMeshId, via);
  }

  /**
   * The envelope of step {@code index} (from 0) again, as {@link #again(String, boolean, String)}.
   */
  MeshKnowledgeCase again(int index, String arrives, boolean sameMeshId, String via) {
    Step last = steps.get(index);
    String mesh = arrives.equals("direct") ? null : sameMeshId ? last.mesh() : "x" + ++label;
    steps.add(
        new Step(
            last.type(),
            last.from(),
            arrives,
            last.msg(),
            mesh,
            via,
            last.factRef(),
            last.reason(),
            last.trace(),
            null));
    return this;
  }

  private MeshKnowledgeCase add(
      String type,
      String from,
      String arrives,
      String msg,
      String factRef,
      @Nullable String reason,
      boolean trace) {
    String mesh = arrives.equals("direct") ? null : "x" + ++label;
    steps.add(new Step(type, from, arrives, msg, mesh, "N", factRef, reason, trace, null));
    return this;
  }

  /** Writes the test with the spec's expectations. */
  void write() {
    MeshKnowledgeSpec spec = new MeshKnowledgeSpec(world);
    Map<String, String> uuids = new HashMap<>();
    ObjectNode f = VectorFile.fields();
    ArrayNode w = f.putArray("world");
    for (Peer p : world) {
      ObjectNode o = w.addObject().put("name", p.name()).put("trust", p.trust());
      o.put("reach", p.reach());
      if (p.reach().equals("far")) {
        o.put("via", "N");
      }
    }
    ArrayNode out = f.putArray("steps");
    for (Step s : steps) {
      checkSession(s);
      ObjectNode o = out.addObject();
      o.put("step", s.type());
      if (s.type().equals("trust")) {
        o.put("agent", s.from()).put("trust", s.setting());
        expect(o.putObject("expect"), spec.apply(s));
        continue;
      }
      if (s.type().equals("load")) {
        o.put("overloaded", Boolean.parseBoolean(s.setting()));
        expect(o.putObject("expect"), spec.apply(s));
        continue;
      }
      o.put("msg_id", uuid(uuids, s.msg()));
      if (!s.type().equals("own_propose")) {
        o.put("from", s.from());
        o.put("arrives", s.arrives());
        if (s.type().equals("propose")) {
          o.put("dmp_trace", s.trace());
        } else {
          o.put("fact_ref", uuid(uuids, s.factRef()));
        }
      }
      if (s.reason() != null) {
        o.put("reason", s.reason());
      }
      if (s.relayed()) {
        o.put("mesh_id", uuid(uuids, String.valueOf(s.mesh())));
        o.putArray("route").add(fp(s.from())).add(fp(s.via()));
      }
      expect(o.putObject("expect"), spec.apply(s));
    }
    file.test(group, comment, List.of(flag), "valid", requirements, f);
  }

  /** A direct envelope comes from the peer of a session. */
  private void checkSession(Step s) {
    if (s.relayed() || !s.envelope()) {
      return;
    }
    String reach =
        world.stream().filter(p -> p.name().equals(s.from())).findFirst().orElseThrow().reach();
    if (!reach.equals("neighbour") && !reach.equals("session")) {
      throw new IllegalStateException(comment + ": " + s.from() + " has no session");
    }
  }

  private String uuid(Map<String, String> uuids, String label) {
    return uuids.computeIfAbsent(label, l -> VectorKeys.msgId(ids.getAsInt()).toString());
  }

  private static void expect(ObjectNode o, MeshKnowledgeSpec.Outcome r) {
    if (r.delivery() != null) {
      o.put("delivery", r.delivery());
    }
    if (r.error() != null) {
      o.put("error", r.error());
      o.put("refusal", r.refusal());
    }
    o.put("fact", r.fact());
    ArrayNode c = o.putArray("confirmedBy");
    r.confirmedBy().forEach(c::add);
    if (r.answerType() != null) {
      o.putObject("answer").put("type", r.answerType()).put("path", r.answerPath());
    }
    if (r.proposerTrust() != null) {
      o.put("proposerTrust", r.proposerTrust());
    }
  }

  static String fp(String name) {
    return MeshAgents.agent(name).fp();
  }
}
