"""A scripted LIP peer for tests and the demo: a :class:`web4py.cip.peer.CipPeer` (the CIP
handshake first: LIP serves only probing or trusted peers) that also builds and sends LIP envelopes
on `knowledge`."""

from __future__ import annotations

import uuid
from typing import Optional

from .. import envelope as ENV
from ..cip.peer import CipPeer
from ..rtt.channels import KNOWLEDGE
from ..rtt.clock import format_timestamp
from ..rtt.identity import Identity


class LipPeer(CipPeer):
    def lip_envelope(self, msg_type: str, payload: dict, source: Optional[dict] = None,
                     signer: Optional[Identity] = None) -> dict:
        who = signer or self.identity
        obj = {
            "lip": "1.0",
            "msg_id": str(uuid.uuid4()),
            "type": msg_type,
            "timestamp": format_timestamp(self.clock_ns()),
            "sender": {"agent_id": who.agent_id, "fingerprint": who.fingerprint, "pubkey": who.pubkey_b64},
            "receiver": {"agent_id": self.raw.peer.agent_id, "fingerprint": self.raw.peer.fingerprint},
            "payload": payload,
        }
        if source is not None:
            obj["source"] = source
        return ENV.sign_envelope(obj, who.seed)

    def send_lip(self, env: dict, wait: float = 5.0) -> int:
        """Send on `knowledge`. Waits for the credit only briefly: a LIP_FETCH's credit comes after
        its replies."""
        return self.send(env, channel=KNOWLEDGE, wait=wait)

    def fetch(self, *uris: str, query: str = "boiling point of water", signer: Optional[Identity] = None) -> dict:
        return self.lip_envelope("LIP_FETCH", {"query": query, "sources": list(uris)}, signer=signer)

    def evidence(self, uri: str, claims=("A claim.",), evidence=("a citation",), tier: str = "unknown",
                 retrieved_at: Optional[str] = None, confidence: float = 0.9) -> dict:
        src = {"uri": uri, "trust_tier": tier, "retrieved_at": retrieved_at or format_timestamp(self.clock_ns())}
        return self.lip_envelope("LIP_EVIDENCE", {"claims": list(claims), "evidence": list(evidence),
                                                  "confidence": confidence}, source=src)

    def vote(self, evidence_ref: str, accept: bool = True, reason: str = "checked") -> dict:
        return self.lip_envelope("LIP_ACCEPT" if accept else "LIP_REJECT", {
            "evidence_ref": evidence_ref, "decision": "accept" if accept else "reject", "reason": reason,
            "corroborators": []})

    def conflict(self, uri: str, claims, severity: str = "medium", tier: str = "unknown",
                 retrieved_at: Optional[str] = None) -> dict:
        src = {"uri": uri, "trust_tier": tier, "retrieved_at": retrieved_at or format_timestamp(self.clock_ns())}
        return self.lip_envelope("LIP_CONFLICT", {"conflicts": list(claims), "local_refs": [],
                                                  "severity": severity}, source=src)
