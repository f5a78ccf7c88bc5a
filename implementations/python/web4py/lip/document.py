"""The evidence document (spec/lip.md §4.3, Table 4.3) and the failure reasons a response can
give (Table 4.4b: ``http_status``, ``media_type``, ``too_large``, ``malformed``).

``judge_headers(status, headers)`` decides what can be decided before the body is read;
``judge_body(body)`` the rest. ``payload_of(doc)`` is the LIP_EVIDENCE payload the document becomes."""

from __future__ import annotations

from typing import Any, Iterable, Optional, Tuple

from .. import ijson

MEDIA_TYPE = "application/vnd.web4.evidence+json"
MAX_BODY = 262_144
MAX_DEPTH = 32
MAX_ITEMS = 64
MAX_TEXT = 4096
MEMBERS = ("web4_evidence", "claims", "evidence", "confidence", "extraction_notes")
REQUIRED = ("web4_evidence", "claims", "evidence", "confidence")

_TOKEN = set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def _media_type_ok(value: str) -> bool:
    """``application/vnd.web4.evidence+json`` (case-insensitive), optionally ``; charset=utf-8``
    (name and value case-insensitive, the value may be quoted), no other parameter."""
    parts = value.split(";")
    if parts[0].strip(" \t").lower() != MEDIA_TYPE:
        return False
    seen_charset = False
    for param in parts[1:]:
        param = param.strip(" \t")
        if not param:
            return False
        name, eq, val = param.partition("=")
        if not eq or not name or any(c not in _TOKEN for c in name):
            return False
        if len(val) >= 2 and val[0] == '"' and val[-1] == '"':
            val = val[1:-1]
        if name.lower() != "charset" or val.lower() != "utf-8" or seen_charset:
            return False
        seen_charset = True
    return True


def judge_headers(status: int, headers: Iterable[Tuple[str, str]]) -> Optional[str]:
    """The reason the final response fails before its body is read, or None.
    ``headers`` are (name, value) pairs as received."""
    if status != 200:
        return "http_status"
    types = [v for n, v in headers if n.lower() == "content-type"]
    if len(types) != 1 or not _media_type_ok(types[0]):
        return "media_type"
    for n, v in headers:
        if n.lower() == "content-encoding":
            codings = [c.strip(" \t").lower() for c in v.split(",") if c.strip(" \t")]
            if any(c != "identity" for c in codings):
                return "media_type"
    return None


def _text(v: Any) -> bool:
    return isinstance(v, str) and 1 <= len(v) <= MAX_TEXT


def conforms(doc: Any) -> Optional[str]:
    """Why ``doc`` (a parsed value) is not an evidence document of Table 4.3, or None."""
    if not isinstance(doc, dict):
        return "not an object"
    for name in doc:
        if name not in MEMBERS:
            return "unknown member %r" % name
    for name in REQUIRED:
        if name not in doc:
            return "missing member %r" % name
    if doc["web4_evidence"] != "1.0" or not isinstance(doc["web4_evidence"], str):
        return "web4_evidence is not \"1.0\""
    claims = doc["claims"]
    if not isinstance(claims, list) or not 1 <= len(claims) <= MAX_ITEMS:
        return "claims is not an array of 1-64 items"
    if not all(_text(c) for c in claims):
        return "a claim is not text"
    if len(set(claims)) != len(claims):
        return "claims are not unique"
    ev = doc["evidence"]
    if not isinstance(ev, list) or len(ev) > MAX_ITEMS or not all(_text(e) for e in ev):
        return "evidence is not a text list"
    c = doc["confidence"]
    if isinstance(c, bool) or not isinstance(c, (int, float)) or not 0 <= c <= 1:
        return "confidence is not a number from 0 to 1"
    if "extraction_notes" in doc and not _text(doc["extraction_notes"]):
        return "extraction_notes is not text"
    return None


def judge_body(body: bytes) -> Tuple[Optional[dict], Optional[str], str]:
    """(document, None, "") when ``body`` is a conforming evidence document; else
    (None, reason, detail) with reason ``too_large`` or ``malformed``."""
    if len(body) > MAX_BODY:
        return None, "too_large", "%d bytes" % len(body)
    try:
        doc = ijson.parse(body, max_size=None, max_depth=MAX_DEPTH, max_values=None)
    except ijson.IJsonError as e:
        return None, "malformed", str(e)
    why = conforms(doc)
    if why is not None:
        return None, "malformed", why
    return doc, None, ""


def payload_of(doc: dict, fetch_ref: Optional[str]) -> dict:
    """The LIP_EVIDENCE payload (lip.md Table 3.2) a conforming document becomes: a copy."""
    p = {}
    if fetch_ref is not None:
        p["fetch_ref"] = fetch_ref
    p["claims"] = list(doc["claims"])
    p["evidence"] = list(doc["evidence"])
    p["confidence"] = doc["confidence"]
    if "extraction_notes" in doc:
        p["extraction_notes"] = doc["extraction_notes"]
    return p
