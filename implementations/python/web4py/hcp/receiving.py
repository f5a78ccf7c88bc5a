"""Receiving HCP (spec/hcp.md §4.3–§4.6, Table 4.2): an HCP envelope that passed validation on
`control` is judged by the steps G1–G8 in order; the first that fails refuses it (a
:class:`Refusal`, which the agent sends as a non-closing ERROR naming its msg_id, rtt.md
RTT-ERR-003); one that passes is delivered to the session's inbox and answered where the spec says
(HCP_HELLO, a check-in request).

:class:`Receiving` is a part of :class:`~web4py.hcp.runtime.HcpRuntime`: it reads and writes the
runtime's sessions, principal and clock, and sends through it."""

from __future__ import annotations

from typing import Optional

from . import consent as C
from . import pacing as P
from .session import HcpSession

# How many delivered actions hcp/sessions keeps per session (harness.md §4.12: at least 1,000).
INBOX_KEPT = 1000


class Refusal(Exception):
    def __init__(self, step: str, code: str, text: str):
        super().__init__(text)
        self.step = step
        self.code = code
        self.text = text


class Receiving:
    """The receiving side of the HCP runtime (Table 4.2)."""


    def handle(self, conn, env) -> Optional[tuple]:
        """An HCP envelope that passed validation on `control`. Returns ``(code, text)`` when it is
        refused (the caller sends the ERROR), else None."""
        with self._lock:
            s = self._session(conn)
            try:
                self._judge(s, env)
            except Refusal as r:
                self._emit("hcp.action.refused", peer=s.peer_fp, msg_id=env.msg_id, type=env.type,
                           code=r.code, step=r.step)
                return (r.code, r.text)
            return None

    def _judge(self, s: HcpSession, env) -> None:
        e = env.json
        t = env.type
        p = e["payload"]
        # G1 (HCP-SES-001)
        if env.sender_pubkey_b64 != s.peer_pubkey_b64:
            self._cip_malicious(s.peer_fp)
            raise Refusal("G1", "TRUST_VIOLATION", "sender.pubkey is not this connection's peer identity")
        # G2 (HCP-SES-002)
        cip = self._cip_state(s.peer_fp)
        if cip not in ("probing", "trusted"):
            raise Refusal("G2", "TRUST_VIOLATION", "the peer's CIP trust state is %s" % cip)
        self._apply_declared(s, e)  # HCP-STA-003, then the consent events of §4.7
        # G3 (HCP-SES-004)
        if t == "HCP_HELLO":
            self._on_hello(s, env)
            return
        if not s.opened:
            raise Refusal("G3", "CONSENT", "no HCP_HELLO from this peer on this connection yet")
        if t == "HCP_STATE_UPDATE":
            return  # a signal: accepted (HCP-STA-004)
        kind = C.check_in_kind(t, p)
        topic = p.get("topic") if t == "HCP_INTENT" else None
        # G4 (HCP-CON-001, HCP-CON-002)
        if not C.allows(s.counterpart["consent"], s.scope, t, topic, s.open_topic, kind is not None):
            raise Refusal("G4", "CONSENT", "the counterpart's declared consent does not allow this action")
        # G5 (HCP-CON-003)
        if not C.allows(self.principal["consent"], self.scope, t, topic, s.open_topic, kind is not None):
            raise Refusal("G5", "CONSENT", "the principal's consent does not allow this action")
        level = self.level()
        # G6 (HCP-PAC-001)
        if level == "defer":
            raise Refusal("G6", "BACKPRESSURE", "the principal's level is defer")
        if kind is None:
            # G7 (HCP-CHK-001)
            if P.needs_check_in(self.principal) and s.incoming != "confirmed":
                raise Refusal("G7", "CONSENT", "the principal is %s: check in first" % self.principal["affect"])
            # G8 (HCP-PAC-002)
            if level == "slow" and P.interval_left_ms(s.last_accepted_ns, self._now_ns()) > 0:
                raise Refusal("G8", "BACKPRESSURE", "the principal's level is slow: 10 s between actions")
        self._accept(s, env, kind, topic)

    def _apply_declared(self, s: HcpSession, e: dict) -> None:
        # state.human first, then an HCP_STATE_UPDATE's payload over it; a payload without `intent`
        # keeps the intent so far, i.e. the one state.human just declared (FINDINGS-hcp.md F-HCP-01)
        human = dict(e["state"]["human"])
        if e["type"] == "HCP_STATE_UPDATE":
            human.update(e["payload"])
        for k in ("clarity", "pressure"):  # integers (a parsed JSON number may be a float)
            human[k] = int(human[k])
        old = s.counterpart
        s.counterpart = human
        if old is not None and old["affect"] != human["affect"]:
            s.outgoing, s.outgoing_request = "none", None  # §4.5: any change of the declared affect
        trust = e.get("trust")
        if isinstance(trust, dict) and "sender_view" in trust:
            s.receiver_view = trust["sender_view"]
        s.trust.consents(self.principal["consent"] == "revoked", human["consent"] == "revoked")

    def _on_hello(self, s: HcpSession, env) -> None:
        p = env.json["payload"]
        s.counterpart_identity = dict(p["identity"])
        s.scope = list(p["consent_scope"])
        s.flags = list(p["safety_flags"])
        if s.opened:
            return  # HCP-SES-005: not answered
        self._opened += 1
        s.opened, s.opened_order = True, self._opened
        self._emit("hcp.session.opened", peer=s.peer_fp)
        s.trust.hello()
        if not s.hello_sent:  # HCP-SES-003 (an agent that opened the session itself does not answer)
            self._send_hello(s)

    def _accept(self, s: HcpSession, env, kind: Optional[str], topic: Optional[str]) -> None:
        t = env.type
        p = env.json["payload"]
        if t == "HCP_INTENT":
            s.open_topic = topic
        if kind is None:
            s.last_accepted_ns = self._now_ns()
        s.inbox.append({"msg_id": env.msg_id, "type": t, "payload": p})  # HCP-DEL-001
        del s.inbox[:-INBOX_KEPT]  # bounded: the last 1,000 of the session (harness.md §4.12)
        attrs = {"type": t}
        if t == "HCP_INTENT":
            attrs["topic"] = topic
        self._emit("hcp.action.delivered", peer=s.peer_fp, msg_id=env.msg_id, **attrs)
        if kind is not None:
            self._emit("hcp.check_in", peer=s.peer_fp, msg_id=env.msg_id, direction="received", kind=kind)
        if kind == "request":  # HCP-CHK-002
            if P.needs_check_in(self.principal):
                s.incoming, s.pending_request = "pending", env.msg_id
            else:
                s.incoming, s.pending_request = "confirmed", None
                self._send_check_in(s, "proceed")
        elif kind in ("proceed", "stop"):
            if s.outgoing == "requested":
                s.outgoing = "confirmed" if kind == "proceed" else "stopped"
                s.outgoing_request = None
        if t == "HCP_FEEDBACK":
            s.trust.feedback(p)
