"""The principal's side of HCP (spec/hcp.md §4.7–§4.9; harness.md §4.12): the human the harness
plays sets the principal's state and consent (``human/state``, ``human/consent``), which go to every
open session; asks for actions (``human/intent``, ``human/decision``), which the steps O1–O7 send,
defer or refuse; answers check-ins (``human/check-in``); and reads the sessions
(``hcp/sessions``).

:class:`PrincipalSide` is a part of :class:`~web4py.hcp.runtime.HcpRuntime`: it reads and writes
the runtime's principal and sessions, and sends through it."""

from __future__ import annotations

from typing import Optional

from ..rtt.clock import format_timestamp
from . import consent as C
from . import pacing as P


def action_answer(status: str, msg_id: Optional[str] = None, code: Optional[str] = None,
                  retry_after_ms: Optional[int] = None) -> dict:
    """The ACTION object the harness answers ``human/intent`` and ``human/decision`` with."""
    return {"status": status, "msg_id": msg_id, "code": code, "retry_after_ms": retry_after_ms}


class PrincipalSide:
    """The principal's operations of the HCP runtime (harness.md §4.12)."""


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


def _op_state(rt: PrincipalSide, r: dict) -> dict:
    return rt.set_state(r["presence"], r["affect"], r["clarity"], r["pressure"], r["intent"])


def _op_consent(rt: PrincipalSide, r: dict) -> dict:
    return rt.set_consent(r["consent"], r["consent_scope"], r["safety_flags"])


def _op_intent(rt: PrincipalSide, r: dict) -> dict:
    return rt.intent(r["peer"], r["goal"], r["topic"], r["priority"])


def _op_decision(rt: PrincipalSide, r: dict) -> dict:
    return rt.decision(r["peer"], r["decision"], r["rationale"], r["alternatives"], r.get("follow_up"))


def _op_check_in(rt: PrincipalSide, r: dict) -> dict:
    return rt.check_in_answer(r["peer"], bool(r["proceed"]))


def _op_sessions(rt: PrincipalSide, r) -> dict:
    return rt.report()


OPERATIONS = {
    "human/state": _op_state,
    "human/consent": _op_consent,
    "human/intent": _op_intent,
    "human/decision": _op_decision,
    "human/check-in": _op_check_in,
    "hcp/sessions": _op_sessions,
}
