"""Table 5 of spec/rtt.md: which envelopes travel on which standard channel."""

from __future__ import annotations

from typing import Optional

from ..message_types import row_of

CONTROL, STATE, KNOWLEDGE = 0, 1, 2
STANDARD = ("control", "state", "knowledge")


_MESH = {  # spec 0.5.0
    "MESH_RELAY": CONTROL,
    "MESH_UNDELIVERABLE": CONTROL,
    "MESH_VOUCH": CONTROL,
    "MESH_ROUTES": STATE,
}


def channel_of(protocol: str, msg_type: str) -> Optional[int]:
    """The standard channel of a type its protocol defines (its row of ``schemas/message-types.json``);
    None for any other type: Table 5 names no channel for it. Mesh types fall back to ``_MESH`` until
    the registry carries their rows (spec 0.5.0)."""
    row = row_of(protocol, msg_type)
    if row is not None:
        return row.channel_id
    if protocol == "mesh":
        return _MESH.get(msg_type)
    return None
