"""The library-assisted :func:`ed25519.check` gives :func:`ed25519.check_pure`'s answer, reason
included, on every Ed25519 case the kit has (docs/adr/1422): the shared verify vectors (RFC 8032,
the twelve speccheck cases, the pinned criteria's edge cases), Wycheproof's 151 cases with the
pinned policy's recorded outcome, and random signatures with one bit flipped or a mixed-order key."""

from __future__ import annotations

import hashlib
import json
import random
import unittest

from _util import VECTORS, cases, load_vectors

from web4py import ed25519
from web4py.ed25519 import L

WYCHEPROOF = VECTORS / "sources" / "wycheproof"
ORDER_8 = bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05")


class FastPathAgreesWithPurePython(unittest.TestCase):
    def assert_same(self, pk: bytes, msg: bytes, sig: bytes) -> None:
        self.assertEqual(ed25519.check(pk, msg, sig), ed25519.check_pure(pk, msg, sig))

    def test_shared_verify_vectors(self):
        doc = load_vectors("ed25519/ed25519_verify_test.json")
        n = 0
        for group, t in cases(doc):
            with self.subTest(tcId=t["tcId"]):
                self.assert_same(bytes.fromhex(group["publicKey"]["pk"]), bytes.fromhex(t["msg"]),
                                 bytes.fromhex(t["sig"]))
            n += 1
        self.assertEqual(n, doc["numberOfTests"])

    def test_wycheproof_with_the_pinned_policy(self):
        with open(WYCHEPROOF / "ed25519_test.json", "rb") as f:
            doc = json.load(f)
        with open(WYCHEPROOF / "ed25519_pinned_policy.json", "rb") as f:
            outcomes = json.load(f)["outcomes"]
        n = 0
        for group, t in cases(doc):
            pk, msg, sig = bytes.fromhex(group["publicKey"]["pk"]), bytes.fromhex(t["msg"]), bytes.fromhex(t["sig"])
            with self.subTest(tcId=t["tcId"]):
                got = ed25519.check(pk, msg, sig)
                self.assertEqual(got, ed25519.check_pure(pk, msg, sig))
                self.assertEqual(got is None, outcomes[str(t["tcId"])] == "VALID")
            n += 1
        self.assertEqual(n, 151)

    def test_random_signatures_and_one_bit_flips(self):
        rng = random.Random(1422)
        for _ in range(40):
            seed = rng.randbytes(32)
            msg = rng.randbytes(rng.randint(0, 100))
            pk, sig = ed25519.public_key(seed), ed25519.sign(seed, msg)
            self.assertIsNone(ed25519.check(pk, msg, sig))
            self.assertIsNone(ed25519.check(pk, msg, sig))  # the key remembered
            bad = bytearray(sig)
            bad[rng.randrange(64)] ^= 1 << rng.randrange(8)
            self.assert_same(pk, msg, bytes(bad))
            bad_pk = bytearray(pk)
            bad_pk[rng.randrange(32)] ^= 1 << rng.randrange(8)
            self.assert_same(bytes(bad_pk), msg, sig)
            self.assert_same(pk, msg + b"x", sig)

    def test_s_plus_l_and_small_order_r_refused_before_the_library(self):
        seed = hashlib.sha256(b"1422").digest()
        pk, sig = ed25519.public_key(seed), ed25519.sign(seed, b"m")
        s = int.from_bytes(sig[32:], "little")
        self.assertEqual(ed25519.check(pk, b"m", sig[:32] + (s + L).to_bytes(32, "little")), ed25519.S_NOT_REDUCED)
        for enc in ed25519.SMALL_ORDER_ENCODINGS:
            self.assertEqual(ed25519.check(pk, b"m", enc + sig[32:]), ed25519.SMALL_ORDER_R)
            self.assertEqual(ed25519.check(enc, b"m", sig), ed25519.SMALL_ORDER_A)

    def test_mixed_order_key(self):
        # A' = [a]B + T, T of order 8: the cofactorless equation fails unless 8 divides k
        seed = hashlib.sha256(b"mixed 1422").digest()
        h = hashlib.sha512(seed).digest()
        a = ed25519._clamp(h)
        pk = ed25519._encode(ed25519._add(ed25519._mul(a, ed25519.B), ed25519.decode_point(ORDER_8)))
        for i in range(8):
            msg = b"mixed %d" % i
            r = int.from_bytes(hashlib.sha512(h[32:] + msg).digest(), "little") % L
            rb = ed25519._encode(ed25519._mul(r, ed25519.B))
            k = int.from_bytes(hashlib.sha512(rb + pk + msg).digest(), "little") % L
            sig = rb + ((r + k * a) % L).to_bytes(32, "little")
            with self.subTest(k_mod_8=k % 8):
                self.assert_same(pk, msg, sig)


if __name__ == "__main__":
    unittest.main()
