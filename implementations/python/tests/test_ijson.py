"""Strict I-JSON parser (spec/envelope.md §3, §4)."""

from __future__ import annotations

import math
import unittest

import _util  # noqa: F401  (sys.path)

from web4py import ijson
from web4py.ijson import IJsonError, parse


class Refusals(unittest.TestCase):
    def refused(self, data, kind=None):
        with self.assertRaises(IJsonError) as cm:
            parse(data)
        if kind is not None:
            self.assertEqual(cm.exception.kind, kind, f"{data!r}: {cm.exception}")
        return cm.exception

    def test_utf8_env_json_001(self):
        for frag in [b"\xc0\xaf", b"\xc1\xbf", b"\xed\xa0\x80", b"\xed\xbf\xbf", b"\xf4\x90\x80\x80", b"\x80",
                     b"\xe2\x82", b"\xf5\x80\x80\x80", b"\xff", b"\xe0\x80\x80", b"\xe0\x9f\xbf",
                     b"\xf0\x80\x80\x80", b"\xf0\x8f\xbf\xbf", b"\xc3\x28"]:
            with self.subTest(frag=frag):
                self.refused(b'["' + frag + b'"]', ijson.UTF8)
        self.refused(b'["a"]\xe2\x82', ijson.UTF8)  # truncated at end of input
        # well-formed extremes that are not noncharacters (ENV-JSON-006) are fine
        self.assertEqual(parse('["\U0010fffd\ud7ff\ue000\ufffd"]'.encode()), ["\U0010fffd\ud7ff\ue000\ufffd"])

    def test_noncharacters_env_json_006(self):
        # spec 0.4.0 (interop finding 11, RFC 7493 §2.1): U+FDD0..U+FDEF and U+nFFFE/U+nFFFF of every
        # plane, in strings and member names, escaped (also as a surrogate pair) or not
        nonchars = [0xFDD0, 0xFDE7, 0xFDEF] + [plane << 16 | low for plane in range(17) for low in (0xFFFE, 0xFFFF)]
        for cp in nonchars:
            raw = chr(cp)
            units = raw.encode("utf-16-be")
            escaped = "".join("\\u%04x" % int.from_bytes(units[i:i + 2], "big") for i in range(0, len(units), 2))
            for text in ('["%s"]' % raw, '{"%s":1}' % raw, '["a%sb"]' % escaped, '{"k":{"x%s":0}}' % escaped):
                with self.subTest(cp="U+%04X" % cp, text=text):
                    self.refused(text.encode(), ijson.NONCHARACTER)
        # their neighbours are characters
        for cp in (0xFDCF, 0xFDF0, 0xFFFD, 0x1FFFD, 0x20000, 0x10FFFD):
            with self.subTest(cp="U+%04X" % cp):
                self.assertEqual(parse(('"%s"' % chr(cp)).encode()), chr(cp))

    def test_duplicates_env_json_002(self):
        self.refused(b'{"a":1,"a":2}', ijson.DUPLICATE)
        self.refused(b'{"a":1,"\\u0061":2}', ijson.DUPLICATE)
        self.refused(b'{"x":[{"k":1,"k":1}]}', ijson.DUPLICATE)
        self.refused('{"é":1,"\\u00e9":2}'.encode(), ijson.DUPLICATE)
        # names that differ are fine, including ones equal only after normalization (no normalization)
        self.assertEqual(len(parse('{"\u00e9":1,"e\u0301":2}'.encode())), 2)

    def test_surrogates_env_json_003(self):
        for text in [r'"\ud800"', r'"\udc00\ud800"', r'"\ud800x"', r'"\uDBFF"', r'{"\udbff":0}',
                     r'"\ud800\u0041"', r'"\ud800\ud800"', r'"\ude00\ud83d"', r'"\uDC00"', '"\\ud83d\U0001F600"']:
            with self.subTest(text=text):
                self.refused(text.encode(), ijson.SURROGATE)
        self.assertEqual(parse(rb'"\ud83d\ude00"'), "\U0001F600")
        self.assertEqual(parse(rb'"\uD83D\uDE00"'), "\U0001F600")

    def test_numbers_env_json_004(self):
        for text in [b"1e400", b"-1.7976931348623159e308", b"[1e309]", b"1.7976931348623159e308",
                     b"1" + b"0" * 309, b"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792"]:
            with self.subTest(text=text[:30]):
                self.refused(text, ijson.NUMBER_RANGE)
        # 2**1024 - 2**970 is the first magnitude that rounds to infinity; just below it does not
        boundary = 2**1024 - 2**970
        self.refused(str(boundary).encode(), ijson.NUMBER_RANGE)
        self.assertEqual(parse(str(boundary - 1).encode()), 1.7976931348623157e308)
        # accepted: underflow, excess precision
        self.assertEqual(parse(b"1e-400"), 0.0)
        self.assertEqual(parse(b"-1e-400"), 0.0)
        self.assertEqual(parse(b"1.7976931348623158e308"), 1.7976931348623157e308)
        self.assertEqual(parse(b"18446744073709551617"), 18446744073709551616.0)
        self.assertEqual(parse(b"4.9e-324"), 5e-324)
        self.assertEqual(parse(b"2.4703282292062328e-324"), 5e-324)  # just above half the min subnormal
        v = parse(b"-0")
        self.assertEqual(v, 0.0)
        self.assertEqual(math.copysign(1, v), -1.0)
        self.assertIsInstance(parse(b"20"), float)
        self.assertEqual(parse(b"20"), parse(b"2e1"))

    def test_syntax_env_json_005(self):
        cases = [b"\xef\xbb\xbf{}", b"/*c*/{}", b"{}//c", b"NaN", b"-Infinity", b"Infinity", b"01", b"+1",
                 b".5", b"1.", b"1.e2", b"1e", b"1e+", b"-", b"--1", b"0x10", b"'a'", b"[1,]", b"{\"a\":1,}",
                 b'["\t"]', b'["\x00"]', b'["\x1f"]', b'"\\x41"', b'"\\U0041"', b'"\\u41"', b'"\\u00G1"',
                 b"", b" ", b"[", b"{", b'{"a"}', b'{"a":}', b"{a:1}", b"[1 2]", b"True", b"nul", b"nulls",
                 b"\xc2\xa0[]", b"\x0c[]", b"[]\x0b", b'"abc', b"[1]]", b'{"a":1}}', b"\\u0041"]
        for data in cases:
            with self.subTest(data=data):
                e = self.refused(data)
                self.assertIn(e.kind, (ijson.SYNTAX, ijson.BOM, ijson.TRAILING))
        self.refused(b"\xef\xbb\xbf{}", ijson.BOM)
        self.refused(b"{} x", ijson.TRAILING)
        self.refused(b"{}{}", ijson.TRAILING)
        self.refused(b"[1]/* c */", ijson.TRAILING)

    def test_whitespace_accepted(self):
        self.assertEqual(parse(b" \t\r\n{ \"a\" : [ 1 , true , false , null ] }\n"), {"a": [1.0, True, False, None]})
        self.assertEqual(parse(b' "x" '), "x")

    def test_escapes(self):
        self.assertEqual(parse(rb'"\"\\\/\b\f\n\r\t\u0041\u00e9"'), '"\\/\b\f\n\r\tA\u00e9')
        self.assertEqual(parse(rb'"\u0000"'), "\x00")
        self.assertEqual(parse('"\x7f\u2028"'.encode()), "\x7f\u2028")

    def test_depth_env_lim_002(self):
        # spec 0.4.0: a top-level container has depth 1, a top-level scalar 0; at most 32
        for scalar in (b"1", b'"x"', b"true"):
            self.assertEqual(parse(scalar, max_depth=0), parse(scalar))
        self.assertIsNone(parse(b"null", max_depth=0))
        self.assertEqual(parse(b"[]", max_depth=1), [])
        self.assertEqual(parse(b'{"a":{}}', max_depth=2), {"a": {}})
        with self.assertRaises(IJsonError) as cm:
            parse(b"[[]]", max_depth=1)
        self.assertEqual(cm.exception.kind, ijson.DEPTH)
        self.assertEqual(parse(b"[" * 32 + b"]" * 32), parse(b"[" * 32 + b"]" * 32))
        self.refused(b"[" * 33 + b"]" * 33, ijson.DEPTH)
        mixed = b'{"a":' * 16 + b"[" * 16 + b"]" * 16 + b"}" * 16
        parse(mixed)
        self.refused(b'{"a":' * 16 + b"[" * 17 + b"]" * 17 + b"}" * 16, ijson.DEPTH)
        self.assertEqual(parse(b"[" * 33 + b"]" * 33, max_depth=33), parse(b"[" * 33 + b"]" * 33, max_depth=40))
        # deep garbage is refused for depth, not by exhausting the Python stack
        self.refused(b"[" * 100000, ijson.DEPTH)

    def test_size_env_lim_001(self):
        body = b"[]"
        exact = body + b" " * (ijson.MAX_SIZE - len(body))
        self.assertEqual(parse(exact), [])
        self.refused(exact + b" ", ijson.SIZE)
        self.assertEqual(parse(exact + b" ", max_size=None), [])

    def test_str_input(self):
        self.assertEqual(parse('{"a":"é"}'), {"a": "é"})
        self.refused("\ud800", ijson.UTF8)

    def test_member_order_kept(self):
        self.assertEqual(list(parse(b'{"b":1,"a":2}')), ["b", "a"])


if __name__ == "__main__":
    unittest.main()
