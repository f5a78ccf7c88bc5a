"""Ed25519 signing and the pinned verification criteria (spec/envelope.md §6)."""

from __future__ import annotations

import hashlib
import os
import random
import re
import unittest

import _util  # noqa: F401

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from web4py import ed25519
from web4py.ed25519 import L, P

TEST1_SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
TEST1_PK = bytes.fromhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
TEST1_SIG = bytes.fromhex(
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
)


class Signing(unittest.TestCase):
    def test_rfc8032_test1(self):
        self.assertEqual(ed25519.public_key(TEST1_SEED), TEST1_PK)
        self.assertEqual(ed25519.public_key_pure(TEST1_SEED), TEST1_PK)
        self.assertEqual(ed25519.sign(TEST1_SEED, b""), TEST1_SIG)
        self.assertTrue(ed25519.verify(TEST1_PK, b"", TEST1_SIG))

    def test_library_and_pure_python_agree(self):
        rng = random.Random(25519)
        for _ in range(20):
            seed = rng.randbytes(32)
            msg = rng.randbytes(rng.randint(0, 200))
            sig = ed25519.sign(seed, msg)
            self.assertEqual(sig, ed25519.sign_pure(seed, msg))
            pk = ed25519.public_key(seed)
            self.assertEqual(pk, ed25519.public_key_pure(seed))
            self.assertIsNone(ed25519.check(pk, msg, sig))
            Ed25519PublicKey.from_public_bytes(pk).verify(sig, msg)  # the library agrees on valid ones
            bad = bytearray(sig)
            bad[rng.randrange(64)] ^= 1 << rng.randrange(8)
            self.assertFalse(ed25519.verify(pk, msg, bytes(bad)))
            with self.assertRaises(InvalidSignature):
                Ed25519PublicKey.from_public_bytes(pk).verify(bytes(bad), msg)

    def test_identity(self):
        ident = ed25519.Identity(TEST1_SEED, "alice")
        self.assertEqual(ident.pubkey, "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
        self.assertEqual(ident.fingerprint, "21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9")
        self.assertRegex(ident.pubkey, r"^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$")
        self.assertNotIn(TEST1_SEED.hex(), repr(ident))
        self.assertTrue(re.fullmatch(r"[0-9a-f]{64}", ed25519.Identity.generate("x").fingerprint))


class PinnedCriteria(unittest.TestCase):
    def test_s_not_reduced_env_sig_004(self):
        r, s = TEST1_SIG[:32], int.from_bytes(TEST1_SIG[32:], "little")
        for k in (1, 2, 15):
            forged = r + (s + k * L).to_bytes(32, "little")
            self.assertEqual(ed25519.check(TEST1_PK, b"", forged), ed25519.S_NOT_REDUCED)
        self.assertEqual(ed25519.check(TEST1_PK, b"", r + L.to_bytes(32, "little")), ed25519.S_NOT_REDUCED)
        self.assertEqual(ed25519.check(TEST1_PK, b"", r + (L - 1).to_bytes(32, "little")), ed25519.EQUATION)

    def test_non_canonical_env_sig_005(self):
        for y in (P, P + 1, P + 18, 2**255 - 1):  # y >= p
            for sign in (0, 1):
                enc = (y | (sign << 255)).to_bytes(32, "little")
                self.assertIsNone(ed25519.decode_point(enc), hex(y))
        # x = 0 with sign bit 1 (y = 1 and y = p - 1)
        self.assertIsNone(ed25519.decode_point((1 | 1 << 255).to_bytes(32, "little")))
        self.assertIsNone(ed25519.decode_point(((P - 1) | 1 << 255).to_bytes(32, "little")))
        # y = 2 has no square root: not a point
        self.assertIsNone(ed25519.decode_point((2).to_bytes(32, "little")))
        self.assertEqual(ed25519.check((2).to_bytes(32, "little"), b"", TEST1_SIG), ed25519.NON_CANONICAL_A)
        self.assertEqual(ed25519.check(TEST1_PK, b"", (2).to_bytes(32, "little") + TEST1_SIG[32:]), ed25519.NON_CANONICAL_R)

    def test_small_order_table_env_sig_006(self):
        self.assertEqual(len(ed25519.SMALL_ORDER_ENCODINGS), 8)
        for enc in ed25519.SMALL_ORDER_ENCODINGS:
            pt = ed25519.decode_point(enc)
            self.assertIsNotNone(pt, enc.hex())  # canonical
            self.assertEqual(ed25519._encode(ed25519._mul(8, pt)), ed25519._encode(ed25519._NEUTRAL))
        # the table is complete: the 8 torsion points are [k]T for a generator T of order 8
        t = ed25519.decode_point(bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"))
        torsion = {ed25519._encode(ed25519._mul(k, t)) for k in range(8)}
        self.assertEqual(torsion, set(ed25519.SMALL_ORDER_ENCODINGS))
        # a prime-order point is not small order
        self.assertNotEqual(ed25519._encode(ed25519._mul(8, ed25519.decode_point(TEST1_PK))), ed25519._encode(ed25519._NEUTRAL))
        for enc in ed25519.SMALL_ORDER_ENCODINGS:
            self.assertEqual(ed25519.check(enc, b"", TEST1_SIG), ed25519.SMALL_ORDER_A)
            self.assertEqual(ed25519.check(TEST1_PK, b"", enc + TEST1_SIG[32:]), ed25519.SMALL_ORDER_R)

    def test_mixed_order_key_cofactorless_env_sig_007(self):
        # A' = A + T (T of order 8). A signature made with the honest key's scalar for A' satisfies the
        # cofactored equation but, with overwhelming probability, not the cofactorless one.
        seed = hashlib.sha256(b"mixed").digest()
        h = hashlib.sha512(seed).digest()
        a = ed25519._clamp(h)
        t = ed25519.decode_point(bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"))
        a_mixed = ed25519._add(ed25519._mul(a, ed25519.B), t)
        pk_mixed = ed25519._encode(a_mixed)
        self.assertNotIn(pk_mixed, ed25519.SMALL_ORDER_ENCODINGS)
        msg = b"web4py mixed order"
        r = int.from_bytes(hashlib.sha512(h[32:] + msg).digest(), "little") % L
        rb = ed25519._encode(ed25519._mul(r, ed25519.B))
        k = int.from_bytes(hashlib.sha512(rb + pk_mixed + msg).digest(), "little") % L
        sig = rb + ((r + k * a) % L).to_bytes(32, "little")
        # cofactored equation holds: [8]([S]B - [k]A') == [8]R
        s = (r + k * a) % L
        lhs = ed25519._mul(8, ed25519._add(ed25519._mul(s, ed25519.B), ed25519._neg(ed25519._mul(k, a_mixed))))
        self.assertEqual(ed25519._encode(lhs), ed25519._encode(ed25519._mul(8, ed25519.decode_point(rb))))
        if k % 8 != 0:
            self.assertEqual(ed25519.check(pk_mixed, msg, sig), ed25519.EQUATION)

    def test_lengths(self):
        self.assertFalse(ed25519.verify(TEST1_PK[:31], b"", TEST1_SIG))
        self.assertFalse(ed25519.verify(TEST1_PK, b"", TEST1_SIG[:63]))
        self.assertFalse(ed25519.verify(TEST1_PK, b"", TEST1_SIG + b"\x00"))
        self.assertFalse(ed25519.verify(b"", b"", b""))

    def test_random_keys_not_small_order(self):
        for _ in range(5):
            pk = ed25519.public_key(os.urandom(32))
            self.assertIsNotNone(ed25519.decode_point(pk))
            self.assertNotIn(pk, ed25519.SMALL_ORDER_ENCODINGS)


if __name__ == "__main__":
    unittest.main()
