"""Three web4py agents in a line, A–B–C, over real RTT loopback connections (spec/mesh.md): A and C
have no session, B relays. Proves that routes are learned from MESH_ROUTES (A reaches C in 2 hops
through B), that B's vouches open C's door to A and A's to C (Table 4.6), that A's harness
``mesh/send`` of an INTENT reaches C through B as a MESH_RELAY, that C answers with an
INTENT_RESPONSE originated back to A through B (MESH-DEL-001), and what each agent reports."""

import json
import time
import unittest
import urllib.request

from web4py.agent import Agent
from web4py.harness import start_harness
from web4py.schema import default_registry

from tests.test_rtt_wire import key

WAIT = 10.0
TOKEN = "mesh-token"


def wait_for(what, condition, timeout=WAIT):
    """Poll ``condition`` (bounded); fail loudly with ``what`` when it never holds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("never happened within %.0f s: %s" % (timeout, what))


class Line(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.a, cls.b, cls.c = Agent(key("mesh-a")), Agent(key("mesh-b")), Agent(key("mesh-c"))
        cls.addr = {name: ag.start() for name, ag in (("a", cls.a), ("b", cls.b), ("c", cls.c))}
        cls.server, cls.port = start_harness("127.0.0.1", 0, TOKEN, cls.a.identity, cls.a)
        cls.reg = default_registry()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        for ag in (cls.a, cls.b, cls.c):
            ag.stop()

    def setUp(self):
        for ag in (self.a, self.b, self.c):
            ag.reset()
        self.fp = {n: ag.identity.fingerprint for n, ag in (("a", self.a), ("b", self.b), ("c", self.c))}
        # A–B and B–C; every neighbour trusted, so that B vouches A to C and C to A
        self.a.dial(*self.addr["b"], expect_fingerprint=self.fp["b"])
        self.c.dial(*self.addr["b"], expect_fingerprint=self.fp["b"])
        # A and C trust B before B trusts them: B's vouches (sent once, MESH-TRU-003) then come from
        # a neighbour they hold trusted, which makes them `vouch` events
        for ag, peers in ((self.a, "b"), (self.c, "b"), (self.b, "ac")):
            for p in peers:
                wait_for("handshake with " + p, lambda: ag.trust().get(self.fp[p]) == "probing")
                ag.override_trust(self.fp[p], "trusted")

    def harness(self, method, op, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request("http://127.0.0.1:%d/harness/v1/%s" % (self.port, op), data=data,
                                     method=method)
        req.add_header("Authorization", "Bearer " + TOKEN)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=30) as r:
            obj = json.loads(r.read())
        self.assertEqual(self.reg.errors(obj, "harness/%s.response.schema.json" % op.replace("/", "_")), [], obj)
        return obj

    def events(self, ag, kind):
        return [e for e in ag.events(0, 10000)[0] if e["kind"] == kind]

    def test_routes_and_vouches(self):
        """MESH-RTE-001/002, HAR-MESH-001: A reaches B directly and C in 2 hops via B; MESH-TRU-001/003:
        the vouches made the far agents `probing` with cause `vouch`; HAR-INFO-006."""
        route_to_c = {"destination": self.fp["c"], "agent_id": "mesh-c", "via": self.fp["b"], "hops": 2}
        got = wait_for("A learns C", lambda: route_to_c in self.harness("GET", "mesh")["routes"])
        self.assertTrue(got)
        mesh = self.harness("GET", "mesh")
        self.assertEqual(mesh["hop_limit"], 9)
        expected = sorted([route_to_c, {"destination": self.fp["b"], "agent_id": "mesh-b", "via": self.fp["b"],
                                        "hops": 1}], key=lambda r: r["destination"])
        self.assertEqual(mesh["routes"], expected)
        self.assertEqual(self.harness("GET", "info")["protocols"]["mesh"], ["1.0"])
        for ag, far in ((self.a, "c"), (self.c, "a")):
            wait_for("vouch for " + far, lambda: ag.trust().get(self.fp[far]) == "probing")
            changes = [e["attributes"] for e in self.events(ag, "cip.trust.changed") if e["peer"] == self.fp[far]]
            self.assertEqual(changes, [{"from": "untrusted", "to": "probing", "cause": "vouch"}])
            received = [e["attributes"] for e in self.events(ag, "mesh.vouch.received")
                        if e["attributes"]["subject"] == self.fp[far]]
            self.assertEqual(received, [{"subject": self.fp[far], "view": "trusted", "applied": True}])

    def test_intent_through_b_and_its_response_back(self):
        """MESH-ORG-002, MESH-RLY-005, MESH-DEL-001, HAR-MESH-002, EVT-MESH-001, EVT-MESH-003."""
        wait_for("A learns C", lambda: any(r["destination"] == self.fp["c"]
                                           for r in self.harness("GET", "mesh")["routes"]))
        wait_for("C holds A probing", lambda: self.c.trust().get(self.fp["a"]) == "probing")
        wait_for("A holds C probing", lambda: self.a.trust().get(self.fp["c"]) == "probing")
        sent = self.harness("POST", "mesh/send", {"destination": self.fp["c"], "type": "INTENT",
                                                  "payload": {"goal": "ask", "topic": "mesh", "priority": "low"}})
        self.assertEqual((sent["result"], sent["to"]), ("sent", [self.fp["b"]]))
        self.assertIsNotNone(sent["mesh_id"])
        delivered_at_a = wait_for("the INTENT_RESPONSE back at A", lambda: [
            e for e in self.events(self.a, "mesh.relay.delivered") if e["attributes"]["type"] == "INTENT_RESPONSE"])
        self.assertEqual(delivered_at_a[0]["attributes"]["origin"], self.fp["c"])
        self.assertEqual(delivered_at_a[0]["peer"], self.fp["b"])
        at_c = [e for e in self.events(self.c, "mesh.relay.delivered") if e["msg_id"] == sent["msg_id"]]
        self.assertEqual([e["attributes"] for e in at_c],
                         [{"mesh_id": sent["mesh_id"], "origin": self.fp["a"], "type": "INTENT"}])
        originated = [(e["peer"], e["msg_id"], e["attributes"]) for e in self.events(self.a, "mesh.relay.originated")]
        self.assertEqual(originated, [(self.fp["b"], sent["msg_id"], {"mesh_id": sent["mesh_id"],
                                                                     "destination": self.fp["c"], "type": "INTENT"})])
        self.assertEqual([(e["peer"], e["attributes"]["destination"], e["attributes"]["type"])
                          for e in self.events(self.c, "mesh.relay.originated")],
                         [(self.fp["b"], self.fp["a"], "INTENT_RESPONSE")])  # EVT-MESH-003
        forwarded = [(e["peer"], e["attributes"]["origin"], e["attributes"]["hops"])
                     for e in self.events(self.b, "mesh.relay.forwarded")]
        self.assertEqual(forwarded, [(self.fp["c"], self.fp["a"], 2), (self.fp["a"], self.fp["c"], 2)])
        for ag in (self.a, self.b, self.c):
            self.assertEqual(self.events(ag, "rtt.error.sent"), [])
            self.assertEqual(self.events(ag, "mesh.relay.dropped"), [])
            for e in ag.events(0, 10000)[0]:  # EVT-ENV-001
                self.assertEqual(self.reg.errors(e, "events/event.schema.json"), [], e)

    def test_broadcast_proposal_and_its_outcomes(self):
        """MESH-ORG-003, MESH-RLY-008, MESH-KNW-001 (outcomes by §4.2): A's broadcast FACT_PROPOSE without
        dmp_trace goes to B, B delivers it and sends it on to C only; each rejects it (CIP-KNW-002) and
        sends A its FACT_REJECT — B directly, C through B — which A takes as outcomes of its proposal
        (FINDINGS-mesh.md F-MESH-10): no refusal anywhere."""
        wait_for("C holds A probing", lambda: self.c.trust().get(self.fp["a"]) == "probing")
        sent = self.harness("POST", "mesh/send", {"destination": "*", "type": "FACT_PROPOSE", "payload": {
            "fact": {"statement": "broadcast works", "domain": "mesh", "confidence": 0.5, "sources": []}}})
        self.assertEqual((sent["result"], sent["to"]), ("sent", [self.fp["b"]]))
        for ag in (self.b, self.c):
            fact = wait_for("the fact at " + ag.identity.agent_id,
                            lambda: [f for f in ag.facts() if f["fact_ref"] == sent["msg_id"]])[0]
            self.assertEqual((fact["proposer"], fact["status"]), (self.fp["a"], "rejected"))
        self.assertEqual([e["peer"] for e in self.events(self.b, "mesh.relay.forwarded")
                          if e["attributes"]["mesh_id"] == sent["mesh_id"]], [self.fp["c"]])
        wait_for("C's FACT_REJECT back at A", lambda: [
            e for e in self.events(self.a, "mesh.relay.delivered") if e["attributes"]["type"] == "FACT_REJECT"])
        self.a.trust()  # everything B sent has been handled
        for ag in (self.a, self.b, self.c):
            self.assertEqual(self.events(ag, "rtt.error.sent"), [])
            self.assertEqual([e for e in self.events(ag, "mesh.relay.delivered")
                              if e["attributes"]["type"] == "MESH_UNDELIVERABLE"], [])

    def test_unreachable_and_refused_types(self):
        """HAR-MESH-002: no route → unreachable, nothing sent; Table 4.3b → invalid RELAY; a bad
        payload → invalid PAYLOAD_SCHEMA."""
        nowhere = "ab" * 32
        self.assertEqual(self.harness("POST", "mesh/send", {"destination": nowhere, "type": "INTENT", "payload": {
            "goal": "ask", "topic": "t", "priority": "low"}}), {"result": "unreachable"})
        bad_type = self.harness("POST", "mesh/send", {"destination": "*", "type": "INTENT", "payload": {}})
        self.assertEqual((bad_type["result"], bad_type["error"]["code"]), ("invalid", "RELAY"))
        bad_payload = self.harness("POST", "mesh/send", {"destination": self.fp["c"], "type": "INTENT",
                                                         "payload": {"goal": "g"}})
        self.assertEqual((bad_payload["result"], bad_payload["error"]["code"]), ("invalid", "PAYLOAD_SCHEMA"))


if __name__ == "__main__":
    unittest.main()
