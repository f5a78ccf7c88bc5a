"""The JSON Schema subset (web4py.schema) and the kit's schemas."""

from __future__ import annotations

import itertools
import json
import unittest

from _util import SCHEMAS

from web4py.envelope import parse_timestamp
from web4py.ijson import parse
from web4py.schema import Registry, SchemaError, compile_pattern, default_registry, json_equal, pattern_matches


def walk(node, base_path=()):
    if isinstance(node, dict):
        yield node, base_path
        for k, v in node.items():
            yield from walk(v, base_path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, base_path + (i,))


class Patterns(unittest.TestCase):
    def test_whole_string_and_dollar(self):
        self.assertTrue(pattern_matches("^[a-z]+$", "abc"))
        self.assertFalse(pattern_matches("^[a-z]+$", "abc\n"))  # $ is end of input (README §2.6)
        self.assertFalse(pattern_matches("^[0-9a-f]{64}$", "a" * 64 + "\n"))
        self.assertFalse(pattern_matches("[a-z]+", "abc1"))  # whole-string match

    def test_ecma_classes(self):
        self.assertFalse(pattern_matches("^.$", "\u2028"))
        self.assertFalse(pattern_matches("^.$", "\r"))
        self.assertTrue(pattern_matches("^.$", "\u00e9"))
        self.assertFalse(pattern_matches(r"^\d$", "\u0663"))  # ECMA \d is ASCII only
        self.assertTrue(pattern_matches(r"^\s$", "\ufeff"))
        self.assertTrue(pattern_matches(r"^[$.]+$", "$."))

    def test_every_schema_pattern_and_ref(self):
        reg = Registry(SCHEMAS)
        files = sorted(SCHEMAS.rglob("*.schema.json"))
        self.assertGreater(len(files), 60)
        for f in files:
            rel = f.relative_to(SCHEMAS).as_posix()
            doc = reg.load(reg.uri_for(rel))
            for node, where in walk(doc):
                if "pattern" in node and isinstance(node["pattern"], str) and "properties" not in where[-1:]:
                    compile_pattern(node["pattern"])
                ref = node.get("$ref")
                if isinstance(ref, str):
                    reg.resolve(reg.uri_for(rel), ref)  # raises if it does not resolve


class Keywords(unittest.TestCase):
    def setUp(self):
        self.reg = default_registry()

    def ok(self, schema, instance):
        return self.reg._eval(schema, instance, "https://web4-kit.invalid/schemas/envelope/x.json", ()).ok

    def test_integer_and_number(self):
        s = {"type": "integer", "minimum": 0, "maximum": 100}
        self.assertTrue(self.ok(s, 20.0))
        self.assertTrue(self.ok(s, parse(b"2e1")))
        self.assertFalse(self.ok(s, 50.5))
        self.assertFalse(self.ok(s, True))
        self.assertFalse(self.ok(s, 101.0))
        self.assertFalse(self.ok({"type": "number"}, False))
        self.assertTrue(self.ok({"type": ["string", "integer"]}, 3))

    def test_equality(self):
        self.assertTrue(json_equal(1, 1.0))
        self.assertFalse(json_equal(True, 1))
        self.assertFalse(json_equal([True], [1.0]))
        self.assertTrue(json_equal({"a": [1, {"b": None}]}, {"a": [1.0, {"b": None}]}))
        self.assertFalse(self.ok({"const": 1}, True))
        self.assertFalse(self.ok({"enum": [0]}, False))
        self.assertFalse(self.ok({"uniqueItems": True}, [1, 1.0]))
        self.assertTrue(self.ok({"uniqueItems": True}, [1, True, "1", [1], {"a": 1}, {"a": 2}]))
        self.assertFalse(self.ok({"uniqueItems": True}, [{"a": 1, "b": 2}, {"b": 2.0, "a": 1}]))

    def test_lengths_in_code_points(self):
        s = {"type": "string", "minLength": 1, "maxLength": 2}
        self.assertTrue(self.ok(s, "\U0001F600\U0001F600"))
        self.assertFalse(self.ok(s, "\U0001F600\U0001F600\U0001F600"))
        self.assertFalse(self.ok(s, ""))

    def test_applicators(self):
        s = {"oneOf": [{"type": "null"}, {"type": "string"}]}
        self.assertTrue(self.ok(s, None))
        self.assertFalse(self.ok(s, 1.0))
        self.assertFalse(self.ok({"oneOf": [{"type": "number"}, {"type": "integer"}]}, 1.0))
        s = {"if": {"properties": {"d": {"const": "defer"}}, "required": ["d"]}, "then": {"required": ["r"]},
             "else": {"not": {"required": ["r"]}}}
        self.assertTrue(self.ok(s, {"d": "defer", "r": 1}))
        self.assertFalse(self.ok(s, {"d": "defer"}))
        self.assertFalse(self.ok(s, {"d": "accept", "r": 1}))
        self.assertTrue(self.ok(s, {"d": "accept"}))
        self.assertFalse(self.ok({"anyOf": [{"type": "string"}, {"minimum": 5}]}, 3.0))
        self.assertTrue(self.ok({"items": {"type": "string"}, "minItems": 1, "maxItems": 2}, ["a"]))
        self.assertFalse(self.ok({"items": {"type": "string"}}, ["a", 1]))

    def test_unevaluated_properties(self):
        s = {"allOf": [{"properties": {"a": True}}], "properties": {"b": True}, "unevaluatedProperties": False}
        self.assertTrue(self.ok(s, {"a": 1, "b": 2}))
        self.assertFalse(self.ok(s, {"a": 1, "c": 2}))
        s = {"oneOf": [{"properties": {"a": {"type": "string"}}, "required": ["a"]}, {"required": ["b"]}],
             "unevaluatedProperties": False}
        self.assertTrue(self.ok(s, {"a": "x"}))
        self.assertFalse(self.ok(s, {"b": 1}))  # b is not evaluated by the passing branch

    def test_additional_properties_closed(self):
        s = {"type": "object", "properties": {"a": True}, "additionalProperties": False}
        self.assertTrue(self.ok(s, {"a": 1}))
        self.assertFalse(self.ok(s, {"a": 1, "b": 2}))

    def test_fragment_entry_points(self):
        self.assertTrue(self.reg.is_valid("4f1c2a9e-7b3d-4c5e-9a1f-2b3c4d5e6f70", "envelope/defs.schema.json#/$defs/uuid"))
        self.assertFalse(self.reg.is_valid("nope", "envelope/defs.schema.json#/$defs/uuid"))
        self.assertFalse(self.reg.is_valid("2026-02-30T00:00:00Z", "harness/defs.schema.json#/$defs/timestamp"))

    def test_unknown_keyword_refused(self):
        with self.assertRaises(SchemaError):
            self.ok({"contains": {"type": "string"}}, ["a"])

    def test_ref_outside_root_refused(self):
        with self.assertRaises(SchemaError):
            self.reg.resolve("https://web4-kit.invalid/schemas/envelope/cip.schema.json", "../../README.md")
        with self.assertRaises(SchemaError):
            self.reg.resolve("https://web4-kit.invalid/schemas/envelope/cip.schema.json", "https://example.org/x.json")


class SchemaAgainstProse(unittest.TestCase):
    """Cross-checks of schemas against the prose rules they encode (the prose is normative)."""

    def test_timestamp_pattern_equals_calendar_rules(self):
        reg = default_registry()
        years = ["0000", "0001", "0004", "0100", "0400", "1600", "1700", "1900", "1996", "2000", "2023", "2024",
                 "2100", "2400", "9996", "9999"]
        months = [f"{m:02d}" for m in range(0, 14)]
        days = [f"{d:02d}" for d in range(0, 33)]
        checked = 0
        for y, m, d in itertools.product(years, months, days):
            ts = f"{y}-{m}-{d}T00:00:00Z"
            by_schema = reg._eval({"$ref": "defs.schema.json#/$defs/timestamp"}, ts,
                                  "https://web4-kit.invalid/schemas/envelope/x.json", ()).ok
            self.assertEqual(by_schema, parse_timestamp(ts) is not None, ts)
            checked += 1
        for t in ["23:59:59", "24:00:00", "00:60:00", "00:00:60", "19:07:05.123456789", "19:07:05.1234567890",
                  "19:07:05.", "9:07:05"]:
            ts = f"2024-02-29T{t}Z"
            by_schema = reg._eval({"$ref": "defs.schema.json#/$defs/timestamp"}, ts,
                                  "https://web4-kit.invalid/schemas/envelope/x.json", ()).ok
            self.assertEqual(by_schema, parse_timestamp(ts) is not None, ts)
        self.assertGreater(checked, 7000)

    def test_http_uri_examples_lip_1_1(self):
        reg = default_registry()

        def valid(uri):
            return reg._eval({"$ref": "defs.schema.json#/$defs/http_uri"}, uri,
                             "https://web4-kit.invalid/schemas/envelope/x.json", ()).ok

        for uri in ["https://example.org/a/b?x=1", "http://[::1]:8080/", "https://example.org"]:
            self.assertTrue(valid(uri), uri)
        for uri in ["HTTP://example.org/", "https://user@example.org/", "https://example.org/#top",
                    "https://example.org:/", "https://exa mple.org/", "ftp://example.org/"]:
            self.assertFalse(valid(uri), uri)

    def test_vector_files_conform_to_their_schemas(self):
        reg = default_registry()
        vectors = SCHEMAS.parent / "vectors"
        listed = {e["path"] for e in json.loads((vectors / "MANIFEST.json").read_bytes())["files"]}
        for f in sorted(vectors.glob("*/*_test.json")):
            doc = json.loads(f.read_bytes())
            rel = f.relative_to(vectors).as_posix()
            if rel not in listed and not (SCHEMAS / doc["schema"]).exists():
                continue  # a draft's vectors, outside the manifest, before their schema (rtt/rtt_resume_test.json)
            self.assertEqual(reg.errors(doc, doc["schema"]), [], f.name)


if __name__ == "__main__":
    unittest.main()
