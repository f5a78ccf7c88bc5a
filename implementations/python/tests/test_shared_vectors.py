"""Every case of the kit's shared vector files, run through this implementation.

This is the criterion "the shared vectors pass in Python as in Java": jcs/jcs_test.json,
ed25519/*.json and envelope/*.json (format: docs/vectors.md). Each case is a subTest named by its
tcId; the test fails if any case fails, and it checks that the number of cases run equals the file's
numberOfTests, so that no case is silently skipped.
"""

from __future__ import annotations

import base64
import unittest

from _util import cases, load_vectors

from web4py import ed25519, ijson, jcs
from web4py.envelope import Receiver, parse_timestamp, sign_envelope, signature_input
from web4py.schema import default_registry


def _outcome_ok(expected: str, got_valid: bool) -> bool:
    if expected == "acceptable":
        return True
    return (expected == "valid") == got_valid


class SharedVectors(unittest.TestCase):
    # filled by each test: file -> (run, passed)
    summary: dict = {}

    @classmethod
    def tearDownClass(cls):
        lines = [f"  {name}: {passed}/{run}" for name, (run, passed) in sorted(cls.summary.items())]
        print("\nshared vectors passed:\n" + "\n".join(lines))

    def _run(self, relpath, check):
        doc = load_vectors(relpath)
        # the file itself conforms to its schema (schemas/vectors/...)
        self.assertEqual(default_registry().errors(doc, doc["schema"]), [], relpath)
        run = passed = 0
        for group, test in cases(doc):
            run += 1
            with self.subTest(file=relpath, tcId=test["tcId"], comment=test.get("comment")):
                check(group, test)
                passed += 1
        self.assertEqual(run, doc["numberOfTests"], f"{relpath}: numberOfTests")
        SharedVectors.summary[relpath] = (run, passed)

    def test_jcs(self):
        def check(group, t):
            data = bytes.fromhex(t["input"])
            try:
                out = jcs.canonicalize_text(data)
            except ijson.IJsonError as e:
                self.assertTrue(_outcome_ok(t["result"], False), f"refused: {e}")
                return
            self.assertTrue(_outcome_ok(t["result"], True), f"accepted, output {out!r}")
            if t["result"] == "valid":
                self.assertEqual(out.hex(), t["expected"])

        self._run("jcs/jcs_test.json", check)

    def test_ed25519_verify(self):
        def check(group, t):
            pk = bytes.fromhex(group["publicKey"]["pk"])
            valid = ed25519.verify(pk, bytes.fromhex(t["msg"]), bytes.fromhex(t["sig"]))
            self.assertTrue(_outcome_ok(t["result"], valid), f"got {'valid' if valid else 'invalid'}, reason {t.get('reason')}")

        self._run("ed25519/ed25519_verify_test.json", check)

    def test_ed25519_sign(self):
        def check(group, t):
            seed = bytes.fromhex(group["sk"])
            msg = bytes.fromhex(t["msg"])
            self.assertEqual(ed25519.public_key(seed).hex(), group["pk"])
            sig = ed25519.sign(seed, msg)
            self.assertEqual(sig.hex(), t["sig"])
            self.assertEqual(ed25519.sign_pure(seed, msg).hex(), t["sig"])  # independent cross-check
            self.assertTrue(ed25519.verify(bytes.fromhex(group["pk"]), msg, sig))

        self._run("ed25519/ed25519_sign_test.json", check)

    def test_envelope_verify(self):
        def check(group, t):
            receiver = Receiver()  # fresh replay memory per case
            for p in t.get("preceding", []):
                receiver.validate(bytes.fromhex(p["envelope"]), parse_timestamp(p["now"]))
            v = receiver.validate(bytes.fromhex(t["envelope"]), parse_timestamp(t["now"]))
            self.assertTrue(_outcome_ok(t["result"], v.valid), f"got {v.code}: {v.message}")
            if t["result"] == "invalid":
                self.assertEqual(v.code, t["error"], v.message)

        self._run("envelope/envelope_test.json", check)

    def test_envelope_sign(self):
        def check(group, t):
            seed = bytes.fromhex(group["seedHex"])
            self.assertEqual(ed25519.pubkey_b64(ed25519.public_key(seed)), group["pubkey"])
            unsigned = ijson.parse(bytes.fromhex(t["unsigned"]))
            self.assertEqual(signature_input(unsigned).hex(), t["signatureInput"])
            signed = sign_envelope(unsigned, seed)
            self.assertEqual(signed["sign"], t["sign"])
            sig = base64.b64decode(signed["sign"]["signature"])
            self.assertTrue(ed25519.verify(ed25519.public_key(seed), bytes.fromhex(t["signatureInput"]), sig))

        self._run("envelope/envelope_sign_test.json", check)


if __name__ == "__main__":
    unittest.main()
