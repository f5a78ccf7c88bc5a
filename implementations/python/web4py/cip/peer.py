"""A scripted CIP peer over a :class:`web4py.rtt.rawpeer.RawPeer`, for tests: it builds and signs
CIP envelopes, sends them on their Table 5 channel and waits for their credit (so the other side has
handled them), answers PINGs, reassembles what comes back and keeps envelopes and ERRORs."""

from __future__ import annotations

import base64
import os
import time
import uuid
from typing import Optional

from .. import envelope as ENV
from .. import ijson, jcs
from ..rtt import frames as F
from ..rtt.channels import channel_of
from ..rtt.clock import format_timestamp
from ..rtt.identity import Identity
from ..rtt.rawpeer import RawPeer
from . import challenge as CR


def b64(b: bytes) -> str:
    return base64.b64encode(b).decode("ascii")


class CipPeer:
    def __init__(self, raw: RawPeer, clock_ns=time.time_ns):
        self.raw = raw
        self.identity: Identity = raw.identity
        self.nonce = os.urandom(32)
        self.challenge = os.urandom(32)
        self.peer_nonce: Optional[bytes] = None
        self.received: list = []  # ("env", channel, dict) | ("error", channel, ErrorBody)
        self.clock_ns = clock_ns
        self.last_sent: Optional[dict] = None

    @property
    def fingerprint(self) -> str:
        return self.identity.fingerprint

    # ------------------------------------------------------------------------------ building

    def envelope(self, msg_type: str, payload: dict, signer: Optional[Identity] = None,
                 trust: Optional[dict] = None) -> dict:
        who = signer or self.identity
        obj = {
            "cip": "1.0",
            "msg_id": str(uuid.uuid4()),
            "type": msg_type,
            "timestamp": format_timestamp(self.clock_ns()),
            "sender": {"agent_id": who.agent_id, "fingerprint": who.fingerprint, "pubkey": who.pubkey_b64},
            "receiver": {"agent_id": self.raw.peer.agent_id if self.raw.peer else "iut",
                         "fingerprint": self.raw.peer.fingerprint if self.raw.peer else "0" * 64},
            "payload": payload,
        }
        if trust is not None:
            obj["trust"] = trust
        return ENV.sign_envelope(obj, who.seed)

    def hello(self, *protocols: str) -> dict:
        return self.envelope("HELLO", {
            "protocols": list(protocols or ("cip/1.0",)),
            "capabilities": [],
            "session_nonce": b64(self.nonce),
            "challenge": b64(self.challenge),
        })

    def verify(self, responder_hello: dict, correct: bool = True) -> dict:
        p = responder_hello["payload"]
        self.peer_nonce = base64.b64decode(p["session_nonce"])
        their_challenge = base64.b64decode(p["challenge"])
        signed = their_challenge if correct else self.challenge
        return self.envelope("VERIFY", {
            "challenge_response": b64(CR.respond(self.identity, signed, self.peer_nonce, self.nonce))})

    def answer_hello(self, initiator_hello: dict, correct: bool = True) -> dict:
        p = initiator_hello["payload"]
        self.peer_nonce = base64.b64decode(p["session_nonce"])
        their_challenge = base64.b64decode(p["challenge"])
        signed = their_challenge if correct else self.challenge
        return self.envelope("HELLO", {
            "protocols": ["cip/1.0"], "capabilities": [],
            "session_nonce": b64(self.nonce), "challenge": b64(self.challenge),
            "challenge_response": b64(CR.respond(self.identity, signed, self.peer_nonce, self.nonce))})

    def response_verifies(self, env: dict) -> bool:
        p = env["payload"]
        if "challenge_response" not in p:
            return False
        their_nonce = base64.b64decode(p["session_nonce"]) if env["type"] == "HELLO" else self.peer_nonce
        return CR.verifies(base64.b64decode(env["sender"]["pubkey"]),
                           base64.b64decode(p["challenge_response"]), self.challenge, self.nonce, their_nonce)

    # ------------------------------------------------------------------------------ wire

    def send(self, env: dict, channel: Optional[int] = None, wait: float = 5.0) -> int:
        """Send on its channel (or ``channel``) and wait until its credit has come back."""
        self.last_sent = env
        ch = channel_of("cip", env["type"]) if channel is None else channel
        data = jcs.canonicalize(env)
        seq = self.raw.send_message(ch, data)
        deadline = time.monotonic() + wait
        while self.raw.windows.get(ch, F.WINDOW) < F.WINDOW and time.monotonic() < deadline:
            self.pump(max(0.01, deadline - time.monotonic()))
        return seq

    def pump(self, timeout: float) -> bool:
        f = self.raw.next(timeout)
        if not isinstance(f, F.Frame):
            return False
        if f.type == F.PING:
            self.raw.send_frame(F.PONG, 0, f.body)
        elif f.type == F.PONG:
            self.received.append(("pong", f.channel, f.body))
        elif f.type == F.ERROR:
            self.received.append(("error", f.channel, F.parse_error_body(f.body)))
        elif f.type == F.DATA:
            buf = self.raw.assembling.setdefault(f.channel, bytearray())
            buf += f.body
            if f.flags & F.FLAG_FIN:
                msg = bytes(buf)
                buf.clear()
                if msg:
                    self.raw.send_frame(F.CREDIT, f.channel, F.u32(len(msg)))
                self.received.append(("env", f.channel, ijson.parse(msg)))
        return True

    def _await(self, pred, timeout: float):
        deadline = time.monotonic() + timeout
        while True:
            for i, r in enumerate(self.received):
                if r is not None and pred(r):
                    self.received[i] = None
                    return r
            left = deadline - time.monotonic()
            if left <= 0 or not self.pump(left):
                if left <= 0:
                    return None
                # connection ended or nothing came: look once more, then give up
                time.sleep(0.01)
                if time.monotonic() >= deadline:
                    return None

    def await_envelope(self, msg_type: str, timeout: float = 5.0) -> Optional[dict]:
        r = self._await(lambda r: r[0] == "env" and r[2].get("type") == msg_type, timeout)
        return None if r is None else r[2]

    def await_received(self, msg_type: str, timeout: float = 5.0):
        r = self._await(lambda r: r[0] == "env" and r[2].get("type") == msg_type, timeout)
        return None if r is None else (r[1], r[2])

    def barrier(self, timeout: float = 5.0) -> bool:
        """PING and wait for its PONG: the other side has handled everything sent before."""
        opaque = os.urandom(8)
        self.raw.send_frame(F.PING, 0, opaque)
        return self._await(lambda r: r[0] == "pong" and r[2] == opaque, timeout) is not None

    def await_error(self, timeout: float = 5.0):
        r = self._await(lambda r: r[0] == "error", timeout)
        return None if r is None else r[2]

    # ------------------------------------------------------------------------------ scripts

    def cip_handshake(self) -> dict:
        """Initiator side: HELLO, the responder's HELLO, VERIFY, its STATE_UPDATE."""
        self.send(self.hello())
        h = self.await_envelope("HELLO")
        if h is None or not self.response_verifies(h):
            raise AssertionError("no responder HELLO whose challenge response verifies")
        self.send(self.verify(h))
        s = self.await_envelope("STATE_UPDATE")
        if s is None:
            raise AssertionError("no STATE_UPDATE after VERIFY")
        return s

    def intent(self) -> dict:
        return self.envelope("INTENT", {"goal": "ask", "topic": "conformance", "priority": "normal"})

    def propose(self, statement: str, trace: bool = True) -> dict:
        p = {"fact": {"statement": statement, "domain": "conformance", "confidence": 0.9, "sources": []}}
        if trace:
            p["dmp_trace"] = {"decision_id": str(uuid.uuid4()), "steps": ["observed"], "evidence": []}
        return self.envelope("FACT_PROPOSE", p)

    def review(self, fact_ref: str, msg_type: str = "FACT_CONFIRM") -> dict:
        decision = "confirm" if msg_type == "FACT_CONFIRM" else "reject"
        return self.envelope(msg_type, {"fact_ref": fact_ref, "decision": decision,
                                        "confidence": 1 if decision == "confirm" else 0})

    def challenge_fact(self, fact_ref: str, reason: str = "conflict") -> dict:
        return self.envelope("FACT_CHALLENGE", {"fact_ref": fact_ref, "reason": reason})
