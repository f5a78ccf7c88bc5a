"""The CIP runtime (spec/cip.md §4): sessions over RTT connections, the challenge-response
handshake, gating, intents and load, the trust FSM (trust.py) and knowledge acceptance.

It is handed envelopes that passed the ten validation steps and arrived on their channel (the
agent does that part, rtt.md §5), and answers on the same connection; refusals are non-closing
ERRORs on the message's channel (RTT-ERR-003)."""

from __future__ import annotations

import os
import threading
import uuid
from typing import Callable, Optional

from ..rtt.channels import CONTROL, KNOWLEDGE, STATE, channel_of
from ..rtt.connection import RttBackpressureError
from . import challenge as CR
from .model import Fact, RelayedPeer, Refusal, Session, b64, jcs_msg_id, unb64
from .trust import TrustBook

PROTOCOL = "cip/1.0"
PRESENCES = ("focused", "diffuse", "overloaded", "engaged")
DEFAULT_PRESENCE = "focused"
DEFAULT_LRI = 20
OVERLOAD_LRI = 80
RETRY_AFTER_MS = 5000
CAPABILITIES = ["knowledge", "intents"]
MAX_FACTS = 10_000  # cip.md §4.5: a proposal beyond this is rejected (not the proposer's fault)


def _rtt_session_of(conn):
    """The RTT 1.1 session a connection carries (docs/drafts/rtt-resume.md), or None on RTT 1.0."""
    link = getattr(conn, "session", None)
    return getattr(link, "session", None) if link is not None else None


def _supports_mesh(hello_payload: dict) -> bool:
    """The HELLO carried ``features`` with ``supports_mesh`` true (spec/mesh.md §4.1)."""
    features = hello_payload.get("features")
    return isinstance(features, dict) and features.get("supports_mesh") is True


class CipRuntime:
    """``seal(obj) -> bytes`` signs an unsigned envelope object and serializes it; ``emit(kind,
    peer, msg_id, **attrs)`` reports an event; ``now()`` is the clock's timestamp string."""

    def __init__(self, identity, seal: Callable[[dict], bytes], emit: Callable, timestamp: Callable[[], str]):
        self.identity = identity
        self._seal = seal
        self._emit = emit
        self._timestamp = timestamp
        self._lock = threading.RLock()
        self.trust = TrustBook(self._trust_changed)
        self.sessions: dict[int, Session] = {}  # by id() of the connection that carries it now
        # RTT-RES-016: the CIP session of each RTT 1.1 session, across its connections:
        # id(rtt session) -> (rtt session, CIP session)
        self._by_rtt_session: dict[int, tuple[object, Session]] = {}
        self.facts: dict[str, Fact] = {}
        self.knowledge: list[Fact] = []  # accepted facts, in order
        self.presence = DEFAULT_PRESENCE
        self.lri = DEFAULT_LRI
        self.capabilities = list(CAPABILITIES)
        # test hooks (vectors/cip): where nonces, challenges and msg_ids come from
        self.random_bytes = os.urandom
        self.new_msg_id = lambda: str(uuid.uuid4())
        # spec/mesh.md §4.2: originate(destination, agent_id, protocol, type, payload) sends an
        # envelope to an agent without a session (set by the mesh runtime; None: no mesh)
        self.originate: Optional[Callable] = None
        self.own_proposals: set[str] = set()  # FACT_PROPOSEs this agent sent (CIP-KNW-004, spec 0.5.0)
        self.features: Optional[dict] = None  # HELLO `features` (set by the mesh runtime: MESH-GATE-003)

    # ------------------------------------------------------------------------------ state

    def _trust_changed(self, fp: str, old: str, new: str, cause: str) -> None:
        self._emit("cip.trust.changed", peer=fp, **{"from": old, "to": new, "cause": cause})

    @property
    def overloaded(self) -> bool:
        return self.presence == "overloaded" or self.lri >= OVERLOAD_LRI

    def set_load(self, presence: str, lri: int) -> None:
        if presence not in PRESENCES or not 0 <= int(lri) <= 100:
            raise ValueError("presence or lri out of range")
        with self._lock:
            self.presence, self.lri = presence, int(lri)

    def reset(self) -> None:
        with self._lock:
            self.trust.reset()
            self.sessions.clear()
            self._by_rtt_session.clear()
            self.facts.clear()
            self.knowledge.clear()
            self.own_proposals.clear()
            self.presence, self.lri = DEFAULT_PRESENCE, DEFAULT_LRI

    def fact_list(self) -> list[dict]:
        with self._lock:
            return [
                {"fact_ref": f.fact_ref, "proposer": f.proposer, "status": f.status,
                 "confirmed_by": list(f.confirmed_by)}
                for f in self.facts.values()
            ]

    # ------------------------------------------------------------------------------ sending

    def _envelope(self, session: Session, msg_type: str, payload: dict) -> bytes:
        obj = {
            "cip": "1.0",
            "msg_id": self.new_msg_id(),
            "type": msg_type,
            "timestamp": self._timestamp(),
            "sender": {
                "agent_id": self.identity.agent_id,
                "fingerprint": self.identity.fingerprint,
                "pubkey": self.identity.pubkey_b64,
            },
            "receiver": {"agent_id": session.peer_agent_id, "fingerprint": session.peer_fp},
            "trust": {"sender_view": self.trust.state(session.peer_fp), "receiver_view": session.receiver_view},
            "payload": payload,
        }
        return self._seal(obj)

    def _send(self, session, msg_type: str, payload: dict, refused_is_sent: bool = False) -> Optional[str]:
        """Send on the session (CIP-TRU-004: with the trust block); to a relayed peer, originate it
        through the mesh (spec/mesh.md §4.4 (4)). The envelope's msg_id, or None when nothing left."""
        if isinstance(session, RelayedPeer):
            direct = self._session_with(session.peer_fp)
            if direct is not None:
                # cip.md §4.5 "Where the outcome goes", mesh.md §4.4 (4): on a session with the
                # peer when there is one, whether or not it announced the mesh
                return self._send(direct, msg_type, payload)
            if self.originate is None:
                return None
            sent = self.originate(session.peer_fp, session.peer_agent_id, "cip", msg_type, payload)
            return sent.get("msg_id") if sent else None
        data = self._envelope(session, msg_type, payload)
        try:
            session.conn.send_message(channel_of("cip", msg_type), data)
        except RttBackpressureError:
            # rtt.md §9.1: the send-queue policy refused it; harness mesh/send still answers sent
            # (HAR-MESH-002: the agent originated it; harness.md §4.8, HAR-RTT-004)
            return jcs_msg_id(data) if refused_is_sent else None
        except Exception:
            return None  # the connection is going away; nothing to tell
        return jcs_msg_id(data)

    def send_direct(self, session: Session, msg_type: str, payload: dict) -> Optional[str]:
        """An envelope this agent originates for a neighbour (MESH-ORG-001), with its lock held."""
        with self._lock:
            return self._send(session, msg_type, payload, refused_is_sent=True)

    def _send_state(self, session: Session) -> None:
        self._send(session, "STATE_UPDATE", {"presence": self.presence, "lri": self.lri})

    def _hello(self, session: Session, response: Optional[bytes]) -> None:
        payload = {
            "protocols": [PROTOCOL],
            "capabilities": list(self.capabilities),
            "session_nonce": b64(session.nonce),
            "challenge": b64(session.challenge),
        }
        if response is not None:
            payload["challenge_response"] = b64(response)
        if self.features is not None:
            payload["features"] = dict(self.features)
        self._send(session, "HELLO", payload)

    # ------------------------------------------------------------------------------ sessions

    def session_opened(self, conn) -> None:
        """An RTT connection completed its handshake; the initiator starts CIP (CIP-HS-001) — unless
        the connection resumes an RTT 1.1 session, which carries its CIP session on (RTT-RES-016)."""
        with self._lock:
            self._prune()
            rtt_session = _rtt_session_of(conn)
            kept = self._by_rtt_session.get(id(rtt_session)) if rtt_session is not None else None
            if kept is not None and kept[0] is rtt_session:
                s = kept[1]
                if self.sessions.get(id(s.conn)) is s:
                    del self.sessions[id(s.conn)]
                s.conn = conn  # RTT-RES-016: the same handshake, now on the new connection
                self.sessions[id(conn)] = s
                return
            self._start(conn)

    def session_restarted(self, conn) -> None:
        """A dialer's resume was answered fresh (RTT-RES-007): the connection is a new RTT session's,
        and the CIP handshake starts again."""
        with self._lock:
            old = self.sessions.pop(id(conn), None)
            if old is not None:
                self._by_rtt_session = {k: v for k, v in self._by_rtt_session.items() if v[1] is not old}
            self._start(conn)

    def _start(self, conn) -> None:
        peer = conn.peer
        s = Session(conn, conn.role, peer.fingerprint, peer.pubkey_b64, peer.agent_id,
                    nonce=self.random_bytes(32), challenge=self.random_bytes(32))
        self.sessions[id(conn)] = s
        rtt_session = _rtt_session_of(conn)
        if rtt_session is not None:
            self._by_rtt_session[id(rtt_session)] = (rtt_session, s)
        if s.role == "initiator":
            self._hello(s, None)

    def session_closed(self, conn, code: Optional[str], by_us: bool) -> None:
        """The connection ended; its CIP session stays while its RTT 1.1 session lives on (suspended, or
        resumed on another connection already): a resume carries it on (RTT-RES-016)."""
        with self._lock:
            s = self.sessions.get(id(conn))
            if s is not None and s.conn is conn:
                del self.sessions[id(conn)]
            else:
                s = None
            self._prune()
            if s is not None and code == "TIMEOUT" and by_us:
                self.trust.event(s.peer_fp, "anomaly")  # RTT-HB-003 ended it

    def _prune(self) -> None:
        """The CIP state of RTT sessions that ended (GOAWAY, a refusal, retention, fresh) goes."""
        self._by_rtt_session = {k: v for k, v in self._by_rtt_session.items()
                                if getattr(v[0], "state", "ended") != "ended"}

    def envelope_refused(self, conn, code: str, sender_pubkey_b64: Optional[str]) -> None:
        """An envelope from this session failed validation (bad_signature / malicious events)."""
        with self._lock:
            s = self.sessions.get(id(conn))
            if s is None:
                return
            if code == "SIGNATURE_MISMATCH" and sender_pubkey_b64 == s.peer_pubkey_b64:
                self.trust.event(s.peer_fp, "bad_signature")
            elif code == "IDENTITY_MISMATCH":
                self.trust.event(s.peer_fp, "malicious")

    # ------------------------------------------------------------------------------ receiving

    def handle(self, conn, env) -> Optional[tuple[str, str]]:
        """A CIP envelope that passed validation on its channel. Returns ``(code, text)`` when it
        is refused (the caller sends the ERROR), else None."""
        with self._lock:
            s = self.sessions.get(id(conn))
            if s is None:
                return ("TRUST_VIOLATION", "no CIP session on this connection")
            try:
                self._handle(s, env)
            except Refusal as r:
                return (r.code, r.text)
            return None

    def _handle(self, s: Session, env) -> None:
        e = env.json
        t = env.type
        fp = s.peer_fp
        # CIP-SES-001: the sender must be the session's peer
        if env.sender_pubkey_b64 != s.peer_pubkey_b64:
            self.trust.event(fp, "malicious")
            raise Refusal("TRUST_VIOLATION", "sender.pubkey is not this session's peer identity")
        # CIP-TRU-002
        if self.trust.state(fp) == "blacklisted":
            raise Refusal("TRUST_VIOLATION", "the peer is blacklisted")
        trust_block = e.get("trust")
        if isinstance(trust_block, dict) and "sender_view" in trust_block:
            s.receiver_view = trust_block["sender_view"]
        # CIP-HS-006: the handshake first, and only once
        if not s.complete:
            self._handshake_step(s, env)
            return
        if t in ("HELLO", "VERIFY"):
            raise Refusal("TRUST_VIOLATION", "%s after the handshake completed" % t)
        self._behaviour(s, env)

    def _behaviour(self, s, env) -> None:
        """What follows the handshake, for a session peer or a relayed origin (mesh.md §4.4)."""
        # CIP-TRU-003
        if self.trust.state(s.peer_fp) == "untrusted":
            raise Refusal("TRUST_VIOLATION", "the peer is untrusted")
        handler = getattr(self, "_on_" + env.type.lower(), None)
        if handler is not None:
            handler(s, env)

    def deliver_relayed(self, origin: str, origin_agent_id: str, env) -> Optional[tuple[str, str]]:
        """A relayed inner CIP envelope for this agent, after its replay step (spec/mesh.md §4.4):
        the origin is the peer; CIP-SES-001, the handshake and CIP-TRU-004 do not apply; the trust
        block is ignored. Returns ``(code, text)`` when the behaviour refuses it (MESH-DEL-002)."""
        with self._lock:
            try:
                # CIP-TRU-002 (step R5 already refused a blacklisted origin; kept as the rule says)
                if self.trust.state(origin) == "blacklisted":
                    raise Refusal("TRUST_VIOLATION", "the origin is blacklisted")
                self._behaviour(RelayedPeer(origin, origin_agent_id), env)
            except Refusal as r:
                return (r.code, r.text)
            return None

    # -- handshake (§4.2)

    def _handshake_step(self, s: Session, env) -> None:
        t = env.type
        p = env.json["payload"]
        if s.role == "responder" and s.phase == "await_hello" and t == "HELLO":
            if "challenge_response" in p:
                # spec 0.4.0 (interop finding 3): an initiator's HELLO answers no challenge; refused,
                # no HELLO answer, no trust event, the session still waits for a HELLO
                raise Refusal("TRUST_VIOLATION", "an initiator's HELLO carries challenge_response")
            if PROTOCOL not in p["protocols"]:
                raise Refusal("UNSUPPORTED_VERSION", "the HELLO does not name cip/1.0")
            s.peer_nonce = unb64(p["session_nonce"])
            s.peer_challenge = unb64(p["challenge"])
            s.peer_supports_mesh = _supports_mesh(p)
            s.phase = "await_verify"
            response = CR.respond(self.identity, s.peer_challenge, s.peer_nonce, s.nonce)
            self._hello(s, response)  # CIP-HS-002
            return
        if s.role == "responder" and s.phase == "await_verify" and t == "VERIFY":
            ok = CR.verifies(unb64(s.peer_pubkey_b64), unb64(p["challenge_response"]),
                             s.challenge, s.nonce, s.peer_nonce)
            if not ok:
                self.trust.event(s.peer_fp, "bad_signature")
                raise Refusal("TRUST_VIOLATION", "the VERIFY challenge_response does not verify")  # CIP-HS-004
            self._complete(s)
            return
        if s.role == "initiator" and s.phase == "await_hello" and t == "HELLO":
            if PROTOCOL not in p["protocols"]:
                raise Refusal("UNSUPPORTED_VERSION", "the HELLO does not name cip/1.0")
            peer_nonce = unb64(p["session_nonce"])
            response = p.get("challenge_response")
            ok = response is not None and CR.verifies(
                unb64(s.peer_pubkey_b64), unb64(response), s.challenge, s.nonce, peer_nonce)
            if not ok:
                self.trust.event(s.peer_fp, "bad_signature")
                raise Refusal("TRUST_VIOLATION", "the responder's challenge_response is %s"
                              % ("absent" if response is None else "wrong"))  # CIP-HS-003
            s.peer_nonce = peer_nonce
            s.peer_challenge = unb64(p["challenge"])
            s.peer_supports_mesh = _supports_mesh(p)
            answer = CR.respond(self.identity, s.peer_challenge, s.peer_nonce, s.nonce)
            self._send(s, "VERIFY", {"challenge_response": b64(answer)})
            self._complete(s)
            return
        raise Refusal("TRUST_VIOLATION", "%s is not the next step of the CIP handshake" % t)

    def _complete(self, s: Session) -> None:
        s.phase = "complete"
        # spec 0.4.0 (interop finding 8): the completion first, then the trust change it causes
        self._emit("cip.handshake.completed", peer=s.peer_fp)
        self.trust.event(s.peer_fp, "handshake")
        self._send_state(s)  # CIP-HS-005

    # -- messages after the handshake

    def _on_state_update(self, s: Session, env) -> None:
        s.peer_state = dict(env.json["payload"])

    def _on_intent(self, s: Session, env) -> None:
        if self.overloaded:  # CIP-INT-002
            payload = {"intent_ref": env.msg_id, "decision": "defer", "retry_after_ms": RETRY_AFTER_MS,
                       "reason": "overloaded"}
        else:  # CIP-INT-001
            payload = {"intent_ref": env.msg_id, "decision": "accept"}
        self._send(s, "INTENT_RESPONSE", payload)

    def _on_fact_propose(self, s: Session, env) -> None:
        p = env.json["payload"]
        fact = Fact(env.msg_id, s.peer_fp, conn=s.conn, statement=p["fact"]["statement"],
                    proposer_agent_id=s.peer_agent_id)
        if len(self.facts) >= MAX_FACTS:
            # not held (memory stays bounded); rejected, and not counted against the proposer
            self._decide(fact, "rejected", "the receiver holds its maximum of facts", own_fault=False)
            return
        self.facts[fact.fact_ref] = fact
        if "dmp_trace" not in p:  # CIP-KNW-002
            self._decide(fact, "rejected", "the proposal has no dmp_trace", own_fault=True)
        elif self.overloaded:
            self._decide(fact, "rejected", "the receiver is overloaded", own_fault=False)

    def _fact_for(self, s: Session, env) -> Optional[Fact]:
        ref = env.json["payload"]["fact_ref"]
        fact = self.facts.get(ref)
        if fact is None and ref in self.own_proposals and env.type in ("FACT_CONFIRM", "FACT_REJECT"):
            return None  # CIP-KNW-004 (spec 0.5.0): the outcome of this agent's own proposal changes nothing
        if fact is None:  # CIP-KNW-004
            raise Refusal("TRUST_VIOLATION", "fact_ref names no fact held here")
        if fact.proposer == s.peer_fp:
            raise Refusal("TRUST_VIOLATION", "the proposer cannot review its own fact")
        return fact

    def _on_fact_confirm(self, s: Session, env) -> None:
        fact = self._fact_for(s, env)
        if fact is None:
            return
        if fact.status != "pending" or self.trust.state(s.peer_fp) != "trusted":
            return
        if s.peer_fp not in fact.confirmed_by:
            fact.confirmed_by.append(s.peer_fp)
        if len(fact.confirmed_by) >= 2:  # CIP-KNW-001
            self._decide(fact, "accepted", None)

    def _on_fact_reject(self, s: Session, env) -> None:
        fact = self._fact_for(s, env)
        if fact is not None and fact.status == "pending" and self.trust.state(s.peer_fp) == "trusted":
            self._decide(fact, "rejected", "a trusted peer rejected it", own_fault=True)

    def _on_fact_challenge(self, s: Session, env) -> None:
        fact = self._fact_for(s, env)
        p = env.json["payload"]
        if p["reason"] != "conflict" or self.trust.state(s.peer_fp) != "trusted":
            return
        if fact.status == "pending":  # CIP-KNW-003
            self._decide(fact, "disputed", "a trusted peer challenged it: conflict")
        else:
            self.trust.event(fact.proposer, "conflict")

    def _decide(self, fact: Fact, status: str, why: Optional[str], own_fault: bool = False) -> None:
        """Record the decision, apply its trust event, then tell the proposer (whose envelope then
        carries the new trust view)."""
        fact.status = status
        self._emit("cip.knowledge.decided", peer=fact.proposer, msg_id=fact.fact_ref,
                   fact=fact.fact_ref, status=status)
        if status == "accepted":
            self.knowledge.append(fact)
            self.trust.event(fact.proposer, "verified")
            payload = {"fact_ref": fact.fact_ref, "decision": "confirm", "confidence": 1}
            self._tell_proposer(fact, "FACT_CONFIRM", payload)
        else:
            if status == "rejected" and own_fault:
                # `unverifiable` counts only the proposer's own fault (cip.md §4.4)
                self.trust.fact_rejected(fact.proposer)
            elif status == "disputed":
                self.trust.event(fact.proposer, "conflict")
            payload = {"fact_ref": fact.fact_ref, "decision": "reject", "confidence": 0,
                       "notes": why or status}
            self._tell_proposer(fact, "FACT_REJECT", payload)

    def _session_with(self, fp: str) -> Optional[Session]:
        """The earliest established session with ``fp`` still open (mesh.md §4.2), or None."""
        for s in self.sessions.values():
            if s.peer_fp == fp and s.complete and getattr(s.conn, "is_open", True):
                return s
        return None

    def _tell_proposer(self, fact: Fact, msg_type: str, payload: dict) -> None:
        """cip.md §4.5 "Where the outcome goes": on the earliest established session with the
        proposer still open, mesh or not, however the proposal came; else originated through the
        mesh (MESH-KNW-001, mesh.md §4.2)."""
        self._send(RelayedPeer(fact.proposer, fact.proposer_agent_id), msg_type, payload)
