"""The C-scanner fast path of :func:`ijson.parse` (docs/adr/1422) gives exactly the strict parser's
answer: the same value (member order, ``float`` numbers, ``-0.0``) or the same refusal (kind, message,
position), on the kit's JCS vectors, on hand-picked texts at every rule's edge, and on 20,000 random
texts and mutations of them (fixed seed)."""

from __future__ import annotations

import random
import unittest

from _util import cases, load_vectors

from web4py import ijson


def _strict(text, max_depth=ijson.MAX_DEPTH, max_values=ijson.MAX_VALUES):
    try:
        return "value", repr(ijson._Parser(text, max_depth, max_values).parse_document())
    except ijson.IJsonError as e:
        return "refused", str(e)


def _parse(text, max_depth=ijson.MAX_DEPTH, max_values=ijson.MAX_VALUES):
    try:
        return "value", repr(ijson.parse(text, max_depth=max_depth, max_values=max_values))
    except ijson.IJsonError as e:
        return "refused", str(e)


EDGES = [
    '{"a":1,"b":[1,2.5,-0,"x"],"c":{"d":null,"e":true,"f":false}}', " [ ] ", "\t{}\r\n", "0", "-0", "-0.0",
    "1e400", "-1e400", "1e-400", "1E+2", "01", "1.", ".5", "-", "+1", "1e", "NaN", "[NaN]", "Infinity",
    "[-Infinity]", '{"a":1,"a":2}', '{"a":1,"b":{"a":1}}', '"\\ud800"', '"\\udc00"', '"\\ud83d\\ude00"',
    '"\\uD83D\\uDE00"', '"\\ud83d"', '"\\ufdd0"', '"\\uFDEF"', '"\\ufffe"', '"\\uFFFF"', '"\ufdd0"',
    '"\U0001fffe"', '"\\\\ud800"', '"a\\u0000b"', '"\x01"', '"\x7f"', '"\\/"', '"\\x"', "[1,]", "[,1]",
    '{"a"}', '{"a":}', "{,}", "[1 2]", "[] []", "[", "]", "", " ", "nul", "true false", "[" * 32 + "]" * 32,
    "[" * 33 + "]" * 33, "[" * 40 + "1" + "]" * 40, '{"a":' * 33 + "1" + "}" * 33, "1" * 4096, "1" * 4097,
    "[" + ",".join(["0"] * 65535) + "]", "[" + ",".join(["0"] * 65536) + "]", '["[,{,[,{"]',
    "\u00a0[]", "[1]\u00a0", "[\u0660]", "1\u0661",
]


class FastPathAgreesWithTheStrictParser(unittest.TestCase):
    def test_edges(self):
        for text in EDGES:
            with self.subTest(text=text[:40]):
                self.assertEqual(_parse(text), _strict(text))
        for text in ("[[[1]]]", '[{"a":[1]}]', "[1,2,3,4]", '{"a":1,"b":2}'):
            for depth in (0, 1, 2, 3, 4):
                for values in (None, 1, 2, 3, 4, 5):
                    with self.subTest(text=text, depth=depth, values=values):
                        self.assertEqual(_parse(text, depth, values), _strict(text, depth, values))

    def test_jcs_vectors(self):
        for _, t in cases(load_vectors("jcs/jcs_test.json")):
            try:
                text = bytes.fromhex(t["input"]).decode("utf-8")
            except UnicodeDecodeError:
                continue
            if text.startswith("\ufeff"):
                continue
            with self.subTest(tcId=t["tcId"]):
                self.assertEqual(_parse(text), _strict(text))

    def test_random_texts_and_mutations(self):
        rng = random.Random(1422)
        pieces = ['{', '}', '[', ']', ',', ':', '"a"', '"b"', '"\\u00e9"', '"\\ud800"', '"\\ufdd0"', '"\\n"',
                  '"\ufdd0"', '"é"', '0', '-0', '1.5e3', '1e999', '01', 'true', 'false', 'null', 'NaN', ' ',
                  '\t', '\u00a0', '"\x01"', '\\', '"']
        for _ in range(10000):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
            with self.subTest(text=text):
                self.assertEqual(_parse(text), _strict(text))
        for _ in range(10000):
            doc = self._random_value(rng, 0)
            text = ijson_text = _dump(doc)
            if rng.random() < 0.5:
                i = rng.randrange(len(text) + 1)
                text = text[:i] + rng.choice(pieces) + text[i + rng.randint(0, 2):]
            with self.subTest(text=text):
                self.assertEqual(_parse(text, 4, 12), _strict(text, 4, 12))
                self.assertEqual(_parse(ijson_text), _strict(ijson_text))

    def test_depth_by_passes_equals_the_measured_depth(self):
        # ADR 1428: _deeper_than (C-speed passes over the text) against _measure (the parsed value),
        # strings holding brackets, quotes and escapes included, at every limit around the depth
        rng = random.Random(1428)
        texts = ['["[[[", "]]]"]', '{"a\\"[": [["]"]]}', '[[], {}, [[{}]], "\\\\"]', '"{[["', "[]", "{}", "1"]
        for _ in range(3000):
            texts.append(_dump(self._random_value(rng, 0, strings=("[", "]]", "{\\", '"[', "\\", "x"))))
        for text in texts:
            depth = ijson._measure(ijson.parse(text, max_depth=64))[0]
            for limit in range(0, 9):
                with self.subTest(text=text, limit=limit):
                    self.assertEqual(ijson._deeper_than(text, limit), depth > limit)

    def _random_value(self, rng, depth, strings=None):
        r = rng.random()
        if depth < 5 and r < 0.3:
            return {rng.choice("abcé"): self._random_value(rng, depth + 1, strings) for _ in range(rng.randint(0, 4))}
        if depth < 5 and r < 0.5:
            return [self._random_value(rng, depth + 1, strings) for _ in range(rng.randint(0, 4))]
        if strings is not None:  # the depth test's strings; the draws of the other tests unchanged
            return rng.choice([0.0, -0.0, 1.5, 1e300, 123456789.0, rng.choice(strings), True, False, None])
        return rng.choice([0.0, -0.0, 1.5, 1e300, 123456789.0, "x", "é\n", True, False, None])


def _dump(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=rng_ascii(value))


def rng_ascii(value) -> bool:
    return len(repr(value)) % 2 == 0


if __name__ == "__main__":
    unittest.main()
