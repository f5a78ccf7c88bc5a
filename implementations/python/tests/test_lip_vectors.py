"""The shared LIP vectors (vectors/lip/*.json, docs/vectors.md) against web4py.lip: evidence documents
(§4.3, Table 4.4b order), URI normalization, redirect targets, tiers and tier movement (§4.4, §4.6),
and queue sequences (§4.7, Tables 4.7a/4.7b)."""

import unittest

from tests._util import VECTORS, cases, load_vectors
from web4py.envelope import parse_timestamp
from web4py.lip import document as D
from web4py.lip import uri as U
from web4py.lip.queue import Item, LipState, VoteRefused

HAVE = (VECTORS / "lip").is_dir()


def judge_response(status, headers, body):
    """A final response as the fetcher judges it after reading it: status, headers, size, body."""
    reason = D.judge_headers(status, headers)
    if reason is not None:
        return None, reason
    doc, reason, _ = D.judge_body(body)
    return doc, reason


@unittest.skipUnless(HAVE, "vectors/lip not present")
class EvidenceDocuments(unittest.TestCase):
    def test_vectors(self):
        n = 0
        for _, t in cases(load_vectors("lip/lip_evidence_document_test.json")):
            with self.subTest(tcId=t["tcId"], comment=t["comment"]):
                body = bytes.fromhex(t.get("bodyHex", ""))
                doc, reason = judge_response(t["status"], [tuple(h) for h in t["headers"]], body)
                if t["result"] == "valid":
                    self.assertIsNone(reason)
                    self.assertEqual(D.payload_of(doc, None), t["payload"])
                else:
                    self.assertEqual(reason, t["reason"])
                n += 1
        print("\n  lip/lip_evidence_document_test.json: %d cases" % n)


@unittest.skipUnless(HAVE, "vectors/lip not present")
class Sources(unittest.TestCase):
    def test_vectors(self):
        n = 0
        for group, t in cases(load_vectors("lip/lip_source_test.json")):
            with self.subTest(tcId=t["tcId"], comment=t["comment"]):
                kind = group["type"]
                if kind == "LipUriNormalization":
                    try:
                        got = U.normalize(t["uri"])
                    except U.UriError:
                        got = None
                    self.assertEqual(got, t["normalized"])
                elif kind == "LipRedirectTarget":
                    try:
                        got = U.normalize(U.resolve(t["base"], t["location"].split("#", 1)[0]))
                    except (U.UriError, ValueError):
                        got = None
                    self.assertEqual(got, t["target"])
                elif kind == "LipTier":
                    rules = [U.make_rule(r["prefix"], r["tier"]) for r in group["rules"]]
                    self.assertEqual(U.tier_of(rules, t["uri"]), t["tier"])
                elif kind == "LipTierMovement":
                    self._movement(t)
                else:
                    self.fail("unknown group type " + kind)
                n += 1
        print("\n  lip/lip_source_test.json: %d cases" % n)

    def _movement(self, t):
        """A source at ``tier`` and a run of events: items from it corroborated or refuted."""
        q = LipState()
        prefix = "http://127.0.0.1:8080/s/"
        q.configure([U.make_rule(prefix, t["tier"])], 0, False)
        rule = q.rules[0]
        for k, step in enumerate(t["steps"]):
            item = Item("i%d" % k, prefix + "doc%d" % k, "ts", 0, "ts", 0, ["c%d" % k], ["e"], asker="asker")
            q.add(item, 0, False)
            if step["event"] == "corroborated":
                q.vote(item.id, "A", "accept", True, 0, False)
                q.vote(item.id, "B", "accept", True, 0, False)
            else:
                q.vote(item.id, "A", "reject", True, 0, False)
            self.assertEqual((rule.tier, rule.corroborated_run, rule.refuted_run),
                             (step["tier"], step["c"], step["r"]), "after step %d" % k)


def effect_json(e) -> dict:
    kind = e[0]
    if kind == "tier":
        _, rule, old, new, cause = e
        return {"effect": "tier", "source": rule.prefix, "from": old, "to": new, "cause": cause}
    item = e[1]
    if kind == "conflict":
        c = e[2]
        return {"effect": "conflict", "item": item.id, "with": c.with_, "claims": c.claims, "severity": c.severity}
    if item.status == "accepted" and item.reason == "corroborated":
        corroborators = sorted(item.accepters)
    elif item.status == "rejected" and item.reason == "peer_rejection":
        corroborators = sorted(item.rejecters)
    else:
        corroborators = []
    return {"effect": "status", "item": item.id, "status": item.status, "reason": item.reason,
            "corroborators": corroborators}


@unittest.skipUnless(HAVE, "vectors/lip not present")
class Queue(unittest.TestCase):
    def test_vectors(self):
        n = 0
        for group, t in cases(load_vectors("lip/lip_queue_test.json")):
            with self.subTest(tcId=t["tcId"], comment=t["comment"]):
                self._replay(group, t)
                n += 1
        print("\n  lip/lip_queue_test.json: %d cases" % n)

    def _replay(self, group, t):
        now = parse_timestamp(group["start"])
        overloaded = False
        q = LipState()
        q.configure([U.make_rule(r["prefix"], r["tier"]) for r in group["rules"]], now, False)
        for k, step in enumerate(t["steps"]):
            do = step["do"]
            refused = None
            if do == "arrive":
                item = Item(step["item"], U.normalize(step["uri"]), "ts", now + step["retrievedAheadSeconds"] * 10**9,
                            "ts", now, list(step["claims"]), [] if step["evidenceEmpty"] else ["a citation"],
                            asker=step["asker"], originator=step["originator"])
                effects = q.add(item, now, overloaded)
            elif do == "vote":
                try:
                    effects = q.vote(step["item"], step["voter"], step["decision"], step["trusted"], now, overloaded)
                except VoteRefused:
                    effects, refused = [], "TRUST_VIOLATION"
            elif do == "report":
                effects = q.report_conflict(step["reporter"], step["trusted"], U.normalize(step["uri"]),
                                            list(step["conflicts"]), step["severity"], now, overloaded)
            elif do == "load":
                overloaded = step["overloaded"]
                effects = q.rejudge(now, overloaded)
            elif do == "advance":
                now += step["seconds"] * 10**9
                effects = q.rejudge(now, overloaded)
            elif do == "configure":
                effects = q.configure([U.make_rule(r["prefix"], r["tier"]) for r in step["rules"]], now, overloaded)
            else:
                self.fail("unknown step " + do)
            where = "step %d (%s)" % (k, do)
            self.assertEqual(refused, step.get("refused"), where)
            self.assertEqual([effect_json(e) for e in effects], step["effects"], where)
            statuses = {i.id: i.status + (" " + i.reason if i.reason else "") for i in q.items.values()}
            self.assertEqual({i: statuses.get(i) for i in step["statuses"]}, step["statuses"], where)


if __name__ == "__main__":
    unittest.main()
