package org.web4.cli.mesh;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.web4.cli.CommandErrors.InputException;

/**
 * The mesh demo's steps on five live agents — ana, ben, cleo and eve (reference) and dov (web4py) —
 * wired through their harnesses in a line {@code ana — dov — ben} and a triangle {@code ben — cleo
 * — eve — ben}. Each step does something through the harness, then waits (bounded) until the
 * harness shows its effect, and prints a narrative line, its details indented, and every event the
 * agents reported meanwhile. A step whose effect does not show throws {@link Await.NotObserved}.
 */
final class MeshDemo {
  private final PrintStream out;
  private final Duration limit;
  private final LiveAgent ana;
  private final LiveAgent ben;
  private final LiveAgent cleo;
  private final LiveAgent dov;
  private final LiveAgent eve;
  private final List<LiveAgent> all;
  private final EventFeed feed;
  private int step;

  /**
   * @param agents ana, ben, cleo, dov (the web4py agent) and eve, in this order
   */
  MeshDemo(PrintStream out, Duration limit, List<LiveAgent> agents) {
    this.out = out;
    this.limit = limit;
    this.ana = agents.get(0);
    this.ben = agents.get(1);
    this.cleo = agents.get(2);
    this.dov = agents.get(3);
    this.eve = agents.get(4);
    this.all = List.copyOf(agents);
    Names names = new Names();
    all.forEach(a -> names.with(a.fingerprint(), a.name()));
    this.feed = new EventFeed(all, names);
  }

  void run() throws Await.NotObserved, InputException, InterruptedException {
    introduce();
    wire();
    vouch();
    routeAnIntent();
    suppressACopy();
    reachConsensus();
    say("done: every step was observed through the agents' harnesses");
  }

  private void introduce() throws InputException, InterruptedException {
    java.util.Map<String, List<String>> byImplementation = new java.util.TreeMap<>();
    all.forEach(
        a ->
            byImplementation
                .computeIfAbsent(a.implementation(), k -> new ArrayList<>())
                .add(a.name()));
    List<String> groups = new ArrayList<>();
    byImplementation.forEach(
        (impl, names) -> groups.add(String.join(", ", names) + " (" + impl + ")"));
    say("five agents on loopback, each with its harness: " + String.join("; ", groups));
    for (LiveAgent a : all) {
      detail(
          String.format(
              "%-5s %-15s %s  rtt %s:%d  harness %s",
              a.name(),
              a.implementation(),
              a.fingerprint(),
              a.rttHost(),
              a.rttPort(),
              a.harness().base()));
    }
    events();
  }

  private void wire() throws Await.NotObserved, InputException, InterruptedException {
    say("wire them with rtt/dial: a line ana — dov — ben and a triangle ben — cleo — eve — ben");
    List<LiveAgent[]> links =
        List.of(
            new LiveAgent[] {ana, dov},
            new LiveAgent[] {dov, ben},
            new LiveAgent[] {ben, cleo},
            new LiveAgent[] {cleo, eve},
            new LiveAgent[] {eve, ben});
    for (LiveAgent[] link : links) {
      JsonNode answer = MeshOps.dial(link[0], link[1]);
      detail(link[0].name() + " dials " + link[1].name() + ": " + answer.path("result").asText());
      if (!answer.path("result").asText().equals("connected")) {
        throw new Await.NotObserved(
            link[0].name() + " could not dial " + link[1].name() + ": " + answer);
      }
    }
    for (LiveAgent[] link : links) {
      awaitTrust(link[0], link[1], "probing", "the CIP handshake");
      awaitTrust(link[1], link[0], "probing", "the CIP handshake");
    }
    detail("every CIP handshake completed: each side holds the other probing (cip.md Table 4.4)");
    for (LiveAgent a : all) {
      Await.until(
          limit,
          a.name() + "'s routes to the four others (MESH_ROUTES, mesh.md §4.5)",
          () -> MeshOps.routes(a).size() == all.size() - 1);
      StringBuilder line = new StringBuilder(a.name() + " routes:");
      for (AgentView.Route r : MeshOps.routes(a)) {
        line.append("  ")
            .append(name(r.destination()))
            .append(' ')
            .append(r.hops())
            .append(r.hops() == 1 ? " hop" : " hops via " + name(r.via()));
      }
      detail(line.toString());
    }
    events();
  }

  private void vouch() throws Await.NotObserved, InputException, InterruptedException {
    say(
        "trust propagates by a vouch: ben comes to trust cleo and ana, and vouches for ana to cleo");
    MeshOps.override(cleo, ben, "trusted");
    detail("cleo's operator: ben is trusted (trust/override)");
    MeshOps.override(ben, cleo, "trusted");
    detail("ben's operator: cleo is trusted");
    MeshOps.override(ben, ana, "trusted");
    detail(
        "ben's operator: ana is trusted — ben now holds cleo and ana trusted: MESH_VOUCH to cleo");
    awaitTrust(cleo, ana, "probing", "vouch for ana");
    awaitEvent(
        cleo,
        "cip.trust.changed of ana with cause vouch",
        e -> isKind(e, "cip.trust.changed") && about(e, ana) && attr(e, "cause").equals("vouch"));
    detail(
        "cleo never had a session with ana, yet now holds her probing (mesh.md Table 4.6: vouch)");
    events();
  }

  private void routeAnIntent() throws Await.NotObserved, InputException, InterruptedException {
    say("a message routed over 3 hops: ana sends cleo an INTENT through dov (web4py) and ben");
    MeshOps.override(ana, cleo, "probing");
    detail("ana's operator: cleo is probing (ana may hear her answer, cip.md CIP-TRU-003)");
    JsonNode sent = MeshOps.send(ana, cleo.fingerprint(), "INTENT", MeshOps.intent("mesh demo"));
    detail("ana mesh/send INTENT to cleo: " + shown(sent));
    requireSent(sent, "ana's INTENT");
    String intent = sent.path("msg_id").asText();
    awaitEvent(
        cleo,
        "mesh.relay.delivered of ana's INTENT at cleo",
        e -> isKind(e, "mesh.relay.delivered") && e.path("msg_id").asText().equals(intent));
    awaitEvent(
        ana,
        "INTENT_RESPONSE from cleo delivered to ana",
        e ->
            isKind(e, "mesh.relay.delivered")
                && attr(e, "type").equals("INTENT_RESPONSE")
                && attr(e, "origin").equals(cleo.fingerprint()));
    List<String> path = new ArrayList<>(List.of("ana"));
    for (LiveAgent relay : List.of(dov, ben)) {
      feed.refresh(relay);
      for (JsonNode e : feed.seen(relay)) {
        if (isKind(e, "mesh.relay.forwarded") && e.path("msg_id").asText().equals(intent)) {
          path.add(relay.name() + " (forwarded with " + attr(e, "hops") + " route entries)");
        }
      }
    }
    path.add("cleo");
    detail("the INTENT went " + String.join(" → ", path) + "; cleo's INTENT_RESPONSE came back");
    events();
  }

  private void suppressACopy() throws Await.NotObserved, InputException, InterruptedException {
    say("a copy suppressed: cleo broadcasts a DECISION_SHARE; it goes round the triangle");
    JsonNode sent =
        MeshOps.send(cleo, "*", "DECISION_SHARE", MeshOps.decision("route via ben", "shared"));
    detail("cleo mesh/send DECISION_SHARE to *: " + shown(sent));
    requireSent(sent, "cleo's broadcast");
    String meshId = sent.path("mesh_id").asText();
    for (LiveAgent a : List.of(ben, eve, dov, ana)) {
      awaitEvent(
          a,
          "mesh.relay.delivered of the broadcast at " + a.name(),
          e -> isKind(e, "mesh.relay.delivered") && attr(e, "mesh_id").equals(meshId));
    }
    Await.until(
        limit,
        "mesh.relay.dropped with reason duplicate at ben or eve",
        () -> duplicateAt(ben, meshId) || duplicateAt(eve, meshId));
    for (LiveAgent a : List.of(ben, eve)) {
      if (duplicateAt(a, meshId)) {
        detail(a.name() + " received the broadcast twice and dropped the copy: reason duplicate");
      }
    }
    detail("every agent delivered it once (mesh.md MESH-RLY-002)");
    events();
  }

  private void reachConsensus() throws Await.NotObserved, InputException, InterruptedException {
    say("a fact reaches consensus across the mesh: eve proposes to ana, ben and cleo confirm");
    MeshOps.override(ana, eve, "probing");
    MeshOps.override(ana, ben, "trusted");
    MeshOps.override(ana, cleo, "trusted");
    detail("ana's operator: eve is probing, ben and cleo are trusted (none is her neighbour)");
    MeshOps.override(eve, ana, "probing");
    detail("eve's operator: ana is probing (eve may hear the outcome)");
    JsonNode proposed =
        MeshOps.send(
            eve,
            ana.fingerprint(),
            "FACT_PROPOSE",
            MeshOps.factProposal("a mesh of 10 agents is connected within 9 hops", "networks"));
    detail("eve mesh/send FACT_PROPOSE to ana: " + shown(proposed));
    requireSent(proposed, "eve's FACT_PROPOSE");
    String fact = proposed.path("msg_id").asText();
    Await.until(
        limit, "fact " + fact + " in ana's knowledge", () -> MeshOps.fact(ana, fact).isPresent());
    for (LiveAgent confirmer : List.of(ben, cleo)) {
      JsonNode sent =
          MeshOps.send(confirmer, ana.fingerprint(), "FACT_CONFIRM", MeshOps.confirmation(fact));
      detail(confirmer.name() + " mesh/send FACT_CONFIRM to ana: " + shown(sent));
      requireSent(sent, confirmer.name() + "'s FACT_CONFIRM");
    }
    Await.until(
        limit,
        "accepted fact " + fact + " in ana's knowledge",
        () ->
            MeshOps.fact(ana, fact)
                .map(f -> f.path("status").asText().equals("accepted"))
                .orElse(false));
    JsonNode known = MeshOps.fact(ana, fact).orElseThrow();
    List<String> confirmers = new ArrayList<>();
    known.path("confirmed_by").forEach(f -> confirmers.add(name(f.asText())));
    java.util.Collections.sort(confirmers);
    detail(
        "ana's knowledge: fact "
            + fact
            + " "
            + known.path("status").asText()
            + ", proposer "
            + name(known.path("proposer").asText())
            + ", confirmed by "
            + String.join(", ", confirmers));
    awaitEvent(
        eve,
        "ana's FACT_CONFIRM relayed back to eve",
        e ->
            isKind(e, "mesh.relay.delivered")
                && attr(e, "type").equals("FACT_CONFIRM")
                && attr(e, "origin").equals(ana.fingerprint()));
    detail("two relayed confirmations from trusted origins: accepted (mesh.md MESH-KNW-001)");
    events();
  }

  private boolean duplicateAt(LiveAgent a, String meshId)
      throws InputException, InterruptedException {
    feed.refresh(a);
    return feed.seen(a).stream()
        .anyMatch(
            e ->
                isKind(e, "mesh.relay.dropped")
                    && attr(e, "mesh_id").equals(meshId)
                    && attr(e, "reason").equals("duplicate"));
  }

  /** A mesh/send answer with the fingerprints of {@code to} replaced by names. */
  private String shown(JsonNode answer) {
    JsonNode copy = answer.deepCopy();
    if (copy.path("to").isArray()) {
      com.fasterxml.jackson.databind.node.ArrayNode to =
          ((com.fasterxml.jackson.databind.node.ObjectNode) copy).putArray("to");
      answer.path("to").forEach(f -> to.add(name(f.asText())));
    }
    return copy.toString();
  }

  private void requireSent(JsonNode answer, String what) throws Await.NotObserved {
    if (!answer.path("result").asText().equals("sent")) {
      throw new Await.NotObserved(what + " was not sent: mesh/send answered " + answer);
    }
  }

  private void awaitTrust(LiveAgent holder, LiveAgent subject, String state, String why)
      throws Await.NotObserved, InputException, InterruptedException {
    Await.until(
        limit,
        holder.name() + " holding " + subject.name() + " " + state + " (" + why + ")",
        () -> MeshOps.trust(holder, subject).equals(state));
  }

  private void awaitEvent(LiveAgent agent, String what, Predicate<JsonNode> match)
      throws Await.NotObserved, InputException, InterruptedException {
    Await.until(
        limit,
        what,
        () -> {
          feed.refresh(agent);
          return feed.seen(agent).stream().anyMatch(match);
        });
  }

  private String name(String fingerprint) {
    return all.stream()
        .filter(a -> a.fingerprint().equals(fingerprint))
        .map(LiveAgent::name)
        .findFirst()
        .orElse(Names.shortFingerprint(fingerprint));
  }

  private static boolean isKind(JsonNode e, String kind) {
    return e.path("kind").asText().equals(kind);
  }

  private static boolean about(JsonNode e, LiveAgent peer) {
    return e.path("peer").asText().equals(peer.fingerprint());
  }

  private static String attr(JsonNode e, String name) {
    return e.path("attributes").path(name).asText();
  }

  private void say(String line) {
    step++;
    out.println("==== " + step + ". " + line);
  }

  private void detail(String line) {
    out.println("     " + line);
  }

  private void events() throws InputException, InterruptedException {
    List<String> lines = feed.drain();
    out.println("     events (" + lines.size() + "):");
    lines.forEach(l -> out.println("       " + l));
    out.flush();
  }

  /** The step number of the step running now (for the failure line). */
  int step() {
    return step;
  }
}
