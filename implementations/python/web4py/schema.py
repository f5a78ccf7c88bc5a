"""A small JSON Schema (draft 2020-12) validator for the kit's schemas (``schemas/``).

It implements the keywords the kit's schemas use, with the conventions of spec/README.md §2.6:

* assertions: ``type`` (``integer`` = a number with no fractional part, ``20.0`` included), ``enum``,
  ``const``, ``pattern`` (ECMA-262, translated to Python ``re``, matched against the **whole**
  string), ``minLength``/``maxLength`` (Unicode code points), ``minimum``/``maximum``,
  ``exclusiveMinimum``/``exclusiveMaximum``, ``minItems``/``maxItems``, ``uniqueItems``,
  ``required``, ``minProperties``/``maxProperties``, ``dependentRequired``;
* applicators: ``properties``, ``patternProperties``, ``additionalProperties``, ``propertyNames``,
  ``items``, ``allOf``, ``anyOf``, ``oneOf``, ``not``, ``if``/``then``/``else``, ``$ref``
  (relative file references and JSON pointers such as ``#/$defs/uuid``), ``unevaluatedProperties``
  (with the annotation rules of 2020-12 for the applicators above);
* annotations only (ignored): ``$schema``, ``$id``, ``$defs``, ``$comment``, ``title``,
  ``description``, ``default``, ``examples``, ``format``, ``deprecated``, ``readOnly``, ``writeOnly``.

Any other keyword raises :class:`SchemaError`, so that an unsupported assertion is never silently
ignored. Schemas are loaded from the ``schemas/`` folder of the kit: the ``$id`` prefix
``https://web4-kit.invalid/schemas/`` maps to that folder (spec/README.md §1).

Instance values may be those of :mod:`web4py.ijson` (numbers as ``float``) or of :mod:`json`
(``int``/``float``); ``bool`` is never a number.
"""

from __future__ import annotations

import json
import os
import re
import threading
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import unquote, urldefrag, urljoin

__all__ = ["SchemaError", "Registry", "default_registry", "json_equal", "ID_PREFIX", "SCHEMAS_ROOT"]

ID_PREFIX = "https://web4-kit.invalid/schemas/"


def _find_schemas_root() -> Path:
    env = os.environ.get("WEB4_SCHEMAS")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    # implementations/python/web4py/schema.py -> kit root is three levels above the package folder
    for parent in here.parents:
        candidate = parent / "schemas" / "envelope" / "defs.schema.json"
        if candidate.is_file():
            return parent / "schemas"
    return here.parents[3] / "schemas"


SCHEMAS_ROOT = _find_schemas_root()


class SchemaError(Exception):
    """The schema itself is unusable: unknown keyword, unresolvable ``$ref``, bad pattern."""


_ANNOTATIONS = frozenset(
    {
        "$schema",
        "$id",
        "$defs",
        "definitions",
        "$comment",
        "title",
        "description",
        "default",
        "examples",
        "format",
        "deprecated",
        "readOnly",
        "writeOnly",
        "$anchor",
    }
)

# --- JSON values -----------------------------------------------------------------------------------


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _type_of(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    if isinstance(v, dict):
        return "object"
    return type(v).__name__


def _is_integer(v: Any) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return True
    return isinstance(v, float) and v.is_integer()


def json_equal(a: Any, b: Any) -> bool:
    """Equality of JSON values: numbers by value (``1 == 1.0``), booleans never equal to numbers."""
    ta, tb = _type_of(a), _type_of(b)
    if ta != tb:
        return False
    if ta == "array":
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b))
    if ta == "object":
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    return a == b


def _hashable(v: Any):
    t = _type_of(v)
    if t == "array":
        return ("a", tuple(_hashable(x) for x in v))
    if t == "object":
        return ("o", frozenset((k, _hashable(x)) for k, x in v.items()))
    return (t, v)  # int/float hash and compare by value in Python


# --- ECMA-262 patterns -----------------------------------------------------------------------------

_ECMA_WS = "\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_CLASS_ESCAPES = {"d": "0-9", "w": "A-Za-z0-9_", "s": _ECMA_WS}


def translate_pattern(p: str) -> str:
    """Translate the ECMA-262 subset used by JSON Schema patterns into Python ``re`` syntax.

    Differences handled: ``.`` excludes all ECMA line terminators; ``$`` is end of input only (Python's
    ``$`` also matches before a final newline); ``\\d``/``\\w``/``\\s`` are the ECMA (ASCII /
    ECMA-whitespace) sets, not Python's Unicode-aware ones.
    """
    out = []
    i, n = 0, len(p)
    in_class = False
    while i < n:
        c = p[i]
        if c == "\\":
            if i + 1 >= n:
                raise SchemaError(f"pattern {p!r} ends with a backslash")
            e = p[i + 1]
            if e in _CLASS_ESCAPES:
                body = _CLASS_ESCAPES[e]
                out.append(body if in_class else "[" + body + "]")
            elif e in "DWS":
                if in_class:
                    raise SchemaError(f"pattern {p!r}: \\{e} inside a class is not supported")
                out.append("[^" + _CLASS_ESCAPES[e.lower()] + "]")
            elif e in "bB" and not in_class:
                raise SchemaError(f"pattern {p!r}: word boundaries are not supported")
            else:
                out.append("\\" + e)
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            elif c == "[":
                out.append("\\[")
                i += 1
                continue
            out.append(c)
        else:
            if c == "[":
                in_class = True
                out.append(c)
                # a leading ^ or ] is literal class syntax; copy ^ as is
                if i + 1 < n and p[i + 1] == "^":
                    out.append("^")
                    i += 1
            elif c == ".":
                out.append("[^\\n\\r\\u2028\\u2029]")
            elif c == "$":
                out.append("\\Z")
            else:
                out.append(c)
        i += 1
    if in_class:
        raise SchemaError(f"pattern {p!r} has an unterminated class")
    return "".join(out)


_PATTERN_CACHE: Dict[str, "re.Pattern[str]"] = {}
_PATTERN_LOCK = threading.Lock()


def compile_pattern(p: str) -> "re.Pattern[str]":
    rx = _PATTERN_CACHE.get(p)
    if rx is None:
        try:
            rx = re.compile(translate_pattern(p))
        except re.error as e:
            raise SchemaError(f"pattern {p!r}: {e}") from None
        with _PATTERN_LOCK:
            _PATTERN_CACHE[p] = rx
    return rx


_DELETE_HEX = str.maketrans("", "", "0123456789abcdef")
_DELETE_BASE64 = str.maketrans("", "", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def _hex_pairs(s: str) -> bool:
    """``^([0-9a-f]{2})*$``: an even number of characters, each one of the 16 (nothing is left once
    they are deleted)."""
    return len(s) % 2 == 0 and not s.translate(_DELETE_HEX)


def _base64_text(s: str) -> bool:
    """``^[A-Za-z0-9+/]*={0,2}$``: at most two ``=`` at the end, the 64 characters before them."""
    body = s.rstrip("=")
    return len(s) - len(body) <= 2 and not body.translate(_DELETE_BASE64)


# Patterns whose strings can be megabytes (harness hex bytes, MESH_RELAY's envelope): Python's
# ``re`` takes ~0.4 s for 2 MB of hex against ``([0-9a-f]{2})*``, ``str.translate`` ~2 ms. Each
# predicate gives the regular expression's answer on every string (docs/adr/1428;
# tests/test_schema_patterns.py compares them); every other pattern is matched by ``re``.
_PREDICATES = {
    "^([0-9a-f]{2})*$": _hex_pairs,
    "^[A-Za-z0-9+/]*={0,2}$": _base64_text,
}


def pattern_matches(p: str, s: str) -> bool:
    """Whole-string match of the ECMA-262 pattern ``p`` (spec/README.md §2.6)."""
    predicate = _PREDICATES.get(p)
    if predicate is not None:
        return predicate(s)
    return compile_pattern(p).fullmatch(s) is not None


# --- validation ------------------------------------------------------------------------------------


class _Fail(Exception):
    pass


class _Result:
    __slots__ = ("ok", "evaluated", "error")

    def __init__(self, ok: bool, evaluated: Optional[set] = None, error: Optional[str] = None):
        self.ok = ok
        self.evaluated = evaluated if evaluated is not None else set()
        self.error = error


def _ptr(path: Tuple) -> str:
    if not path:
        return "/"
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


class Registry:
    """Loads schemas below ``root`` (the kit's ``schemas/`` folder) and validates instances."""

    def __init__(self, root: Optional[Path] = None):
        self.root = Path(root) if root is not None else SCHEMAS_ROOT
        self._docs: Dict[str, Any] = {}
        self._lock = threading.Lock()
        # (base, reference) -> what it resolves to: the schemas never change once loaded, and
        # urljoin/urldefrag cost more than the rest of an envelope's validation (docs/adr/1422)
        self._resolved: Dict[Tuple[str, str], Tuple[Any, str]] = {}
        self._joined: Dict[Tuple[str, str], str] = {}

    # -- loading ---------------------------------------------------------------------------------

    def uri_for(self, relpath: str) -> str:
        return ID_PREFIX + relpath.lstrip("/")

    def load(self, uri: str) -> Any:
        uri = urldefrag(uri)[0]
        doc = self._docs.get(uri)
        if doc is not None:
            return doc
        if not uri.startswith(ID_PREFIX):
            raise SchemaError(f"cannot load {uri!r}: only {ID_PREFIX}... is mapped to {self.root}")
        rel = uri[len(ID_PREFIX):]
        path = (self.root / rel).resolve()
        root = self.root.resolve()
        if root not in path.parents:
            raise SchemaError(f"{uri!r} resolves outside {root}")
        try:
            with open(path, "rb") as f:
                doc = json.load(f)
        except OSError as e:
            raise SchemaError(f"cannot load {uri!r}: {e}") from None
        with self._lock:
            self._docs[uri] = doc
        return doc

    def resolve(self, base: str, ref: str) -> Tuple[Any, str]:
        key = (base, ref)
        found = self._resolved.get(key)
        if found is None:
            found = self._resolve(base, ref)  # an unresolvable reference raises, every time
            self._resolved[key] = found
        return found

    def _join(self, base: str, ref: str) -> str:
        key = (base, ref)
        joined = self._joined.get(key)
        if joined is None:
            joined = self._joined[key] = urljoin(base, ref)
        return joined

    def _resolve(self, base: str, ref: str) -> Tuple[Any, str]:
        full = urljoin(base, ref)
        url, frag = urldefrag(full)
        doc = self.load(url)
        node = doc
        if frag:
            if not frag.startswith("/"):
                raise SchemaError(f"$ref {ref!r}: only JSON-pointer fragments are supported")
            for token in frag[1:].split("/"):
                token = unquote(token).replace("~1", "/").replace("~0", "~")
                if isinstance(node, list):
                    node = node[int(token)]
                elif isinstance(node, dict) and token in node:
                    node = node[token]
                else:
                    raise SchemaError(f"$ref {ref!r} (from {base}) does not resolve")
        return node, url

    # -- public API ------------------------------------------------------------------------------

    def errors(self, instance: Any, relpath: str, limit: int = 1) -> List[str]:
        """Validate ``instance`` against ``schemas/<relpath>`` (a fragment such as
        ``envelope/defs.schema.json#/$defs/uuid`` is allowed); [] when valid, else error messages."""
        schema, base = self.resolve(ID_PREFIX, relpath.lstrip("/"))
        r = self._eval(schema, instance, base, ())
        return [] if r.ok else [r.error or "invalid"]

    def is_valid(self, instance: Any, relpath: str) -> bool:
        return not self.errors(instance, relpath)

    def first_error(self, instance: Any, relpath: str) -> Optional[str]:
        errs = self.errors(instance, relpath)
        return errs[0] if errs else None

    # -- evaluation ------------------------------------------------------------------------------

    def _eval(self, schema: Any, inst: Any, base: str, path: Tuple) -> _Result:
        if schema is True:
            return _Result(True)
        if schema is False:
            return _Result(False, error=f"{_ptr(path)}: no value is allowed here")
        if not isinstance(schema, dict):
            raise SchemaError(f"schema is not an object or boolean: {schema!r}")
        if "$id" in schema:
            base = self._join(base, schema["$id"])
        evaluated: set = set()
        try:
            for kw, val in schema.items():
                if kw in _ANNOTATIONS or kw in ("then", "else", "unevaluatedProperties",
                                                "additionalProperties", "patternProperties"):
                    continue
                handler = _KEYWORDS.get(kw)
                if handler is None:
                    raise SchemaError(f"unsupported keyword {kw!r}")
                handler(self, schema, val, inst, base, path, evaluated)
            # keywords that depend on the annotations of others
            if isinstance(inst, dict):
                _object_rest(self, schema, inst, base, path, evaluated)
            if "if" in schema:
                pass  # handled in the "if" handler (then/else)
        except _Fail as f:
            return _Result(False, error=str(f))
        return _Result(True, evaluated)


def _fail(path: Tuple, msg: str) -> _Fail:
    return _Fail(f"{_ptr(path)}: {msg}")


# keyword handlers: (registry, schema, value, instance, base, path, evaluated) -> None or raise _Fail


def _kw_type(reg, sch, val, inst, base, path, ev):
    types = val if isinstance(val, list) else [val]
    t = _type_of(inst)
    for want in types:
        if want == t or (want == "integer" and _is_integer(inst)) or (want == "number" and t == "number"):
            return
    raise _fail(path, f"expected type {'/'.join(types)}, got {t}")


def _kw_enum(reg, sch, val, inst, base, path, ev):
    if not any(json_equal(inst, v) for v in val):
        raise _fail(path, f"value {_short(inst)} is not one of {val!r}")


def _kw_const(reg, sch, val, inst, base, path, ev):
    if not json_equal(inst, val):
        raise _fail(path, f"value {_short(inst)} is not {val!r}")


def _kw_pattern(reg, sch, val, inst, base, path, ev):
    if isinstance(inst, str) and not pattern_matches(val, inst):
        raise _fail(path, f"string {_short(inst)} does not match {val}")


def _kw_min_length(reg, sch, val, inst, base, path, ev):
    if isinstance(inst, str) and len(inst) < val:
        raise _fail(path, f"string shorter than {val} code points")


def _kw_max_length(reg, sch, val, inst, base, path, ev):
    if isinstance(inst, str) and len(inst) > val:
        raise _fail(path, f"string longer than {val} code points")


def _kw_minimum(reg, sch, val, inst, base, path, ev):
    if _is_number(inst) and inst < val:
        raise _fail(path, f"{inst!r} is less than the minimum {val}")


def _kw_maximum(reg, sch, val, inst, base, path, ev):
    if _is_number(inst) and inst > val:
        raise _fail(path, f"{inst!r} is greater than the maximum {val}")


def _kw_exclusive_minimum(reg, sch, val, inst, base, path, ev):
    if _is_number(inst) and inst <= val:
        raise _fail(path, f"{inst!r} is not greater than {val}")


def _kw_exclusive_maximum(reg, sch, val, inst, base, path, ev):
    if _is_number(inst) and inst >= val:
        raise _fail(path, f"{inst!r} is not less than {val}")


def _kw_min_items(reg, sch, val, inst, base, path, ev):
    if isinstance(inst, list) and len(inst) < val:
        raise _fail(path, f"fewer than {val} items")


def _kw_max_items(reg, sch, val, inst, base, path, ev):
    if isinstance(inst, list) and len(inst) > val:
        raise _fail(path, f"more than {val} items")


def _kw_unique_items(reg, sch, val, inst, base, path, ev):
    if val and isinstance(inst, list):
        seen = set()
        for k, item in enumerate(inst):
            h = _hashable(item)
            if h in seen:
                raise _fail(path + (k,), "duplicate array item")
            seen.add(h)


def _kw_items(reg, sch, val, inst, base, path, ev):
    if isinstance(inst, list):
        for k, item in enumerate(inst):
            r = reg._eval(val, item, base, path + (k,))
            if not r.ok:
                raise _Fail(r.error)


def _kw_required(reg, sch, val, inst, base, path, ev):
    if isinstance(inst, dict):
        for name in val:
            if name not in inst:
                raise _fail(path, f"required member {name!r} is missing")


def _kw_min_properties(reg, sch, val, inst, base, path, ev):
    if isinstance(inst, dict) and len(inst) < val:
        raise _fail(path, f"fewer than {val} members")


def _kw_max_properties(reg, sch, val, inst, base, path, ev):
    if isinstance(inst, dict) and len(inst) > val:
        raise _fail(path, f"more than {val} members")


def _kw_dependent_required(reg, sch, val, inst, base, path, ev):
    if isinstance(inst, dict):
        for name, deps in val.items():
            if name in inst:
                for d in deps:
                    if d not in inst:
                        raise _fail(path, f"member {d!r} is required when {name!r} is present")


def _kw_properties(reg, sch, val, inst, base, path, ev):
    if isinstance(inst, dict):
        for name, sub in val.items():
            if name in inst:
                r = reg._eval(sub, inst[name], base, path + (name,))
                if not r.ok:
                    raise _Fail(r.error)
                ev.add(name)


def _kw_property_names(reg, sch, val, inst, base, path, ev):
    if isinstance(inst, dict):
        for name in inst:
            r = reg._eval(val, name, base, path + (name,))
            if not r.ok:
                raise _Fail(r.error)


def _object_rest(reg, sch, inst, base, path, ev):
    """patternProperties, additionalProperties, then unevaluatedProperties (in that order)."""
    pattern_props = sch.get("patternProperties")
    matched_by_pattern = set()
    if pattern_props:
        for name, value in inst.items():
            for pat, sub in pattern_props.items():
                if compile_pattern(pat).search(name):
                    r = reg._eval(sub, value, base, path + (name,))
                    if not r.ok:
                        raise _Fail(r.error)
                    matched_by_pattern.add(name)
        ev.update(matched_by_pattern)
    if "additionalProperties" in sch:
        declared = sch.get("properties", {})
        sub = sch["additionalProperties"]
        for name, value in inst.items():
            if name in declared or name in matched_by_pattern:
                continue
            if sub is False:
                raise _fail(path, f"member {name!r} is not allowed")
            r = reg._eval(sub, value, base, path + (name,))
            if not r.ok:
                raise _Fail(r.error)
            ev.add(name)
    if "unevaluatedProperties" in sch:
        sub = sch["unevaluatedProperties"]
        for name, value in inst.items():
            if name in ev:
                continue
            if sub is False:
                raise _fail(path, f"member {name!r} is not allowed")
            r = reg._eval(sub, value, base, path + (name,))
            if not r.ok:
                raise _Fail(r.error)
            ev.add(name)


def _kw_ref(reg, sch, val, inst, base, path, ev):
    target, target_base = reg.resolve(base, val)
    r = reg._eval(target, inst, target_base, path)
    if not r.ok:
        raise _Fail(r.error)
    ev.update(r.evaluated)


def _kw_all_of(reg, sch, val, inst, base, path, ev):
    for sub in val:
        r = reg._eval(sub, inst, base, path)
        if not r.ok:
            raise _Fail(r.error)
        ev.update(r.evaluated)


def _kw_any_of(reg, sch, val, inst, base, path, ev):
    ok = False
    first_error = None
    for sub in val:
        r = reg._eval(sub, inst, base, path)
        if r.ok:
            ok = True
            ev.update(r.evaluated)  # every successful branch contributes annotations
        elif first_error is None:
            first_error = r.error
    if not ok:
        raise _fail(path, f"no anyOf branch matches (first: {first_error})")


def _kw_one_of(reg, sch, val, inst, base, path, ev):
    passing = []
    errors = []
    for sub in val:
        r = reg._eval(sub, inst, base, path)
        if r.ok:
            passing.append(r)
        else:
            errors.append(r.error)
    if len(passing) != 1:
        if not passing:
            raise _fail(path, f"no oneOf branch matches ({'; '.join(errors[:3])})")
        raise _fail(path, f"{len(passing)} oneOf branches match, exactly one must")
    ev.update(passing[0].evaluated)


def _kw_not(reg, sch, val, inst, base, path, ev):
    r = reg._eval(val, inst, base, path)
    if r.ok:
        raise _fail(path, "value matches a schema it must not match")


def _kw_if(reg, sch, val, inst, base, path, ev):
    r = reg._eval(val, inst, base, path)
    if r.ok:
        ev.update(r.evaluated)
        branch = sch.get("then")
    else:
        branch = sch.get("else")
    if branch is not None:
        b = reg._eval(branch, inst, base, path)
        if not b.ok:
            raise _Fail(b.error)
        ev.update(b.evaluated)


def _short(v: Any) -> str:
    s = repr(v)
    return s if len(s) <= 60 else s[:57] + "..."


_KEYWORDS = {
    "type": _kw_type,
    "enum": _kw_enum,
    "const": _kw_const,
    "pattern": _kw_pattern,
    "minLength": _kw_min_length,
    "maxLength": _kw_max_length,
    "minimum": _kw_minimum,
    "maximum": _kw_maximum,
    "exclusiveMinimum": _kw_exclusive_minimum,
    "exclusiveMaximum": _kw_exclusive_maximum,
    "minItems": _kw_min_items,
    "maxItems": _kw_max_items,
    "uniqueItems": _kw_unique_items,
    "items": _kw_items,
    "required": _kw_required,
    "minProperties": _kw_min_properties,
    "maxProperties": _kw_max_properties,
    "dependentRequired": _kw_dependent_required,
    "properties": _kw_properties,
    "propertyNames": _kw_property_names,
    "$ref": _kw_ref,
    "allOf": _kw_all_of,
    "anyOf": _kw_any_of,
    "oneOf": _kw_one_of,
    "not": _kw_not,
    "if": _kw_if,
}

_DEFAULT: Optional[Registry] = None
_DEFAULT_LOCK = threading.Lock()


def default_registry() -> Registry:
    """The process-wide registry over the kit's ``schemas/`` folder."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Registry()
    return _DEFAULT
