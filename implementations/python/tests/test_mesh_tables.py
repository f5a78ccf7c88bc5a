"""The pure parts of spec/mesh.md: Table 4.3b, step R1, the canonical-base64 part of step R4, the
forwarded payload, the mesh_id memory (Table 4.8), route choice and announcements (§4.2, §4.5) and the
vouch transitions of Table 4.6 with their decay (MESH-TRU-001/002)."""

import base64
import unittest

from web4py.cip.trust import DECAY_NS, TrustBook
from web4py.mesh import tables as T
from web4py.mesh.memory import MeshIdMemory
from web4py.mesh.routes import Route, RouteTable

S = 1_000_000_000


def fp(c: str) -> str:
    return c * 64


OWN, N1, N2, X, Y = fp("0"), fp("1"), fp("2"), fp("a"), fp("b")


class Carried(unittest.TestCase):
    def test_table_4_3b_every_row(self):
        for t in ("INTENT", "INTENT_RESPONSE", "FACT_CHALLENGE", "FACT_CONFIRM", "FACT_REJECT"):
            self.assertEqual((T.may_carry("cip", t, X), T.may_carry("cip", t, "*")), (True, False), t)
        for t in ("FACT_PROPOSE", "DECISION_SHARE"):
            self.assertEqual((T.may_carry("cip", t, X), T.may_carry("cip", t, "*")), (True, True), t)
        self.assertEqual((T.may_carry("mesh", "MESH_UNDELIVERABLE", X),
                          T.may_carry("mesh", "MESH_UNDELIVERABLE", "*")), (True, False))
        for protocol, t in (("cip", "HELLO"), ("cip", "VERIFY"), ("cip", "STATE_UPDATE"), ("hcp", "HCP_INTENT"),
                            ("lip", "LIP_FETCH"), ("mesh", "MESH_RELAY"), ("mesh", "MESH_ROUTES"),
                            ("mesh", "MESH_VOUCH")):
            self.assertEqual((T.may_carry(protocol, t, X), T.may_carry(protocol, t, "*")), (False, False), t)
        self.assertEqual(T.protocol_of("MESH_UNDELIVERABLE"), "mesh")
        self.assertEqual(T.protocol_of("INTENT"), "cip")
        self.assertIsNone(T.protocol_of("HELLO"))


class StepR1(unittest.TestCase):
    def relay(self, route, hop_limit=9, origin=X):
        return {"mesh_id": "m", "origin": origin, "destination": Y, "hop_limit": hop_limit, "route": route,
                "envelope": "e30="}

    def test_acceptable(self):
        self.assertIsNone(T.route_record_problem(self.relay([X]), X))
        self.assertIsNone(T.route_record_problem(self.relay([X, N1]), N1))
        self.assertIsNone(T.route_record_problem(self.relay([X, N1], hop_limit=2), N1))

    def test_each_failure(self):
        self.assertIn("last entry", T.route_record_problem(self.relay([X, N1]), N2))
        self.assertIn("first entry", T.route_record_problem(self.relay([N2, N1]), N1))
        self.assertIn("twice", T.route_record_problem(self.relay([X, N1, X, N1]), N1))
        self.assertIn("hop_limit", T.route_record_problem(self.relay([X, N2, N1], hop_limit=2), N1))


class StepR4Base64(unittest.TestCase):
    def test_canonical_only(self):
        self.assertEqual(T.decode_inner(base64.b64encode(b"{}").decode()), b"{}")
        self.assertIsNone(T.decode_inner("e30"))  # unpadded
        self.assertIsNone(T.decode_inner("e31="))  # unused bits not zero
        self.assertIsNone(T.decode_inner("e3 0="))
        big = base64.b64encode(b"x" * (T.MAX_INNER_BYTES + 1)).decode()
        self.assertIsNone(T.decode_inner(big))
        self.assertIsNotNone(T.decode_inner(base64.b64encode(b"x" * T.MAX_INNER_BYTES).decode()))

    def test_inner_against_metadata(self):
        inner = {"type": "INTENT", "sender": {"fingerprint": X}, "receiver": {"fingerprint": Y}}
        relay = {"origin": X, "destination": Y}
        self.assertIsNone(T.inner_problem(inner, "cip", relay))
        self.assertIn("sender", T.inner_problem(inner, "cip", dict(relay, origin=N1)))
        self.assertIn("receiver", T.inner_problem(inner, "cip", dict(relay, destination=N1)))
        self.assertIn("may not carry", T.inner_problem(inner, "cip", dict(relay, destination="*")))
        propose = dict(inner, type="FACT_PROPOSE", receiver={"fingerprint": T.BROADCAST_FINGERPRINT})
        self.assertIsNone(T.inner_problem(propose, "cip", dict(relay, destination="*")))
        self.assertIn("receiver", T.inner_problem(dict(propose, receiver={"fingerprint": Y}), "cip",
                                                  dict(relay, destination="*")))

    def test_forwarded_payload_keeps_everything_and_appends(self):
        p = {"mesh_id": "m", "origin": X, "destination": Y, "hop_limit": 3, "route": [X], "envelope": "e30="}
        out = T.forwarded_payload(p, N1)
        self.assertEqual(out, dict(p, route=[X, N1]))
        self.assertEqual(p["route"], [X])


class Memory(unittest.TestCase):
    def test_600_seconds(self):
        m = MeshIdMemory()
        m.remember("a", 0)
        self.assertTrue(m.remembers("a", 600 * S))
        self.assertFalse(m.remembers("a", 600 * S + 1))
        self.assertEqual(m.count(600 * S + 1), 0)

    def test_4096_newer_ones(self):
        m = MeshIdMemory()
        for i in range(4097):
            m.remember(str(i), i)
        self.assertFalse(m.remembers("0", 5000))
        self.assertTrue(m.remembers("1", 5000))
        self.assertEqual(m.count(5000), 4096)


class Routes(unittest.TestCase):
    def table(self):
        t = RouteTable(OWN)
        t.learn(N1, [{"destination": X, "agent_id": "x", "hops": 2}, {"destination": Y, "agent_id": "y", "hops": 8},
                     {"destination": OWN, "agent_id": "me", "hops": 1}])
        t.learn(N2, [{"destination": X, "agent_id": "x2", "hops": 2}, {"destination": Y, "agent_id": "y", "hops": 9},
                     {"destination": N1, "agent_id": "n1", "hops": 1}])
        return t

    def test_route_choice(self):
        routes = self.table().routes({N1: "n1", N2: "n2"}, lambda f: False)
        self.assertEqual(routes[N1], Route(N1, "n1", N1, 1))  # a neighbour is reached directly
        self.assertEqual(routes[X], Route(X, "x", N1, 3))  # equal hops: the least fingerprint
        self.assertEqual(routes[Y], Route(Y, "y", N1, 9))  # 8 + 1 ≤ 9; N2's 9 + 1 is not counted
        self.assertNotIn(OWN, routes)

    def test_fewest_hops_wins_and_repeats_count_smaller(self):
        t = self.table()
        t.learn(N2, [{"destination": X, "agent_id": "x2", "hops": 4}, {"destination": X, "agent_id": "x2", "hops": 1}])
        self.assertEqual(t.routes({N1: "n1", N2: "n2"}, lambda f: False)[X], Route(X, "x2", N2, 2))

    def test_blacklisted_and_forgotten(self):
        t = self.table()
        self.assertNotIn(X, t.routes({N1: "n1", N2: "n2"}, lambda f: f == X))
        t.keep_only([N2])
        routes = t.routes({N2: "n2"}, lambda f: False)
        self.assertEqual(routes[X].via, N2)
        self.assertNotIn(Y, routes)  # 9 + 1 hops

    def test_announcement_split_horizon(self):
        routes = self.table().routes({N1: "n1", N2: "n2"}, lambda f: False)
        to_n1 = RouteTable.announcement(routes, N1)
        self.assertEqual(to_n1, [{"destination": N2, "agent_id": "n2", "hops": 1}])  # X and Y go through N1
        to_n2 = RouteTable.announcement(routes, N2)
        self.assertEqual(to_n2, [{"destination": N1, "agent_id": "n1", "hops": 1},
                                 {"destination": X, "agent_id": "x", "hops": 3},
                                 {"destination": Y, "agent_id": "y", "hops": 9}])

    def test_at_most_64(self):
        t = RouteTable(OWN)
        t.learn(N1, [{"destination": "%064x" % (i + 100), "agent_id": "d", "hops": 1 + i % 3} for i in range(64)])
        routes = t.routes({N1: "n1", N2: "n2"}, lambda f: False)
        self.assertEqual(len(routes), 64)
        self.assertIn(N2, routes)
        self.assertEqual(len(RouteTable.announcement(routes, N2)), 63)  # N2 itself is not announced to N2


class Vouches(unittest.TestCase):
    def setUp(self):
        self.changes = []
        self.book = TrustBook(lambda f, old, new, cause: self.changes.append((f, old, new, cause)))

    def test_table_4_6(self):
        self.assertEqual(self.book.vouch(X, 0), "probing")
        self.assertEqual(self.book.vouch(X, 10 * S), "probing")  # probing: unchanged
        self.book.override(Y, "trusted")
        self.assertEqual(self.book.vouch(Y, 0), "trusted")
        self.book.override(N1, "blacklisted")
        self.assertEqual(self.book.vouch(N1, 0), "blacklisted")
        self.assertEqual(self.changes, [(X, "untrusted", "probing", "vouch"), (Y, "untrusted", "trusted", "override"),
                                        (N1, "untrusted", "blacklisted", "override")])

    def test_unknown_survives_vouch_and_decay(self):
        self.assertTrue(self.book.is_unknown(X))
        self.book.vouch(X, 0)
        self.assertTrue(self.book.is_unknown(X))
        self.book.event(X, "handshake")
        self.assertFalse(self.book.is_unknown(X))

    def test_decay_exactly_after_3600_seconds(self):
        self.book.vouch(X, 5 * S)
        self.assertIsNone(self.book.decay_due(5 * S + DECAY_NS - 1))
        self.assertEqual(self.book.decay_due(5 * S + DECAY_NS), X)
        self.assertEqual(self.book.state(X), "untrusted")
        self.assertEqual(self.changes[-1], (X, "probing", "untrusted", "decay"))
        self.assertTrue(self.book.is_unknown(X))

    def test_another_event_cancels_the_decay(self):
        self.book.vouch(X, 0)
        self.book.event(X, "handshake")  # an event of Table 4.4 (no change from probing)
        self.assertIsNone(self.book.decay_due(2 * DECAY_NS))
        self.assertEqual(self.book.state(X), "probing")


if __name__ == "__main__":
    unittest.main()
