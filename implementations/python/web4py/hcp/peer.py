"""A scripted HCP peer for tests and the demo: a :class:`web4py.cip.peer.CipPeer` (RTT + CIP
handshake) that also builds, signs and sends HCP envelopes on `control` and declares its human."""

from __future__ import annotations

import uuid
from typing import Optional

from .. import envelope as ENV
from ..cip.peer import CipPeer
from ..rtt.channels import CONTROL
from ..rtt.clock import format_timestamp
from ..rtt.identity import Identity

CALM = {"presence": "engaged", "affect": "neutral", "clarity": 100, "pressure": 0, "intent": "none",
        "consent": "granted"}


class HcpPeer(CipPeer):
    def __init__(self, raw, clock_ns=None, human: Optional[dict] = None):
        if clock_ns is None:
            super().__init__(raw)
        else:
            super().__init__(raw, clock_ns)
        self.human = dict(human or CALM)
        self.view = "probing"  # the sender_view this peer declares
        self.last_view: Optional[str] = None  # the receiver's latest sender_view, when seen

    def hcp(self, msg_type: str, payload: dict, human: Optional[dict] = None, signer: Optional[Identity] = None,
            trust: Optional[dict] = "default") -> dict:
        who = signer or self.identity
        obj = {
            "hcp": "1.0",
            "msg_id": str(uuid.uuid4()),
            "type": msg_type,
            "timestamp": format_timestamp(self.clock_ns()),
            "sender": {"agent_id": who.agent_id, "fingerprint": who.fingerprint, "pubkey": who.pubkey_b64},
            "receiver": {"agent_id": self.raw.peer.agent_id, "fingerprint": self.raw.peer.fingerprint},
            "state": {"human": dict(human if human is not None else self.human)},
            "payload": payload,
        }
        if trust == "default":
            trust = {"sender_view": self.view, "receiver_view": self.last_view or "untrusted"}
        if trust is not None:
            obj["trust"] = trust
        return ENV.sign_envelope(obj, who.seed)

    def send(self, env: dict, channel: Optional[int] = None, wait: float = 5.0) -> int:
        if "hcp" in env and channel is None:
            channel = CONTROL
        return super().send(env, channel, wait)

    # -- messages

    def hcp_hello(self, scope=(), flags=(), name="peer-human", role="human", **kw) -> dict:
        return self.hcp("HCP_HELLO", {"identity": {"name": name, "role": role},
                                      "consent_scope": list(scope), "safety_flags": list(flags)}, **kw)

    def state_update(self, **changes) -> dict:
        self.human.update(changes)
        payload = {k: self.human[k] for k in ("presence", "affect", "clarity", "pressure", "consent")}
        payload["intent"] = self.human["intent"]
        return self.hcp("HCP_STATE_UPDATE", payload)

    def hcp_intent(self, topic: str = "topic:work", goal: str = "request", priority: str = "normal", **kw) -> dict:
        return self.hcp("HCP_INTENT", {"goal": goal, "topic": topic, "priority": priority}, **kw)

    def hcp_decision(self, decision="go", rationale="because", alternatives=("wait",), **kw) -> dict:
        return self.hcp("HCP_DECISION", {"decision": decision, "rationale": rationale,
                                         "alternatives": list(alternatives)}, **kw)

    def hcp_context(self, context="background", constraints=(), **kw) -> dict:
        return self.hcp("HCP_CONTEXT", {"context": context, "constraints": list(constraints)}, **kw)

    def hcp_feedback(self, satisfaction=None, corrections=None, **kw) -> dict:
        p = {"feedback": "noted"}
        if satisfaction is not None:
            p["satisfaction"] = satisfaction
        if corrections is not None:
            p["corrections"] = list(corrections)
        return self.hcp("HCP_FEEDBACK", p, **kw)

    def check_in(self, flag: str = "check_in", **kw) -> dict:
        return self.hcp_context("check-in", [flag], **kw)

    # -- scripts

    def open_hcp(self, scope=(), flags=()) -> dict:
        """HCP_HELLO and the receiver's answering HCP_HELLO (returned)."""
        self.send(self.hcp_hello(scope, flags))
        h = self.await_envelope("HCP_HELLO")
        if h is None:
            raise AssertionError("no answering HCP_HELLO")
        self.last_view = h.get("trust", {}).get("sender_view")
        return h
