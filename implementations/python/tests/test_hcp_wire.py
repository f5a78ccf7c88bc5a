"""HCP behaviour (spec/hcp.md §4) over RTT on loopback: scripted HCP peers against a web4py agent,
the principal played through the agent's harness operations (harness.md §4.12)."""

import time
import unittest

from web4py.agent import Agent
from web4py.hcp.peer import HcpPeer
from web4py.rtt.channels import CONTROL
from web4py.rtt.rawpeer import RawPeer
from web4py.schema import default_registry

from tests.test_rtt_wire import key

ANSWER = 5.0
REGISTRY = default_registry()


class HcpCase(unittest.TestCase):
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

    # -- peers

    def rtt(self, name) -> HcpPeer:
        raw = RawPeer.connect(self.address, key(name)).handshake()
        p = HcpPeer(raw, clock_ns=self.agent.clock.now_ns)
        self.peers[name] = p
        return p

    def cip(self, name) -> HcpPeer:
        p = self.rtt(name)
        p.cip_handshake()
        return p

    def session(self, name, scope=(), flags=(), **human) -> HcpPeer:
        p = self.cip(name)
        p.human.update(human)
        p.open_hcp(scope, flags)
        return p

    # -- the harness side

    def op(self, name, request=None):
        answer = self.agent.hcp_operation(name, request)
        schema = "harness/%s.response.schema.json" % name.replace("/", "_").replace("-", "_")
        err = REGISTRY.first_error(answer, schema)
        self.assertIsNone(err, "%s answer %r: %s" % (name, answer, err))
        return answer

    def human(self, **changes):
        h = {"presence": "engaged", "affect": "neutral", "clarity": 100, "pressure": 0, "intent": "none"}
        h.update(changes)
        return self.op("human/state", h)

    def consent(self, consent, scope=(), flags=()):
        return self.op("human/consent", {"consent": consent, "consent_scope": list(scope), "safety_flags": list(flags)})

    def intent(self, peer, topic="topic:work", goal="request"):
        return self.op("human/intent", {"peer": peer.fingerprint, "goal": goal, "topic": topic, "priority": "normal"})

    def decide(self, peer, **kw):
        req = {"peer": peer.fingerprint, "decision": "go", "rationale": "r", "alternatives": ["a", "b"]}
        req.update(kw)
        return self.op("human/decision", req)

    def sessions(self):
        return self.op("hcp/sessions")

    def session_of(self, peer):
        for s in self.sessions()["sessions"]:
            if s["peer"] == peer.fingerprint:
                return s
        return None

    def advance(self, seconds):
        self.agent.advance_clock(seconds)

    # -- wire checks

    def accepted(self, peer, env):
        peer.send(env)
        self.assertTrue(peer.barrier(ANSWER))
        errors = [r for r in peer.received if r is not None and r[0] == "error"]
        self.assertEqual(errors, [], "expected no ERROR for %s" % env["type"])

    def refused(self, peer, env, code):
        peer.send(env)
        e = peer.await_error(ANSWER)
        self.assertIsNotNone(e, "expected an ERROR %s for %s" % (code, env["type"]))
        self.assertEqual((e.code, e.msg_id), (code, env["msg_id"]), e.text)
        self.assertTrue(peer.raw.sock is not None)

    def quiet(self, peer):
        """Forget everything received so far (after a PING barrier)."""
        self.assertTrue(peer.barrier(ANSWER))
        peer.received.clear()

    def nothing(self, peer):
        """No HCP envelope arrived (the PING barrier: the PONG comes with nothing before it)."""
        self.assertTrue(peer.barrier(ANSWER))
        got = [r[2]["type"] for r in peer.received if r is not None and r[0] == "env" and "hcp" in r[2]]
        self.assertEqual(got, [])

    def received(self, peer, msg_type):
        env = peer.await_envelope(msg_type, ANSWER)
        self.assertIsNotNone(env, "expected an %s" % msg_type)
        return env

    def events(self, kind=None):
        evs = self.agent.events(0, 10000)[0]
        return [e for e in evs if kind is None or e["kind"] == kind]


class Sessions(HcpCase):
    def test_hello_is_answered_with_hello_and_probing(self):
        carol = self.cip("carol")
        carol.send(carol.hcp_hello())
        ch, h = carol.await_received("HCP_HELLO")
        self.assertEqual(ch, CONTROL)
        self.assertEqual(h["trust"], {"sender_view": "probing", "receiver_view": "probing"})
        self.assertEqual(h["payload"], {"identity": {"name": "principal", "role": "human"},
                                        "consent_scope": [], "safety_flags": []})
        self.assertEqual(h["state"]["human"], {"presence": "engaged", "affect": "neutral", "clarity": 100,
                                               "pressure": 0, "intent": "none", "consent": "granted"})
        self.assertEqual(self.session_of(carol)["trust"], "probing")
        kinds = [(e["kind"], e["msg_id"]) for e in self.events() if e["kind"].startswith("hcp.")]
        self.assertEqual(kinds, [("hcp.session.opened", None), ("hcp.trust.changed", None)])

    def test_answer_carries_principal_scope_flags_state(self):
        self.consent("limited", ["topic:work"], ["slow_pacing"])
        self.human(pressure=85, intent="plan")
        carol = self.session("carol")
        self.assertEqual(self.sessions()["principal"]["level"], "slow")
        dave = self.cip("dave")
        dave.send(dave.hcp_hello())
        a = self.received(dave, "HCP_HELLO")
        self.assertEqual(a["payload"]["consent_scope"], ["topic:work"])
        self.assertEqual(a["payload"]["safety_flags"], ["slow_pacing"])
        self.assertEqual(a["state"]["human"]["pressure"], 85)
        self.assertEqual(a["state"]["human"]["consent"], "limited")
        self.assertEqual(a["state"]["human"]["intent"], "plan")
        self.assertIsNotNone(carol)

    def test_before_hello(self):
        carol = self.cip("carol")
        self.refused(carol, carol.hcp_intent(), "CONSENT")
        self.refused(carol, carol.state_update(pressure=10), "CONSENT")
        self.assertEqual(self.sessions()["sessions"], [])
        refusals = [(e["attributes"]["step"], e["attributes"]["code"]) for e in self.events("hcp.action.refused")]
        self.assertEqual(refusals, [("G3", "CONSENT"), ("G3", "CONSENT")])

    def test_second_hello_not_answered_and_replaces_scope(self):
        carol = self.session("carol", scope=["topic:work"], consent="limited")
        self.refused(carol, carol.hcp_intent("topic:personal"), "CONSENT")
        carol.send(carol.hcp_hello(scope=["topic:work", "topic:personal"]))
        self.nothing(carol)
        self.accepted(carol, carol.hcp_intent("topic:personal"))
        self.assertEqual(self.session_of(carol)["counterpart"]["consent_scope"], ["topic:work", "topic:personal"])

    def test_rtt_only_peer_is_refused(self):
        carol = self.rtt("carol")
        self.refused(carol, carol.hcp_hello(), "TRUST_VIOLATION")
        self.assertEqual(self.events("hcp.action.refused")[0]["attributes"]["step"], "G2")

    def test_blacklisted_peer_is_refused(self):
        carol = self.session("carol")
        self.agent.override_trust(carol.fingerprint, "blacklisted")
        self.refused(carol, carol.hcp_intent(), "TRUST_VIOLATION")

    def test_other_signer_blacklists(self):
        carol = self.session("carol")
        self.refused(carol, carol.hcp_intent(signer=key("mallory")), "TRUST_VIOLATION")
        self.assertEqual(self.agent.trust()[carol.fingerprint], "blacklisted")
        self.refused(carol, carol.intent(), "TRUST_VIOLATION")  # the next CIP message too
        ev = self.events("hcp.action.refused")[0]
        self.assertEqual(ev["attributes"], {"type": "HCP_INTENT", "code": "TRUST_VIOLATION", "step": "G1"})

    def test_first_failing_step_decides(self):
        carol = self.session("carol")
        self.consent("revoked")
        self.human(pressure=80, clarity=30)
        self.refused(carol, carol.hcp_intent(), "CONSENT")  # G5 before G6
        self.consent("granted")
        self.human(pressure=80, clarity=30, affect="anxious")
        self.refused(carol, carol.hcp_intent(), "BACKPRESSURE")  # G6 before G7
        steps = [e["attributes"]["step"] for e in self.events("hcp.action.refused")]
        self.assertEqual(steps, ["G5", "G6"])

    def test_validation_first(self):
        carol = self.session("carol", consent="revoked")
        env = carol.hcp("HCP_DECISION", {"decision": "d", "rationale": "r", "alternatives": []})
        self.refused(carol, env, "PAYLOAD_SCHEMA")

    def test_session_ends_with_connection(self):
        carol = self.session("carol")
        carol.raw.close()
        deadline = time.monotonic() + ANSWER
        while self.sessions()["sessions"] and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertEqual(self.sessions()["sessions"], [])
        self.assertEqual(self.intent(carol)["status"], "no_session")


class State(HcpCase):
    def test_human_state_sends_state_update(self):
        carol = self.session("carol")
        answer = self.human(pressure=80, clarity=50, affect="calm", intent="rest")
        self.assertEqual(answer["level"], "slow")
        u = self.received(carol, "HCP_STATE_UPDATE")
        self.assertEqual(u["payload"], u["state"]["human"])
        self.assertEqual(u["payload"], {"presence": "engaged", "affect": "calm", "clarity": 50, "pressure": 80,
                                        "intent": "rest", "consent": "granted"})
        ev = self.events("hcp.human.changed")[-1]
        self.assertEqual((ev["peer"], ev["msg_id"], ev["attributes"]), (None, None, {"consent": "granted", "level": "slow"}))

    def test_human_consent_sends_hello_then_state_update(self):
        carol = self.session("carol")
        answer = self.consent("limited", ["topic:work"], ["slow_pacing"])
        self.assertEqual(answer["level"], "slow")
        h = self.received(carol, "HCP_HELLO")
        u = self.received(carol, "HCP_STATE_UPDATE")
        self.assertEqual(h["payload"]["consent_scope"], ["topic:work"])
        self.assertEqual(h["payload"]["safety_flags"], ["slow_pacing"])
        self.assertEqual(u["payload"]["consent"], "limited")

    def test_every_session_hears_the_change(self):
        carol, dave = self.session("carol"), self.session("dave")
        self.human(affect="calm")
        self.received(carol, "HCP_STATE_UPDATE")
        self.received(dave, "HCP_STATE_UPDATE")

    def test_sent_intent_carries_principal_state(self):
        carol = self.session("carol")
        self.human(pressure=40, intent="ship")
        self.received(carol, "HCP_STATE_UPDATE")
        a = self.intent(carol)
        i = self.received(carol, "HCP_INTENT")
        self.assertEqual(a["msg_id"], i["msg_id"])
        self.assertEqual(i["state"]["human"]["pressure"], 40)
        self.assertEqual(i["state"]["human"]["intent"], "ship")

    def test_state_update_payload_wins(self):
        carol = self.session("carol")
        env = carol.hcp("HCP_STATE_UPDATE", {"presence": "focused", "affect": "calm", "clarity": 60,
                                             "pressure": 10, "consent": "granted", "intent": "p"},
                        human={"presence": "engaged", "affect": "tense", "clarity": 20, "pressure": 90,
                               "intent": "s", "consent": "limited"})
        self.accepted(carol, env)
        self.assertEqual(self.session_of(carol)["counterpart"]["human"],
                         {"presence": "focused", "affect": "calm", "clarity": 60, "pressure": 10, "intent": "p",
                          "consent": "granted"})

    def test_state_update_without_intent_keeps_intent(self):
        carol = self.session("carol", intent="first")
        env = carol.hcp("HCP_STATE_UPDATE", {"presence": "engaged", "affect": "calm", "clarity": 60,
                                             "pressure": 10, "consent": "granted"})
        self.accepted(carol, env)
        self.assertEqual(self.session_of(carol)["counterpart"]["human"]["intent"], "first")
        # the envelope's own state.human comes first: its intent is the one kept (F-HCP-01)
        env = carol.hcp("HCP_STATE_UPDATE", {"presence": "engaged", "affect": "calm", "clarity": 60,
                                             "pressure": 10, "consent": "granted"},
                        human=dict(carol.human, intent="second"))
        self.accepted(carol, env)
        self.assertEqual(self.session_of(carol)["counterpart"]["human"]["intent"], "second")

    def test_declared_state_applies_to_its_envelope(self):
        carol = self.session("carol")
        revoked = dict(carol.human, consent="revoked")
        self.refused(carol, carol.hcp_intent(human=revoked), "CONSENT")
        self.assertEqual(self.session_of(carol)["counterpart"]["human"]["consent"], "revoked")
        self.assertEqual(self.session_of(carol)["trust"], "restricted")

    def test_state_update_from_revoked_counterpart_is_accepted(self):
        carol = self.session("carol", consent="revoked")
        self.accepted(carol, carol.state_update(pressure=30))

    def test_state_update_accepted_at_defer_and_anxious(self):
        carol = self.session("carol")
        self.human(presence="overloaded", affect="anxious")
        self.accepted(carol, carol.state_update(pressure=30))
        self.accepted(carol, carol.hcp_hello())


class Consent(HcpCase):
    ACTIONS = ("intent", "context", "decision", "feedback")

    def action(self, peer, which):
        return {"intent": peer.hcp_intent, "context": peer.hcp_context, "decision": peer.hcp_decision,
                "feedback": peer.hcp_feedback}[which]()

    def test_counterpart_revoked(self):
        carol = self.session("carol", consent="revoked")
        for which in self.ACTIONS:
            with self.subTest(which):
                self.refused(carol, self.action(carol, which), "CONSENT")
        self.refused(carol, carol.check_in(), "CONSENT")

    def test_counterpart_limited(self):
        carol = self.session("carol", scope=["topic:work"], consent="limited")
        self.refused(carol, carol.hcp_decision(), "CONSENT")  # no open topic
        self.accepted(carol, carol.check_in())  # a check-in needs no open topic
        self.refused(carol, carol.hcp_intent("topic:personal"), "CONSENT")
        self.accepted(carol, carol.hcp_intent("topic:work"))
        self.accepted(carol, carol.hcp_decision())

    def test_limited_empty_scope(self):
        carol = self.session("carol", consent="limited")
        self.refused(carol, carol.hcp_intent("topic:work"), "CONSENT")

    def test_granted_any_topic(self):
        carol = self.session("carol", scope=["topic:work"])
        self.accepted(carol, carol.hcp_intent("topic:personal"))

    def test_principal_revoked(self):
        carol = self.session("carol")
        self.consent("revoked")
        for which in self.ACTIONS:
            with self.subTest(which):
                self.refused(carol, self.action(carol, which), "CONSENT")
        self.assertEqual(self.session_of(carol)["trust"], "restricted")
        self.consent("granted")
        self.assertEqual(self.session_of(carol)["trust"], "probing")
        self.accepted(carol, carol.hcp_intent())

    def test_principal_limited(self):
        carol = self.session("carol")
        self.consent("limited", ["topic:work"])
        self.refused(carol, carol.hcp_intent("topic:personal"), "CONSENT")
        self.accepted(carol, carol.hcp_intent("topic:work"))
        self.accepted(carol, carol.hcp_decision())
        self.consent("limited", ["topic:personal"])
        self.refused(carol, carol.hcp_decision(), "CONSENT")

    def test_refused_intent_does_not_change_open_topic(self):
        carol = self.session("carol", scope=["topic:work"], consent="limited")
        self.accepted(carol, carol.hcp_intent("topic:work"))
        self.refused(carol, carol.hcp_intent("topic:other"), "CONSENT")
        self.assertEqual(self.session_of(carol)["open_topic"], "topic:work")

    def test_outgoing_consent(self):
        carol = self.session("carol")
        self.consent("limited", ["topic:work"])
        self.quiet(carol)
        self.assertEqual(self.intent(carol, "topic:personal"),
                         {"status": "refused", "msg_id": None, "code": "CONSENT", "retry_after_ms": None})
        self.nothing(carol)
        self.assertEqual(self.intent(carol, "topic:work")["status"], "sent")
        self.received(carol, "HCP_INTENT")

    def test_outgoing_counterpart_revoked_or_limited(self):
        carol = self.session("carol", consent="revoked")
        self.assertEqual(self.intent(carol)["status"], "refused")
        self.nothing(carol)
        dave = self.session("dave", scope=["topic:work"], consent="limited")
        self.assertEqual(self.intent(dave, "topic:personal")["code"], "CONSENT")
        self.assertEqual(self.decide(dave)["status"], "refused")  # no open topic yet
        self.assertEqual(self.intent(dave, "topic:work")["status"], "sent")
        self.assertEqual(self.decide(dave)["status"], "sent")  # the sent intent opened the topic


class Pacing(HcpCase):
    def test_two_intents(self):
        rows = [((79, 31, "engaged"), (None, None)), ((80, 31, "engaged"), (None, "BACKPRESSURE")),
                ((79, 30, "engaged"), (None, "BACKPRESSURE")), ((100, 100, "engaged"), (None, "BACKPRESSURE")),
                ((0, 0, "engaged"), (None, "BACKPRESSURE")), ((80, 30, "engaged"), ("BACKPRESSURE", "BACKPRESSURE")),
                ((0, 100, "overloaded"), ("BACKPRESSURE", "BACKPRESSURE"))]
        for (pressure, clarity, presence), outcome in rows:
            with self.subTest(pressure=pressure, clarity=clarity, presence=presence):
                self.agent.reset()
                carol = self.session("carol")
                self.human(pressure=pressure, clarity=clarity, presence=presence)
                for code in outcome:
                    if code is None:
                        self.accepted(carol, carol.hcp_intent())
                    else:
                        self.refused(carol, carol.hcp_intent(), code)
                carol.raw.close()

    def test_slow_interval_on_the_harness_clock(self):
        carol = self.session("carol")
        self.human(pressure=85)
        self.accepted(carol, carol.hcp_intent())
        self.advance(5)
        self.refused(carol, carol.hcp_intent(), "BACKPRESSURE")  # does not restart the interval
        self.advance(4)
        self.refused(carol, carol.hcp_intent(), "BACKPRESSURE")  # 9 s
        self.advance(1)
        self.accepted(carol, carol.hcp_intent())  # 10 s
        self.assertIsNotNone(self.session_of(carol)["last_accepted_at"])

    def test_slow_pacing_flag(self):
        carol = self.session("carol")
        self.consent("granted", flags=["slow_pacing"])
        self.accepted(carol, carol.hcp_intent())
        self.refused(carol, carol.hcp_intent(), "BACKPRESSURE")

    def test_check_ins_neither_limited_nor_counted(self):
        carol = self.session("carol")
        self.human(pressure=85)
        self.accepted(carol, carol.check_in())
        self.received(carol, "HCP_CONTEXT")  # proceed at once (the principal is calm)
        self.accepted(carol, carol.hcp_intent())  # the check-in did not count
        self.accepted(carol, carol.check_in())  # nor wait
        self.refused(carol, carol.hcp_intent(), "BACKPRESSURE")

    def test_defer_refuses_check_ins_too(self):
        carol = self.session("carol")
        self.human(presence="overloaded")
        self.refused(carol, carol.check_in(), "BACKPRESSURE")

    def test_pressure_falls_and_the_intent_is_accepted(self):
        carol = self.session("carol")
        self.human(pressure=80, clarity=30)
        self.refused(carol, carol.hcp_intent(), "BACKPRESSURE")
        self.quiet(carol)
        self.human(pressure=20, clarity=30)
        u = self.received(carol, "HCP_STATE_UPDATE")
        self.assertEqual(u["payload"]["pressure"], 20)
        self.human(pressure=20, clarity=80)
        self.accepted(carol, carol.hcp_intent())

    def test_outgoing_slow(self):
        carol = self.session("carol", pressure=80)
        a = self.intent(carol)
        self.assertEqual(a["status"], "sent")
        self.received(carol, "HCP_INTENT")
        self.advance(9)
        d = self.intent(carol)
        self.assertEqual(d["status"], "deferred")
        self.assertTrue(1 <= d["retry_after_ms"] <= 1000, d)
        self.nothing(carol)
        self.advance(1)
        self.assertEqual(self.intent(carol)["status"], "sent")
        self.assertIsNotNone(self.session_of(carol)["last_sent_at"])

    def test_outgoing_clarity_30_and_79_31(self):
        carol = self.session("carol", clarity=30)
        self.assertEqual(self.intent(carol)["status"], "sent")
        self.assertEqual(self.decide(carol)["status"], "deferred")
        dave = self.session("dave", pressure=79, clarity=31)
        self.assertEqual(self.intent(dave)["status"], "sent")
        self.assertEqual(self.intent(dave)["status"], "sent")

    def test_outgoing_defer(self):
        carol = self.session("carol", pressure=80, clarity=30)
        self.assertEqual(self.intent(carol), {"status": "deferred", "msg_id": None, "code": None,
                                              "retry_after_ms": None})
        self.nothing(carol)
        carol.send(carol.state_update(pressure=20))
        self.assertEqual(self.intent(carol)["status"], "sent")
        self.received(carol, "HCP_INTENT")

    def test_outgoing_safety_flag_of_counterpart(self):
        carol = self.session("carol", flags=["slow_pacing"])
        self.assertEqual(self.intent(carol)["status"], "sent")
        self.assertEqual(self.intent(carol)["status"], "deferred")


class CheckIns(HcpCase):
    def test_anxious_and_tense_refuse(self):
        for affect, code in [("anxious", "CONSENT"), ("tense", "CONSENT"), ("calm", None), ("neutral", None),
                             ("energized", None)]:
            with self.subTest(affect):
                self.agent.reset()
                carol = self.session("carol")
                self.human(affect=affect)
                if code:
                    self.refused(carol, carol.hcp_intent(), code)
                else:
                    self.accepted(carol, carol.hcp_intent())
                carol.raw.close()

    def test_the_order(self):
        carol = self.session("carol")
        self.human(affect="anxious")
        self.received(carol, "HCP_STATE_UPDATE")
        self.refused(carol, carol.hcp_intent(), "CONSENT")
        self.accepted(carol, carol.check_in())
        self.nothing(carol)
        self.assertEqual(self.session_of(carol)["check_in"]["incoming"], "pending")
        a = self.op("human/check-in", {"peer": carol.fingerprint, "proceed": True})
        p = self.received(carol, "HCP_CONTEXT")
        self.assertEqual((a["answered"], a["msg_id"]), (True, p["msg_id"]))
        self.assertIn("check_in_proceed", p["payload"]["constraints"])
        self.assertEqual(self.session_of(carol)["check_in"]["incoming"], "confirmed")
        self.accepted(carol, carol.hcp_intent())
        kinds = [(e["attributes"]["direction"], e["attributes"]["kind"]) for e in self.events("hcp.check_in")]
        self.assertEqual(kinds, [("received", "request"), ("sent", "proceed")])

    def test_calm_principal_answers_at_once(self):
        carol = self.session("carol")
        self.accepted(carol, carol.check_in())
        p = self.received(carol, "HCP_CONTEXT")
        self.assertEqual(p["payload"]["constraints"], ["check_in_proceed"])
        # check-in messages are delivered like any action
        self.assertEqual([m["type"] for m in self.session_of(carol)["inbox"]], ["HCP_CONTEXT"])

    def test_stop(self):
        carol = self.session("carol")
        self.human(affect="tense")
        self.accepted(carol, carol.check_in())
        a = self.op("human/check-in", {"peer": carol.fingerprint, "proceed": False})
        self.assertTrue(a["answered"])
        s = self.received(carol, "HCP_CONTEXT")
        self.assertIn("check_in_stop", s["payload"]["constraints"])
        self.refused(carol, carol.hcp_intent(), "CONSENT")
        self.assertEqual(self.session_of(carol)["check_in"]["incoming"], "stopped")

    def test_confirmed_ends_with_affect_change(self):
        carol = self.session("carol")
        self.human(affect="anxious")
        self.accepted(carol, carol.check_in())
        self.op("human/check-in", {"peer": carol.fingerprint, "proceed": True})
        self.human(affect="anxious", pressure=50)  # not an affect change
        self.accepted(carol, carol.hcp_intent())
        self.human(affect="tense", pressure=50)
        self.refused(carol, carol.hcp_intent(), "CONSENT")
        self.assertEqual(self.session_of(carol)["check_in"]["incoming"], "none")

    def test_answer_nobody_asked_for(self):
        carol = self.session("carol")
        self.assertEqual(self.op("human/check-in", {"peer": carol.fingerprint, "proceed": True}),
                         {"answered": False, "msg_id": None})
        self.nothing(carol)

    def test_later_request_replaces_pending(self):
        carol = self.session("carol")
        self.human(affect="anxious")
        self.accepted(carol, carol.check_in())
        self.accepted(carol, carol.check_in())
        self.op("human/check-in", {"peer": carol.fingerprint, "proceed": True})
        self.received(carol, "HCP_CONTEXT")
        self.assertEqual(self.op("human/check-in", {"peer": carol.fingerprint, "proceed": True})["answered"], False)

    def test_outgoing_check_in(self):
        carol = self.session("carol", affect="anxious")
        a = self.intent(carol)
        r = self.received(carol, "HCP_CONTEXT")
        self.assertEqual(a, {"status": "check_in_requested", "msg_id": r["msg_id"], "code": None,
                             "retry_after_ms": None})
        self.assertEqual(r["payload"]["constraints"], ["check_in"])
        self.assertEqual(self.decide(carol)["msg_id"], r["msg_id"])  # one outstanding, no second request
        self.nothing(carol)
        self.accepted(carol, carol.check_in("check_in_proceed"))
        self.assertEqual(self.session_of(carol)["check_in"]["outgoing"], "confirmed")
        self.assertEqual(self.intent(carol)["status"], "sent")
        self.received(carol, "HCP_INTENT")

    def test_outgoing_stop(self):
        carol = self.session("carol", affect="tense")
        self.intent(carol)
        self.accepted(carol, carol.check_in("check_in_stop"))
        self.assertEqual(self.intent(carol)["code"], "CONSENT")
        carol.send(carol.state_update(affect="anxious"))
        self.assertEqual(self.intent(carol)["status"], "check_in_requested")

    def test_outgoing_tense_and_slow(self):
        carol = self.session("carol", affect="tense", pressure=85)
        self.intent(carol)
        self.accepted(carol, carol.check_in("check_in_proceed"))
        self.assertEqual(self.intent(carol)["status"], "sent")
        self.assertEqual(self.intent(carol)["status"], "deferred")
        self.advance(10)
        self.assertEqual(self.intent(carol)["status"], "sent")

    def test_proceed_without_request_has_no_effect(self):
        carol = self.session("carol")
        self.accepted(carol, carol.check_in("check_in_proceed"))
        self.assertEqual(self.session_of(carol)["check_in"]["outgoing"], "none")


class Trust(HcpCase):
    def test_feedback(self):
        carol = self.session("carol")
        self.accepted(carol, carol.hcp_feedback(69))
        self.assertEqual(self.session_of(carol)["trust"], "probing")
        self.accepted(carol, carol.hcp_feedback(70))
        self.assertEqual(self.session_of(carol)["trust"], "trusted")
        self.accepted(carol, carol.hcp_feedback(80, ["x"]))
        self.assertEqual(self.session_of(carol)["trust"], "trusted")
        self.accepted(carol, carol.hcp_feedback(30))
        self.assertEqual(self.session_of(carol)["trust"], "probing")
        causes = [(e["attributes"]["to"], e["attributes"]["cause"]) for e in self.events("hcp.trust.changed")]
        self.assertEqual(causes, [("probing", "hello"), ("trusted", "validated"), ("probing", "misunderstanding")])

    def test_hello_with_revoked_consent_is_restricted(self):
        carol = self.cip("carol")
        carol.human["consent"] = "revoked"
        h = carol.open_hcp()
        self.assertEqual(h["trust"]["sender_view"], "restricted")

    def test_revocation_and_restoration(self):
        carol = self.session("carol")
        self.accepted(carol, carol.hcp_feedback(90))
        carol.send(carol.state_update(consent="revoked"))
        self.assertEqual(self.session_of(carol)["trust"], "restricted")
        carol.send(carol.state_update(consent="granted"))
        self.assertEqual(self.session_of(carol)["trust"], "probing")

    def test_receiver_view_echo(self):
        carol = self.session("carol")
        carol.view = "trusted"
        carol.send(carol.state_update(pressure=5))
        self.human(pressure=5)
        u = self.received(carol, "HCP_STATE_UPDATE")
        self.assertEqual(u["trust"], {"sender_view": "probing", "receiver_view": "trusted"})
        env = carol.hcp("HCP_STATE_UPDATE", dict(carol.human), trust=None)  # no trust block: keeps the view
        carol.send(env)
        self.human(pressure=7)
        self.assertEqual(self.received(carol, "HCP_STATE_UPDATE")["trust"]["receiver_view"], "trusted")


class Delivery(HcpCase):
    def test_delivered_in_order_unchanged(self):
        carol = self.session("carol")
        i = carol.hcp_intent("topic:work")
        d = carol.hcp_decision("buy", "cheaper", ["rent", "wait"])
        self.accepted(carol, i)
        self.accepted(carol, d)
        self.consent("revoked")
        self.refused(carol, carol.hcp_intent(), "CONSENT")
        inbox = self.session_of(carol)["inbox"]
        self.assertEqual(inbox, [{"msg_id": i["msg_id"], "type": "HCP_INTENT", "payload": i["payload"]},
                                 {"msg_id": d["msg_id"], "type": "HCP_DECISION", "payload": d["payload"]}])
        delivered = [(e["msg_id"], e["attributes"]) for e in self.events("hcp.action.delivered")]
        self.assertEqual(delivered, [(i["msg_id"], {"type": "HCP_INTENT", "topic": "topic:work"}),
                                     (d["msg_id"], {"type": "HCP_DECISION"})])

    def test_decision_sent_unchanged(self):
        carol = self.session("carol")
        a = self.decide(carol, decision="d", rationale="r", alternatives=["x", "y"], follow_up="f")
        self.assertEqual(a["status"], "sent")
        d = self.received(carol, "HCP_DECISION")
        self.assertEqual(d["payload"], {"decision": "d", "rationale": "r", "alternatives": ["x", "y"], "follow_up": "f"})
        sent = self.events("hcp.action.sent")
        self.assertEqual([(e["msg_id"], e["attributes"]) for e in sent], [(d["msg_id"], {"type": "HCP_DECISION"})])

    def test_no_session(self):
        carol = self.cip("carol")
        self.assertEqual(self.intent(carol), {"status": "no_session", "msg_id": None, "code": None,
                                              "retry_after_ms": None})
        self.nothing(carol)


class AgentOpens(HcpCase):
    def test_agent_opens_a_session_itself(self):
        carol = self.cip("carol")
        conn = self.agent.endpoint.connections()[0]
        msg_id = self.agent.hcp.open(conn)
        h = self.received(carol, "HCP_HELLO")
        self.assertEqual(h["msg_id"], msg_id)
        carol.last_view = "untrusted"
        carol.send(carol.hcp_hello())  # the peer's answer opens the session and is not answered
        self.nothing(carol)
        self.assertEqual(self.session_of(carol)["trust"], "probing")


if __name__ == "__main__":
    unittest.main()


class TwoAgents(unittest.TestCase):
    """Two web4py agents: A dials B (RTT + CIP as initiator), opens the HCP session itself and its
    principal states an intent, which B delivers to its own principal."""

    def test_agent_to_agent_intent(self):
        from web4py.hcp.initiate import open_session

        a, b = Agent(key("agent-a")), Agent(key("agent-b"))
        host, port = b.start()
        a.start()
        try:
            a.dial(host, port, b.identity.fingerprint)
            self.assertTrue(open_session(a, b.identity.fingerprint))
            answer = a.hcp_operation("human/intent", {"peer": b.identity.fingerprint, "goal": "align",
                                                      "topic": "topic:demo", "priority": "normal"})
            self.assertEqual(answer["status"], "sent")
            deadline = time.monotonic() + ANSWER
            inbox = []
            while not inbox and time.monotonic() < deadline:
                sessions = b.hcp_operation("hcp/sessions", None)["sessions"]
                inbox = sessions[0]["inbox"] if sessions else []
                time.sleep(0.02)
            self.assertEqual([(m["msg_id"], m["payload"]["topic"]) for m in inbox], [(answer["msg_id"], "topic:demo")])
            (sa,) = a.hcp_operation("hcp/sessions", None)["sessions"]
            self.assertEqual((sa["trust"], sa["open_topic"]), ("probing", "topic:demo"))
        finally:
            a.stop()
            b.stop()


class SentBeforeTheAnswer(HcpCase):
    """HAR-HCP-001: the envelopes of HCP-STA-002 are on the wire before the harness answers, so a PING
    sent after the answer gets its PONG after them (the runner's "receives, in order" barrier)."""

    def test_hello_and_state_update_precede_a_later_pong(self):
        carol = self.session("carol")
        for i in range(40):
            self.consent("limited" if i % 2 else "granted", ["topic:work"])
            self.assertTrue(carol.barrier(ANSWER))
            got = [r[2]["type"] for r in carol.received if r is not None and r[0] == "env"]
            self.assertEqual(got, ["HCP_HELLO", "HCP_STATE_UPDATE"], "round %d" % i)
            carol.received.clear()
