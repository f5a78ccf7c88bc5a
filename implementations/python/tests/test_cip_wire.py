"""CIP behaviour (spec/cip.md §4) over RTT on loopback: scripted tester peers (carol, alice, bob,
dave, mallory) against a web4py agent, and two web4py agents talking to each other."""

import socket
import threading
import time
import unittest

from web4py.agent import Agent
from web4py.cip.peer import b64
from web4py.cip.peer import CipPeer
from web4py.rtt.channels import CONTROL, KNOWLEDGE, STATE
from web4py.rtt.rawpeer import RawPeer

from tests.test_rtt_wire import key

ANSWER = 5.0


class CipCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.agent = Agent(key("iut"))
        cls.address = cls.agent.start()

    @classmethod
    def tearDownClass(cls):
        cls.agent.stop()

    def setUp(self):
        self.agent.reset()
        self.peers = {}

    def tearDown(self):
        for p in self.peers.values():
            p.raw.close()

    def rtt(self, name) -> CipPeer:
        raw = RawPeer.connect(self.address, key(name)).handshake()
        p = CipPeer(raw)
        self.peers[name] = p
        return p

    def cip(self, name) -> CipPeer:
        p = self.rtt(name)
        p.cip_handshake()
        return p

    def holds(self, name, state):
        fp = key(name).fingerprint
        deadline = time.monotonic() + ANSWER
        got = None
        while time.monotonic() < deadline:
            got = self.agent.trust().get(fp, "untrusted")
            if got == state:
                return
            time.sleep(0.02)
        self.fail("trust state of %s: expected %s, got %s" % (name, state, got))

    def refused(self, peer: CipPeer, code):
        e = peer.await_error(ANSWER)
        self.assertIsNotNone(e, "expected an ERROR %s" % code)
        self.assertEqual((e.code, e.msg_id), (code, peer.last_sent["msg_id"]), e.text)

    def fact_status(self, ref):
        for f in self.agent.facts():
            if f["fact_ref"] == ref:
                return f
        return None

    def events(self):
        return self.agent.events(0, 10000)[0]


class Handshake(CipCase):
    def test_responder_answers_hello_accepts_verify_and_sends_state(self):
        carol = self.rtt("carol")
        carol.send(carol.hello())
        hello = carol.await_envelope("HELLO")
        self.assertTrue(carol.response_verifies(hello))
        self.assertIn("cip/1.0", hello["payload"]["protocols"])
        carol.send(carol.verify(hello))
        ch, state = carol.await_received("STATE_UPDATE")
        self.assertEqual(ch, STATE)
        self.assertEqual(state["trust"]["sender_view"], "probing")
        self.holds("carol", "probing")
        kinds = [(e["kind"], e["peer"]) for e in self.events()]
        self.assertIn(("cip.handshake.completed", key("carol").fingerprint), kinds)

    def test_completion_is_reported_before_the_trust_change(self):
        # spec 0.4.0 (interop finding 8): cip.handshake.completed, then cip.trust.changed (its cause)
        self.cip("carol")
        self.holds("carol", "probing")
        fp = key("carol").fingerprint
        kinds = [e["kind"] for e in self.events() if e["peer"] == fp and e["kind"].startswith("cip.")]
        self.assertEqual(kinds[:2], ["cip.handshake.completed", "cip.trust.changed"])

    def test_initiator_hello_with_challenge_response_is_refused(self):
        # spec 0.4.0 (interop finding 3): TRUST_VIOLATION, no HELLO answer; a proper HELLO still works
        carol = self.rtt("carol")
        carol.send(carol.envelope("HELLO", dict(carol.hello()["payload"], challenge_response=b64(bytes(64)))))
        self.refused(carol, "TRUST_VIOLATION")
        self.assertTrue(carol.barrier())
        self.assertEqual([r[2]["type"] for r in carol.received if r is not None and r[0] == "env"], [])
        self.assertEqual(self.agent.trust().get(key("carol").fingerprint, "untrusted"), "untrusted")
        carol.cip_handshake()
        self.holds("carol", "probing")

    def test_verify_may_be_retried_after_a_refused_one(self):
        # spec 0.4.0 (interop finding 5): each VERIFY is judged on its own against the same nonces
        dave = self.rtt("dave")
        dave.send(dave.hello())
        hello = dave.await_envelope("HELLO")
        dave.send(dave.verify(hello, correct=False))
        self.refused(dave, "TRUST_VIOLATION")
        dave.send(dave.verify(hello))
        self.assertIsNotNone(dave.await_envelope("STATE_UPDATE"))
        self.assertIn(key("dave").fingerprint, [e["peer"] for e in self.events()
                                                if e["kind"] == "cip.handshake.completed"])

    def test_hello_without_cip_1_0(self):
        carol = self.rtt("carol")
        carol.send(carol.hello("cip/2.0"))
        self.refused(carol, "UNSUPPORTED_VERSION")

    def test_wrong_verify(self):
        dave = self.rtt("dave")
        dave.send(dave.hello())
        hello = dave.await_envelope("HELLO")
        dave.send(dave.verify(hello, correct=False))
        self.refused(dave, "TRUST_VIOLATION")
        self.holds("dave", "untrusted")
        self.assertNotIn(key("dave").fingerprint, [e["peer"] for e in self.events()
                                                     if e["kind"] == "cip.handshake.completed"])

    def test_message_before_handshake_and_hello_after(self):
        carol = self.rtt("carol")
        carol.send(carol.intent())
        self.refused(carol, "TRUST_VIOLATION")
        self.assertEqual(self.agent.trust().get(key("carol").fingerprint, "untrusted"), "untrusted")
        carol.cip_handshake()
        carol.send(carol.hello())
        self.refused(carol, "TRUST_VIOLATION")
        self.holds("carol", "probing")

    def test_impersonation_blacklists_until_override(self):
        carol = self.cip("carol")
        mallory = key("mallory")
        carol.send(carol.envelope("STATE_UPDATE", {"presence": "focused", "lri": 10}, signer=mallory))
        self.refused(carol, "TRUST_VIOLATION")
        self.holds("carol", "blacklisted")
        carol.send(carol.intent())
        self.refused(carol, "TRUST_VIOLATION")
        self.agent.override_trust(key("carol").fingerprint, "probing")
        carol.send(carol.intent())
        r = carol.await_envelope("INTENT_RESPONSE")
        self.assertEqual(r["payload"], {"intent_ref": carol.last_sent["msg_id"], "decision": "accept"})

    def test_bad_signature_from_probing_peer(self):
        carol = self.cip("carol")
        env = carol.intent()
        sig = bytearray(__import__("base64").b64decode(env["sign"]["signature"]))
        sig[0] ^= 1
        env["sign"]["signature"] = __import__("base64").b64encode(bytes(sig)).decode()
        carol.send(env)
        self.refused(carol, "SIGNATURE_MISMATCH")
        self.holds("carol", "untrusted")

    def test_untrusted_after_handshake_refused(self):
        carol = self.cip("carol")
        self.agent.override_trust(key("carol").fingerprint, "untrusted")
        carol.send(carol.intent())
        self.refused(carol, "TRUST_VIOLATION")

    def test_anchor_stays_trusted_without_trust_event(self):
        self.agent.add_anchors([key("alice").fingerprint])
        mark = self.agent.events(0, 0)[1]
        self.cip("alice")
        self.holds("alice", "trusted")
        later = self.agent.events(mark, 1000)[0]
        self.assertIn("cip.handshake.completed", [e["kind"] for e in later])
        self.assertNotIn("cip.trust.changed", [e["kind"] for e in later])

    def test_dead_peer_is_an_anomaly(self):
        self.agent.add_anchors([key("alice").fingerprint])
        alice = self.cip("alice")
        self.assertTrue(alice.barrier())  # its CREDIT for our STATE_UPDATE was handled
        self.agent.advance_clock(46)
        self.holds("alice", "probing")


class Initiator(CipCase):
    def dial_dana(self, correct=True):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        self.addCleanup(s.close)
        out = {}
        t = threading.Thread(target=lambda: out.update(c=self.agent.dial("127.0.0.1", s.getsockname()[1], None)))
        t.start()
        raw = RawPeer.accept(s, key("dana"))
        self.assertTrue(raw.respond())
        t.join(5)
        dana = CipPeer(raw)
        self.peers["dana"] = dana
        hello = dana.await_envelope("HELLO")
        self.assertIn("cip/1.0", hello["payload"]["protocols"])
        self.assertNotIn("challenge_response", hello["payload"])
        dana.send(dana.answer_hello(hello, correct))
        return dana

    def test_starts_and_answers_valid_responder(self):
        dana = self.dial_dana()
        v = dana.await_envelope("VERIFY")
        self.assertTrue(dana.response_verifies(v))
        ch, _ = dana.await_received("STATE_UPDATE")
        self.assertEqual(ch, STATE)
        self.holds("dana", "probing")

    def test_initiator_reports_completion_before_the_trust_change(self):
        dana = self.dial_dana()
        self.assertIsNotNone(dana.await_envelope("VERIFY"))
        self.holds("dana", "probing")
        fp = key("dana").fingerprint
        kinds = [e["kind"] for e in self.events() if e["peer"] == fp and e["kind"].startswith("cip.")]
        self.assertEqual(kinds[:2], ["cip.handshake.completed", "cip.trust.changed"])

    def test_refuses_wrong_responder_response(self):
        dana = self.dial_dana(correct=False)
        self.refused(dana, "TRUST_VIOLATION")
        self.assertIsNone(dana.await_envelope("VERIFY", 0.5))


class Intents(CipCase):
    def test_accept_and_defer(self):
        carol = self.cip("carol")
        for presence, lri, decision in (("focused", 10, "accept"), ("focused", 79, "accept"),
                                        ("focused", 80, "defer"), ("overloaded", 10, "defer")):
            with self.subTest(presence=presence, lri=lri):
                self.agent.set_load(presence, lri)
                carol.send(carol.intent())
                ch, r = carol.await_received("INTENT_RESPONSE")
                self.assertEqual(ch, CONTROL)
                p = r["payload"]
                self.assertEqual((p["intent_ref"], p["decision"]), (carol.last_sent["msg_id"], decision))
                if decision == "defer":
                    self.assertGreaterEqual(p["retry_after_ms"], 1000)
                self.assertEqual(r["trust"]["sender_view"], "probing")


class Knowledge(CipCase):
    def setUp(self):
        super().setUp()
        self.agent.add_anchors([key("alice").fingerprint, key("bob").fingerprint])
        self.alice, self.bob, self.carol = self.cip("alice"), self.cip("bob"), self.cip("carol")

    def propose(self, trace=True):
        env = self.carol.propose("statement", trace)
        self.carol.send(env)
        return env["msg_id"]

    def test_two_trusted_confirmations_accept(self):
        ref = self.propose()
        self.alice.send(self.alice.review(ref))
        self.assertEqual(self.fact_status(ref)["status"], "pending")
        self.bob.send(self.bob.review(ref))
        ch, r = self.carol.await_received("FACT_CONFIRM")
        self.assertEqual((ch, r["payload"]["fact_ref"], r["payload"]["decision"]), (KNOWLEDGE, ref, "confirm"))
        f = self.fact_status(ref)
        self.assertEqual(f["status"], "accepted")
        self.assertEqual(sorted(f["confirmed_by"]), sorted([key("alice").fingerprint, key("bob").fingerprint]))
        self.assertEqual(f["proposer"], key("carol").fingerprint)
        self.holds("carol", "trusted")
        self.assertEqual(r["trust"]["sender_view"], "trusted")
        decided = [e for e in self.events() if e["kind"] == "cip.knowledge.decided"]
        self.assertEqual(decided[-1]["attributes"], {"fact": ref, "status": "accepted"})

    def test_probing_and_repeated_confirmations_do_not_count(self):
        dave = self.cip("dave")
        ref = self.propose()
        self.alice.send(self.alice.review(ref))
        self.alice.send(self.alice.review(ref))
        dave.send(dave.review(ref))
        self.assertIsNone(self.carol.await_envelope("FACT_CONFIRM", 0.3))
        self.assertEqual(self.fact_status(ref)["status"], "pending")
        self.assertEqual(self.fact_status(ref)["confirmed_by"], [key("alice").fingerprint])

    def test_without_trace_or_overloaded_rejected(self):
        ref = self.propose(trace=False)
        r = self.carol.await_envelope("FACT_REJECT")
        self.assertEqual((r["payload"]["fact_ref"], r["payload"]["decision"]), (ref, "reject"))
        self.assertEqual(self.fact_status(ref)["status"], "rejected")
        self.agent.set_load("focused", 90)
        ref = self.propose()
        r = self.carol.await_envelope("FACT_REJECT")
        self.assertEqual(r["payload"]["fact_ref"], ref)
        self.assertEqual(self.fact_status(ref)["status"], "rejected")

    def test_conflict_disputes(self):
        ref = self.propose()
        self.alice.send(self.alice.challenge_fact(ref, "conflict"))
        r = self.carol.await_envelope("FACT_REJECT")
        self.assertEqual(r["payload"]["fact_ref"], ref)
        self.assertEqual(self.fact_status(ref)["status"], "disputed")
        self.holds("carol", "untrusted")

    def test_third_rejection(self):
        self.propose(False)
        self.propose(False)
        self.holds("carol", "probing")
        self.propose(False)
        self.holds("carol", "untrusted")

    def test_unknown_fact_and_own_fact(self):
        self.alice.send(self.alice.review("0b6a2f8e-1c3d-4e5f-8a9b-0c1d2e3f4a5b"))
        self.refused(self.alice, "TRUST_VIOLATION")
        ref = self.propose()
        self.carol.send(self.carol.review(ref))
        self.refused(self.carol, "TRUST_VIOLATION")

    def test_reject_by_trusted_peer(self):
        ref = self.propose()
        self.alice.send(self.alice.review(ref, "FACT_REJECT"))
        r = self.carol.await_envelope("FACT_REJECT")
        self.assertEqual(r["payload"]["fact_ref"], ref)
        self.assertEqual(self.fact_status(ref)["status"], "rejected")


class TwoAgents(unittest.TestCase):
    def test_handshake_state_and_intent_between_two_web4py_agents(self):
        a, b = Agent(key("alice")), Agent(key("bob"))
        a.start()
        addr = b.start()
        try:
            conn = a.dial(*addr, expect_fingerprint=key("bob").fingerprint)
            self.assertEqual(conn["peer_agent_id"], "bob")
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and not (
                    a.trust().get(key("bob").fingerprint) == "probing"
                    and b.trust().get(key("alice").fingerprint) == "probing"):
                time.sleep(0.02)
            self.assertEqual(a.trust()[key("bob").fingerprint], "probing")
            self.assertEqual(b.trust()[key("alice").fingerprint], "probing")
            for ag, peer in ((a, "bob"), (b, "alice")):
                kinds = [(e["kind"], e["peer"]) for e in ag.events(0, 100)[0]]
                self.assertIn(("cip.handshake.completed", key(peer).fingerprint), kinds)
                self.assertIn(("rtt.handshake.completed", key(peer).fingerprint), kinds)
                seqs = [e["seq"] for e in ag.events(0, 100)[0]]
                self.assertEqual(seqs, list(range(1, len(seqs) + 1)))
            # no refusals either way
            for ag in (a, b):
                self.assertNotIn("rtt.error.sent", [e["kind"] for e in ag.events(0, 100)[0]])
            # the state updates arrived
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                sessions = list(b.cip.sessions.values())
                if sessions and sessions[0].peer_state is not None:
                    break
                time.sleep(0.02)
            self.assertEqual(list(b.cip.sessions.values())[0].peer_state["presence"], "focused")
            # GOAWAY from a: both sides report the connection closed
            a.endpoint.connections()[0].shutdown()
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and (a.connections()[0] or b.connections()[0]):
                time.sleep(0.05)
            self.assertEqual((a.connections()[0], b.connections()[0]), ([], []))
            self.assertIn("rtt.connection.closed", [e["kind"] for e in b.events(0, 100)[0]])
        finally:
            a.stop()
            b.stop()


if __name__ == "__main__":
    unittest.main()
