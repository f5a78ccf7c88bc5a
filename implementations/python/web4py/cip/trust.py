"""LTP-Peer trust (spec/cip.md §4.4): Table 4.4 as data, and the one place states change."""

from __future__ import annotations

import threading
from typing import Callable, Optional

STATES = ("untrusted", "probing", "trusted", "blacklisted")
EVENTS = ("handshake", "verified", "conflict", "unverifiable", "bad_signature", "malicious", "anomaly")

# Table 4.4: state -> event -> state after the event; a missing cell is "unchanged".
# override(s) is s from every state and is handled separately.
TABLE: dict[str, dict[str, str]] = {
    "untrusted": {
        "handshake": "probing",
        "malicious": "blacklisted",
    },
    "probing": {
        "verified": "trusted",
        "conflict": "untrusted",
        "unverifiable": "untrusted",
        "bad_signature": "untrusted",
        "malicious": "blacklisted",
    },
    "trusted": {
        "conflict": "probing",
        "unverifiable": "probing",
        "bad_signature": "untrusted",
        "malicious": "blacklisted",
        "anomaly": "probing",
    },
    "blacklisted": {},
}

UNVERIFIABLE_RUN = 3  # only the third rejected fact in a row is the `unverifiable` event


def next_state(state: str, event: str) -> str:
    if event not in EVENTS:
        raise ValueError("not an event of Table 4.4: " + event)
    return TABLE[state].get(event, state)


class TrustBook:
    """Per-peer trust state (by fingerprint), across sessions; anchors; the run of rejected facts.
    ``on_change(fingerprint, old, new, cause)`` is called for every change, and only then."""

    def __init__(self, on_change: Optional[Callable[[str, str, str, str], None]] = None):
        self._lock = threading.RLock()
        self._states: dict[str, str] = {}
        self._known: set[str] = set()
        self._anchors: list[str] = []
        self._rejections: dict[str, int] = {}
        self.on_change = on_change

    def state(self, fingerprint: str) -> str:
        with self._lock:
            return self._states.get(fingerprint, "untrusted")

    def _set(self, fingerprint: str, new: str, cause: str) -> str:
        old = self._states.get(fingerprint, "untrusted")
        self._states[fingerprint] = new
        self._known.add(fingerprint)
        if new != old and self.on_change is not None:
            self.on_change(fingerprint, old, new, cause)
        return new

    def event(self, fingerprint: str, event: str) -> str:
        """Apply an event of Table 4.4; returns the state after it."""
        with self._lock:
            if event == "verified":
                self._rejections[fingerprint] = 0
            return self._set(fingerprint, next_state(self.state(fingerprint), event), event)

    def fact_rejected(self, fingerprint: str) -> str:
        """A fact the peer proposed was rejected: the third in a row (no `verified` in between)
        is the `unverifiable` event; the run then starts again."""
        with self._lock:
            run = self._rejections.get(fingerprint, 0) + 1
            if run >= UNVERIFIABLE_RUN:
                self._rejections[fingerprint] = 0
                return self.event(fingerprint, "unverifiable")
            self._rejections[fingerprint] = run
            return self.state(fingerprint)

    def override(self, fingerprint: str, state: str) -> str:
        if state not in STATES:
            raise ValueError("not a trust state: " + state)
        with self._lock:
            return self._set(fingerprint, state, "override")

    def add_anchors(self, fingerprints) -> list[str]:
        """Each becomes an anchor, `trusted` from now on unless the peer is already known."""
        with self._lock:
            for fp in fingerprints:
                if fp not in self._anchors:
                    self._anchors.append(fp)
                if fp not in self._known:
                    self._set(fp, "trusted", "anchor")
            return list(self._anchors)

    def anchors(self) -> list[str]:
        with self._lock:
            return list(self._anchors)

    def snapshot(self) -> dict[str, str]:
        with self._lock:
            return dict(self._states)

    def reset(self) -> None:
        with self._lock:
            self._states.clear()
            self._known.clear()
            self._anchors.clear()
            self._rejections.clear()
