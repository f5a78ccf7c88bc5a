"""URI normalization, source rules and tier matching (spec/lip.md §4.6.1, Table 4.6a).

A URI is an http-uri (lip.md §1.1). Normalization: lower-case host (and the hex digits of an IPv6
literal), drop the scheme's default port, empty path -> "/", remove dot segments (RFC 3986 §5.2.4);
nothing else changes. A rule is ``{prefix, tier}``; a prefix whose path ends with "/" matches every
URI of the same origin whose path starts with it, any other prefix only the URI with that exact path.
The tier of a URI is the tier of the matching rule with the longest path, ``unknown`` if none."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

TIERS = ("unknown", "low", "medium", "high", "blocked")
ORDER = {"unknown": 0, "low": 1, "medium": 2, "high": 3}  # blocked is outside the order
DEFAULT_PORTS = {"http": "80", "https": "443"}

HTTP_URI = re.compile(
    r"https?://(?:\[[0-9A-Fa-f:.]+\]|(?:[A-Za-z0-9._~!$&'()*+,;=-]|%[0-9A-Fa-f]{2})+)(?::[0-9]{1,5})?"
    r"(?:/(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})*)*"
    r"(?:\?(?:[A-Za-z0-9._~!$&'()*+,;=:@/?-]|%[0-9A-Fa-f]{2})*)?"
)
# RFC 3986 appendix B
_SPLIT = re.compile(r"^(?:([^:/?#]+):)?(?://([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$", re.S)


class UriError(ValueError):
    pass


def is_http_uri(text: str) -> bool:
    return isinstance(text, str) and 1 <= len(text) <= 2048 and HTTP_URI.fullmatch(text) is not None


@dataclass(frozen=True)
class Uri:
    scheme: str
    host: str  # lower-case; an IPv6 literal keeps its brackets
    port: str  # "" when absent (or the default)
    path: str  # never empty after normalization
    query: Optional[str]  # without "?", None when absent

    @property
    def origin(self) -> str:
        return "%s://%s%s" % (self.scheme, self.host, ":" + self.port if self.port else "")

    @property
    def authority(self) -> str:
        return self.host + (":" + self.port if self.port else "")

    @property
    def target(self) -> str:
        """The request target (origin-form): path and query."""
        return self.path + ("?" + self.query if self.query is not None else "")

    def __str__(self) -> str:
        return self.origin + self.target


def remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4."""
    inp, out = path, []
    while inp:
        if inp.startswith("../"):
            inp = inp[3:]
        elif inp.startswith("./"):
            inp = inp[2:]
        elif inp.startswith("/./"):
            inp = inp[2:]
        elif inp == "/.":
            inp = "/"
        elif inp.startswith("/../"):
            inp = inp[3:]
            if out:
                out.pop()
        elif inp == "/..":
            inp = "/"
            if out:
                out.pop()
        elif inp in (".", ".."):
            inp = ""
        else:
            start = 1 if inp.startswith("/") else 0
            i = inp.find("/", start)
            if i < 0:
                i = len(inp)
            out.append(inp[:i])
            inp = inp[i:]
    return "".join(out)


def parse(text: str) -> Uri:
    """Parse and normalize an http-uri; :class:`UriError` when it is not one."""
    if not is_http_uri(text):
        raise UriError("not an http-uri: %r" % (text,))
    m = _SPLIT.match(text)
    scheme, authority, path, query = m.group(1), m.group(2), m.group(3), m.group(4)
    if authority.startswith("["):
        end = authority.index("]")
        host, rest = authority[: end + 1].lower(), authority[end + 1 :]
    else:
        host, _, port_part = authority.partition(":")
        host = host.lower()
        rest = ":" + port_part if ":" in authority else ""
    port = rest[1:] if rest.startswith(":") else ""
    if port:
        port = str(int(port))  # decimal, no leading zeros
        if port == DEFAULT_PORTS[scheme]:
            port = ""
    path = remove_dot_segments(path) if path else "/"
    if not path:
        path = "/"
    return Uri(scheme, host, port, path, query)


def normalize(text: str) -> str:
    return str(parse(text))


def resolve(base: str, reference: str) -> str:
    """RFC 3986 §5.2.2 (strict): ``reference`` resolved against the absolute ``base``; the result's
    fragment is dropped. The result is not checked to be an http-uri."""
    b = _SPLIT.match(base)
    r = _SPLIT.match(reference)
    if r is None or b is None:
        raise UriError("unparseable reference")
    bs, ba, bp, bq = b.group(1), b.group(2), b.group(3), b.group(4)
    rs, ra, rp, rq = r.group(1), r.group(2), r.group(3), r.group(4)
    if rs is not None:
        ts, ta, tp, tq = rs, ra, remove_dot_segments(rp), rq
    else:
        if ra is not None:
            ta, tp, tq = ra, remove_dot_segments(rp), rq
        else:
            if rp == "":
                tp = bp
                tq = rq if rq is not None else bq
            else:
                if rp.startswith("/"):
                    tp = remove_dot_segments(rp)
                else:
                    if ba is not None and bp == "":
                        merged = "/" + rp
                    else:
                        i = bp.rfind("/")
                        merged = (bp[: i + 1] if i >= 0 else "") + rp
                    tp = remove_dot_segments(merged)
                tq = rq
            ta = ba
        ts = bs
    out = ts + ":"
    if ta is not None:
        out += "//" + ta
    out += tp
    if tq is not None:
        out += "?" + tq
    return out


# ------------------------------------------------------------------------------------- rules


@dataclass
class Rule:
    prefix: str  # normalized, no query
    tier: str
    origin: str = "configured"  # configured | learned
    corroborated_run: int = 0
    refuted_run: int = 0

    def __post_init__(self):
        self._uri = parse(self.prefix)

    def matches(self, u: Uri) -> bool:
        r = self._uri
        if (r.scheme, r.host, r.port) != (u.scheme, u.host, u.port):
            return False
        if r.path.endswith("/"):
            return u.path.startswith(r.path)
        return u.path == r.path

    @property
    def path_length(self) -> int:
        return len(self._uri.path)

    def describe(self) -> dict:
        return {"prefix": self.prefix, "tier": self.tier, "origin": self.origin,
                "corroborated_run": self.corroborated_run, "refuted_run": self.refuted_run}


def make_rule(prefix: str, tier: str, origin: str = "configured") -> Rule:
    """A rule from a configured prefix: an http-uri without query, normalized."""
    if tier not in TIERS:
        raise UriError("not a tier: %r" % (tier,))
    u = parse(prefix)
    if u.query is not None:
        raise UriError("a source prefix has no query: %r" % (prefix,))
    return Rule(str(u), tier, origin)


def best_rule(rules, u: Uri) -> Optional[Rule]:
    best = None
    for rule in rules:
        if rule.matches(u) and (best is None or rule.path_length > best.path_length):
            best = rule
    return best


def tier_of(rules, uri: str) -> str:
    rule = best_rule(rules, parse(uri))
    return rule.tier if rule is not None else "unknown"
