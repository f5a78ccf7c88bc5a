"""The HCP harness operations (harness.md §4.12) over real loopback HTTP against a web4py agent:
capability, request checks, response schemas, and one intent stated through the harness."""

import json
import unittest

from test_harness import HarnessCase

from web4py.agent import Agent
from web4py.hcp.peer import HcpPeer
from web4py.rtt.rawpeer import RawPeer

from tests.test_rtt_wire import key


class HcpOperations(HarnessCase):
    agent = Agent(key("iut-harness"))

    @classmethod
    def setUpClass(cls):
        cls.address = cls.agent.start()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.agent.stop()

    def setUp(self):
        self.ok("POST", "reset", "{}")

    def test_info_lists_hcp(self):
        info = self.ok("GET", "info")
        self.assertIn("hcp", info["capabilities"])  # HAR-INFO-004

    def test_principal_round_trip(self):
        s = self.ok("POST", "human/state", json.dumps({"presence": "focused", "affect": "calm", "clarity": 30,
                                                        "pressure": 10, "intent": "x"}))
        self.assertEqual(s, {"human": {"presence": "focused", "affect": "calm", "clarity": 30, "pressure": 10,
                                       "intent": "x", "consent": "granted"}, "level": "slow"})
        c = self.ok("POST", "human/consent", json.dumps({"consent": "limited", "consent_scope": ["topic:a"],
                                                          "safety_flags": []}))
        self.assertEqual((c["human"]["consent"], c["consent_scope"]), ("limited", ["topic:a"]))
        report = self.ok("GET", "hcp/sessions")
        self.assertEqual(report["principal"], c)
        self.assertEqual(report["sessions"], [])
        self.ok("POST", "reset", "{}")
        self.assertEqual(self.ok("GET", "hcp/sessions")["principal"]["human"],
                         {"presence": "engaged", "affect": "neutral", "clarity": 100, "pressure": 0,
                          "intent": "none", "consent": "granted"})  # Table 4.1

    def test_bad_requests(self):
        peer = "ab" * 32
        for body in [{"peer": peer, "decision": "d", "rationale": "", "alternatives": ["a"]},
                     {"peer": peer, "decision": "d", "rationale": "r", "alternatives": []},
                     {"peer": peer, "decision": "d", "rationale": "r"}]:
            with self.subTest(body=body):
                self.refused(400, "BAD_REQUEST", "POST", "human/decision", json.dumps(body))
        self.refused(400, "BAD_REQUEST", "POST", "human/state", json.dumps({"presence": "engaged"}))
        self.refused(405, "METHOD_NOT_ALLOWED", "POST", "hcp/sessions", "{}")

    def test_intent_through_the_harness(self):
        a = self.ok("POST", "human/intent", json.dumps({"peer": key("carol").fingerprint, "goal": "align",
                                                         "topic": "topic:demo", "priority": "low"}))
        self.assertEqual(a["status"], "no_session")
        carol = HcpPeer(RawPeer.connect(self.address, key("carol")).handshake(), clock_ns=self.agent.clock.now_ns)
        try:
            carol.cip_handshake()
            carol.open_hcp()
            a = self.ok("POST", "human/intent", json.dumps({"peer": carol.fingerprint, "goal": "align",
                                                             "topic": "topic:demo", "priority": "low"}))
            self.assertEqual(a["status"], "sent")
            i = carol.await_envelope("HCP_INTENT")
            self.assertEqual((i["msg_id"], i["payload"]["topic"]), (a["msg_id"], "topic:demo"))
            carol.send(carol.hcp_intent("topic:demo"))
            report = self.ok("GET", "hcp/sessions")
            (session,) = report["sessions"]
            self.assertEqual(session["open_topic"], "topic:demo")
            self.assertEqual([m["type"] for m in session["inbox"]], ["HCP_INTENT"])
            self.assertIsNotNone(session["last_sent_at"])
        finally:
            carol.raw.close()


class WithoutHcp(HarnessCase):
    from test_harness import FakeAgent  # an agent without hcp_operation
    agent = FakeAgent()

    def test_hcp_operations_are_404(self):
        self.assertNotIn("hcp", self.ok("GET", "info")["capabilities"])
        self.refused(404, "NOT_FOUND", "GET", "hcp/sessions")
        self.refused(404, "NOT_FOUND", "POST", "human/state", "{}")


if __name__ == "__main__":
    unittest.main()
