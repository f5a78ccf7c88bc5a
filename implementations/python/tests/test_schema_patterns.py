"""The schema's predicates for long-string patterns (ADR 1428) give the regular expression's answer on
every string: edge cases, every single character, and random strings and mutations."""

import os
import random
import unittest

from web4py import schema
from web4py.schema import _PREDICATES, compile_pattern

HEX = "^([0-9a-f]{2})*$"
BASE64 = "^[A-Za-z0-9+/]*={0,2}$"

EDGES = [
    "", "0", "00", "0a", "0A", "ag", "000", "ff\n", "\nff", "ff ", " ff", "f f", "ff\x00", "\u0660\u0660",
    "ab\u00e9f", "=", "==", "===", "a=", "a==", "a===", "=a", "a=a", "AAAA", "AA+/", "AA-_", "AB==\n",
    "\uff10\uff10", "a\u2028", "++//", "Zm9v", "Zm9vYg==", "Zm9vYmE=", "Zm9vYmE==="
]
ALPHABET = "0123456789abcdefABCDEFgz+/=-_ \n\t\x00\u00e9\u2028\U0001F600"


class LongStringPatterns(unittest.TestCase):
    def agree(self, pattern: str, s: str) -> None:
        expected = compile_pattern(pattern).fullmatch(s) is not None
        self.assertEqual(_PREDICATES[pattern](s), expected, (pattern, s[:80]))
        self.assertEqual(schema.pattern_matches(pattern, s), expected, (pattern, s[:80]))

    def test_edges_and_every_single_character(self):
        for pattern in (HEX, BASE64):
            for s in EDGES:
                self.agree(pattern, s)
            for cp in list(range(0, 0x300)) + [0x2028, 0xFEFF, 0xFFFD, 0x1F600]:
                self.agree(pattern, chr(cp))
                self.agree(pattern, "ab" + chr(cp))
                self.agree(pattern, chr(cp) + "==")

    def test_random_strings_and_mutations(self):
        rng = random.Random(1428)
        for _ in range(20_000):
            n = rng.randrange(0, 12)
            s = "".join(rng.choice(ALPHABET) for _ in range(n))
            for pattern in (HEX, BASE64):
                self.agree(pattern, s)
        for _ in range(300):
            raw = os.urandom(rng.randrange(0, 64))
            texts = [raw.hex(), __import__("base64").b64encode(raw).decode()]
            for s in texts:
                i = rng.randrange(0, len(s) + 1)
                for mutated in (s, s[:i] + rng.choice(ALPHABET) + s[i:], s[:i] + s[i + 1:]):
                    for pattern in (HEX, BASE64):
                        self.agree(pattern, mutated)

    def test_megabytes(self):
        raw = os.urandom(1 << 20)
        self.agree(HEX, raw.hex())
        self.agree(HEX, raw.hex() + "0")
        self.agree(HEX, raw.hex()[:-1] + "G")
        b64 = __import__("base64").b64encode(raw[:-1]).decode()
        self.agree(BASE64, b64)
        self.agree(BASE64, b64 + "=")
        self.agree(BASE64, "=" + b64)


if __name__ == "__main__":
    unittest.main()
