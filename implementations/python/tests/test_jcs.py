"""RFC 8785 canonical form (spec/envelope.md §5)."""

from __future__ import annotations

import random
import struct
import unittest

import _util  # noqa: F401

from web4py import jcs
from web4py.ijson import parse


def from_hex64(h: str) -> float:
    return struct.unpack(">d", bytes.fromhex(h))[0]


def reference_digits(x: float):
    """(D, n) derived from repr(), used only to cross-check the exact implementation."""
    r = repr(x)
    mant, _, exp = r.partition("e")
    exp = int(exp) if exp else 0
    ip, _, fp = mant.partition(".")
    all_digits = ip + fp
    stripped = all_digits.lstrip("0")
    lead = len(all_digits) - len(stripped)
    return stripped.rstrip("0"), len(ip) - lead + exp


class Numbers(unittest.TestCase):
    def test_spec_table_5_2(self):
        table = {
            "0000000000000000": "0",
            "8000000000000000": "0",
            "0000000000000001": "5e-324",
            "7fefffffffffffff": "1.7976931348623157e+308",
            "4340000000000000": "9007199254740992",
            "4430000000000000": "295147905179352830000",
            "444b1ae4d6e2ef4f": "999999999999999900000",
            "444b1ae4d6e2ef50": "1e+21",
            "44b52d02c7e14af6": "1e+23",
            "3eb0c6f7a0b5ed8c": "9.999999999999997e-7",
            "3eb0c6f7a0b5ed8d": "0.000001",
            "41b3de4355555554": "333333333.33333325",
            "becbf647612f3696": "-0.0000033333333333333333",
        }
        for h, expected in table.items():
            with self.subTest(h=h):
                self.assertEqual(jcs.number_to_string(from_hex64(h)), expected)

    def test_thresholds(self):
        self.assertEqual(jcs.number_to_string(1e21), "1e+21")
        self.assertEqual(jcs.number_to_string(1e20), "100000000000000000000")
        self.assertEqual(jcs.number_to_string(0.000001), "0.000001")
        self.assertEqual(jcs.number_to_string(1e-7), "1e-7")
        self.assertEqual(jcs.number_to_string(1.5e-7), "1.5e-7")
        self.assertEqual(jcs.number_to_string(123e-20), "1.23e-18")
        self.assertEqual(jcs.number_to_string(0.5), "0.5")
        self.assertEqual(jcs.number_to_string(-0.0), "0")
        self.assertEqual(jcs.number_to_string(100.0), "100")
        self.assertEqual(jcs.number_to_string(1.25e300), "1.25e+300")
        self.assertEqual(jcs.number_to_string(2.0**-1022), "2.2250738585072014e-308")
        self.assertEqual(jcs.number_to_string(2.0**1023), "8.98846567431158e+307")

    def test_random_against_repr_digits(self):
        rng = random.Random(8785)
        values = []
        for _ in range(4000):
            x = struct.unpack(">d", struct.pack(">Q", rng.getrandbits(64)))[0]
            if x == x and abs(x) != float("inf") and x != 0:
                values.append(abs(x))
        values += [rng.random() * 10 ** rng.randint(-25, 25) for _ in range(2000)]
        values += [float(rng.randint(1, 10 ** rng.randint(1, 30))) for _ in range(1000)]
        for x in values:
            self.assertEqual(jcs.shortest_digits(x), reference_digits(x), repr(x))
            self.assertEqual(float(jcs.number_to_string(x)), x)
            self.assertEqual(float(jcs.number_to_string(-x)), -x)

    def test_no_nan_or_infinity(self):
        for bad in (float("nan"), float("inf"), float("-inf")):
            with self.assertRaises(jcs.JcsError):
                jcs.canonicalize([bad])


class Structure(unittest.TestCase):
    def test_member_order_utf16(self):
        # spec/envelope.md §5.1 (RFC 8785 §3.2.3)
        names = ["\u20ac", "\r", "\ufb33", "1", "\U0001F600", "\u0080", "\u00f6"]
        out = jcs.serialize({n: 0 for n in names})
        order = ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001F600", "\ufb33"]
        self.assertEqual(out, "{" + ",".join(jcs.serialize(n) + ":0" for n in order) + "}")

    def test_proper_prefix_first_and_nested(self):
        self.assertEqual(jcs.canonicalize(parse(b'{"ab":1,"a":2,"":3,"B":{"z":[{"y":1,"x":2}],"a":null}}')),
                         b'{"":3,"B":{"a":null,"z":[{"x":2,"y":1}]},"a":2,"ab":1}')

    def test_strings_5_3(self):
        self.assertEqual(jcs.canonicalize(parse(rb'"\u0041\/\u00e9"')), bytes.fromhex("22412fc3a922"))
        controls = "".join(chr(c) for c in range(0x20))
        expected = ('"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f'
                    '\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c'
                    '\\u001d\\u001e\\u001f"')
        self.assertEqual(jcs.serialize(controls), expected)
        self.assertEqual(jcs.canonicalize('"\\\x7f\u2028\u2029/\U0001F600'), '"\\"\\\\\x7f\u2028\u2029/\U0001F600"'.encode())

    def test_literals_and_whitespace(self):
        self.assertEqual(jcs.canonicalize(parse(b' [ true , false , null , 1.0 , "x" , { } , [ ] ] ')),
                         b'[true,false,null,1,"x",{},[]]')

    def test_python_ints(self):
        self.assertEqual(jcs.canonicalize({"a": 20, "b": 2**53 + 1, "c": True}), b'{"a":20,"b":9007199254740992,"c":true}')
        with self.assertRaises(jcs.JcsError):
            jcs.canonicalize(10**400)

    def test_lone_surrogate_in_value(self):
        with self.assertRaises(jcs.JcsError):
            jcs.canonicalize("\ud800")


if __name__ == "__main__":
    unittest.main()
