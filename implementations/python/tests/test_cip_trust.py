"""Table 4.4 (spec/cip.md §4.4) cell by cell, anchors, overrides and the run of rejected facts; and
an independent model of the prose checked against the table over random histories."""

import random
import unittest

from web4py.cip.trust import EVENTS, STATES, TABLE, TrustBook, next_state

# Table 4.4 transcribed row by row from the spec ("·" = unchanged), independently of trust.TABLE.
SPEC_ROWS = {
    #              handshake   verified   conflict    unverifiable bad_signature malicious     anomaly
    "untrusted":   ("probing", "·",       "·",        "·",         "·",          "blacklisted", "·"),
    "probing":     ("·",       "trusted", "untrusted", "untrusted", "untrusted",  "blacklisted", "·"),
    "trusted":     ("·",       "·",       "probing",  "probing",   "untrusted",  "blacklisted", "probing"),
    "blacklisted": ("·",       "·",       "·",        "·",         "·",          "·",           "·"),
}
ORDER = ("handshake", "verified", "conflict", "unverifiable", "bad_signature", "malicious", "anomaly")


class TableCells(unittest.TestCase):
    def test_every_cell(self):
        self.assertEqual(set(EVENTS), set(ORDER))
        for state, row in SPEC_ROWS.items():
            for event, cell in zip(ORDER, row):
                with self.subTest(state=state, event=event):
                    expected = state if cell == "·" else cell
                    self.assertEqual(next_state(state, event), expected)

    def test_override_from_every_state(self):
        for start in STATES:
            for target in STATES:
                changes = []
                book = TrustBook(lambda *a: changes.append(a))
                if start != "untrusted":
                    book.override("fp", start)
                changes.clear()
                self.assertEqual(book.override("fp", target), target)
                self.assertEqual(changes, [] if start == target else [("fp", start, target, "override")])

    def test_only_override_leaves_blacklisted(self):
        self.assertEqual(TABLE["blacklisted"], {})


class Book(unittest.TestCase):
    def setUp(self):
        self.changes = []
        self.book = TrustBook(lambda fp, a, b, cause: self.changes.append((fp, a, b, cause)))

    def test_initial_untrusted_and_one_event_per_change(self):
        self.assertEqual(self.book.state("x"), "untrusted")
        self.book.event("x", "verified")  # unchanged: no report
        self.assertEqual(self.changes, [])
        self.book.event("x", "handshake")
        self.book.event("x", "handshake")
        self.assertEqual(self.changes, [("x", "untrusted", "probing", "handshake")])

    def test_anchor_trusted_unless_known(self):
        self.book.event("known", "handshake")
        self.changes.clear()
        self.assertEqual(self.book.add_anchors(["a", "known"]), ["a", "known"])
        self.assertEqual(self.book.state("a"), "trusted")
        self.assertEqual(self.book.state("known"), "probing")
        self.assertEqual(self.changes, [("a", "untrusted", "trusted", "anchor")])
        # an anchor follows the table afterwards
        self.book.event("a", "handshake")
        self.assertEqual(self.book.state("a"), "trusted")
        self.book.event("a", "anomaly")
        self.assertEqual(self.book.state("a"), "probing")
        # anchoring again does not restore it
        self.book.add_anchors(["a"])
        self.assertEqual(self.book.state("a"), "probing")

    def test_third_rejection_in_a_row(self):
        self.book.event("p", "handshake")
        self.book.fact_rejected("p")
        self.book.fact_rejected("p")
        self.assertEqual(self.book.state("p"), "probing")
        self.book.fact_rejected("p")
        self.assertEqual(self.book.state("p"), "untrusted")

    def test_verified_breaks_the_run(self):
        self.book.override("p", "trusted")
        self.book.fact_rejected("p")
        self.book.fact_rejected("p")
        self.book.event("p", "verified")
        self.book.fact_rejected("p")
        self.book.fact_rejected("p")
        self.assertEqual(self.book.state("p"), "trusted")
        self.book.fact_rejected("p")
        self.assertEqual(self.book.state("p"), "probing")

    def test_reset(self):
        self.book.add_anchors(["a"])
        self.book.reset()
        self.assertEqual(self.book.snapshot(), {})
        self.assertEqual(self.book.anchors(), [])
        self.book.add_anchors(["a"])
        self.assertEqual(self.book.state("a"), "trusted")


class ModelCheck(unittest.TestCase):
    """A model written from the prose of §4.4 (not from TABLE) agrees over random histories."""

    @staticmethod
    def model(state, event):
        if event == "malicious":
            return state if state == "blacklisted" else "blacklisted"
        if state == "blacklisted":
            return state
        if event == "handshake":
            return "probing" if state == "untrusted" else state
        if event == "verified":
            return "trusted" if state == "probing" else state
        if event in ("conflict", "unverifiable"):
            return {"probing": "untrusted", "trusted": "probing"}.get(state, state)
        if event == "bad_signature":
            return "untrusted" if state in ("probing", "trusted") else state
        if event == "anomaly":
            return "probing" if state == "trusted" else state
        raise AssertionError(event)

    def test_random_histories(self):
        rng = random.Random(20261130)
        for _ in range(2000):
            changes = []
            book = TrustBook(lambda *a: changes.append(a))
            state = "untrusted"
            for _ in range(rng.randrange(1, 30)):
                if rng.random() < 0.1:
                    s = rng.choice(STATES)
                    book.override("p", s)
                    expected_change = s != state
                    state = s
                else:
                    e = rng.choice(ORDER)
                    book.event("p", e)
                    new = self.model(state, e)
                    expected_change = new != state
                    state = new
                self.assertEqual(book.state("p"), state)
                self.assertEqual(bool(changes), expected_change)
                changes.clear()


if __name__ == "__main__":
    unittest.main()
