"""HCP pure rules (spec/hcp.md §4): pacing levels and decisions (Tables 4.4a, 4.4c), consent
(Table 4.3), check-in messages (Table 4.5a) and the social-trust table (Tables 4.7a, 4.7b)."""

import unittest

from web4py.hcp import consent as C
from web4py.hcp import pacing as P
from web4py.hcp.trust import EVENTS, STATES, SocialTrust, feedback_kind, next_state


def human(presence="engaged", affect="neutral", pressure=0, clarity=100, consent="granted", intent="none"):
    return {"presence": presence, "affect": affect, "pressure": pressure, "clarity": clarity,
            "consent": consent, "intent": intent}


class Levels(unittest.TestCase):
    def test_table_4_4c(self):
        rows = [
            # presence, affect, pressure, clarity, flags, confirmed, decision
            ("engaged", "neutral", 79, 31, (), False, "allow"),
            ("engaged", "neutral", 80, 31, (), False, "slow"),
            ("engaged", "neutral", 79, 30, (), False, "slow"),
            ("engaged", "neutral", 80, 30, (), False, "defer"),
            ("engaged", "neutral", 100, 0, (), False, "defer"),
            ("overloaded", "calm", 0, 100, (), False, "defer"),
            ("focused", "calm", 10, 90, ("slow_pacing",), False, "slow"),
            ("engaged", "anxious", 10, 90, (), False, "check_in"),
            ("engaged", "anxious", 10, 90, (), True, "allow"),
            ("engaged", "tense", 85, 90, (), False, "check_in"),
            ("engaged", "tense", 85, 90, (), True, "slow"),
            ("engaged", "anxious", 85, 20, (), False, "defer"),
        ]
        for presence, affect, pressure, clarity, flags, confirmed, expected in rows:
            with self.subTest(presence=presence, affect=affect, pressure=pressure, clarity=clarity):
                h = human(presence, affect, pressure, clarity)
                self.assertEqual(P.decision(h, flags, confirmed), expected)

    def test_boundaries(self):
        for pressure, clarity, expected in [(79, 31, "allow"), (80, 31, "slow"), (79, 30, "slow"),
                                            (80, 30, "defer"), (100, 100, "slow"), (0, 0, "slow"),
                                            (0, 31, "allow"), (100, 0, "defer")]:
            with self.subTest(pressure=pressure, clarity=clarity):
                self.assertEqual(P.level(human(pressure=pressure, clarity=clarity)), expected)

    def test_every_presence_and_affect(self):
        for presence in ("focused", "diffuse", "engaged"):
            self.assertEqual(P.level(human(presence)), "allow")
        self.assertEqual(P.level(human("overloaded")), "defer")
        for affect in ("calm", "neutral", "energized"):
            self.assertEqual(P.decision(human(affect=affect)), "allow")
        for affect in ("anxious", "tense"):
            self.assertEqual(P.decision(human(affect=affect)), "check_in")

    def test_other_flags_do_not_slow(self):
        self.assertEqual(P.level(human(), ["avoid_conflict"]), "allow")

    def test_interval(self):
        self.assertEqual(P.interval_left_ms(None, 5), 0)
        s = 1_000_000_000
        self.assertEqual(P.interval_left_ms(0, 9 * s), 1000)
        self.assertEqual(P.interval_left_ms(0, 10 * s), 0)
        self.assertEqual(P.interval_left_ms(0, 9_999_000_000), 1)
        self.assertEqual(P.interval_left_ms(0, 5 * s), 5000)


class Consent(unittest.TestCase):
    def test_table_4_3(self):
        A = ("HCP_CONTEXT", "HCP_DECISION", "HCP_FEEDBACK")
        # granted: everything, the scope is not consulted
        self.assertTrue(C.allows("granted", [], "HCP_INTENT", "topic:x", None))
        for t in A:
            self.assertTrue(C.allows("granted", [], t, None, None))
        # limited: intents on a topic in the scope
        self.assertTrue(C.allows("limited", ["topic:work"], "HCP_INTENT", "topic:work", None))
        self.assertFalse(C.allows("limited", ["topic:work"], "HCP_INTENT", "topic:personal", "topic:work"))
        self.assertFalse(C.allows("limited", [], "HCP_INTENT", "topic:work", None))
        # limited: other actions on the open topic
        for t in A:
            self.assertFalse(C.allows("limited", ["topic:work"], t, None, None))
            self.assertTrue(C.allows("limited", ["topic:work"], t, None, "topic:work"))
            self.assertFalse(C.allows("limited", ["topic:work"], t, None, "topic:personal"))
        # check-ins: allowed unless revoked
        self.assertTrue(C.allows("limited", [], "HCP_CONTEXT", None, None, check_in=True))
        self.assertFalse(C.allows("revoked", [], "HCP_CONTEXT", None, None, check_in=True))
        # revoked: nothing
        for t in ("HCP_INTENT",) + A:
            self.assertFalse(C.allows("revoked", ["topic:work"], t, "topic:work", "topic:work"))

    def test_check_in_kind(self):
        self.assertIsNone(C.check_in_kind("HCP_CONTEXT", {"context": "x", "constraints": []}))
        self.assertIsNone(C.check_in_kind("HCP_INTENT", {"constraints": ["check_in"]}))
        self.assertEqual(C.check_in_kind("HCP_CONTEXT", {"constraints": ["check_in"]}), "request")
        self.assertEqual(C.check_in_kind("HCP_CONTEXT", {"constraints": ["check_in_proceed"]}), "proceed")
        self.assertEqual(C.check_in_kind("HCP_CONTEXT", {"constraints": ["check_in_stop"]}), "stop")
        # the most conservative flag counts
        self.assertEqual(C.check_in_kind("HCP_CONTEXT", {"constraints": ["check_in", "check_in_proceed"]}), "proceed")
        self.assertEqual(C.check_in_kind("HCP_CONTEXT", {"constraints": ["check_in_proceed", "check_in_stop"]}), "stop")
        self.assertEqual(C.check_in_kind("HCP_CONTEXT", {"constraints": ["no_legal_advice", "check_in"]}), "request")


# Table 4.7b transcribed ("·" unchanged; hello from untrusted without a revoked consent)
SPEC_ROWS = {
    #              hello      validated  misunderstanding revoked       restored
    "untrusted":  ("probing", "·",       "·",             "·",          "·"),
    "probing":    ("·",       "trusted", "·",             "restricted", "·"),
    "trusted":    ("·",       "·",       "probing",       "restricted", "·"),
    "restricted": ("·",       "·",       "·",             "·",          "probing"),
}


class SocialTrustTable(unittest.TestCase):
    def test_every_cell(self):
        for state, row in SPEC_ROWS.items():
            for event, cell in zip(EVENTS, row):
                with self.subTest(state=state, event=event):
                    self.assertEqual(next_state(state, event), state if cell == "·" else cell)
        self.assertEqual(next_state("untrusted", "hello", any_revoked=True), "restricted")
        self.assertEqual(next_state("probing", "hello", any_revoked=True), "probing")
        self.assertEqual(set(STATES), set(SPEC_ROWS))

    def test_feedback_kinds(self):
        self.assertEqual(feedback_kind({"satisfaction": 70}), "validated")
        self.assertEqual(feedback_kind({"satisfaction": 69}), None)
        self.assertEqual(feedback_kind({"satisfaction": 80, "corrections": ["x"]}), "corrective")
        self.assertEqual(feedback_kind({"satisfaction": 80, "corrections": []}), "validated")
        self.assertEqual(feedback_kind({"satisfaction": 30}), "corrective")
        self.assertEqual(feedback_kind({"satisfaction": 31}), None)
        self.assertEqual(feedback_kind({}), None)
        self.assertEqual(feedback_kind({"corrections": ["x"]}), "corrective")

    def run_of(self, *satisfactions):
        changes = []
        t = SocialTrust(lambda *a: changes.append(a))
        t.hello()
        for s in satisfactions:
            t.feedback({"satisfaction": s})
        return t.state, changes

    def test_validated_then_misunderstanding(self):
        self.assertEqual(self.run_of(70)[0], "trusted")
        self.assertEqual(self.run_of(69)[0], "probing")
        self.assertEqual(self.run_of(70, 10)[0], "trusted")  # one corrective is not enough
        self.assertEqual(self.run_of(70, 10, 10)[0], "probing")
        self.assertEqual(self.run_of(70, 10, 50, 10)[0], "probing")  # a neutral one does not break the run
        self.assertEqual(self.run_of(70, 10, 90, 10)[0], "trusted")  # a validating one restarts it

    def test_count_starts_again(self):
        # the 2nd corrective is the event; the 3rd is not, the 4th is
        state, changes = self.run_of(10, 10, 70, 10, 10)
        self.assertEqual(state, "probing")
        state, _ = self.run_of(10, 10, 10, 70, 10)
        self.assertEqual(state, "trusted")  # run: 1 (after the event at #2), then 70 resets, then 1

    def test_consent_edges(self):
        changes = []
        t = SocialTrust(lambda *a: changes.append(a))
        t.hello()
        t.consents(False, True)
        t.consents(True, True)  # still revoked: no event
        t.consents(True, False)
        t.consents(False, False)
        self.assertEqual(changes, [("untrusted", "probing", "hello"), ("probing", "restricted", "revoked"),
                                   ("restricted", "probing", "restored")])

    def test_hello_while_revoked(self):
        changes = []
        t = SocialTrust(lambda *a: changes.append(a))
        t.consents(False, True)  # before the hello: untrusted stays untrusted
        t.hello()
        self.assertEqual(t.state, "restricted")
        t.consents(False, False)
        self.assertEqual(t.state, "probing")
        self.assertEqual([c[2] for c in changes], ["hello", "restored"])


if __name__ == "__main__":
    unittest.main()
