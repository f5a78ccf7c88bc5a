"""Mesh behaviour (spec/mesh.md §4) of a web4py agent on loopback, with scripted tester peers t1 and
t2 around it (neighbours over real RTT + CIP sessions) and two far agents, ``far`` (beyond t1) and
``dest`` (beyond t2), whose keys the tests hold: the gate, the relay steps R1–R5 with their refusals
and drops, forwarding, HOP_LIMIT / UNREACHABLE back to the origin, delivery with its replay step,
broadcast, MESH_ROUTES and MESH_VOUCH sending, and vouch decay on the agent's clock."""

import base64
import time
import unittest
import uuid

from web4py import envelope as ENV
from web4py import jcs
from web4py.agent import Agent
from web4py.cip.peer import CipPeer
from web4py.rtt.channels import CONTROL, STATE
from web4py.rtt.clock import format_timestamp
from web4py.rtt.rawpeer import RawPeer

from tests.test_rtt_wire import key

ANSWER = 5.0
FAR, DEST = key("far"), key("dest")


def signed(protocol, who, receiver, msg_type, payload, now_ns=None):
    obj = {protocol: "1.0", "msg_id": str(uuid.uuid4()), "type": msg_type,
           "timestamp": format_timestamp(now_ns if now_ns is not None else time.time_ns()),
           "sender": {"agent_id": who.agent_id, "fingerprint": who.fingerprint, "pubkey": who.pubkey_b64},
           "receiver": receiver, "payload": payload}
    return ENV.sign_envelope(obj, who.seed)


class MeshPeer(CipPeer):
    """A tester peer that announces the mesh in its HELLO (MESH-GATE-003)."""

    mesh = True

    def hello(self, *protocols: str) -> dict:
        env = super().hello(*protocols)
        if not self.mesh:
            return env
        env["payload"]["features"] = {"supports_mesh": True, "supports_multiplex": False}
        return ENV.sign_envelope(env, self.identity.seed)


def intent_payload():
    return {"goal": "ask", "topic": "mesh", "priority": "normal"}


class MeshCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.agent = Agent(key("iut"))
        cls.address = cls.agent.start()
        cls.iut = key("iut").fingerprint

    @classmethod
    def tearDownClass(cls):
        cls.agent.stop()

    def setUp(self):
        self.agent.reset()
        self.peers = []

    def tearDown(self):
        for p in self.peers:
            p.raw.close()

    def neighbour(self, name, state="trusted", mesh=True) -> CipPeer:
        p = MeshPeer(RawPeer.connect(self.address, key(name)).handshake())
        p.mesh = mesh
        self.peers.append(p)
        p.cip_handshake()
        if mesh:
            self.assertIsNotNone(p.await_envelope("MESH_ROUTES"), "MESH-RTE-001")
        self.agent.override_trust(p.fingerprint, state)
        return p

    def mesh(self, peer, msg_type, payload) -> dict:
        env = signed("mesh", peer.identity, {"agent_id": "iut", "fingerprint": self.iut}, msg_type, payload)
        peer.send(env, STATE if msg_type == "MESH_ROUTES" else CONTROL)
        return env

    def announce(self, peer, *destinations):
        self.mesh(peer, "MESH_ROUTES", {"routes": [{"destination": d.fingerprint, "agent_id": d.agent_id, "hops": 1}
                                                   for d in destinations]})
        self.assertTrue(peer.barrier())

    def relay(self, peer, inner: dict, route, destination=None, hop_limit=9, mesh_id=None) -> dict:
        payload = {"mesh_id": mesh_id or str(uuid.uuid4()), "origin": inner["sender"]["fingerprint"],
                   "destination": destination or inner["receiver"]["fingerprint"], "hop_limit": hop_limit,
                   "route": route, "envelope": base64.b64encode(jcs.canonicalize(inner)).decode()}
        return self.mesh(peer, "MESH_RELAY", payload)

    def refused(self, peer, code, env):
        e = peer.await_error(ANSWER)
        self.assertIsNotNone(e, "expected an ERROR %s" % code)
        self.assertEqual((e.code, e.msg_id), (code, env["msg_id"]), e.text)

    def nothing_more(self, peer):
        self.assertTrue(peer.barrier())
        left = [r for r in peer.received if r is not None and r[0] in ("env", "error")
                and not (r[0] == "env" and r[2].get("type") in ("MESH_ROUTES", "MESH_VOUCH"))]
        self.assertEqual(left, [], "unexpected: %r" % (left,))

    def events(self, kind):
        return [e for e in self.agent.events(0, 10000)[0] if e["kind"] == kind]

    def relayed_inner(self, peer, msg_type):
        r = peer.await_envelope("MESH_RELAY", ANSWER)
        self.assertIsNotNone(r, "expected a MESH_RELAY carrying %s" % msg_type)
        inner = ENV.ijson.parse(base64.b64decode(r["payload"]["envelope"]))
        self.assertEqual(inner["type"], msg_type)
        return r, inner


class Gate(MeshCase):
    def test_before_the_handshake_and_from_an_untrusted_peer(self):
        """MESH-GATE-001."""
        raw = MeshPeer(RawPeer.connect(self.address, key("t1")).handshake())
        self.peers.append(raw)
        env = self.mesh(raw, "MESH_ROUTES", {"routes": []})
        self.refused(raw, "TRUST_VIOLATION", env)
        t2 = self.neighbour("t2", "untrusted")
        env = self.mesh(t2, "MESH_VOUCH", {"subject": FAR.fingerprint, "view": "trusted"})
        self.refused(t2, "TRUST_VIOLATION", env)
        self.assertEqual(self.events("mesh.vouch.received"), [])

    def test_a_peer_without_supports_mesh_is_no_neighbour(self):
        """MESH-GATE-001/002/003: the IUT's HELLO announces the mesh; a peer whose HELLO does not is sent
        no mesh envelope (not even MESH_ROUTES, MESH-RTE-001) and its mesh envelopes are refused."""
        plain = self.neighbour("t1", mesh=False)
        env = self.mesh(plain, "MESH_ROUTES", {"routes": []})
        self.refused(plain, "TRUST_VIOLATION", env)
        self.neighbour("t2")
        self.assertEqual([r["destination"] for r in self.agent.mesh_routes()["routes"]], [key("t2").fingerprint])
        self.assertTrue(plain.barrier())
        self.assertEqual([r[2]["type"] for r in plain.received if r is not None and r[0] == "env" and "mesh" in r[2]], [])

    def test_iut_hello_announces_the_mesh(self):
        """MESH-GATE-003 (the IUT as responder)."""
        p = MeshPeer(RawPeer.connect(self.address, key("t1")).handshake())
        self.peers.append(p)
        p.send(p.hello())
        hello = p.await_envelope("HELLO")
        self.assertIs(hello["payload"]["features"]["supports_mesh"], True)

    def test_another_sender_on_the_session_is_malicious(self):
        """MESH-SES-001: refused, and the peer is blacklisted."""
        t1 = self.neighbour("t1")
        env = signed("mesh", FAR, {"agent_id": "iut", "fingerprint": self.iut}, "MESH_ROUTES", {"routes": []})
        t1.send(env, STATE)
        self.refused(t1, "TRUST_VIOLATION", env)
        self.assertEqual(self.agent.trust()[t1.fingerprint], "blacklisted")


class Relay(MeshCase):
    def setUp(self):
        super().setUp()
        self.t1, self.t2 = self.neighbour("t1"), self.neighbour("t2")
        self.announce(self.t1, FAR)
        self.announce(self.t2, DEST)

    def far_intent(self, to=DEST):
        return signed("cip", FAR, {"agent_id": to.agent_id, "fingerprint": to.fingerprint}, "INTENT", intent_payload())

    def test_forwarded_unchanged_but_the_route_record(self):
        """MESH-RLY-005, EVT-MESH-001, HAR-MESH-001."""
        routes = {r["destination"]: (r["via"], r["hops"]) for r in self.agent.mesh_routes()["routes"]}
        self.assertEqual(routes[DEST.fingerprint], (self.t2.fingerprint, 2))
        sent = self.relay(self.t1, self.far_intent(), [FAR.fingerprint, self.t1.fingerprint])
        got = self.t2.await_envelope("MESH_RELAY", ANSWER)
        self.assertIsNotNone(got)
        p = sent["payload"]
        self.assertEqual(got["payload"], dict(p, route=p["route"] + [self.iut]))
        self.assertEqual(got["sender"]["fingerprint"], self.iut)
        fwd = self.events("mesh.relay.forwarded")
        self.assertEqual([(e["peer"], e["attributes"]["hops"]) for e in fwd], [(self.t2.fingerprint, 3)])
        self.nothing_more(self.t1)

    def test_r1_r2_r3(self):
        """MESH-RLY-001 (R1), MESH-RLY-002 (R2), MESH-RLY-003 (R3): refused, then dropped silently."""
        bad = self.relay(self.t1, self.far_intent(), [FAR.fingerprint, self.t2.fingerprint])
        self.refused(self.t1, "RELAY", bad)
        ok = self.relay(self.t1, self.far_intent(), [FAR.fingerprint, self.t1.fingerprint])
        self.assertIsNotNone(self.t2.await_envelope("MESH_RELAY", ANSWER))
        self.relay(self.t1, self.far_intent(), [FAR.fingerprint, self.t1.fingerprint], mesh_id=ok["payload"]["mesh_id"])
        self.relay(self.t1, self.far_intent(), [FAR.fingerprint, self.iut, self.t1.fingerprint])
        self.nothing_more(self.t1)
        self.nothing_more(self.t2)
        reasons = [e["attributes"]["reason"] for e in self.events("mesh.relay.dropped")]
        self.assertEqual(reasons, ["relay", "duplicate", "loop"])

    def test_r4_and_r5(self):
        """MESH-RLY-001 (R4: a forged inner signature, a type Table 4.3b refuses), MESH-RLY-004 (R5)."""
        forged = self.far_intent()
        forged["payload"]["topic"] = "changed after signing"
        self.refused(self.t1, "RELAY", self.relay(self.t1, forged, [FAR.fingerprint, self.t1.fingerprint]))
        state = signed("cip", FAR, {"agent_id": "dest", "fingerprint": DEST.fingerprint}, "STATE_UPDATE",
                       {"presence": "focused", "lri": 1})
        self.refused(self.t1, "RELAY", self.relay(self.t1, state, [FAR.fingerprint, self.t1.fingerprint]))
        self.agent.override_trust(FAR.fingerprint, "blacklisted")
        self.refused(self.t1, "TRUST_VIOLATION",
                     self.relay(self.t1, self.far_intent(), [FAR.fingerprint, self.t1.fingerprint]))
        self.nothing_more(self.t2)
        reasons = [e["attributes"]["reason"] for e in self.events("mesh.relay.dropped")]
        self.assertEqual(reasons, ["relay", "relay", "blacklisted"])

    def test_hop_limit_and_unreachable_go_back_to_the_origin(self):
        """MESH-RLY-006, MESH-RLY-007: a MESH_UNDELIVERABLE originated to `far` through t1."""
        inner = self.far_intent()
        sent = self.relay(self.t1, inner, [FAR.fingerprint, self.t1.fingerprint], hop_limit=2)
        r, und = self.relayed_inner(self.t1, "MESH_UNDELIVERABLE")
        self.assertEqual(und["payload"]["code"], "HOP_LIMIT")
        self.assertEqual((und["payload"]["mesh_id"], und["payload"]["msg_id"]), (sent["payload"]["mesh_id"], inner["msg_id"]))
        self.assertEqual((r["payload"]["origin"], r["payload"]["destination"], r["payload"]["route"]),
                         (self.iut, FAR.fingerprint, [self.iut]))
        self.assertEqual(und["receiver"]["fingerprint"], FAR.fingerprint)
        self.assertNotIn("trust", und)
        nobody = key("nobody")
        self.relay(self.t1, self.far_intent(to=nobody), [FAR.fingerprint, self.t1.fingerprint])
        _, und = self.relayed_inner(self.t1, "MESH_UNDELIVERABLE")
        self.assertEqual(und["payload"]["code"], "UNREACHABLE")
        self.nothing_more(self.t2)
        reasons = [e["attributes"]["reason"] for e in self.events("mesh.relay.dropped")]
        self.assertEqual(reasons, ["hop_limit", "unreachable"])

    def test_delivery_refusal_answer_and_replay(self):
        """MESH-DEL-001, MESH-DEL-002: an untrusted origin is refused by a MESH_UNDELIVERABLE (no ERROR);
        a probing one gets its INTENT_RESPONSE through the mesh; the same inner envelope again is REPLAY."""
        first = self.far_intent(to=key("iut"))
        self.relay(self.t1, first, [FAR.fingerprint, self.t1.fingerprint])
        _, und = self.relayed_inner(self.t1, "MESH_UNDELIVERABLE")
        self.assertEqual(und["payload"]["code"], "TRUST_VIOLATION")
        self.agent.override_trust(FAR.fingerprint, "probing")
        intent = self.far_intent(to=key("iut"))
        self.relay(self.t1, intent, [FAR.fingerprint, self.t1.fingerprint])
        _, answer = self.relayed_inner(self.t1, "INTENT_RESPONSE")
        self.assertEqual((answer["payload"]["intent_ref"], answer["payload"]["decision"]), (intent["msg_id"], "accept"))
        self.assertEqual(answer["receiver"], {"agent_id": "far", "fingerprint": FAR.fingerprint})
        self.relay(self.t1, intent, [FAR.fingerprint, self.t1.fingerprint])  # another mesh_id
        _, und = self.relayed_inner(self.t1, "MESH_UNDELIVERABLE")
        self.assertEqual((und["payload"]["code"], und["payload"]["msg_id"]), ("REPLAY", intent["msg_id"]))
        self.nothing_more(self.t1)
        self.assertEqual(len(self.events("mesh.relay.delivered")), 3)
        self.assertEqual(self.events("rtt.error.sent"), [])

    def test_broadcast_delivered_and_forwarded_to_the_others(self):
        """MESH-RLY-008: delivered (the fact is held, proposer `far`) and sent on to t2 only."""
        self.agent.override_trust(FAR.fingerprint, "probing")
        proposal = signed("cip", FAR, {"agent_id": "broadcast", "fingerprint": "0" * 64}, "FACT_PROPOSE", {
            "fact": {"statement": "the mesh works", "domain": "conformance", "confidence": 0.9, "sources": []},
            "dmp_trace": {"decision_id": str(uuid.uuid4()), "steps": ["observed"], "evidence": []}})
        self.relay(self.t1, proposal, [FAR.fingerprint, self.t1.fingerprint], destination="*")
        got = self.t2.await_envelope("MESH_RELAY", ANSWER)
        self.assertEqual(got["payload"]["route"], [FAR.fingerprint, self.t1.fingerprint, self.iut])
        facts = {f["fact_ref"]: f for f in self.agent.facts()}
        self.assertEqual((facts[proposal["msg_id"]]["proposer"], facts[proposal["msg_id"]]["status"]),
                         (FAR.fingerprint, "pending"))
        self.nothing_more(self.t1)

    def test_relayed_and_direct_confirmations_accept_a_relayed_proposal(self):
        """MESH-KNW-001, MESH-KNW-002: `far` proposes through t1; `dest` confirms through t2 (twice: the
        second copy is REPLAY), t2 confirms directly; the outcome goes back to `far` through t1."""
        for who in (FAR, DEST):
            self.agent.override_trust(who.fingerprint, "trusted")
        iut = {"agent_id": "iut", "fingerprint": self.iut}
        proposal = signed("cip", FAR, iut, "FACT_PROPOSE", {
            "fact": {"statement": "relays work", "domain": "conformance", "confidence": 0.9, "sources": []},
            "dmp_trace": {"decision_id": str(uuid.uuid4()), "steps": ["observed"], "evidence": []}})
        self.relay(self.t1, proposal, [FAR.fingerprint, self.t1.fingerprint])
        self.assertTrue(self.t1.barrier())
        confirm = signed("cip", DEST, iut, "FACT_CONFIRM", {"fact_ref": proposal["msg_id"], "decision": "confirm",
                                                           "confidence": 1})
        self.relay(self.t2, confirm, [DEST.fingerprint, self.t2.fingerprint])
        self.relay(self.t2, confirm, [DEST.fingerprint, self.t2.fingerprint])
        _, und = self.relayed_inner(self.t2, "MESH_UNDELIVERABLE")
        self.assertEqual(und["payload"]["code"], "REPLAY")
        self.assertEqual(self.agent.facts()[0]["confirmed_by"], [DEST.fingerprint])
        self.t2.send(self.t2.review(proposal["msg_id"]))
        _, outcome = self.relayed_inner(self.t1, "FACT_CONFIRM")
        self.assertEqual(outcome["payload"]["fact_ref"], proposal["msg_id"])
        fact = self.agent.facts()[0]
        self.assertEqual((fact["status"], fact["confirmed_by"]), ("accepted", [DEST.fingerprint, self.t2.fingerprint]))


class RoutesAndVouches(MeshCase):
    def test_routes_follow_sessions_and_vouches_follow_trust(self):
        """MESH-RTE-002 (a new neighbour is announced), MESH-TRU-003 (both trusted: a vouch each way)."""
        t1 = self.neighbour("t1")
        t2 = self.neighbour("t2")
        table = t1.await_envelope("MESH_ROUTES", ANSWER)
        self.assertEqual(table["payload"]["routes"], [{"destination": t2.fingerprint, "agent_id": "t2", "hops": 1}])
        v1 = t1.await_envelope("MESH_VOUCH", ANSWER)
        v2 = t2.await_envelope("MESH_VOUCH", ANSWER)
        self.assertEqual(v1["payload"], {"subject": t2.fingerprint, "view": "trusted"})
        self.assertEqual(v2["payload"], {"subject": t1.fingerprint, "view": "trusted"})

    def test_vouch_moves_an_unknown_agent_to_probing_and_decays(self):
        """MESH-TRU-001, MESH-TRU-002, EVT-MESH-002: a blacklisted view changes nothing; a trusted one
        from a trusted neighbour makes `far` probing; 3,600 s later by the clock it is untrusted."""
        t1 = self.neighbour("t1")
        self.mesh(t1, "MESH_VOUCH", {"subject": FAR.fingerprint, "view": "blacklisted"})
        self.mesh(t1, "MESH_VOUCH", {"subject": FAR.fingerprint, "view": "trusted"})
        self.assertTrue(t1.barrier())
        self.assertEqual(self.agent.trust()[FAR.fingerprint], "probing")
        self.assertEqual([e["attributes"]["applied"] for e in self.events("mesh.vouch.received")], [False, True])
        self.agent.advance_clock(3599)
        self.assertEqual(self.agent.trust()[FAR.fingerprint], "probing")
        self.agent.advance_clock(1)
        self.assertEqual(self.agent.trust()[FAR.fingerprint], "untrusted")
        causes = [e["attributes"]["cause"] for e in self.events("cip.trust.changed") if e["peer"] == FAR.fingerprint]
        self.assertEqual(causes, ["vouch", "decay"])


if __name__ == "__main__":
    unittest.main()
