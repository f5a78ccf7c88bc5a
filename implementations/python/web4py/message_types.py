"""The message type registry: ``schemas/message-types.json``, one row per type of CIP, HCP and LIP.

Each row gives the type's protocol, its standard channel (spec/rtt.md Table 5), its requirement
(cip.md, hcp.md, lip.md Table 3) and its payload schema; the ``handler`` column is the Java
reference's and is not used here. The file is read from the same ``schemas/`` folder as every
schema (``WEB4_SCHEMAS`` or walking up from the package, see ``schema.py``), once, at import.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from .schema import SCHEMAS_ROOT

__all__ = ["MessageType", "ROWS", "MESSAGE_TYPES", "row_of", "load"]

PROTOCOLS = ("cip", "hcp", "lip")  # and any other discriminator the file has rows for
_PROTOCOL = re.compile(r"[a-z][a-z0-9]{0,15}")
CHANNELS = ("control", "state", "knowledge")  # spec/rtt.md §5: the index is the channel id
_MEMBERS = {"protocol", "type", "channel", "requirement", "payload_schema", "handler"}


@dataclass(frozen=True)
class MessageType:
    protocol: str
    type: str
    channel: str
    requirement: str
    payload_schema: str

    @property
    def channel_id(self) -> int:
        return CHANNELS.index(self.channel)


def load(path: Path) -> List[MessageType]:
    """Reads and checks a registry file; raises ``ValueError`` naming the first wrong row."""
    with open(path, "rb") as f:
        doc = json.loads(f.read().decode("utf-8"))
    types = doc.get("types") if isinstance(doc, dict) else None
    if not isinstance(types, list) or not types:
        raise ValueError("%s: no array of types" % path)
    rows: List[MessageType] = []
    seen_types, seen_reqs = set(), set()
    for i, r in enumerate(types):
        where = "%s types[%d]" % (path, i)
        if not isinstance(r, dict) or set(r) != _MEMBERS or not all(isinstance(v, str) for v in r.values()):
            raise ValueError("%s: a row has exactly the string members %s" % (where, sorted(_MEMBERS)))
        if not _PROTOCOL.fullmatch(r["protocol"]):
            raise ValueError("%s: no protocol %s" % (where, r["protocol"]))
        if r["channel"] not in CHANNELS:
            raise ValueError("%s: %s is not a standard channel" % (where, r["channel"]))
        if not r["requirement"].startswith(r["protocol"].upper() + "-MSG-"):
            raise ValueError("%s: requirement %s is not of %s" % (where, r["requirement"], r["protocol"]))
        key = (r["protocol"], r["type"])
        if key in seen_types or r["requirement"] in seen_reqs:
            raise ValueError("%s: a second row for %s or %s" % (where, r["type"], r["requirement"]))
        seen_types.add(key)
        seen_reqs.add(r["requirement"])
        rows.append(MessageType(r["protocol"], r["type"], r["channel"], r["requirement"], r["payload_schema"]))
    return rows


ROWS: Tuple[MessageType, ...] = tuple(load(SCHEMAS_ROOT / "message-types.json"))
_BY_KEY: Dict[Tuple[str, str], MessageType] = {(r.protocol, r.type): r for r in ROWS}

# cip.md Table 3, hcp.md Table 3, lip.md Table 3: a type outside these is UNSUPPORTED_TYPE (ENV-TYPE-001).
MESSAGE_TYPES: Dict[str, frozenset] = {
    p: frozenset(r.type for r in ROWS if r.protocol == p) for p in PROTOCOLS + tuple(r.protocol for r in ROWS)
}


def row_of(protocol: str, msg_type: str) -> Optional[MessageType]:
    """The row of a type its protocol defines, else None."""
    return _BY_KEY.get((protocol, msg_type))
