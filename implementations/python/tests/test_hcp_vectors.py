"""The shared HCP vectors (vectors/hcp/, docs/vectors.md "HCP vectors") against web4py.hcp's pure rules:
pacing levels and decisions, consent for one and both humans, social-trust sequences."""

import unittest

from _util import cases, load_vectors

from web4py.hcp import consent as C
from web4py.hcp import pacing as P
from web4py.hcp.trust import SocialTrust

KIND_TYPE = {"intent": "HCP_INTENT", "other": "HCP_DECISION", "check_in": "HCP_CONTEXT"}


def allows(consent, scope, t):
    kind = t["kind"]
    return C.allows(consent, scope, KIND_TYPE[kind], t.get("topic"), t.get("openTopic"), check_in=kind == "check_in")


class HcpVectors(unittest.TestCase):
    def test_pacing(self):
        doc = load_vectors("hcp/hcp_pacing_test.json")
        n = 0
        for group, t in cases(doc):
            with self.subTest(tcId=t["tcId"], comment=t["comment"]):
                self.assertEqual(P.level(t["human"], t["safetyFlags"]), t["level"])
                self.assertEqual(P.decision(t["human"], t["safetyFlags"], t["checkInConfirmed"]), t["decision"])
                n += 1
        self.assertEqual(n, doc["numberOfTests"])
        print("\n  hcp/hcp_pacing_test.json: %d/%d" % (n, doc["numberOfTests"]))

    def test_consent(self):
        doc = load_vectors("hcp/hcp_consent_test.json")
        n = 0
        for group, t in cases(doc):
            with self.subTest(tcId=t["tcId"], comment=t["comment"]):
                if group["type"] == "HcpConsentOne":
                    self.assertEqual(allows(t["consent"], t["consentScope"], t), t["allowed"])
                else:
                    cp, pr = t["counterpart"], t["principal"]
                    refused = None
                    if not allows(cp["consent"], cp["consentScope"], t):
                        refused = "G4"  # the counterpart's consent first (Table 4.2)
                    elif not allows(pr["consent"], pr["consentScope"], t):
                        refused = "G5"
                    self.assertEqual((refused is None, refused), (t["allowed"], t["refusedAt"]))
                n += 1
        self.assertEqual(n, doc["numberOfTests"])
        print("\n  hcp/hcp_consent_test.json: %d/%d" % (n, doc["numberOfTests"]))

    def test_trust(self):
        doc = load_vectors("hcp/hcp_trust_test.json")
        n = 0
        for group, t in cases(doc):
            with self.subTest(tcId=t["tcId"], comment=t["comment"]):
                trust = SocialTrust()
                self.assertEqual(trust.state, group["initialState"])
                for i, step in enumerate(t["steps"]):
                    kind = step["step"]
                    if kind == "hello":
                        trust.hello(step["consentRevoked"])
                        event = "hello"
                    elif kind == "feedback":
                        payload = {"feedback": "x", "corrections": ["c"] * step["corrections"]}
                        if "satisfaction" in step:
                            payload["satisfaction"] = step["satisfaction"]
                        event = trust.feedback(payload)
                    else:  # revoked / restored: the event itself
                        trust.apply(kind)
                        event = kind
                    self.assertEqual((i, event, trust.state), (i, step["event"], step["state"]))
                n += 1
        self.assertEqual(n, doc["numberOfTests"])
        print("\n  hcp/hcp_trust_test.json: %d/%d" % (n, doc["numberOfTests"]))


if __name__ == "__main__":
    unittest.main()
