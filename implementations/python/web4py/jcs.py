"""RFC 8785 canonical JSON (JCS), as spec/envelope.md §5 pins it.

* objects: members sorted by their names as sequences of UTF-16 code units (ENV-JCS-002);
* numbers: the ECMAScript Number-to-String algorithm of §5.2 (ENV-JCS-003), implemented here with
  exact integer/rational arithmetic (shortest round-trip digits, closest to the value, ties to even);
* strings: §5.3 (ENV-JCS-004): only ``"``, ``\\`` and U+0000–U+001F are escaped;
* no whitespace; output encoded as UTF-8 (ENV-JCS-001).

Input values are those of :mod:`web4py.ijson` (``dict``, ``list``, ``str``, ``float``, ``bool``,
``None``); ``int`` is accepted and converted to binary64 like a parsed number.
"""

from __future__ import annotations

import functools
import math
import re
import struct
from typing import Any, Union

from . import ijson

__all__ = ["canonicalize", "canonicalize_text", "serialize", "number_to_string", "JcsError"]


class JcsError(ValueError):
    """A value that has no canonical form (NaN, infinity, a lone surrogate, an unsupported type)."""


def canonicalize(value: Any) -> bytes:
    """The canonical form of a parsed I-JSON value, as UTF-8 bytes."""
    try:
        return serialize(value).encode("utf-8")
    except UnicodeEncodeError as e:
        raise JcsError("string contains a lone surrogate") from e


def canonicalize_text(data: Union[bytes, str], **parse_options) -> bytes:
    """Parse strict I-JSON (raises :class:`web4py.ijson.IJsonError`) and canonicalize it."""
    return canonicalize(ijson.parse(data, **parse_options))


def serialize(value: Any) -> str:
    out: list = []
    _write(value, out)
    return "".join(out)


def _utf16_key(name: str) -> bytes:
    # Big-endian UTF-16 bytes compare like the sequence of unsigned 16-bit code units.
    return name.encode("utf-16-be", errors="surrogatepass")


def _sorted_names(v: dict) -> list:
    """ENV-JCS-002's order. ASCII names (every name of the kit's messages) sort the same by code
    point as by UTF-16 code unit, so they are sorted without a key (ADR 1428)."""
    try:
        ascii_names = "".join(v).isascii()
    except TypeError:  # a name that is not a string: _write refuses it
        ascii_names = False
    return sorted(v) if ascii_names else sorted(v, key=_utf16_key)


def _write(v: Any, out: list) -> None:
    if v is None:
        out.append("null")
    elif v is True:
        out.append("true")
    elif v is False:
        out.append("false")
    elif isinstance(v, str):
        out.append(_string(v))
    elif isinstance(v, float):
        out.append(number_to_string(v))
    elif isinstance(v, int):
        try:
            f = float(v)
        except OverflowError:
            raise JcsError(f"integer {v} is outside the binary64 range") from None
        out.append(number_to_string(f))
    elif isinstance(v, dict):
        out.append("{")
        first = True
        for name in _sorted_names(v):
            if not isinstance(name, str):
                raise JcsError(f"member name {name!r} is not a string")
            if not first:
                out.append(",")
            first = False
            out.append(_string(name))
            out.append(":")
            _write(v[name], out)
        out.append("}")
    elif isinstance(v, (list, tuple)):
        out.append("[")
        for k, item in enumerate(v):
            if k:
                out.append(",")
            _write(item, out)
        out.append("]")
    else:
        raise JcsError(f"value of type {type(v).__name__} has no JSON form")


_SHORT = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
_ESCAPE_TABLE = {c: _SHORT.get(c, "\\u%04x" % c) for c in range(0x20)}
_ESCAPE_TABLE[0x22] = '\\"'
_ESCAPE_TABLE[0x5C] = "\\\\"


_NEEDS_ESCAPE = re.compile(r'["\\\x00-\x1f]')  # what _ESCAPE_TABLE escapes


def _string(s: str) -> str:
    if _NEEDS_ESCAPE.search(s) is None:  # nothing to escape: one C scan (ADR 1428)
        return '"' + s + '"'
    return '"' + s.translate(_ESCAPE_TABLE) + '"'


# --- numbers: spec/envelope.md §5.2 ---------------------------------------------------------------


def number_to_string(x: float) -> str:
    """ECMAScript Number::toString(x) for a finite binary64 ``x`` (spec/envelope.md §5.2)."""
    if x.is_integer() and -9007199254740992.0 < x < 9007199254740992.0:
        # an integer below 2**53 (the counts, sizes and times of the messages): steps 1-4 give its
        # own digits, as shortest_digits' fast path shows (ADR 1428); -0.0 gives "0" (step 1)
        return str(int(x))
    if math.isnan(x) or math.isinf(x):
        raise JcsError("NaN and infinities have no canonical form")
    if x == 0:  # step 1: +0 and -0
        return "0"
    if x < 0:  # step 2
        return "-" + number_to_string(-x)
    digits, n = shortest_digits(x)  # step 3
    k = len(digits)
    if k <= n <= 21:  # step 4
        return digits + "0" * (n - k)
    if 0 < n <= 21:  # step 5
        return digits[:n] + "." + digits[n:]
    if -6 < n <= 0:  # step 6
        return "0." + "0" * (-n) + digits
    e = n - 1  # step 7
    exp = ("e+" if e >= 0 else "e-") + str(abs(e))
    if k == 1:
        return digits + exp
    return digits[0] + "." + digits[1:] + exp


def _decompose(x: float):
    """Positive finite x -> (m, e, below) with x = m * 2**e exactly (m, e integers).

    ``below`` is 1 when the gap to the next smaller binary64 value is half the gap to the next larger
    one (x at the bottom of a binade), else 2; see :func:`shortest_digits`.
    """
    bits = struct.unpack(">Q", struct.pack(">d", x))[0]
    biased = (bits >> 52) & 0x7FF
    frac = bits & ((1 << 52) - 1)
    if biased == 0:  # subnormal
        return frac, -1074, 2
    m = frac | (1 << 52)
    # At the bottom of a binade the next smaller double is only half an ulp away, except for the
    # smallest normal exponent, whose predecessor is a subnormal one full ulp away.
    below = 1 if (frac == 0 and biased > 1) else 2
    return m, biased - 1075, below


def _cmp_scaled(s: int, q: int, w: int, E: int) -> int:
    """Sign of s*10**q - w*2**E, exactly."""
    lhs = s * 10 ** max(q, 0) * (1 << max(-E, 0))
    rhs = w * 10 ** max(-q, 0) * (1 << max(E, 0))
    return (lhs > rhs) - (lhs < rhs)


def shortest_digits(x: float):
    """Step 3 of §5.2 for x > 0: returns (D, n) with D the k digits of s and x = s × 10**(n−k) rounded.

    k is the smallest number of significant digits for which some k-digit decimal rounds to x
    (round to nearest, ties to even); among such decimals the one closest to x, and on a tie the
    one with even s. Exact integer arithmetic; no reliance on repr() or a float formatter.
    """
    if x < 9007199254740992.0 and x.is_integer():
        # Fast path: below 2**53 every integer is a double and the interval of values rounding to x
        # is at most ±0.5 wide, so the integer's own digits (without trailing zeros) are shortest.
        t = str(int(x))
        return t.rstrip("0"), len(t)
    return _shortest_cached(x)


@functools.lru_cache(maxsize=4096)
def _shortest_cached(x: float):
    m, e, below = _decompose(x)
    # Work in units of 2**E with E = e - 2: x is 4m units, the rounding interval is
    # [4m - below, 4m + 2] units, its end points included exactly when m is even (ties to even).
    E = e - 2
    X, lo, hi = 4 * m, 4 * m - below, 4 * m + 2
    inclusive = m % 2 == 0

    # n0 with 10**(n0-1) <= x < 10**n0
    n0 = math.floor(math.log10(x)) + 1
    while _cmp_scaled(1, n0 - 1, X, E) > 0:
        n0 -= 1
    while _cmp_scaled(1, n0, X, E) <= 0:
        n0 += 1

    for k in range(1, 18):
        q = n0 - k  # candidate value s * 10**q
        # s_lo = floor(x / 10**q) = floor(m * 2**e / 10**q)
        num = m * (1 << max(e, 0)) * 10 ** max(-q, 0)
        den = (1 << max(-e, 0)) * 10 ** max(q, 0)
        s_lo, rem = divmod(num, den)
        candidates = (s_lo,) if rem == 0 else (s_lo, s_lo + 1)
        good = []
        for s in candidates:
            c_lo = _cmp_scaled(s, q, lo, E)
            c_hi = _cmp_scaled(s, q, hi, E)
            if (c_lo > 0 and c_hi < 0) or (inclusive and c_lo >= 0 and c_hi <= 0):
                good.append(s)
        if not good:
            continue
        if len(good) == 2:
            # closest to x; on a tie the even one. Distances: x - s_lo*10**q vs (s_lo+1)*10**q - x,
            # i.e. compare 2x with (2*s_lo + 1) * 10**q.
            c = _cmp_scaled(2 * s_lo + 1, q, 2 * X, E)  # sign of midpoint - x
            if c > 0:
                s = good[0]
            elif c < 0:
                s = good[1]
            else:
                s = good[0] if good[0] % 2 == 0 else good[1]
        else:
            s = good[0]
        n = n0
        if s == 10**k:  # rounded up to the next power of ten
            s //= 10
            n += 1
        return str(s).rstrip("0"), n
    raise AssertionError("17 significant digits always round-trip a binary64 value")
