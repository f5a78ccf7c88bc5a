"""The kit's mesh vectors (vectors/mesh/, docs/vectors.md "Mesh vectors") against web4py.mesh:
relay decisions through the mesh runtime with sessions standing in for RTT connections, routes
through the route table, trust sequences through the trust book, and knowledge consensus through
the mesh and CIP runtimes."""

import base64
import hashlib
import json
import os
import unittest
import uuid

from web4py import envelope as ENV
from web4py import jcs
from web4py.agent import Validated
from web4py.cip.model import Session
from web4py.cip.runtime import CipRuntime
from web4py.cip.trust import TrustBook
from web4py.mesh.routes import RouteTable
from web4py.mesh.runtime import MeshRuntime
from web4py.mesh.tables import BROADCAST_RECEIVER as T_BROADCAST_RECEIVER
from web4py.rtt.identity import Identity

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
NS = 1_000_000_000
UNDELIVERABLE_CODES = ("HOP_LIMIT", "UNREACHABLE")


def load(name):
    path = os.path.join(ROOT, "vectors", "mesh", name)
    if not os.path.exists(path):
        raise unittest.SkipTest(path + " is not in this checkout")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def cases(data):
    for g in data["testGroups"]:
        for t in g["tests"]:
            yield g, t


class _Conn:
    """Stands in for an RTT connection to one neighbour: records what the runtime sends."""

    def __init__(self, peer):
        self.peer, self.sent, self.is_open = peer, [], True

    def send_message(self, channel, data):
        self.sent.append(json.loads(data))


class _Clock:
    def __init__(self, ns):
        self.ns = ns

    def now_ns(self):
        return self.ns

    def timestamp(self):
        return ENV.format_timestamp(self.ns)


class Relay(unittest.TestCase):
    """Every case of mesh_relay_test.json: the receiving agent built from the case's world, the
    MESH_RELAY handed to its mesh runtime as from the case's neighbour; what it refuses, drops,
    delivers and sends is compared with the outcome."""

    def agent(self, group, t):
        keys = {a["fingerprint"]: a for a in group["agents"]}
        self_fp = group["self"]["fingerprint"]
        ident = Identity(bytes.fromhex(keys[self_fp]["seedHex"]), group["self"]["agent_id"])
        clock = _Clock(ENV.parse_timestamp(group["now"]))
        events = []

        def emit(kind, peer=None, msg_id=None, **attrs):
            events.append((kind, attrs))

        def seal(obj):
            return jcs.canonicalize(ENV.sign_envelope(obj, ident.seed))

        cip = CipRuntime(ident, seal, emit, clock.timestamp)
        receiver = ENV.Receiver(ENV.ReplayCache())
        mesh = MeshRuntime(ident, cip, seal, emit, clock,
                           lambda data: receiver.validate(data, clock.now_ns(), replay=False),
                           lambda msg_id: receiver.replay.check_and_remember(msg_id, clock.now_ns()))
        conns = {}
        for n in t["neighbours"]:
            conn = _Conn(n["fingerprint"])
            conns[n["fingerprint"]] = conn
            cip.sessions[id(conn)] = Session(conn, "responder", n["fingerprint"], keys[n["fingerprint"]]["pubkey"],
                                             n["agent_id"], phase="complete", peer_supports_mesh=True)
            cip.trust.override(n["fingerprint"], n["trust"])
        for k in t["trust"]:
            cip.trust.override(k["fingerprint"], k["state"])
        for mesh_id in t["remembered"]:
            mesh.memory.remember(mesh_id, clock.now_ns())
        for r in t["routesReceived"]:
            mesh.routes.learn(r["from"], r["routes"])
        return mesh, receiver, clock, conns, events

    def test_cases(self):
        data = load("mesh_relay_test.json")
        for g, t in cases(data):
            with self.subTest(tcId=t["tcId"], comment=t["comment"]):
                mesh, receiver, clock, conns, events = self.agent(g, t)
                outer = receiver.validate(t["relay"].encode("utf-8"), clock.now_ns())
                self.assertTrue(outer.valid, outer.message)
                e = outer.envelope
                env = Validated("mesh", e["type"], e["msg_id"], e["sender"]["pubkey"], e)
                refusal = mesh.handle(conns[t["from"]], env)
                self.check(t, json.loads(t["relay"])["payload"], refusal, conns, events)

    def check(self, t, relay, refusal, conns, events):
        o = t["outcome"]
        dropped = [a["reason"] for kind, a in events if kind == "mesh.relay.dropped"]
        if o["action"] == "refuse":
            self.assertIsNotNone(refusal, "accepted, expected %s at %s" % (o["error"], o["step"]))
            self.assertEqual(refusal[0], o["error"])
            return
        self.assertIsNone(refusal)
        if o["action"] == "drop":
            self.assertEqual(dropped, [o["reason"]])
            self.assertEqual([c.sent for c in conns.values() if c.sent], [])
            return
        delivered = any(kind == "mesh.relay.delivered" for kind, _ in events)
        self.assertEqual(delivered, o["deliver"])
        forwarded, undeliverable = [], []
        for fp, conn in sorted(conns.items()):
            for env in conn.sent:
                p = env["payload"]
                if env["type"] == "MESH_RELAY" and p["mesh_id"] == relay["mesh_id"]:
                    forwarded.append(fp)
                    self.assertEqual(p["route"], o["forwardedRoute"])
                    self.assertEqual({k: p[k] for k in ("origin", "destination", "hop_limit", "envelope")},
                                     {k: relay[k] for k in ("origin", "destination", "hop_limit", "envelope")})
                    continue
                inner = json.loads(base64.b64decode(p["envelope"])) if env["type"] == "MESH_RELAY" else env
                if inner["type"] == "MESH_UNDELIVERABLE" and inner["payload"]["code"] in UNDELIVERABLE_CODES:
                    self.assertEqual(inner["payload"]["code"], o["notForwarded"])
                    self.assertEqual(inner["payload"]["mesh_id"], relay["mesh_id"])
                    undeliverable.append(fp)
        self.assertEqual(forwarded, o["forwardTo"])
        self.assertEqual(undeliverable, [o["undeliverableTo"]] if o["undeliverableTo"] else [])
        not_forwarded = [r for r in dropped if r in ("hop_limit", "unreachable")]
        self.assertEqual(not_forwarded, [o["notForwarded"].lower()] if o["notForwarded"] else [])


class Routes(unittest.TestCase):
    """Every case of mesh_routes_test.json through web4py's route table."""

    def test_cases(self):
        data = load("mesh_routes_test.json")
        for g, t in cases(data):
            with self.subTest(tcId=t["tcId"], comment=t["comment"]):
                table = RouteTable(g["self"]["fingerprint"])
                for r in t["received"]:
                    table.learn(r["from"], r["routes"])
                neighbours = {n["fingerprint"]: n["agent_id"] for n in t["neighbours"]}
                table.keep_only(neighbours)
                routes = table.routes(neighbours, lambda fp: fp in t["blacklisted"])
                self.assertEqual([r.as_harness() for r in sorted(routes.values(), key=lambda r: r.destination)],
                                 t["routes"])
                for a in t["announced"]:
                    self.assertEqual(RouteTable.announcement(routes, a["to"]), a["routes"], a["to"])


PEER = "ab" * 32
VOUCHER = "cd" * 32
RECEIVER = "ef" * 32


class Trust(unittest.TestCase):
    """Every case of mesh_trust_test.json on a fresh trust book. Whether a MESH_VOUCH is a vouch
    event is decided as web4py's mesh runtime decides it (spec/mesh.md §4.6)."""

    def step(self, book, s, clock):
        step = s["step"]
        if step == "vouch":
            subject = {"peer": PEER, "receiver": RECEIVER, "voucher": VOUCHER}[s["subject"]]
            if book.state(VOUCHER) != s["voucher"]:
                book.override(VOUCHER, s["voucher"])
            if (s["view"] == "trusted" and book.state(VOUCHER) == "trusted"
                    and subject not in (RECEIVER, VOUCHER) and book.is_unknown(subject)):
                book.vouch(subject, clock[0])
            self.assertEqual(book.state(RECEIVER), "untrusted")
            self.assertEqual(book.state(VOUCHER), s["voucher"])
        elif step.startswith("advance:"):
            clock[0] += int(step.split(":")[1]) * NS
            while book.decay_due(clock[0]) is not None:
                pass
        elif step == "anchor":
            book.add_anchors([PEER])
        elif step.startswith("override:"):
            book.override(PEER, step.split(":")[1])
        else:
            book.event(PEER, step)

    def test_cases(self):
        data = load("mesh_trust_test.json")
        for g, t in cases(data):
            with self.subTest(tcId=t["tcId"], comment=t["comment"]):
                book, clock = TrustBook(), [0]
                self.assertEqual(book.state(PEER), g["initialState"])
                for i, s in enumerate(t["steps"]):
                    self.step(book, s, clock)
                    self.assertEqual(book.state(PEER), s["state"], "after step %d (%s)" % (i + 1, s["step"]))


NOW = "2026-01-15T09:30:00Z"
ANSWERS = ("FACT_CONFIRM", "FACT_REJECT")


def vector_identity(name):
    """The key named mesh-X (docs/vectors.md): seed SHA-256("web4-kit/vectors/key/mesh-X")."""
    seed = hashlib.sha256(("web4-kit/vectors/key/mesh-" + name).encode("utf-8")).digest()
    return Identity(seed, "agent-" + name)


class Knowledge(unittest.TestCase):
    """Every case of mesh_knowledge_test.json: the receiver R built from the case's world (sessions
    to its neighbours and CIP-only peers, routes to far agents), each step a real envelope signed by
    its origin, handed to the CIP runtime on the origin's session (direct) or to the mesh runtime in
    a MESH_RELAY from the route's last entry (relayed); what R refuses, drops and sends, its facts
    and the proposer's trust are compared after each step."""

    def agent(self, group, t):
        self.ids = {a["name"]: vector_identity(a["name"]) for a in group["agents"]}
        for a in group["agents"]:
            self.assertEqual(self.ids[a["name"]].fingerprint, a["fingerprint"])
        self.names = {i.fingerprint: n for n, i in self.ids.items()}
        ident = self.ids[group["receiver"]]
        self.clock = _Clock(ENV.parse_timestamp(NOW))
        self.events = []

        def emit(kind, peer=None, msg_id=None, **attrs):
            self.events.append((kind, attrs))

        def seal(obj):
            return jcs.canonicalize(ENV.sign_envelope(obj, ident.seed))

        self.cip = CipRuntime(ident, seal, emit, self.clock.timestamp)
        self.receiver = ENV.Receiver(ENV.ReplayCache())
        now = self.clock.now_ns()
        self.mesh = MeshRuntime(ident, self.cip, seal, emit, self.clock,
                                lambda data: self.receiver.validate(data, now, replay=False),
                                lambda msg_id: self.receiver.replay.check_and_remember(msg_id, now))
        self.conns, far = {}, {}
        for p in t["world"]:
            peer = self.ids[p["name"]]
            if p["reach"] in ("neighbour", "session"):
                conn = _Conn(peer.fingerprint)
                self.conns[p["name"]] = conn
                self.cip.sessions[id(conn)] = Session(conn, "responder", peer.fingerprint, peer.pubkey_b64,
                                                      peer.agent_id, phase="complete",
                                                      peer_supports_mesh=p["reach"] == "neighbour")
            elif p["reach"] == "far":
                far.setdefault(self.ids[p["via"]].fingerprint, []).append(
                    {"destination": peer.fingerprint, "agent_id": peer.agent_id, "hops": 1})
            self.cip.trust.override(peer.fingerprint, p["trust"])
        for via, routes in far.items():
            self.mesh.routes.learn(via, routes)

    def envelope(self, s, protocol, msg_type, payload, sender, receiver):
        obj = {protocol: "1.0", "msg_id": s, "type": msg_type, "timestamp": NOW,
               "sender": {"agent_id": sender.agent_id, "fingerprint": sender.fingerprint,
                          "pubkey": sender.pubkey_b64},
               "receiver": receiver, "payload": payload}
        return jcs.canonicalize(ENV.sign_envelope(obj, sender.seed))

    def inner(self, s):
        kind = s["step"]
        if kind == "propose":
            payload = {"fact": {"statement": "water boils at 100 C at sea level", "domain": "physics",
                                "confidence": 0.9, "sources": []}}
            if s["dmp_trace"]:
                payload["dmp_trace"] = {"decision_id": "5f0c5c1e-8d4a-4b7e-9a53-2f6d7c1b0a11",
                                        "steps": ["observed"], "evidence": []}
        elif kind == "challenge":
            payload = {"fact_ref": s["fact_ref"], "reason": s["reason"]}
        else:
            payload = {"fact_ref": s["fact_ref"], "decision": kind, "confidence": 1 if kind == "confirm" else 0}
        me = self.ids["R"]
        receiver = (dict(T_BROADCAST_RECEIVER) if s["arrives"] == "broadcast"
                    else {"agent_id": me.agent_id, "fingerprint": me.fingerprint})
        return self.envelope(s["msg_id"], "cip", "FACT_" + kind.upper(), payload, self.ids[s["from"]], receiver)

    def deliver(self, s):
        """Hands the step's envelope to R; returns (refusal, dropped)."""
        data = self.inner(s)
        if s["arrives"] == "direct":
            verdict = self.receiver.validate(data, self.clock.now_ns())
            if not verdict.valid:
                return (verdict.code, verdict.message), False
            e = verdict.envelope
            env = Validated("cip", e["type"], e["msg_id"], e["sender"]["pubkey"], e)
            return self.cip.handle(self.conns[s["from"]], env), False
        via = self.names[s["route"][-1]]
        relay = {"mesh_id": s["mesh_id"], "origin": self.ids[s["from"]].fingerprint,
                 "destination": "*" if s["arrives"] == "broadcast" else self.ids["R"].fingerprint,
                 "hop_limit": 9, "route": s["route"], "envelope": base64.b64encode(data).decode("ascii")}
        me = self.ids["R"]
        outer = self.envelope(str(uuid.uuid4()), "mesh", "MESH_RELAY", relay, self.ids[via],
                              {"agent_id": me.agent_id, "fingerprint": me.fingerprint})
        verdict = self.receiver.validate(outer, self.clock.now_ns())
        self.assertTrue(verdict.valid, verdict.message)
        e = verdict.envelope
        before = len(self.events)
        refusal = self.mesh.handle(self.conns[via], Validated("mesh", e["type"], e["msg_id"], e["sender"]["pubkey"], e))
        dropped = [a["reason"] for kind, a in self.events[before:] if kind == "mesh.relay.dropped"]
        return refusal, dropped == ["duplicate"]

    def sent_since(self, marks):
        """What R sent since ``marks``: (envelope or inner envelope, "direct" | "relayed")."""
        out = []
        for name, conn in self.conns.items():
            for env in conn.sent[marks.get(name, 0):]:
                if env["type"] == "MESH_RELAY":
                    out.append((json.loads(base64.b64decode(env["payload"]["envelope"])), "relayed"))
                else:
                    out.append((env, "direct"))
        return out

    def step(self, s, fact_id, at):
        e = s["expect"]
        marks = {name: len(conn.sent) for name, conn in self.conns.items()}
        if s["step"] in ("trust", "load"):
            # between envelopes (cip.md §4.5 "When trust and load are read"): an override, or R's load
            if s["step"] == "trust":
                self.cip.trust.override(self.ids[s["agent"]].fingerprint, s["trust"])
            else:
                self.cip.presence = "overloaded" if s["overloaded"] else "focused"
            self.assertNotIn("delivery", e, at)
            refusal, dropped, marks = None, False, {name: len(conn.sent) for name, conn in self.conns.items()}
        elif s["step"] == "own_propose":
            self.cip.new_msg_id = lambda: s["msg_id"]
            sent = self.mesh.originate(self.ids["N"].fingerprint, None, "cip", "FACT_PROPOSE",
                                       {"fact": {"statement": "R's own", "domain": "test", "confidence": 0.5,
                                                 "sources": []}})
            self.assertEqual(sent["msg_id"], s["msg_id"], at)
            refusal, dropped, marks = None, False, {name: len(conn.sent) for name, conn in self.conns.items()}
        else:
            refusal, dropped = self.deliver(s)
        sent = self.sent_since(marks)
        undeliverable = [env["payload"]["code"] for env, _ in sent if env["type"] == "MESH_UNDELIVERABLE"
                         and env["payload"]["msg_id"] == s["msg_id"]]
        if e.get("delivery") == "dropped":
            self.assertTrue(dropped, at + ": not dropped as a duplicate")
            self.assertEqual(sent, [], at + ": a dropped relay sends nothing")
        elif e.get("delivery") == "refused" and e["refusal"] == "error":
            self.assertIsNotNone(refusal, at + ": accepted, expected " + e["error"])
            self.assertEqual(refusal[0], e["error"], at)
            self.assertEqual(undeliverable, [], at)
        elif e.get("delivery") == "refused":
            self.assertIsNone(refusal, at + ": an ERROR frame, expected a MESH_UNDELIVERABLE")
            self.assertEqual(undeliverable, [e["error"]], at)
        else:
            self.assertIsNone(refusal, at)
            self.assertFalse(dropped, at)
            self.assertEqual(undeliverable, [], at)
        facts = {f["fact_ref"]: f for f in self.cip.fact_list()}
        fact = facts.get(fact_id)
        self.assertEqual(fact["status"] if fact else "none", e["fact"], at + ": fact")
        by = sorted(self.names[fp] for fp in (fact["confirmed_by"] if fact else []))
        self.assertEqual(by, sorted(e["confirmedBy"]), at + ": confirmedBy")
        answers = [(env["type"], path) for env, path in sent
                   if env["type"] in ANSWERS and env["payload"]["fact_ref"] == fact_id]
        expected = e.get("answer")
        self.assertEqual(answers, [(expected["type"], expected["path"])]
                         if expected and expected["path"] != "none" else [], at + ": answer")
        if fact:
            self.assertEqual(self.cip.trust.state(fact["proposer"]), e["proposerTrust"], at + ": proposerTrust")

    def test_cases(self):
        data = load("mesh_knowledge_test.json")
        for g, t in cases(data):
            with self.subTest(tcId=t["tcId"], comment=t["comment"]):
                self.agent(g, t)
                fact_id = next((s["msg_id"] for s in t["steps"] if s["step"] == "propose"), None)
                for i, s in enumerate(t["steps"]):
                    self.step(s, fact_id, "step %d (%s)" % (i + 1, s["step"]))


if __name__ == "__main__":
    unittest.main()
