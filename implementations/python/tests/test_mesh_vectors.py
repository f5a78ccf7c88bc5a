"""The kit's mesh vectors (vectors/mesh/, docs/vectors.md "Mesh vectors") against web4py.mesh:
relay decisions through the mesh runtime with sessions standing in for RTT connections, routes
through the route table, and trust sequences through the trust book."""

import base64
import json
import os
import unittest

from web4py import envelope as ENV
from web4py import jcs
from web4py.agent import Validated
from web4py.cip.model import Session
from web4py.cip.runtime import CipRuntime
from web4py.cip.trust import TrustBook
from web4py.mesh.routes import RouteTable
from web4py.mesh.runtime import MeshRuntime
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


if __name__ == "__main__":
    unittest.main()
