#!/usr/bin/env python3
"""The mesh demo (spec/mesh.md), the Python equivalent of `web4 mesh demo`: five agents on loopback —
ana, ben, cleo and eve (the Java reference, `./web4 serve`) and dov (web4py) — wired through their
harnesses (rtt/dial) in a line ana — dov — ben and a triangle ben — cleo — eve — ben. Steps: trust
propagated by a vouch (ben vouches for ana to cleo), a message routed over 3 hops (ana's INTENT to
cleo through dov and ben, the INTENT_RESPONSE back), a broadcast copy suppressed (cleo's DECISION_SHARE
round the triangle: mesh.relay.dropped reason duplicate), and a fact accepted from two relayed
FACT_CONFIRMs. Each step waits (bounded) for its effect through the harness; every event of every
agent is printed. Exit 0 when every step was observed, 1 when one was not, 2 when agents cannot start.

Usage: python3 scripts/web4_mesh_demo.py [--all-python] [--step-timeout S]
    --all-python   all five agents are web4py (no JDK needed)
"""

import argparse
import json
import sys
from datetime import datetime
import time

import web4mesh


class NotObserved(Exception):
    pass


class Demo:
    def __init__(self, agents, limit):
        self.ana, self.ben, self.cleo, self.dov, self.eve = agents
        self.all, self.limit, self.step = agents, limit, 0
        self.names = {a.fingerprint: a.name for a in agents}
        self.since = {a.name: 0 for a in agents}
        self.seen = {a.name: [] for a in agents}
        self.unprinted = {a.name: [] for a in agents}

    # output
    def say(self, line):
        self.step += 1
        print("==== %d. %s" % (self.step, line), flush=True)

    def detail(self, line):
        print("     " + line, flush=True)

    def refresh(self, a):
        while True:
            page = a.harness.post("events", {"since": self.since[a.name], "limit": 1000})["events"]
            for e in page:
                self.since[a.name] = e["seq"]
                self.seen[a.name].append(e)
                self.unprinted[a.name].append(e)
            if len(page) < 1000:
                return

    def events(self):
        events = []
        for a in self.all:
            self.refresh(a)
            events += [(datetime.fromisoformat(e["time"].replace("Z", "+00:00")), a.name, e)
                       for e in self.unprinted[a.name]]
            self.unprinted[a.name] = []
        # in the order they happened (one machine, one clock), then agent by agent
        lines = ["%-5s| %s" % (name, web4mesh.event_line(e, self.names))
                 for _, name, e in sorted(events, key=lambda t: (t[0], t[1]))]
        print("     events (%d):" % len(lines))
        for line in lines:
            print("       " + line)

    # checks
    def until(self, what, check):
        deadline = time.monotonic() + self.limit
        while not check():
            if time.monotonic() > deadline:
                raise NotObserved("no %s within %d s" % (what, self.limit))
            time.sleep(0.025)

    def trust(self, holder, subject):
        peers = holder.harness.get("trust")["peers"]
        return next((p["state"] for p in peers if p["fingerprint"] == subject.fingerprint), "untrusted")

    def await_trust(self, holder, subject, state, why):
        self.until("%s holding %s %s (%s)" % (holder.name, subject.name, state, why),
                   lambda: self.trust(holder, subject) == state)

    def await_event(self, a, what, match):
        def check():
            self.refresh(a)
            return any(match(e) for e in self.seen[a.name])
        self.until(what, check)

    def override(self, holder, subject, state):
        holder.harness.post("trust/override", {"fingerprint": subject.fingerprint, "state": state})

    def send(self, origin, destination, type_, payload):
        answer = origin.harness.post("mesh/send", {"destination": destination, "type": type_, "payload": payload})
        shown = dict(answer, to=[self.names.get(f, f[:8]) for f in answer.get("to", [])]) if "to" in answer else answer
        self.detail("%s mesh/send %s to %s: %s" % (origin.name, type_, self.names.get(destination, destination),
                                                  json.dumps(shown, sort_keys=True)))
        if answer.get("result") != "sent":
            raise NotObserved("%s's %s was not sent: %s" % (origin.name, type_, answer))
        return answer

    def routes(self, a):
        return a.harness.get("mesh")["routes"]

    # steps
    def run(self):
        self.say("five agents on loopback, each with its harness: %s"
                 % ", ".join("%s (%s)" % (a.name, a.implementation) for a in self.all))
        for a in self.all:
            self.detail("%-5s %-15s %s  rtt %s:%d  harness %s" % (a.name, a.implementation, a.fingerprint,
                                                                  a.rtt[0], a.rtt[1], a.harness.base))
        self.events()
        self.wire()
        self.vouch()
        self.route_an_intent()
        self.suppress_a_copy()
        self.reach_consensus()
        self.say("done: every step was observed through the agents' harnesses")

    def wire(self):
        self.say("wire them with rtt/dial: a line ana — dov — ben and a triangle ben — cleo — eve — ben")
        links = [(self.ana, self.dov), (self.dov, self.ben), (self.ben, self.cleo), (self.cleo, self.eve),
                 (self.eve, self.ben)]
        for a, b in links:
            answer = a.harness.post("rtt/dial", {"host": b.rtt[0], "port": b.rtt[1], "expect_fingerprint": b.fingerprint})
            self.detail("%s dials %s: %s" % (a.name, b.name, answer["result"]))
            if answer["result"] != "connected":
                raise NotObserved("%s could not dial %s: %s" % (a.name, b.name, answer))
        for a, b in links:
            self.await_trust(a, b, "probing", "the CIP handshake")
            self.await_trust(b, a, "probing", "the CIP handshake")
        self.detail("every CIP handshake completed: each side holds the other probing (cip.md Table 4.4)")
        for a in self.all:
            self.until("%s's routes to the four others (MESH_ROUTES, mesh.md §4.5)" % a.name,
                       lambda: len(self.routes(a)) == len(self.all) - 1)
            self.detail(a.name + " routes:" + "".join(
                "  %s %d %s" % (self.names[r["destination"]], r["hops"],
                                "hop" if r["hops"] == 1 else "hops via " + self.names[r["via"]])
                for r in self.routes(a)))
        self.events()

    def vouch(self):
        self.say("trust propagates by a vouch: ben comes to trust cleo and ana, and vouches for ana to cleo")
        self.override(self.cleo, self.ben, "trusted")
        self.detail("cleo's operator: ben is trusted (trust/override)")
        self.override(self.ben, self.cleo, "trusted")
        self.detail("ben's operator: cleo is trusted")
        self.override(self.ben, self.ana, "trusted")
        self.detail("ben's operator: ana is trusted — ben now holds cleo and ana trusted: MESH_VOUCH to cleo")
        self.await_trust(self.cleo, self.ana, "probing", "vouch for ana")
        self.await_event(self.cleo, "cip.trust.changed of ana with cause vouch",
                         lambda e: e["kind"] == "cip.trust.changed" and e["peer"] == self.ana.fingerprint
                         and e["attributes"].get("cause") == "vouch")
        self.detail("cleo never had a session with ana, yet now holds her probing (mesh.md Table 4.6: vouch)")
        self.events()

    def route_an_intent(self):
        self.say("a message routed over 3 hops: ana sends cleo an INTENT through dov (web4py) and ben")
        self.override(self.ana, self.cleo, "probing")
        self.detail("ana's operator: cleo is probing (ana may hear her answer, cip.md CIP-TRU-003)")
        sent = self.send(self.ana, self.cleo.fingerprint, "INTENT",
                         {"goal": "ask", "topic": "mesh demo", "priority": "normal"})
        intent = sent["msg_id"]
        self.await_event(self.cleo, "mesh.relay.delivered of ana's INTENT at cleo",
                         lambda e: e["kind"] == "mesh.relay.delivered" and e["msg_id"] == intent)
        self.await_event(self.ana, "INTENT_RESPONSE from cleo delivered to ana",
                         lambda e: e["kind"] == "mesh.relay.delivered"
                         and e["attributes"].get("type") == "INTENT_RESPONSE"
                         and e["attributes"].get("origin") == self.cleo.fingerprint)
        for relay in (self.dov, self.ben):
            self.refresh(relay)
        path = ["ana"] + ["%s (forwarded with %s route entries)" % (r.name, e["attributes"]["hops"])
                          for r in (self.dov, self.ben) for e in self.seen[r.name]
                          if e["kind"] == "mesh.relay.forwarded" and e["msg_id"] == intent] + ["cleo"]
        self.detail("the INTENT went %s; cleo's INTENT_RESPONSE came back" % " → ".join(path))
        self.events()

    def duplicate_at(self, a, mesh_id):
        self.refresh(a)
        return any(e["kind"] == "mesh.relay.dropped" and e["attributes"].get("mesh_id") == mesh_id
                   and e["attributes"].get("reason") == "duplicate" for e in self.seen[a.name])

    def suppress_a_copy(self):
        self.say("a copy suppressed: cleo broadcasts a DECISION_SHARE; it goes round the triangle")
        sent = self.send(self.cleo, "*", "DECISION_SHARE",
                         {"decision": {"choice": "route via ben", "outcome": "shared"},
                          "dmp_trace": {"decision_id": "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b",
                                        "steps": ["decided: route via ben"], "evidence": []}})
        mesh_id = sent["mesh_id"]
        for a in (self.ben, self.eve, self.dov, self.ana):
            self.await_event(a, "mesh.relay.delivered of the broadcast at " + a.name,
                             lambda e: e["kind"] == "mesh.relay.delivered" and e["attributes"].get("mesh_id") == mesh_id)
        self.until("mesh.relay.dropped with reason duplicate at ben or eve",
                   lambda: self.duplicate_at(self.ben, mesh_id) or self.duplicate_at(self.eve, mesh_id))
        for a in (self.ben, self.eve):
            if self.duplicate_at(a, mesh_id):
                self.detail(a.name + " received the broadcast twice and dropped the copy: reason duplicate")
        self.detail("every agent delivered it once (mesh.md MESH-RLY-002)")
        self.events()

    def fact(self, holder, ref):
        return next((f for f in holder.harness.get("knowledge")["facts"] if f["fact_ref"] == ref), None)

    def reach_consensus(self):
        self.say("a fact reaches consensus across the mesh: eve proposes to ana, ben and cleo confirm")
        self.override(self.ana, self.eve, "probing")
        self.override(self.ana, self.ben, "trusted")
        self.override(self.ana, self.cleo, "trusted")
        self.detail("ana's operator: eve is probing, ben and cleo are trusted (none is her neighbour)")
        self.override(self.eve, self.ana, "probing")
        self.detail("eve's operator: ana is probing (eve may hear the outcome)")
        statement = "a mesh of 10 agents is connected within 9 hops"
        sent = self.send(self.eve, self.ana.fingerprint, "FACT_PROPOSE",
                         {"fact": {"statement": statement, "domain": "networks", "confidence": 0.9, "sources": []},
                          "dmp_trace": {"decision_id": "0c9e8d7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f",
                                        "steps": ["observed: " + statement], "evidence": []}})
        fact = sent["msg_id"]
        self.until("fact %s in ana's knowledge" % fact, lambda: self.fact(self.ana, fact) is not None)
        for confirmer in (self.ben, self.cleo):
            self.send(confirmer, self.ana.fingerprint, "FACT_CONFIRM",
                      {"fact_ref": fact, "decision": "confirm", "confidence": 1})
        self.until("accepted fact %s in ana's knowledge" % fact,
                   lambda: (self.fact(self.ana, fact) or {}).get("status") == "accepted")
        known = self.fact(self.ana, fact)
        self.detail("ana's knowledge: fact %s %s, proposer %s, confirmed by %s" % (
            fact, known["status"], self.names.get(known["proposer"]),
            ", ".join(sorted(self.names.get(f, f[:8]) for f in known["confirmed_by"]))))
        self.await_event(self.eve, "ana's FACT_CONFIRM relayed back to eve",
                         lambda e: e["kind"] == "mesh.relay.delivered"
                         and e["attributes"].get("type") == "FACT_CONFIRM"
                         and e["attributes"].get("origin") == self.ana.fingerprint)
        self.detail("two relayed confirmations from trusted origins: accepted (mesh.md MESH-KNW-001)")
        self.events()


def main(argv=None):
    p = argparse.ArgumentParser(prog="web4_mesh_demo.py", description=__doc__.split("\n\n")[0])
    p.add_argument("--all-python", action="store_true", help="all five agents are web4py (no JDK needed)")
    p.add_argument("--step-timeout", type=int, default=30, help="seconds each step may wait (default 30)")
    args = p.parse_args(argv)
    agents = []
    try:
        for name in ("ana", "ben", "cleo", "dov", "eve"):
            agents.append(web4mesh.Agent(name, python=args.all_python or name == "dov"))
        demo = Demo(agents, args.step_timeout)
        try:
            demo.run()
            return 0
        except NotObserved as e:
            print("web4_mesh_demo.py: step %d failed: %s" % (demo.step, e), flush=True)
            return 1
    except web4mesh.HarnessError as e:
        print("web4_mesh_demo.py: %s" % e, file=sys.stderr)
        return 2
    finally:
        for a in agents:
            a.stop()


if __name__ == "__main__":
    sys.exit(main())
