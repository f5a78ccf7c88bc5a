"""The HCP runtime (spec/hcp.md §4): judges every HCP envelope that passed validation on `control`
by the steps of Table 4.2, keeps one :class:`HcpSession` per RTT connection — per RTT 1.1 session,
across its connections: a resumed session carries its HCP session on (spec/rtt.md §12, RTT-RES-016) —,
plays the agent's side for its principal (the human the harness plays: ``human/*``), and reports the
HCP events.

Refusals are returned to the caller (the agent), which sends them as non-closing ERRORs on
`control` naming the envelope's msg_id (rtt.md RTT-ERR-003). Every time is the agent's clock
(harness.md HAR-CLK-001)."""

from __future__ import annotations

import threading
import uuid
from typing import Callable, Optional

from ..cip.runtime import _rtt_session_of
from ..rtt.channels import CONTROL
from ..rtt.clock import format_timestamp
from ..rtt.session import Session as RttSession
from . import consent as C
from . import pacing as P
from .session import HcpSession

# How many delivered actions hcp/sessions keeps per session (harness.md §4.12: at least 1,000).
INBOX_KEPT = 1000

DEFAULT_HUMAN = {  # Table 4.1
    "presence": "engaged",
    "affect": "neutral",
    "clarity": 100,
    "pressure": 0,
    "intent": "none",
    "consent": "granted",
}
DEFAULT_IDENTITY = {"name": "principal", "role": "human"}
CHECK_IN_TEXT = {"request": "check-in", "proceed": "check-in: proceed", "stop": "check-in: stop"}
CHECK_IN_FLAG = {"request": C.CHECK_IN, "proceed": C.PROCEED, "stop": C.STOP}


def _owner(conn):
    """What an HCP session belongs to (RTT-RES-016): the RTT 1.1 session the connection carries, which
    a resume carries on to its next connection, or the connection itself (RTT 1.0)."""
    rtt_session = _rtt_session_of(conn)
    return conn if rtt_session is None else rtt_session


class Refusal(Exception):
    def __init__(self, step: str, code: str, text: str):
        super().__init__(text)
        self.step = step
        self.code = code
        self.text = text


def action_answer(status: str, msg_id: Optional[str] = None, code: Optional[str] = None,
                  retry_after_ms: Optional[int] = None) -> dict:
    """The ACTION object the harness answers ``human/intent`` and ``human/decision`` with."""
    return {"status": status, "msg_id": msg_id, "code": code, "retry_after_ms": retry_after_ms}


class HcpRuntime:
    """``seal(obj) -> bytes`` signs and serializes an unsigned envelope; ``emit(kind, peer, msg_id,
    **attrs)`` reports an event; ``now_ns()`` is the agent's clock; ``cip_state(fp)`` the CIP trust
    state of a peer (cip.md §4.4); ``cip_malicious(fp)`` applies the CIP ``malicious`` event."""

    def __init__(self, identity, seal: Callable[[dict], bytes], emit: Callable, now_ns: Callable[[], int],
                 cip_state: Callable[[str], str], cip_malicious: Callable[[str], None],
                 human_identity: Optional[dict] = None):
        self.identity = identity
        self._seal = seal
        self._emit = emit
        self._now_ns = now_ns
        self._cip_state = cip_state
        self._cip_malicious = cip_malicious
        self.human_identity = dict(human_identity or DEFAULT_IDENTITY)
        self._lock = threading.RLock()
        # RTT-RES-016: by id() of what each belongs to (_owner: the RTT 1.1 session, else the
        # connection); _owners keeps that object, so that its id is not reused while it is a key
        self.sessions: dict[int, HcpSession] = {}
        self._owners: dict[int, object] = {}
        self._opened = 0
        self.principal = dict(DEFAULT_HUMAN)
        self.scope: list = []
        self.flags: list = []
        self.new_msg_id = lambda: str(uuid.uuid4())

    # ------------------------------------------------------------------------------ state

    def level(self) -> str:
        return P.level(self.principal, self.flags)

    def reset(self) -> None:
        with self._lock:
            self.sessions.clear()
            self._owners.clear()
            self._opened = 0
            self.principal = dict(DEFAULT_HUMAN)
            self.scope, self.flags = [], []

    def session_opened(self, conn) -> None:
        """An RTT connection completed its handshake: when it resumes an RTT 1.1 session that has an HCP
        session, that session goes on on it (RTT-RES-016: no new HCP_HELLO)."""
        with self._lock:
            self._prune()
            s = self.sessions.get(id(_owner(conn)))
            if s is not None:
                s.conn = conn

    def session_restarted(self, conn) -> None:
        """A dialer's resume was answered fresh (RTT-RES-007): the ended RTT session's HCP session goes,
        and HCP starts again on the connection, now a new session's (RTT-RES-016)."""
        with self._lock:
            self._prune()

    def session_closed(self, conn) -> None:
        """The connection ended: so did its HCP session, unless its RTT 1.1 session lives on (suspended,
        or resumed on another connection already): a resume carries it on (RTT-RES-016)."""
        with self._lock:
            if self._owners.get(id(conn)) is conn:
                del self.sessions[id(conn)], self._owners[id(conn)]
            self._prune()

    def _prune(self) -> None:
        """The HCP sessions of RTT 1.1 sessions that ended (GOAWAY, a refusal, retention, fresh) go."""
        for key, owner in list(self._owners.items()):
            if isinstance(owner, RttSession) and owner.state == "ended":
                del self.sessions[key], self._owners[key]

    def session_of(self, conn) -> Optional[HcpSession]:
        """The HCP session of the connection (of the RTT 1.1 session it carries), if any."""
        with self._lock:
            return self.sessions.get(id(_owner(conn)))

    def _session(self, conn) -> HcpSession:
        owner = _owner(conn)
        s = self.sessions.get(id(owner))
        if s is None:
            self._prune()
            peer = conn.peer
            s = HcpSession(conn, peer.fingerprint, peer.pubkey_b64, peer.agent_id)
            s.trust.on_change = lambda old, new, cause, fp=peer.fingerprint: self._emit(
                "hcp.trust.changed", peer=fp, **{"from": old, "to": new, "cause": cause})
            s.trust.any_revoked = self.principal["consent"] == "revoked"
            self.sessions[id(owner)] = s
            self._owners[id(owner)] = owner
        s.conn = conn  # RTT-RES-016: after a resume, the session's new connection
        return s

    def _open_session_of(self, fingerprint: str) -> Optional[HcpSession]:
        """The peer's most recently opened HCP session that is still open."""
        best = None
        for s in self.sessions.values():
            if s.opened and s.peer_fp == fingerprint and (best is None or s.opened_order > best.opened_order):
                best = s
        return best

    def _open_sessions(self) -> list:
        return sorted((s for s in self.sessions.values() if s.opened), key=lambda s: s.opened_order)

    # ------------------------------------------------------------------------------ sending

    def _send(self, s: HcpSession, msg_type: str, payload: dict) -> str:
        msg_id = self.new_msg_id()
        obj = {
            "hcp": "1.0",
            "msg_id": msg_id,
            "type": msg_type,
            "timestamp": format_timestamp(self._now_ns()),
            "sender": {
                "agent_id": self.identity.agent_id,
                "fingerprint": self.identity.fingerprint,
                "pubkey": self.identity.pubkey_b64,
            },
            "receiver": {"agent_id": s.peer_agent_id, "fingerprint": s.peer_fp},
            "state": {"human": dict(self.principal)},  # HCP-STA-001
            "trust": {"sender_view": s.trust.state, "receiver_view": s.receiver_view},  # HCP-TRU-002
            "payload": payload,
        }
        data = self._seal(obj)
        try:
            s.conn.send_message(CONTROL, data)
        except Exception:
            pass  # the connection is going away
        return msg_id

    def _hello_payload(self) -> dict:
        return {"identity": dict(self.human_identity), "consent_scope": list(self.scope),
                "safety_flags": list(self.flags)}

    def _send_check_in(self, s: HcpSession, kind: str) -> str:
        msg_id = self._send(s, "HCP_CONTEXT", {"context": CHECK_IN_TEXT[kind], "constraints": [CHECK_IN_FLAG[kind]]})
        self._emit("hcp.check_in", peer=s.peer_fp, msg_id=msg_id, direction="sent", kind=kind)
        return msg_id

    # ------------------------------------------------------------------------------ receiving

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

    def _send_hello(self, s: HcpSession) -> str:
        s.hello_sent = True
        return self._send(s, "HCP_HELLO", self._hello_payload())

    def open(self, conn) -> str:
        """Open a session with the peer of ``conn`` by sending an HCP_HELLO first (§4.2, MAY); the
        peer's answering HCP_HELLO opens it. Returns the HELLO's msg_id."""
        with self._lock:
            return self._send_hello(self._session(conn))

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

    # ------------------------------------------------------------------------------ the principal

    def _principal_view(self) -> dict:
        return {"human": dict(self.principal), "consent_scope": list(self.scope),
                "safety_flags": list(self.flags), "level": self.level()}

    def set_state(self, presence: str, affect: str, clarity: int, pressure: int, intent: str) -> dict:
        """Harness ``human/state`` (HCP-STA-002)."""
        with self._lock:
            old_affect = self.principal["affect"]
            self.principal.update(presence=presence, affect=affect, clarity=int(clarity),
                                  pressure=int(pressure), intent=intent)
            if affect != old_affect:
                self._principal_affect_changed()
            self._emit("hcp.human.changed", consent=self.principal["consent"], level=self.level())
            for s in self._open_sessions():
                self._send(s, "HCP_STATE_UPDATE", self._state_payload())
            return {"human": dict(self.principal), "level": self.level()}

    def set_consent(self, consent: str, scope: list, flags: list) -> dict:
        """Harness ``human/consent`` (HCP-STA-002)."""
        with self._lock:
            self.principal["consent"] = consent
            self.scope, self.flags = list(scope), list(flags)
            for s in self.sessions.values():
                s.trust.consents(consent == "revoked", s.counterpart_revoked())
            self._emit("hcp.human.changed", consent=consent, level=self.level())
            for s in self._open_sessions():
                self._send_hello(s)
                self._send(s, "HCP_STATE_UPDATE", self._state_payload())
            return self._principal_view()

    def _state_payload(self) -> dict:
        return dict(self.principal)  # HCP-STA-001: the payload equals state.human, intent included

    def _principal_affect_changed(self) -> None:
        for s in self.sessions.values():
            if s.incoming in ("confirmed", "stopped"):
                s.incoming = "none"

    # ------------------------------------------------------------------------------ outgoing actions

    def intent(self, peer: str, goal: str, topic: str, priority: str) -> dict:
        """Harness ``human/intent``."""
        return self._act(peer, "HCP_INTENT", {"goal": goal, "topic": topic, "priority": priority}, topic)

    def decision(self, peer: str, decision: str, rationale: str, alternatives: list,
                 follow_up: Optional[str] = None) -> dict:
        """Harness ``human/decision`` (HCP-DEC-001: the payload unchanged)."""
        payload = {"decision": decision, "rationale": rationale, "alternatives": list(alternatives)}
        if follow_up is not None:
            payload["follow_up"] = follow_up
        return self._act(peer, "HCP_DECISION", payload, None)

    def _act(self, peer: str, msg_type: str, payload: dict, topic: Optional[str]) -> dict:
        with self._lock:
            s = self._open_session_of(peer)
            if s is None:  # O1
                return action_answer("no_session")
            cp = s.counterpart
            # O2 (HCP-CON-005)
            if not (C.allows(self.principal["consent"], self.scope, msg_type, topic, s.open_topic)
                    and C.allows(cp["consent"], s.scope, msg_type, topic, s.open_topic)):
                return action_answer("refused", code="CONSENT")
            level = s.counterpart_level()
            # O3 (HCP-PAC-004)
            if level == "defer":
                return action_answer("deferred")
            if P.needs_check_in(cp):
                # O4 (HCP-CHK-004)
                if s.outgoing == "stopped":
                    return action_answer("refused", code="CONSENT")
                # O5
                if s.outgoing != "confirmed":
                    if s.outgoing != "requested":
                        s.outgoing = "requested"
                        s.outgoing_request = self._send_check_in(s, "request")
                    return action_answer("check_in_requested", msg_id=s.outgoing_request)
            # O6 (HCP-PAC-004)
            now = self._now_ns()
            if level == "slow":
                left = P.interval_left_ms(s.last_sent_ns, now)
                if left > 0:
                    return action_answer("deferred", retry_after_ms=left)
            # O7
            msg_id = self._send(s, msg_type, payload)
            s.last_sent_ns = now
            if msg_type == "HCP_INTENT":
                s.open_topic = topic
            self._emit("hcp.action.sent", peer=s.peer_fp, msg_id=msg_id, type=msg_type)
            return action_answer("sent", msg_id=msg_id)

    def check_in_answer(self, peer: str, proceed: bool) -> dict:
        """Harness ``human/check-in`` (HCP-CHK-002)."""
        with self._lock:
            s = self._open_session_of(peer)
            if s is None or s.incoming != "pending":
                return {"answered": False, "msg_id": None}
            kind = "proceed" if proceed else "stop"
            s.incoming = "confirmed" if proceed else "stopped"
            s.pending_request = None
            return {"answered": True, "msg_id": self._send_check_in(s, kind)}

    # ------------------------------------------------------------------------------ report

    def operation(self, name: str, request) -> dict:
        """One harness operation of harness.md §4.12 (the request is already schema-valid)."""
        return OPERATIONS[name](self, request)

    def report(self) -> dict:
        """Harness ``hcp/sessions``."""
        with self._lock:
            out = []
            for s in self._open_sessions():
                out.append({
                    "peer": s.peer_fp,
                    "trust": s.trust.state,
                    "counterpart": {"human": dict(s.counterpart), "consent_scope": list(s.scope),
                                    "safety_flags": list(s.flags), "level": s.counterpart_level()},
                    "open_topic": s.open_topic,
                    "check_in": {"incoming": s.incoming, "outgoing": s.outgoing},
                    "last_accepted_at": _ts(s.last_accepted_ns),
                    "last_sent_at": _ts(s.last_sent_ns),
                    "inbox": [dict(m) for m in s.inbox],
                })
            return {"principal": self._principal_view(), "sessions": out}


def _ts(ns: Optional[int]) -> Optional[str]:
    return None if ns is None else format_timestamp(ns)


def _op_state(rt: HcpRuntime, r: dict) -> dict:
    return rt.set_state(r["presence"], r["affect"], r["clarity"], r["pressure"], r["intent"])


def _op_consent(rt: HcpRuntime, r: dict) -> dict:
    return rt.set_consent(r["consent"], r["consent_scope"], r["safety_flags"])


def _op_intent(rt: HcpRuntime, r: dict) -> dict:
    return rt.intent(r["peer"], r["goal"], r["topic"], r["priority"])


def _op_decision(rt: HcpRuntime, r: dict) -> dict:
    return rt.decision(r["peer"], r["decision"], r["rationale"], r["alternatives"], r.get("follow_up"))


def _op_check_in(rt: HcpRuntime, r: dict) -> dict:
    return rt.check_in_answer(r["peer"], bool(r["proceed"]))


def _op_sessions(rt: HcpRuntime, r) -> dict:
    return rt.report()


OPERATIONS = {
    "human/state": _op_state,
    "human/consent": _op_consent,
    "human/intent": _op_intent,
    "human/decision": _op_decision,
    "human/check-in": _op_check_in,
    "hcp/sessions": _op_sessions,
}
