"""What the CIP runtime keeps about its peers and facts (spec/cip.md §4), and its refusal."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Optional


def jcs_msg_id(data: bytes) -> Optional[str]:
    """The msg_id of an envelope this agent serialized (canonical JSON, so a plain parse)."""
    return json.loads(data)["msg_id"]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass
class Session:
    conn: object
    role: str  # initiator | responder (the RTT role)
    peer_fp: str
    peer_pubkey_b64: str
    peer_agent_id: str
    nonce: bytes = b""
    challenge: bytes = b""
    peer_nonce: Optional[bytes] = None
    peer_challenge: Optional[bytes] = None
    phase: str = "await_hello"  # await_hello | await_verify | complete
    receiver_view: str = "unknown"  # the peer's last sender_view of us
    peer_state: Optional[dict] = None
    peer_supports_mesh: bool = False  # its HELLO carried features.supports_mesh true (mesh.md §4.1)

    @property
    def complete(self) -> bool:
        return self.phase == "complete"


@dataclass
class RelayedPeer:
    """The origin of a relayed inner envelope, standing for "the peer" (spec/mesh.md §4.4): no
    session, no handshake; answers to it are originated through the mesh (§4.2)."""

    peer_fp: str
    peer_agent_id: str
    conn: object = None
    complete: bool = True


@dataclass
class Fact:
    fact_ref: str
    proposer: str
    status: str = "pending"
    confirmed_by: list = field(default_factory=list)
    conn: object = None
    statement: Optional[str] = None
    proposer_agent_id: str = ""


class Refusal(Exception):
    def __init__(self, code: str, text: str):
        super().__init__(text)
        self.code = code
        self.text = text
