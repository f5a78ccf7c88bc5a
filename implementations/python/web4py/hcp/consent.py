"""Consent (spec/hcp.md §4.3, Table 4.3) and check-in messages (§4.5, Table 4.5a)."""

from __future__ import annotations

from typing import Iterable, Mapping, Optional

SIGNALS = frozenset({"HCP_HELLO", "HCP_STATE_UPDATE"})
ACTIONS = frozenset({"HCP_INTENT", "HCP_CONTEXT", "HCP_DECISION", "HCP_FEEDBACK"})

CHECK_IN = "check_in"
PROCEED = "check_in_proceed"
STOP = "check_in_stop"
# the most conservative flag counts: stop, then proceed, then the request
_CHECK_IN_ORDER = ((STOP, "stop"), (PROCEED, "proceed"), (CHECK_IN, "request"))


def check_in_kind(msg_type: str, payload: Mapping) -> Optional[str]:
    """``request`` / ``proceed`` / ``stop`` for a check-in message (an HCP_CONTEXT whose
    ``constraints`` carry a check-in flag), else None."""
    if msg_type != "HCP_CONTEXT":
        return None
    flags = payload.get("constraints") or ()
    for flag, kind in _CHECK_IN_ORDER:
        if flag in flags:
            return kind
    return None


def allows(consent: str, scope: Iterable[str], msg_type: str, topic: Optional[str],
           open_topic: Optional[str], check_in: bool = False) -> bool:
    """Table 4.3: does one human's consent (value, scope) allow this action?

    ``topic`` is the HCP_INTENT's topic (ignored for other types); ``open_topic`` the session's open
    topic as judged before this action (None: none yet); ``check_in`` marks a check-in message."""
    if consent == "revoked":
        return False
    if consent == "granted" or check_in:
        return True
    if consent != "limited":
        raise ValueError("not a consent value: %r" % consent)
    scope = set(scope)
    if msg_type == "HCP_INTENT":
        return topic in scope
    return open_topic is not None and open_topic in scope
