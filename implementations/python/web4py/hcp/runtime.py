"""The HCP runtime (spec/hcp.md §4): judges every HCP envelope that passed validation on `control`
by the steps of Table 4.2, keeps one :class:`HcpSession` per RTT connection — per RTT 1.1 session,
across its connections: a resumed session carries its HCP session on (spec/rtt.md §12, RTT-RES-016) —,
plays the agent's side for its principal (the human the harness plays: ``human/*``), and reports the
HCP events.

Refusals are returned to the caller (the agent), which sends them as non-closing ERRORs on
`control` naming the envelope's msg_id (rtt.md RTT-ERR-003). Every time is the agent's clock
(harness.md HAR-CLK-001).

Three modules, one a part: this one keeps the sessions (by owner, across a resume) and sends;
:mod:`.receiving` judges what arrives (Table 4.2); :mod:`.principal` is the principal's side (the
harness's ``human/*`` and ``hcp/sessions``)."""

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
from .principal import OPERATIONS, PrincipalSide
from .receiving import Receiving
from .session import HcpSession

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


class HcpRuntime(Receiving, PrincipalSide):
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

    def _send_hello(self, s: HcpSession) -> str:
        s.hello_sent = True
        return self._send(s, "HCP_HELLO", self._hello_payload())

    def open(self, conn) -> str:
        """Open a session with the peer of ``conn`` by sending an HCP_HELLO first (§4.2, MAY); the
        peer's answering HCP_HELLO opens it. Returns the HELLO's msg_id."""
        with self._lock:
            return self._send_hello(self._session(conn))

    # ------------------------------------------------------------------------------ harness

    def operation(self, name: str, request) -> dict:
        """One harness operation of harness.md §4.12 (the request is already schema-valid)."""
        return OPERATIONS[name](self, request)
