"""Strict JSON for the small RTT texts (identity payload, ERROR body): parsing by the package's
I-JSON parser (``web4py.ijson``), serialization by its RFC 8785 implementation (``web4py.jcs``)."""

from __future__ import annotations

from .. import ijson, jcs


def parse(data: bytes):
    """An I-JSON value (envelope.md §3, §4 limits); ValueError (IJsonError) for anything else."""
    return ijson.parse(bytes(data))


def canonicalize(value) -> bytes:
    return jcs.canonicalize(value)
