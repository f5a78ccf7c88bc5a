"""HCP social trust (spec/hcp.md §4.7): Table 4.7b as data, the definition of the feedback events
(Table 4.7a) and one session's state machine."""

from __future__ import annotations

from typing import Callable, Mapping, Optional

STATES = ("untrusted", "probing", "trusted", "restricted")
EVENTS = ("hello", "validated", "misunderstanding", "revoked", "restored")

VALIDATING_SATISFACTION = 70  # >= 70 with no corrections
CORRECTIVE_SATISFACTION = 30  # <= 30, or any correction
MISUNDERSTANDING_RUN = 2  # the second corrective feedback in a row

# state -> event -> next state; missing cells are "unchanged". `hello` from untrusted depends on the
# consents at that moment and is handled by next_state.
TABLE: dict[str, dict[str, str]] = {
    "untrusted": {"hello": "probing"},
    "probing": {"validated": "trusted", "revoked": "restricted"},
    "trusted": {"misunderstanding": "probing", "revoked": "restricted"},
    "restricted": {"restored": "probing"},
}


def next_state(state: str, event: str, any_revoked: bool = False) -> str:
    if event not in EVENTS:
        raise ValueError("not an event of Table 4.7a: " + event)
    if state == "untrusted" and event == "hello" and any_revoked:
        return "restricted"
    return TABLE[state].get(event, state)


def feedback_kind(payload: Mapping) -> Optional[str]:
    """``validated``, ``corrective`` or None (neither) for an HCP_FEEDBACK payload."""
    corrections = payload.get("corrections") or []
    satisfaction = payload.get("satisfaction")
    if corrections or (satisfaction is not None and satisfaction <= CORRECTIVE_SATISFACTION):
        return "corrective"
    if satisfaction is not None and satisfaction >= VALIDATING_SATISFACTION:
        return "validated"
    return None


class SocialTrust:
    """One session's HCP trust state. ``on_change(old, new, cause)`` is called for every change and
    only then. Consent edges are tracked here so that `revoked`/`restored` are events exactly when
    "some consent is revoked" becomes true / false."""

    def __init__(self, on_change: Optional[Callable[[str, str, str], None]] = None):
        self.state = "untrusted"
        self.any_revoked = False
        self.corrective_run = 0
        self.on_change = on_change

    def apply(self, event: str) -> str:
        """Apply one event of Table 4.7a; returns the state after it."""
        new = next_state(self.state, event, self.any_revoked)
        if new != self.state:
            old, self.state = self.state, new
            if self.on_change is not None:
                self.on_change(old, new, event)
        return self.state

    def hello(self, any_revoked: Optional[bool] = None) -> str:
        """The peer's first HCP_HELLO was accepted (``any_revoked``: whether a consent is revoked at that
        moment; default: what :meth:`consents` last saw)."""
        if any_revoked is not None:
            self.any_revoked = any_revoked
        return self.apply("hello")

    def consents(self, principal_revoked: bool, counterpart_revoked: bool) -> Optional[str]:
        """Both consents as they are now; returns the event this change is (`revoked`, `restored`) or None."""
        now = principal_revoked or counterpart_revoked
        if now == self.any_revoked:
            return None
        self.any_revoked = now
        event = "revoked" if now else "restored"
        self.apply(event)
        return event

    def feedback(self, payload: Mapping) -> Optional[str]:
        """An accepted HCP_FEEDBACK; returns the event it was (`validated`, `misunderstanding`) or None."""
        kind = feedback_kind(payload)
        if kind == "validated":
            self.corrective_run = 0
            self.apply("validated")
            return "validated"
        if kind == "corrective":
            self.corrective_run += 1
            if self.corrective_run >= MISUNDERSTANDING_RUN:
                self.corrective_run = 0
                self.apply("misunderstanding")
                return "misunderstanding"
        return None
