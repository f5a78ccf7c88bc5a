"""The fixed parts of spec/mesh.md: Table 4.8's numbers, Table 4.3b (what a MESH_RELAY may carry),
the relay step R1 and the parts of step R4 that need no envelope validation."""

from __future__ import annotations

import base64
import binascii
from typing import Optional

# Table 4.8
DEFAULT_HOP_LIMIT = 9
MAX_ROUTE_HOPS = 9  # MESH-RTE-003: the longest route counted
MAX_DESTINATIONS = 64  # routes kept and announced
MAX_INNER_BYTES = 655_360
MESH_ID_MEMORY_NS = 600 * 1_000_000_000
MESH_ID_MEMORY_COUNT = 4096

BROADCAST = "*"
BROADCAST_FINGERPRINT = "0" * 64
BROADCAST_RECEIVER = {"agent_id": "broadcast", "fingerprint": BROADCAST_FINGERPRINT}  # mesh.md §1

# Table 4.3b: (protocol, type) -> (allowed unicast, allowed broadcast)
CARRIED = {
    ("cip", "INTENT"): (True, False),
    ("cip", "INTENT_RESPONSE"): (True, False),
    ("cip", "FACT_CHALLENGE"): (True, False),
    ("cip", "FACT_CONFIRM"): (True, False),
    ("cip", "FACT_REJECT"): (True, False),
    ("cip", "FACT_PROPOSE"): (True, True),
    ("cip", "DECISION_SHARE"): (True, True),
    ("mesh", "MESH_UNDELIVERABLE"): (True, False),
}


def protocol_of(msg_type: str) -> Optional[str]:
    """The protocol of a type Table 4.3b names (type names do not repeat across cip and mesh)."""
    for protocol, t in CARRIED:
        if t == msg_type:
            return protocol
    return None


def may_carry(protocol: str, msg_type: str, destination: str) -> bool:
    """Table 4.3b for a destination (a fingerprint, or ``*``)."""
    unicast, broadcast = CARRIED.get((protocol, msg_type), (False, False))
    return broadcast if destination == BROADCAST else unicast


def route_record_problem(payload: dict, session_peer: str) -> Optional[str]:
    """Step R1 of Table 4.3a: None when the route record is acceptable, else why not."""
    route = payload["route"]
    if route[-1] != session_peer:
        return "the route record's last entry is not the session peer"
    if route[0] != payload["origin"]:
        return "the route record's first entry is not the origin"
    if len(set(route)) != len(route):
        return "a fingerprint appears twice in the route record"
    if len(route) > payload["hop_limit"]:
        return "the route record has more entries than hop_limit"
    return None


def decode_inner(text: str) -> Optional[bytes]:
    """Step R4's first check: canonical base64 (RFC 4648 §4: padded, unused bits zero) of at most
    655,360 bytes; the bytes, or None."""
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return None
    if base64.b64encode(data).decode("ascii") != text or len(data) > MAX_INNER_BYTES:
        return None
    return data


def inner_problem(inner: dict, protocol: str, payload: dict) -> Optional[str]:
    """Step R4 after steps 1–9 of envelope.md §13 passed: Table 4.3b and the inner envelope's
    sender and receiver against the relay metadata. None when acceptable."""
    destination = payload["destination"]
    if not may_carry(protocol, inner["type"], destination):
        return "a MESH_RELAY to %s may not carry %s %s" % (
            "every agent" if destination == BROADCAST else "one agent", protocol, inner["type"])
    if inner["sender"]["fingerprint"] != payload["origin"]:
        return "the inner envelope's sender is not the origin"
    expected = BROADCAST_FINGERPRINT if destination == BROADCAST else destination
    if inner["receiver"]["fingerprint"] != expected:
        return "the inner envelope's receiver is not the destination"
    return None


def forwarded_payload(payload: dict, own_fingerprint: str) -> dict:
    """§4.3: the same mesh_id, origin, destination, hop_limit and envelope string; the route record
    with the forwarding agent appended (MESH-RLY-005, MESH-RLY-008)."""
    out = {k: payload[k] for k in ("mesh_id", "origin", "destination", "hop_limit", "envelope")}
    out["route"] = list(payload["route"]) + [own_fingerprint]
    return out
