"""Strict I-JSON parser (spec/envelope.md §3 and §4).

The parser refuses, never repairs. Every refusal raises :class:`IJsonError` whose ``kind`` says which
rule was broken:

==================  =====================================================================  ===============
kind                meaning                                                                requirement
==================  =====================================================================  ===============
``size``            more bytes than the size limit                                         ENV-LIM-001
``utf8``            not well-formed UTF-8                                                  ENV-JSON-001
``bom``             a leading byte order mark                                              ENV-JSON-005
``syntax``          not an RFC 8259 JSON text (incl. NaN/Infinity, comments, leading 0s)   ENV-JSON-005
``trailing``        non-whitespace content after the top-level value                       ENV-JSON-005
``duplicate``       two members of one object with equal (unescaped) names                 ENV-JSON-002
``surrogate``       a ``\\uD800``–``\\uDFFF`` escape that is not part of a proper pair      ENV-JSON-003
``number_range``    a number whose nearest binary64 value is infinite                      ENV-JSON-004
``noncharacter``    a noncharacter (U+FDD0..U+FDEF, U+nFFFE, U+nFFFF), escaped or not      ENV-JSON-006
``depth``           nesting deeper than the depth limit                                    ENV-LIM-002
``number_length``   a number token of more than 4,096 characters                           ENV-LIM-003
``values``          more than 65,536 values (objects, arrays, scalars; names not counted)  ENV-LIM-004
==================  =====================================================================  ===============

Depth (ENV-LIM-002 as rewritten for spec 0.4.0): a top-level object or array has depth 1 and every
container nested in it one more; a top-level scalar has depth 0. At most ``MAX_DEPTH`` (32).

Parsed values: ``dict`` (member order of the text, names unique), ``list``, ``str`` (Unicode scalar
values only), ``float`` for every number (binary64, rounded to nearest, ties to even; ``-0.0`` kept),
``True``/``False`` and ``None``. Numbers are always ``float`` so that ``20``, ``20.0`` and ``2e1`` are
the same value (spec/README.md §2.6).

The parser does not use :mod:`json`: it is a small recursive-descent parser over the strictly decoded
text. Recursion is bounded by the depth limit (checked before descending).

Cost (issue 20): every step is linear in the input. A number token is matched by one regular expression
(linear) and refused by its length before ``float`` sees it (ENV-LIM-003); the value count (ENV-LIM-004)
bounds the per-value work of one envelope, whose per-byte cost is highest for tiny values (``[0,0,…]``);
member names go into a ``dict`` whose ``str`` hash is keyed per process (``PYTHONHASHSEED``), so names
cannot be chosen to collide.
"""

from __future__ import annotations

import math
import re
from typing import Any, Optional, Union

__all__ = [
    "IJsonError",
    "parse",
    "MAX_SIZE",
    "MAX_DEPTH",
    "SIZE",
    "UTF8",
    "BOM",
    "SYNTAX",
    "TRAILING",
    "DUPLICATE",
    "SURROGATE",
    "NUMBER_RANGE",
    "NONCHARACTER",
    "DEPTH",
    "NUMBER_LENGTH",
    "VALUES",
    "MAX_NUMBER_CHARS",
    "MAX_VALUES",
]

MAX_SIZE = 1_048_576  # ENV-LIM-001
MAX_DEPTH = 32  # ENV-LIM-002
MAX_NUMBER_CHARS = 4_096  # ENV-LIM-003
MAX_VALUES = 65_536  # ENV-LIM-004

SIZE = "size"
UTF8 = "utf8"
BOM = "bom"
SYNTAX = "syntax"
TRAILING = "trailing"
DUPLICATE = "duplicate"
SURROGATE = "surrogate"
NUMBER_RANGE = "number_range"
NONCHARACTER = "noncharacter"
DEPTH = "depth"
NUMBER_LENGTH = "number_length"
VALUES = "values"


class IJsonError(ValueError):
    """Input refused by the strict I-JSON rules. ``kind`` is one of the module constants."""

    def __init__(self, kind: str, message: str, position: Optional[int] = None):
        self.kind = kind
        self.position = position
        where = "" if position is None else f" at offset {position}"
        super().__init__(f"{kind}: {message}{where}")
        self.message = message


# RFC 8259 §2: insignificant whitespace is exactly space, HT, LF, CR.
_WS = re.compile(r"[ \t\n\r]*")
# RFC 8259 §6, ASCII digits only.
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
# A run of string characters that need no special handling (RFC 8259 §7: unescaped = %x20-21 / %x23-5B / %x5D-10FFFF).
_PLAIN = re.compile(r'[^"\\\x00-\x1f]*')
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
# ENV-JSON-006 (RFC 7493 §2.1): the 66 noncharacters, U+FDD0..U+FDEF and the last two code points of
# each of the 17 planes.
_NONCHARACTER = re.compile(
    "[\uFDD0-\uFDEF" + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17)) + "]"
)
_SIMPLE_ESCAPES = {
    '"': '"',
    "\\": "\\",
    "/": "/",
    "b": "\b",
    "f": "\f",
    "n": "\n",
    "r": "\r",
    "t": "\t",
}


def parse(
    data: Union[bytes, bytearray, memoryview, str],
    *,
    max_size: Optional[int] = MAX_SIZE,
    max_depth: int = MAX_DEPTH,
    max_values: Optional[int] = MAX_VALUES,
) -> Any:
    """Parse one strict I-JSON text.

    ``data`` is normally the received bytes. ``max_size`` is checked on the UTF-8 bytes (``None``: no
    size limit, for callers that enforce their own, such as the harness body limit); ``max_values`` is
    the most values the text may hold (``None``: no such limit, for documents that are not envelopes).
    The number-length limit (ENV-LIM-003) always applies. A ``str`` is
    accepted for convenience; it is checked as if it were its UTF-8 encoding (a ``str`` holding a lone
    surrogate is refused as ill-formed UTF-8).
    """
    if isinstance(data, str):
        try:
            raw = data.encode("utf-8")
        except UnicodeEncodeError as e:
            raise IJsonError(UTF8, "text contains a lone surrogate code point", e.start) from None
    else:
        raw = bytes(data)
    if max_size is not None and len(raw) > max_size:
        raise IJsonError(SIZE, f"{len(raw)} bytes exceed the limit of {max_size} bytes")
    try:
        text = raw.decode("utf-8", errors="strict")
    except UnicodeDecodeError as e:
        raise IJsonError(UTF8, f"ill-formed UTF-8 ({e.reason})", e.start) from None
    if text.startswith("\ufeff"):
        raise IJsonError(BOM, "a byte order mark is not allowed", 0)
    accepted = _accepted_by_c_scanner(text, max_depth, max_values)
    if accepted is not _NOT_SHOWN:
        return accepted
    return _Parser(text, max_depth, max_values).parse_document()


# --- the fast path (docs/adr/1422) ------------------------------------------------------------------
#
# CPython's C JSON scanner parses an RFC 8259 text about twenty times faster than the recursive
# descent below. Its result is taken only when it shows that every rule of this module holds; on any
# doubt — an error of any kind, or a text it would accept and the rules refuse — the strict parser
# below runs from the start, so every refusal, with its kind, message and position, is its own, and
# an accepted text yields the same value (member order of the text, every number ``float(token)``).
# What the C scanner does not check is checked here: duplicate names (a hook), NaN/Infinity (refused
# by a hook), ENV-LIM-003 and infinities (number hooks), escaped surrogates and noncharacters (a
# scan of the text, which sends any ``\u`` escape that could be one to the strict parser), raw
# noncharacters (a scan), depth and the value count (bounded by counting ``[``, ``{`` and ``,`` —
# every value but the first opens a container's content or follows a comma — and counted exactly
# in the parsed value when that bound is above the limit).

_NOT_SHOWN = object()
_DOUBTFUL_ESCAPE = re.compile(r"\\u(?:[dD][89a-fA-F]|[fF][dD][dDeE]|[fF][fF][fF][eEfF])")


class _Doubt(Exception):
    """The fast path cannot show that the rules hold: the strict parser decides."""


def _pairs(pairs):
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _Doubt()  # a duplicate name (ENV-JSON-002)
    return result


def _float_token(token: str) -> float:
    if len(token) > MAX_NUMBER_CHARS:
        raise _Doubt()  # ENV-LIM-003
    value = float(token)
    if math.isinf(value):
        raise _Doubt()  # ENV-JSON-004
    return value


def _constant(name: str):
    raise _Doubt()  # NaN, Infinity, -Infinity are not JSON


def _make_decoder():
    import json
    import json.scanner

    if json.scanner.c_make_scanner is None:  # not CPython's C scanner: always the strict parser
        return None
    return json.JSONDecoder(object_pairs_hook=_pairs, parse_float=_float_token, parse_int=_float_token,
                            parse_constant=_constant, strict=True)


_DECODER = _make_decoder()


def _accepted_by_c_scanner(text: str, max_depth: int, max_values: Optional[int]):
    if _DECODER is None:
        return _NOT_SHOWN
    if "\\u" in text and _DOUBTFUL_ESCAPE.search(text) is not None:
        return _NOT_SHOWN
    # every noncharacter is above U+FDCF: an ASCII text holds none (isascii is one C pass, the
    # search ~0.2 s for 2 MB of harness hex, ADR 1428)
    if not text.isascii() and _NONCHARACTER.search(text) is not None:
        return _NOT_SHOWN
    try:
        value = _DECODER.decode(text)  # leading and trailing whitespace: the same four characters
    except (_Doubt, ValueError, RecursionError):
        return _NOT_SHOWN
    containers = text.count("[") + text.count("{")
    bound = 1 + containers + text.count(",")
    # the depth is at most the number of containers, the value count at most ``bound``: each is
    # measured only when its bound is above its limit
    if containers > max_depth and _deeper_than(text, max_depth):
        return _NOT_SHOWN
    if max_values is not None and bound > max_values:
        if _measure(value)[1] > max_values:
            return _NOT_SHOWN
    return value


_STRING_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_LEAF_CONTAINER = re.compile(r"\[\]|\{\}")


def _deeper_than(text: str, max_depth: int) -> bool:
    """Whether a text the C scanner accepted nests containers deeper than ``max_depth``, as
    :func:`_measure` counts depth, in C-speed passes (ADR 1428): the strings removed, then everything
    but brackets, the rest is the container forest; each pass removes its leaves (``[]`` and ``{}``
    as they stand), so the number of passes that empties it is its height."""
    brackets = _NOT_BRACKET.sub("", _STRING_TOKEN.sub("", text))
    for _ in range(max_depth):
        if not brackets:
            return False
        brackets = _LEAF_CONTAINER.sub("", brackets)
    return bool(brackets)


def _measure(value) -> tuple:
    """(depth, number of values) of a parsed value, as :class:`_Parser` counts them."""
    depth = values = 0
    stack = [(value, 0)]
    while stack:
        v, d = stack.pop()
        values += 1
        if isinstance(v, dict):
            d += 1
            stack.extend((item, d) for item in v.values())
        elif isinstance(v, list):
            d += 1
            stack.extend((item, d) for item in v)
        if d > depth:
            depth = d
    return depth, values


class _Parser:
    __slots__ = ("s", "n", "max_depth", "values_left")

    def __init__(self, text: str, max_depth: int, max_values: Optional[int]):
        self.s = text
        self.n = len(text)
        self.max_depth = max_depth
        # ENV-LIM-004: counts down once per value; None (no limit) never reaches zero
        self.values_left = max_values if max_values is not None else self.n + 1

    # -- helpers -----------------------------------------------------------------------------------

    def _ws(self, i: int) -> int:
        return _WS.match(self.s, i).end()

    def _fail(self, message: str, i: int) -> IJsonError:
        if i >= self.n:
            return IJsonError(SYNTAX, f"unexpected end of input ({message})", i)
        return IJsonError(SYNTAX, f"{message}, found {self.s[i]!r}", i)

    # -- grammar -----------------------------------------------------------------------------------

    def parse_document(self) -> Any:
        i = self._ws(0)
        value, i = self._value(i, 1)
        i = self._ws(i)
        if i != self.n:
            raise IJsonError(TRAILING, "content after the top-level value", i)
        return value

    def _value(self, i: int, depth: int):
        """Parse a value starting at ``i`` whose depth (if it is a container) would be ``depth``."""
        if i >= self.n:
            raise self._fail("expected a value", i)
        self.values_left -= 1
        if self.values_left < 0:
            raise IJsonError(VALUES, "more values than the limit", i)
        c = self.s[i]
        if c == "{":
            return self._object(i, depth)
        if c == "[":
            return self._array(i, depth)
        if c == '"':
            return self._string(i)
        if c == "-" or "0" <= c <= "9":
            return self._number(i)
        if self.s.startswith("true", i):
            return True, i + 4
        if self.s.startswith("false", i):
            return False, i + 5
        if self.s.startswith("null", i):
            return None, i + 4
        raise self._fail("expected a value", i)

    def _enter(self, i: int, depth: int) -> None:
        if depth > self.max_depth:
            raise IJsonError(DEPTH, f"nesting deeper than {self.max_depth}", i)

    def _object(self, i: int, depth: int):
        self._enter(i, depth)
        result: dict = {}
        i = self._ws(i + 1)
        if i < self.n and self.s[i] == "}":
            return result, i + 1
        while True:
            if i >= self.n or self.s[i] != '"':
                raise self._fail("expected a member name", i)
            name_at = i
            name, i = self._string(i)
            i = self._ws(i)
            if i >= self.n or self.s[i] != ":":
                raise self._fail("expected ':'", i)
            i = self._ws(i + 1)
            value, i = self._value(i, depth + 1)
            if name in result:
                raise IJsonError(DUPLICATE, f"duplicate member name {name!r}", name_at)
            result[name] = value
            i = self._ws(i)
            if i < self.n and self.s[i] == ",":
                i = self._ws(i + 1)
                continue
            if i < self.n and self.s[i] == "}":
                return result, i + 1
            raise self._fail("expected ',' or '}'", i)

    def _array(self, i: int, depth: int):
        self._enter(i, depth)
        result: list = []
        i = self._ws(i + 1)
        if i < self.n and self.s[i] == "]":
            return result, i + 1
        while True:
            value, i = self._value(i, depth + 1)
            result.append(value)
            i = self._ws(i)
            if i < self.n and self.s[i] == ",":
                i = self._ws(i + 1)
                continue
            if i < self.n and self.s[i] == "]":
                return result, i + 1
            raise self._fail("expected ',' or ']'", i)

    def _number(self, i: int):
        m = _NUMBER.match(self.s, i)
        if m is None:
            raise self._fail("malformed number", i)
        end = m.end()
        if end - i > MAX_NUMBER_CHARS:  # ENV-LIM-003, before any conversion
            raise IJsonError(NUMBER_LENGTH, f"number of {end - i} characters; the limit is {MAX_NUMBER_CHARS}", i)
        token = m.group()
        # A number must not run straight into more number-like characters ("01", "1.", "1e", "+1"
        # after "1" etc.); RFC 8259 grammar makes those a syntax error at the next token anyway, but a
        # precise message helps.
        if end < self.n and self.s[end] in "0123456789.eE+-":
            raise self._fail("malformed number", end)
        # float() rounds correctly to nearest, ties to even (CPython uses David Gay's strtod), gives
        # 0.0/-0.0 on underflow and inf on overflow.
        value = float(token)
        if math.isinf(value):
            raise IJsonError(NUMBER_RANGE, f"number {token[:40]!r} is outside the binary64 range", i)
        return value, end

    def _string(self, i: int):
        # s[i] == '"'
        s = self.s
        n = self.n
        start = i
        i += 1
        parts = []
        while True:
            m = _PLAIN.match(s, i)
            if m.end() > i:
                parts.append(m.group())
                i = m.end()
            if i >= n:
                raise self._fail("unterminated string", i)
            c = s[i]
            if c == '"':
                value = "".join(parts)
                bad = _NONCHARACTER.search(value)
                if bad is not None:
                    raise IJsonError(NONCHARACTER, f"noncharacter U+{ord(bad.group()):04X} in a string", start)
                return value, i + 1
            if c != "\\":
                raise IJsonError(SYNTAX, f"unescaped control character U+{ord(c):04X} in a string", i)
            # escape
            if i + 1 >= n:
                raise self._fail("unterminated escape", i + 1)
            e = s[i + 1]
            simple = _SIMPLE_ESCAPES.get(e)
            if simple is not None:
                parts.append(simple)
                i += 2
                continue
            if e != "u":
                raise IJsonError(SYNTAX, f"invalid escape \\{e}", i)
            unit, i = self._hex4(i)
            if 0xD800 <= unit <= 0xDBFF:
                # must be immediately followed by a \uDC00-\uDFFF escape
                if s.startswith("\\u", i):
                    low, j = self._hex4(i)
                    if 0xDC00 <= low <= 0xDFFF:
                        parts.append(chr(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)))
                        i = j
                        continue
                raise IJsonError(SURROGATE, f"high surrogate escape \\u{unit:04x} without a low surrogate", i - 6)
            if 0xDC00 <= unit <= 0xDFFF:
                raise IJsonError(SURROGATE, f"low surrogate escape \\u{unit:04x} without a high surrogate", i - 6)
            parts.append(chr(unit))

    def _hex4(self, i: int):
        """``s[i:i+2] == '\\\\u'``; returns (code unit, index after the escape)."""
        m = _HEX4.match(self.s, i + 2)
        if m is None:
            raise self._fail("\\u must be followed by 4 hex digits", i + 2)
        return int(m.group(), 16), i + 6
