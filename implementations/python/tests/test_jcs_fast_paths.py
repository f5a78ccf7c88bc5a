"""JCS's shortcuts (ADR 1428) give the definitions' answers: a string with nothing to escape, ASCII
member names sorted without a key, integers below 2**53 printed as their digits — compared with the
escape table, the UTF-16 sort and steps 1-7 of §5.2, on edges and random values (fixed seed)."""

import random
import struct
import unittest

from _util import cases, load_vectors

from web4py import jcs


def _string_by_table(s):
    return '"' + s.translate(jcs._ESCAPE_TABLE) + '"'


def _number_by_steps(x):
    """number_to_string without its integer shortcut: steps 1-7 of spec/envelope.md §5.2."""
    if x == 0:
        return "0"
    if x < 0:
        return "-" + _number_by_steps(-x)
    digits, n = jcs.shortest_digits(x)
    k = len(digits)
    if k <= n <= 21:
        return digits + "0" * (n - k)
    if 0 < n <= 21:
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return "0." + "0" * (-n) + digits
    e = n - 1
    exp = ("e+" if e >= 0 else "e-") + str(abs(e))
    return digits + exp if k == 1 else digits[0] + "." + digits[1:] + exp


class ShortcutsGiveTheDefinitionsAnswers(unittest.TestCase):
    def test_strings(self):
        rng = random.Random(1428)
        alphabet = [chr(c) for c in range(0x30)] + ["\\", '"', "a", "\u00e9", "\u2028", "\U0001f600", "\x7f"]
        samples = ["", "a", "state", '"', "\\", "\x00", "\x1f", " ", "\x7f", "\ufeff"]
        samples += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(12))) for _ in range(20000)]
        for s in samples:
            self.assertEqual(jcs._string(s), _string_by_table(s), repr(s))

    def test_member_order(self):
        rng = random.Random(1428)
        names = ["a", "b", "B", "_", "~", "", "\u00e9", "\ue000", "\uffff", "\U00010000", "\U0001f600", "aa", "a\x00"]
        for _ in range(5000):
            obj = {rng.choice(names) + rng.choice(names): 0.0 for _ in range(rng.randrange(6))}
            self.assertEqual(jcs._sorted_names(obj), sorted(obj, key=jcs._utf16_key), obj)

    def test_numbers(self):
        rng = random.Random(1428)
        edges = [0.0, -0.0, 1.0, -1.0, 30.0, 2.0**52, 2.0**53 - 1, 2.0**53, -(2.0**53) + 1, -(2.0**53), 2.0**60,
                 1e21, 1e20, 123456789012345680.0, 0.5, 1e-7, 5e-324, 1.7976931348623157e308]
        randoms = [float(rng.randrange(-2**54, 2**54)) for _ in range(5000)]
        randoms += [struct.unpack(">d", rng.getrandbits(64).to_bytes(8, "big"))[0] for _ in range(5000)]
        for x in edges + randoms:
            if x != x or x in (float("inf"), float("-inf")):
                continue
            self.assertEqual(jcs.number_to_string(x), _number_by_steps(x), repr(x))

    def test_jcs_vectors_still_agree(self):
        from web4py import ijson

        for _, t in cases(load_vectors("jcs/jcs_test.json")):
            if t.get("result") != "valid" or "expected" not in t:
                continue
            with self.subTest(tcId=t["tcId"]):
                value = ijson.parse(bytes.fromhex(t["input"]))
                self.assertEqual(jcs.canonicalize(value).hex(), t["expected"])


if __name__ == "__main__":
    unittest.main()
