"""The deferred-acceptance queue and tier movement as a model (spec/lip.md Tables 4.6b, 4.7a, 4.7b)."""

import unittest

from tests import _util  # noqa: F401
from web4py.lip import uri as U
from web4py.lip.queue import EXPIRY_NS, Item, LipState, VoteRefused

S = 10**9
NOW = 1_800_000_000 * S
W = "http://127.0.0.1:9"


def item(i, path="/low/doc", originator=None, evidence=("e",), ahead=0, claims=("A",), asker="asker"):
    return Item("id%d" % i, W + path, "ts", NOW + ahead * S, "ts", NOW, list(claims), list(evidence),
                asker=None if originator else asker, originator=originator)


class Queue(unittest.TestCase):
    def setUp(self):
        self.q = LipState()
        self.q.configure([U.make_rule(W + "/low/", "low"), U.make_rule(W + "/medium/", "medium"),
                          U.make_rule(W + "/high/", "high"), U.make_rule(W + "/blocked/", "blocked")], NOW, False)

    def status(self, i):
        it = self.q.items["id%d" % i]
        return it.status, it.reason

    def test_table_4_7b(self):
        q = self.q
        q.add(item(1, "/medium/doc"), NOW, False)
        self.assertEqual(self.status(1), ("accepted", "tier"))
        q.add(item(2), NOW, False)
        q.vote("id2", "A", "accept", True, NOW, False)
        self.assertEqual(self.status(2), ("pending", None))
        q.vote("id2", "A", "accept", True, NOW, False)
        q.vote("id2", "D", "accept", False, NOW, False)
        self.assertEqual(self.status(2), ("pending", None))
        eff = q.vote("id2", "B", "accept", True, NOW, False)
        self.assertEqual(self.status(2), ("accepted", "corroborated"))
        self.assertEqual(q.items["id2"].accepters, ["A", "B"])
        self.assertTrue(q.items["id2"].in_memory)
        q.add(item(3, "/unknown/doc", originator="A"), NOW, False)
        self.assertEqual(q.vote("id3", "A", "accept", True, NOW, False), [])  # originator: not counted
        self.assertEqual(q.items["id3"].accepters, [])
        self.assertRaises(VoteRefused, q.vote, "nope", "A", "accept", True, NOW, False)
        q.add(item(4, "/high/doc"), NOW, True)
        self.assertEqual(self.status(4), ("pending", None))
        q.rejudge(NOW, False)
        self.assertEqual(self.status(4), ("accepted", "tier"))
        q.add(item(5, "/high/doc", evidence=()), NOW, False)
        self.assertEqual(self.status(5), ("rejected", "no_provenance"))
        q.add(item(6), NOW, False)
        q.report_conflict("A", True, W + "/low/doc", ["A"], "high", NOW, False)
        q.vote("id6", "B", "accept", True, NOW, False)
        q.vote("id6", "C", "accept", True, NOW, False)
        self.assertEqual(self.status(6), ("disputed", None))
        q.vote("id6", "A", "accept", True, NOW, False)
        self.assertEqual(self.status(6), ("accepted", "corroborated"))
        self.assertEqual(sorted(q.items["id6"].accepters), ["A", "B", "C"])
        q.add(item(7), NOW, False)
        q.vote("id7", "A", "reject", True, NOW, False)
        self.assertEqual(self.status(7), ("rejected", "peer_rejection"))

    def test_arrival_rows(self):
        q = self.q
        q.add(item(1, "/blocked/x"), NOW, False)
        q.add(item(2, ahead=301), NOW, False)
        q.add(item(3, ahead=300), NOW, False)
        self.assertEqual([self.status(i) for i in (1, 2, 3)],
                         [("rejected", "blocked"), ("rejected", "retrieval_time"), ("pending", None)])

    def test_queue_full(self):
        q = self.q
        for i in range(1000):
            q.add(item(i), NOW, False)
        self.assertEqual(self.status(999), ("pending", None))
        q.add(item(1000), NOW, False)
        self.assertEqual(self.status(1000), ("rejected", "queue_full"))

    def test_the_undecided_count_is_a_count_of_the_items(self):
        # ADR 1428: kept by add and _set; it equals counting the items that are not final
        q = self.q

        def recount():
            return sum(1 for i in q.items.values() if not i.final)

        for i, path in enumerate(["/low/doc", "/medium/doc", "/blocked/doc", "/low/doc", "/high/doc"] * 3):
            q.add(item(i, path), NOW, i % 4 == 0)
            self.assertEqual(q.undecided(), recount())
        q.vote("id0", "A", "accept", True, NOW, False)
        q.vote("id3", "B", "reject", True, NOW, False)
        q.report_conflict("A", True, W + "/low/doc", ["A"], "high", NOW, False)
        self.assertEqual(q.undecided(), recount())
        q.rejudge(NOW + EXPIRY_NS, False)
        self.assertEqual((q.undecided(), recount()), (0, 0))
        q.add(item(99), NOW, False)
        q.reset()
        self.assertEqual((q.undecided(), recount()), (0, 0))

    def test_expiry(self):
        q = self.q
        q.add(item(1), NOW, False)
        q.rejudge(NOW + EXPIRY_NS - S, False)
        self.assertEqual(self.status(1), ("pending", None))
        q.rejudge(NOW + EXPIRY_NS, False)
        self.assertEqual(self.status(1), ("rejected", "expired"))

    def test_conflicts_that_do_not_count(self):
        q = self.q
        q.add(item(1), NOW, False)
        q.report_conflict("P", False, W + "/low/doc", ["A"], "low", NOW, False)
        q.report_conflict("A", True, W + "/low/other", ["A"], "low", NOW, False)
        q.report_conflict("A", True, W + "/low/doc", ["B"], "low", NOW, False)
        self.assertEqual(self.status(1), ("pending", None))
        eff = q.report_conflict("A", True, W + "/low/doc", ["B", "A"], "medium", NOW, False)
        self.assertEqual([e[0] for e in eff], ["conflict", "status"])
        self.assertEqual(eff[0][2].claims, ["A"])
        q.vote("id1", "B", "reject", True, NOW, False)
        self.assertEqual(self.status(1), ("rejected", "peer_rejection"))

    def _corroborate(self, i, path):
        self.q.add(item(i, path), NOW, False)
        eff = self.q.vote("id%d" % i, "A", "accept", True, NOW, False)
        return eff + self.q.vote("id%d" % i, "B", "accept", True, NOW, False)

    def rule(self, prefix):
        return next(r for r in self.q.rules if r.prefix == W + prefix)

    def test_tier_movement(self):
        self._corroborate(1, "/unknown/a")
        self._corroborate(2, "/unknown/b")
        learned = self.rule("/")
        self.assertEqual((learned.tier, learned.origin, learned.corroborated_run), ("unknown", "learned", 2))
        eff = self._corroborate(3, "/unknown/c")
        self.assertIn(("tier", learned, "unknown", "low", "corroborated"), [e for e in eff if e[0] == "tier"])
        for i in range(4, 7):
            self._corroborate(i, "/unknown/x%d" % i)
        self.assertEqual(learned.tier, "medium")
        self.q.add(item(7, "/unknown/y"), NOW, False)
        self.assertEqual(self.status(7), ("accepted", "tier"))
        for i in range(8, 11):
            self._corroborate(i, "/unknown/z%d" % i)
        self.assertEqual(learned.tier, "medium")  # never lifted to high

    def test_refutation(self):
        high = U.make_rule(W + "/h/", "high")
        self.q.configure(self.q.rules + [high], NOW, False)
        for i in (1, 2):
            self.q.add(item(i, "/h/%d" % i), NOW, False)
        self.q.vote("id1", "A", "reject", True, NOW, False)
        self.assertEqual(high.tier, "high")
        self.q.vote("id2", "A", "reject", True, NOW, False)  # accepted items can be refuted
        self.assertEqual(high.tier, "medium")
        blocked = self.rule("/blocked/")
        self.q.add(item(3, "/blocked/x"), NOW, False)
        self.q.vote("id3", "A", "accept", True, NOW, False)
        self.q.vote("id3", "B", "accept", True, NOW, False)
        self.assertEqual(blocked.tier, "blocked")

    def test_restart_run(self):
        self._corroborate(1, "/low/a")
        self._corroborate(2, "/low/b")
        self.q.add(item(3, "/low/c"), NOW, False)
        self.q.vote("id3", "A", "reject", True, NOW, False)
        self._corroborate(4, "/low/d")
        r = self.rule("/low/")
        self.assertEqual((r.tier, r.corroborated_run, r.refuted_run), ("low", 1, 0))

    def test_configuring_rejudges(self):
        self.q.add(item(1, "/x/doc"), NOW, False)
        eff = self.q.configure(self.q.rules + [U.make_rule(W + "/x/", "medium")], NOW, False)
        self.assertEqual(self.status(1), ("accepted", "tier"))
        self.q.add(item(2, "/y/doc"), NOW, False)
        self.q.configure(self.q.rules + [U.make_rule(W + "/y/", "blocked")], NOW, False)
        self.assertEqual(self.status(2), ("rejected", "blocked"))


if __name__ == "__main__":
    unittest.main()


class SourcesFile(unittest.TestCase):
    """``python3 -m web4py serve --sources FILE``: the rules the agent starts with (and returns to on reset)."""

    def test_load_and_reset(self):
        import json
        import tempfile

        from web4py.__main__ import _load_sources

        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump({"sources": [{"prefix": "http://127.0.0.1:80/low/", "tier": "low"}]}, f)
        rules = _load_sources(f.name)
        self.assertEqual([(r.prefix, r.tier, r.origin) for r in rules], [("http://127.0.0.1/low/", "low", "configured")])
        q = LipState(rules)
        q.configure([], NOW, False)
        q.reset()
        self.assertEqual([r.prefix for r in q.rules], ["http://127.0.0.1/low/"])
        with open(f.name, "w") as g:
            json.dump({"sources": [{"prefix": "http://h/?q", "tier": "low"}]}, g)
        self.assertRaises(SystemExit, _load_sources, f.name)


class Bounds(unittest.TestCase):
    def test_oldest_final_items_are_forgotten(self):
        from web4py.lip import queue as Q

        old = Q.MAX_ITEMS
        Q.MAX_ITEMS = 5
        try:
            q = LipState([U.make_rule(W + "/medium/", "medium")])
            for i in range(3):
                q.add(item(i, "/medium/doc"), NOW, False)  # accepted: final
            for i in range(3, 5):
                q.add(item(i), NOW, False)  # pending
            q.add(item(5), NOW, False)
            self.assertEqual(list(q.items), ["id1", "id2", "id3", "id4", "id5"])
        finally:
            Q.MAX_ITEMS = old

    def test_expiry_due(self):
        q = LipState()
        q.add(item(1), NOW, False)
        self.assertFalse(q.expiry_due(NOW + EXPIRY_NS - 1))
        self.assertTrue(q.expiry_due(NOW + EXPIRY_NS))
