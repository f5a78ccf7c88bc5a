"""Table 5 of spec/rtt.md: which envelopes travel on which standard channel."""

from __future__ import annotations

from typing import Optional

CONTROL, STATE, KNOWLEDGE = 0, 1, 2
STANDARD = ("control", "state", "knowledge")

_CIP = {
    "HELLO": CONTROL,
    "VERIFY": CONTROL,
    "INTENT": CONTROL,
    "INTENT_RESPONSE": CONTROL,
    "STATE_UPDATE": STATE,
    "FACT_PROPOSE": KNOWLEDGE,
    "FACT_CHALLENGE": KNOWLEDGE,
    "FACT_CONFIRM": KNOWLEDGE,
    "FACT_REJECT": KNOWLEDGE,
    "DECISION_SHARE": KNOWLEDGE,
}


_MESH = {  # spec 0.5.0
    "MESH_RELAY": CONTROL,
    "MESH_UNDELIVERABLE": CONTROL,
    "MESH_VOUCH": CONTROL,
    "MESH_ROUTES": STATE,
}


def channel_of(protocol: str, msg_type: str) -> Optional[int]:
    """The standard channel of an envelope that passed validation (so its type is defined)."""
    if protocol == "cip":
        return _CIP.get(msg_type)
    if protocol == "hcp":
        return CONTROL
    if protocol == "lip":
        return KNOWLEDGE
    if protocol == "mesh":
        return _MESH.get(msg_type)
    return None
