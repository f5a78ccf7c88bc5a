"""LIP behaviour (spec/lip.md §4) over RTT on loopback: scripted LIP peers against a web4py agent,
with a local http.server standing in for the internet."""

import os
import time
import unittest

from tests import _util  # noqa: F401
from tests.lip_web import Web, closed_port, document
from tests.test_rtt_wire import key
from web4py.agent import Agent
from web4py.lip.peer import LipPeer
from web4py.rtt import frames as F
from web4py.rtt.channels import KNOWLEDGE
from web4py.rtt.rawpeer import RawPeer

ANSWER = 6.0


class LipCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.agent = Agent(key("iut"))
        cls.address = cls.agent.start()
        cls.web = Web()

    @classmethod
    def tearDownClass(cls):
        cls.agent.stop()
        cls.web.close()

    def setUp(self):
        self.agent.reset()
        self.web.reset()
        self.peers = {}

    def tearDown(self):
        for p in self.peers.values():
            p.raw.close()

    def peer(self, name, cip=True, trusted=False) -> LipPeer:
        if trusted:
            self.agent.add_anchors([key(name).fingerprint])
        p = LipPeer(RawPeer.connect(self.address, key(name)).handshake())
        self.peers[name] = p
        if cip:
            p.cip_handshake()
        return p

    def url(self, path):
        return self.web.url(path)

    def sources(self, **rules):
        self.agent.lip_set_sources([{"prefix": self.url("/%s/" % t), "tier": t} for t in rules.get("tiers", ())]
                                   + [{"prefix": self.url(p), "tier": t} for p, t in rules.get("extra", ())])

    def refused(self, peer, code, env=None):
        e = peer.await_error(ANSWER)
        self.assertIsNotNone(e, "expected an ERROR %s" % code)
        self.assertEqual((e.code, e.msg_id), (code, (env or peer.last_sent)["msg_id"]), e.text)

    def nothing_more(self, peer):
        self.assertTrue(peer.barrier())
        left = [r for r in peer.received if r is not None and r[0] in ("env", "error")]
        self.assertEqual(left, [], "unexpected: %r" % (left,))

    def item(self, item_id):
        return next(i for i in self.agent.lip_queue() if i["id"] == item_id)

    def kinds(self, prefix="lip."):
        return [e for e in self.agent.events(0, 10000)[0] if e["kind"].startswith(prefix)]


class Fetch(LipCase):
    def test_unknown_source_is_fetched_once_and_returned(self):
        self.web.serve("/unknown/doc", document(notes="notes"))
        carol = self.peer("carol")
        fetch = carol.fetch(self.url("/unknown/doc"))
        carol.send_lip(fetch)
        ev = carol.await_envelope("LIP_EVIDENCE", ANSWER)
        self.assertIsNotNone(ev)
        self.assertEqual(ev["source"]["uri"], self.url("/unknown/doc"))
        self.assertEqual(ev["source"]["trust_tier"], "unknown")
        self.assertEqual(ev["payload"], {"fetch_ref": fetch["msg_id"], "claims": ["Water boils at 100 °C at 101.325 kPa."],
                                         "evidence": ["CRC Handbook, 97th ed., 6-10"], "confidence": 0.9,
                                         "extraction_notes": "notes"})
        self.assertEqual(ev["receiver"]["fingerprint"], key("carol").fingerprint)
        self.nothing_more(carol)
        self.assertEqual(self.web.requested("/unknown/doc"), 1)
        item = self.item(ev["msg_id"])
        self.assertEqual((item["status"], item["asker"], item["originator"]), ("pending", carol.fingerprint, None))
        kinds = [e["kind"] for e in self.kinds()]
        self.assertEqual(kinds, ["lip.fetch.started", "lip.source.fetched", "lip.item.status"])
        # no cache
        carol.send_lip(carol.fetch(self.url("/unknown/doc")))
        self.assertIsNotNone(carol.await_envelope("LIP_EVIDENCE", ANSWER))
        self.assertEqual(self.web.requested("/unknown/doc"), 2)

    def test_order_of_replies_and_failed_source(self):
        self.web.serve("/a", document(claims=["a"]), delay=0.6)
        self.web.serve("/c", document(claims=["c"]))
        carol = self.peer("carol")
        carol.send_lip(carol.fetch(self.url("/a"), self.url("/missing"), self.url("/c"), self.url("/x/../a")))
        first = carol.await_envelope("LIP_EVIDENCE", ANSWER)
        second = carol.await_envelope("LIP_EVIDENCE", ANSWER)
        self.assertEqual([first["payload"]["claims"], second["payload"]["claims"]], [["a"], ["c"]])
        self.nothing_more(carol)
        self.assertEqual(self.web.requested("/a"), 1)  # the duplicate after normalization is left out
        failed = [e["attributes"] for e in self.kinds("lip.source.failed")]
        self.assertEqual(failed, [{"uri": self.url("/missing"), "reason": "http_status", "status": 404}])

    def test_ping_after_a_slow_fetch_is_answered_after_the_replies(self):
        self.web.serve("/slow", delay=1.5)
        carol = self.peer("carol")
        carol.send_lip(carol.fetch(self.url("/slow")), wait=0)
        opaque = os.urandom(8)
        carol.raw.send_frame(F.PING, 0, opaque)
        t0 = time.monotonic()
        order = []
        while time.monotonic() - t0 < ANSWER and "pong" not in order:
            carol.pump(0.5)
            for r in carol.received:
                if r is not None:
                    order.append("pong" if r[0] == "pong" else r[2].get("type") if r[0] == "env" else r[0])
            carol.received.clear()
        self.assertEqual(order, ["LIP_EVIDENCE", "pong"])

    def test_refusals(self):
        self.web.serve("/doc")
        rtt_only = self.peer("dave", cip=False)
        rtt_only.send_lip(rtt_only.fetch(self.url("/doc")))
        self.refused(rtt_only, "TRUST_VIOLATION")
        mallory = self.peer("mallory")
        env = mallory.fetch(self.url("/doc"), signer=key("eve"))
        mallory.send_lip(env)
        self.refused(mallory, "TRUST_VIOLATION")
        self.assertEqual(self.agent.trust().get(key("mallory").fingerprint), "blacklisted")
        mallory.send_lip(mallory.fetch(self.url("/doc")))
        self.refused(mallory, "TRUST_VIOLATION")
        carol = self.peer("carol")
        self.agent.set_load("focused", 80)
        carol.send_lip(carol.fetch(self.url("/doc")))
        self.refused(carol, "BACKPRESSURE")
        self.assertEqual(self.web.journal, [])
        self.agent.set_load("focused", 79)
        carol.send_lip(carol.fetch(self.url("/doc")))
        self.assertIsNotNone(carol.await_envelope("LIP_EVIDENCE", ANSWER))

    def test_blocked_and_failed(self):
        self.sources(tiers=["blocked"])
        self.web.serve("/blocked/doc")
        self.web.redirect("/r", "/blocked/doc")
        carol = self.peer("carol")
        carol.send_lip(carol.fetch(self.url("/blocked/doc")))
        self.refused(carol, "SOURCE_BLOCKED")
        carol.send_lip(carol.fetch(self.url("/blocked/doc"), self.url("/r")))
        self.refused(carol, "SOURCE_BLOCKED")
        carol.send_lip(carol.fetch(self.url("/blocked/doc"), self.url("/nothing")))
        self.refused(carol, "FETCH_FAILED")
        self.assertEqual(self.web.requested("/blocked/doc"), 0)
        carol.send_lip(carol.fetch(self.url("/bad"), "http://127.0.0.1:%d/x" % closed_port()))
        self.refused(carol, "FETCH_FAILED")
        self.nothing_more(carol)

    def test_five_slow_sources_within_five_seconds(self):
        for i in range(5):
            self.web.serve("/p%d" % i, document(claims=["c%d" % i]), delay=2.5)
        carol = self.peer("carol")
        t0 = time.monotonic()
        carol.send_lip(carol.fetch(*[self.url("/p%d" % i) for i in range(5)]), wait=0)
        got = [carol.await_envelope("LIP_EVIDENCE", ANSWER) for _ in range(5)]
        self.assertLess(time.monotonic() - t0, 5.0)
        self.assertEqual([g["payload"]["claims"] for g in got], [["c%d" % i] for i in range(5)])

    def test_peer_messages_make_no_request(self):
        carol = self.peer("carol", trusted=True)
        ev = carol.evidence(self.url("/doc"))
        carol.send_lip(ev)
        carol.send_lip(carol.conflict(self.url("/doc"), ["A claim."]))
        carol.send_lip(carol.vote(ev["msg_id"]))
        self.assertTrue(carol.barrier())
        self.assertEqual(self.web.journal, [])


class Queue(LipCase):
    def fetched(self, peer, path, claims=("A",)):
        self.web.serve(path, document(claims=claims))
        peer.send_lip(peer.fetch(self.url(path)))
        ev = peer.await_envelope("LIP_EVIDENCE", ANSWER)
        self.assertIsNotNone(ev)
        return ev

    def test_medium_source_accepted_on_tier(self):
        self.sources(tiers=["medium"])
        carol = self.peer("carol")
        ev = self.fetched(carol, "/medium/doc")
        self.assertEqual(ev["source"]["trust_tier"], "medium")
        acc = carol.await_envelope("LIP_ACCEPT", 1)
        self.assertEqual(acc["payload"], {"evidence_ref": ev["msg_id"], "decision": "accept", "reason": "tier",
                                          "corroborators": []})
        self.assertNotIn("source", acc)
        self.assertTrue(self.item(ev["msg_id"])["in_memory"])

    def test_two_trusted_corroborate(self):
        carol = self.peer("carol")
        ev = self.fetched(carol, "/low/doc")
        alice, bob, dave = self.peer("alice", trusted=True), self.peer("bob", trusted=True), self.peer("dave")
        alice.send_lip(alice.vote(ev["msg_id"]))
        alice.send_lip(alice.vote(ev["msg_id"]))
        dave.send_lip(dave.vote(ev["msg_id"]))
        self.nothing_more(carol)
        self.assertEqual(self.item(ev["msg_id"])["status"], "pending")
        bob.send_lip(bob.vote(ev["msg_id"]))
        acc = carol.await_envelope("LIP_ACCEPT", ANSWER)
        self.assertEqual(acc["payload"]["reason"], "corroborated")
        self.assertEqual(acc["payload"]["corroborators"], sorted([alice.fingerprint, bob.fingerprint]))

    def test_vote_refusals_and_peer_rejection(self):
        carol = self.peer("carol", trusted=True)
        alice = self.peer("alice", trusted=True)
        ev = carol.evidence(self.url("/unknown/doc"))
        carol.send_lip(ev)
        carol.send_lip(carol.vote(ev["msg_id"]))  # the originator's own vote: not refused, not counted
        self.nothing_more(carol)
        self.assertEqual(self.item(ev["msg_id"])["corroborators"], [])
        stray = alice.vote("6f1d5a4e-0000-4000-8000-000000000000")
        alice.send_lip(stray)
        self.refused(alice, "TRUST_VIOLATION", stray)
        alice.send_lip(alice.vote(ev["msg_id"], accept=False))
        rej = carol.await_envelope("LIP_REJECT", ANSWER)
        self.assertEqual(rej["payload"], {"evidence_ref": ev["msg_id"], "decision": "reject",
                                          "reason": "peer_rejection", "corroborators": [alice.fingerprint]})

    def test_conflict_and_resolution(self):
        carol = self.peer("carol")
        ev = self.fetched(carol, "/low/doc", claims=["A", "B"])
        alice, bob, cleo = (self.peer(n, trusted=True) for n in ("alice", "bob", "cleo"))
        alice.send_lip(alice.conflict(self.url("/low/doc"), ["Z", "B"], severity="high"))
        c = carol.await_envelope("LIP_CONFLICT", ANSWER)
        self.assertEqual(c["payload"], {"conflicts": ["B"], "local_refs": [alice.fingerprint], "severity": "high"})
        self.assertEqual(c["source"]["uri"], self.url("/low/doc"))
        bob.send_lip(bob.vote(ev["msg_id"]))
        cleo.send_lip(cleo.vote(ev["msg_id"]))
        self.assertEqual(self.item(ev["msg_id"])["status"], "disputed")
        alice.send_lip(alice.vote(ev["msg_id"]))
        acc = carol.await_envelope("LIP_ACCEPT", ANSWER)
        self.assertEqual(len(acc["payload"]["corroborators"]), 3)

    def test_peer_evidence_arrival_rows(self):
        carol = self.peer("carol")
        ev = carol.evidence(self.url("/x"), evidence=())
        carol.send_lip(ev)
        rej = carol.await_envelope("LIP_REJECT", ANSWER)
        self.assertEqual(rej["payload"]["reason"], "no_provenance")
        from web4py.rtt.clock import format_timestamp
        ahead = carol.evidence(self.url("/x"), retrieved_at=format_timestamp(self.agent.clock.now_ns() + 301 * 10**9))
        carol.send_lip(ahead)
        self.assertEqual(carol.await_envelope("LIP_REJECT", ANSWER)["payload"]["reason"], "retrieval_time")
        ok = carol.evidence(self.url("/x"), retrieved_at=format_timestamp(self.agent.clock.now_ns() + 299 * 10**9),
                            tier="high")
        carol.send_lip(ok)
        self.nothing_more(carol)
        self.assertEqual(self.item(ok["msg_id"])["status"], "pending")

    def test_load_and_expiry_and_configuration(self):
        self.sources(tiers=["medium"])
        carol = self.peer("carol")
        self.agent.set_load("overloaded", 20)
        ev = carol.evidence(self.url("/medium/doc"))
        carol.send_lip(ev)
        self.nothing_more(carol)
        self.agent.set_load("focused", 20)
        self.assertEqual(carol.await_envelope("LIP_ACCEPT", ANSWER)["payload"]["reason"], "tier")
        ev3 = carol.evidence(self.url("/low/doc"))
        carol.send_lip(ev3)
        self.sources(tiers=["medium"], extra=[("/low/", "medium")])
        self.assertEqual(carol.await_envelope("LIP_ACCEPT", 1)["payload"]["reason"], "tier")
        ev2 = carol.evidence(self.url("/other/doc"))
        carol.send_lip(ev2)
        self.agent.advance_clock(86_399)
        carol.barrier()
        self.assertEqual(self.item(ev2["msg_id"])["status"], "pending")
        self.agent.advance_clock(1)
        self.assertEqual(carol.await_envelope("LIP_REJECT", ANSWER)["payload"]["reason"], "expired")

    def test_sources_listing(self):
        self.agent.lip_set_sources([{"prefix": "http://B.example:80/x/../", "tier": "low"},
                                    {"prefix": "http://a.example/doc", "tier": "high"}])
        self.assertEqual(self.agent.lip_sources(), [
            {"prefix": "http://a.example/doc", "tier": "high", "origin": "configured", "corroborated_run": 0, "refuted_run": 0},
            {"prefix": "http://b.example/", "tier": "low", "origin": "configured", "corroborated_run": 0, "refuted_run": 0}])
        self.assertRaises(ValueError, self.agent.lip_set_sources, [{"prefix": "http://a/?q", "tier": "low"}])
        self.assertRaises(ValueError, self.agent.lip_set_sources, [{"prefix": "http://a/", "tier": "low"},
                                                                  {"prefix": "http://a:80/", "tier": "high"}])
        self.assertEqual(len(self.agent.lip_sources()), 2)


if __name__ == "__main__":
    unittest.main()


class Schemas(LipCase):
    def test_events_queue_and_sources_match_their_schemas(self):
        from web4py.schema import default_registry

        reg = default_registry()
        self.agent.lip_set_sources([{"prefix": self.url("/medium/"), "tier": "medium"}])
        self.web.serve("/medium/doc")
        carol = self.peer("carol")
        alice = self.peer("alice", trusted=True)
        carol.send_lip(carol.fetch(self.url("/medium/doc"), self.url("/nope")))
        ev = carol.await_envelope("LIP_EVIDENCE", ANSWER)
        alice.send_lip(alice.vote(ev["msg_id"], accept=False))
        p = carol.evidence(self.url("/low/x"))
        carol.send_lip(p)
        alice.send_lip(alice.conflict(self.url("/low/x"), ["A claim."]))
        carol.barrier()
        events = self.agent.events(0, 10000)[0]
        kinds = {e["kind"] for e in events}
        self.assertTrue({"lip.fetch.started", "lip.source.fetched", "lip.source.failed", "lip.item.status"} <= kinds)
        for e in events:
            self.assertIsNone(reg.first_error(e, "events/event.schema.json"), e)
        self.assertIsNone(reg.first_error({"items": self.agent.lip_queue()}, "harness/lip_queue.response.schema.json"))
        self.assertIsNone(reg.first_error({"sources": self.agent.lip_sources()}, "harness/lip_sources_get.response.schema.json"))


class HarnessOverHttp(LipCase):
    """harness.md §4.13 over real HTTP: lip/sources (GET and POST on one path), lip/queue."""

    def call(self, method, op, body=None):
        import json
        import urllib.error
        import urllib.request

        from web4py.harness import start_harness

        if not hasattr(self, "server"):
            self.server, port = start_harness("127.0.0.1", 0, "tok", self.agent.identity, self.agent)
            self.base = "http://127.0.0.1:%d/harness/v1/" % port
            self.addCleanup(self.server.stop)
        req = urllib.request.Request(self.base + op, method=method,
                                     data=None if body is None else json.dumps(body).encode())
        req.add_header("Authorization", "Bearer tok")
        if body is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                return r.status, json.loads(r.read()), r.headers
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read()), e.headers

    def test_operations(self):
        status, info, _ = self.call("GET", "info")
        self.assertIn("lip", info["capabilities"])
        status, body, _ = self.call("POST", "lip/sources", {"sources": [{"prefix": "http://H:80/a/./", "tier": "low"}]})
        self.assertEqual((status, body["sources"][0]["prefix"], body["sources"][0]["origin"]), (200, "http://h/a/", "configured"))
        status, body, _ = self.call("POST", "lip/sources", {"sources": [{"prefix": "http://h/a?q", "tier": "low"}]})
        self.assertEqual((status, body["error"]["code"]), (400, "BAD_REQUEST"))
        status, body, _ = self.call("POST", "lip/sources", {"sources": [{"prefix": "http://h/", "tier": "low"},
                                                                       {"prefix": "http://h:80/", "tier": "high"}]})
        self.assertEqual(status, 400)
        status, body, _ = self.call("GET", "lip/sources")
        self.assertEqual((status, [s["prefix"] for s in body["sources"]]), (200, ["http://h/a/"]))
        status, body, headers = self.call("PUT", "lip/sources", {})
        self.assertEqual((status, headers["Allow"]), (405, "GET, POST"))
        status, body, _ = self.call("GET", "lip/queue")
        self.assertEqual((status, body), (200, {"items": []}))
