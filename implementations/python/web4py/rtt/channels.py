"""Table 5 of spec/rtt.md: which envelopes travel on which standard channel."""

from __future__ import annotations

from typing import Optional

from ..message_types import row_of

CONTROL, STATE, KNOWLEDGE = 0, 1, 2
STANDARD = ("control", "state", "knowledge")


def channel_of(protocol: str, msg_type: str) -> Optional[int]:
    """The standard channel of a type its protocol defines (its row of ``schemas/message-types.json``);
    None for any other type: Table 5 names no channel for it."""
    row = row_of(protocol, msg_type)
    return row.channel_id if row is not None else None
