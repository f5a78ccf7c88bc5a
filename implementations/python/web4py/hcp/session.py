"""One HCP session (spec/hcp.md §4.2): what an agent keeps per RTT connection about the peer and
its human (the counterpart), the check-ins in both directions, the pacing times, the social trust
and the actions delivered to the principal."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from . import pacing
from .trust import SocialTrust

INCOMING = ("none", "pending", "confirmed", "stopped")  # the peer's check-in towards our principal
OUTGOING = ("none", "requested", "confirmed", "stopped")  # our check-in towards the counterpart


@dataclass
class HcpSession:
    conn: object
    peer_fp: str
    peer_pubkey_b64: str
    peer_agent_id: str
    opened: bool = False  # the peer's first HCP_HELLO was accepted (and answered)
    hello_sent: bool = False  # this agent sent an HCP_HELLO on the connection
    opened_order: int = 0  # to find a peer's most recently opened session
    counterpart: Optional[dict] = None  # the counterpart's declared state (state.human / payload)
    counterpart_identity: Optional[dict] = None
    scope: list = field(default_factory=list)  # consent_scope of the peer's latest HCP_HELLO
    flags: list = field(default_factory=list)  # safety_flags of the peer's latest HCP_HELLO
    open_topic: Optional[str] = None
    incoming: str = "none"
    outgoing: str = "none"
    outgoing_request: Optional[str] = None  # msg_id of our outstanding check-in request
    pending_request: Optional[str] = None  # msg_id of the peer's check-in request held for the principal
    last_accepted_ns: Optional[int] = None  # the last action accepted from the peer (not check-ins)
    last_sent_ns: Optional[int] = None  # the last action sent to the peer (not check-ins)
    receiver_view: str = "untrusted"  # the peer's latest sender_view
    inbox: list = field(default_factory=list)  # delivered actions {"msg_id","type","payload"}
    trust: SocialTrust = field(default_factory=SocialTrust)

    def counterpart_level(self) -> str:
        if self.counterpart is None:
            return "allow"
        return pacing.level(self.counterpart, self.flags)

    def counterpart_revoked(self) -> bool:
        return self.counterpart is not None and self.counterpart["consent"] == "revoked"
