"""The limits that bound the cost of a parse (spec/envelope.md §4, issue 20): ENV-LIM-003 and ENV-LIM-004.

Behaviour at each boundary, and cost counted, never timed: the interpreted lines of a parse (``sys.settrace``)
grow linearly with the input, and ``float`` never sees a token longer than the limit.
"""

from __future__ import annotations

import sys
import unittest

import _util  # noqa: F401  (sys.path)

from web4py import ijson, jcs
from web4py.ijson import IJsonError, parse


def zeros(count: int) -> str:
    return "[" + "0," * (count - 1) + "0]"


class NumberLengthTest(unittest.TestCase):
    """ENV-LIM-003: a number token of at most 4,096 characters, sign and exponent included."""

    def assert_kind(self, text: str, kind: str, **options) -> None:
        with self.assertRaises(IJsonError) as caught:
            parse(text, **options)
        self.assertEqual(caught.exception.kind, kind)

    def test_4096_characters_accepted_4097_refused(self):
        fraction = "0." + ("1234567890" * 410)[:4094]
        self.assertEqual(len(fraction), ijson.MAX_NUMBER_CHARS)
        self.assertEqual(parse(fraction), 0.12345678901234568)
        self.assert_kind(fraction + "1", ijson.NUMBER_LENGTH)

    def test_sign_and_exponent_count(self):
        self.assertEqual(parse("-0." + "5" * 4093), -0.5555555555555556)
        self.assert_kind("-0." + "5" * 4094, ijson.NUMBER_LENGTH)
        self.assertEqual(parse("[1e" + "0" * 4094 + "]"), [1.0])
        self.assert_kind("[1e" + "0" * 4095 + "]", ijson.NUMBER_LENGTH)
        self.assert_kind("[1E+" + "0" * 4094 + "]", ijson.NUMBER_LENGTH)

    def test_length_before_range(self):
        self.assert_kind("1" + "0" * 4096, ijson.NUMBER_LENGTH)
        self.assert_kind("9" * 4096, ijson.NUMBER_RANGE)
        self.assert_kind('{"a":-' + "7" * 500_000 + "}", ijson.NUMBER_LENGTH)
        self.assertEqual(parse("0." + "0" * 1073 + "1"), 0.0)  # 1e-1074 underflows: accepted

    def test_applies_without_the_envelope_limits(self):
        self.assert_kind("[0." + "1" * 4095 + "]", ijson.NUMBER_LENGTH, max_size=None, max_values=None)

    def test_float_never_sees_a_longer_token(self):
        seen = []

        def spy(token):
            seen.append(len(token))
            return float(token)

        ijson.float = spy  # module global shadows the builtin inside _number
        try:
            parse("[1.5, 0." + "3" * 4094 + "]")
            for text in ("[" + "9" * 1_000_000 + "]", "[0." + "1" * 300_000 + "]"):
                with self.assertRaises(IJsonError):
                    parse(text)
        finally:
            del ijson.float
        self.assertEqual(seen, [3, 4096])


class ValueCountTest(unittest.TestCase):
    """ENV-LIM-004: at most 65,536 values; member names are not values."""

    def assert_values(self, text: str) -> None:
        with self.assertRaises(IJsonError) as caught:
            parse(text)
        self.assertEqual(caught.exception.kind, ijson.VALUES)

    def test_exactly_65536(self):
        self.assertEqual(len(parse(zeros(ijson.MAX_VALUES - 1))), 65_535)
        self.assert_values(zeros(ijson.MAX_VALUES))

    def test_names_do_not_count_containers_do(self):
        members = "{" + ",".join('"%d":null' % i for i in range(ijson.MAX_VALUES - 1))
        self.assertEqual(len(parse(members + "}")), 65_535)
        self.assert_values(members + ',"x":null}')
        nested = "[" + "[0]," * 32_767 + "0]"
        self.assertEqual(len(parse(nested)), 32_768)
        self.assert_values("[" + "[0]," * 32_767 + "0,[]]")

    def test_no_value_limit_for_other_documents(self):
        self.assertEqual(len(parse(zeros(200_000), max_size=None, max_values=None)), 200_000)

    def test_canonicalize_refuses_with_the_parse_error(self):
        with self.assertRaises(IJsonError):
            jcs.canonicalize_text(zeros(ijson.MAX_VALUES))


def traced_lines(text: str) -> int:
    """The number of Python lines executed while parsing ``text`` (a cost count, not a time)."""
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    # the strict parser's lines: the C scanner's fast path (docs/adr/1422) runs no interpreted line
    # per value, and any text it doubts goes to the strict parser, whose cost is what is bounded here
    decoder, ijson._DECODER = ijson._DECODER, None
    sys.settrace(tracer)
    try:
        try:
            parse(text)
        except IJsonError:
            pass
    finally:
        sys.settrace(None)
        ijson._DECODER = decoder
    return count


class LinearCostTest(unittest.TestCase):
    """The parse executes O(n) interpreted lines for every input shape the attack used."""

    def assert_linear(self, make) -> None:
        small, large = traced_lines(make(1_000)), traced_lines(make(4_000))
        # 4x the input: 4x the lines, plus a constant; quadratic work would be 16x
        self.assertLessEqual(large, 4 * small + 200, (small, large))
        self.assertGreaterEqual(large, 3 * small, (small, large))

    def test_array_of_numbers(self):
        self.assert_linear(lambda n: zeros(n))

    def test_object_of_members(self):
        self.assert_linear(lambda n: "{" + ",".join('"k%d":%d' % (i, i) for i in range(n)) + "}")

    def test_strings_with_escapes(self):
        self.assert_linear(lambda n: '["' + "\\u00e9a" * n + '"]')

    def test_one_long_number_costs_the_same_as_a_short_one(self):
        # refused by length or converted: a bounded number of lines whatever the token's length
        self.assertEqual(traced_lines("[" + "1" * 5_000 + "]"), traced_lines("[" + "1" * 500_000 + "]"))


if __name__ == "__main__":
    unittest.main()
