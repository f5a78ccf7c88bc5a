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

# spec/mesh.md Table 4.6 (the events `vouch` and `decay` extend Table 4.4, CIP-TRU-001).
MESH_EVENTS = ("vouch", "decay")
MESH_TABLE: dict[str, dict[str, str]] = {
    "untrusted": {"vouch": "probing"},
    "probing": {"decay": "untrusted"},
    "trusted": {},
    "blacklisted": {},
}
DECAY_NS = 3600 * 1_000_000_000  # MESH-TRU-002, mesh.md Table 4.8

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
        self._vouched: dict[str, int] = {}  # peer -> clock (ns) when a `vouch` moved it to probing
        self.on_change = on_change

    def state(self, fingerprint: str) -> str:
        with self._lock:
            return self._states.get(fingerprint, "untrusted")

    def _set(self, fingerprint: str, new: str, cause: str) -> str:
        old = self._states.get(fingerprint, "untrusted")
        self._states[fingerprint] = new
        if cause not in MESH_EVENTS:
            # an event of Table 4.4, an override or an anchor: the peer is known from now on, and a
            # pending decay is cancelled (mesh.md §4.6, MESH-TRU-002)
            self._known.add(fingerprint)
            self._vouched.pop(fingerprint, None)
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

    # -- mesh.md §4.6: vouches

    def is_unknown(self, fingerprint: str) -> bool:
        """Never the subject of an event of Table 4.4, an override or an anchor (vouch and decay
        do not count)."""
        with self._lock:
            return fingerprint not in self._known

    def vouch(self, fingerprint: str, now_ns: int) -> str:
        """A `vouch` event (the caller decided that the MESH_VOUCH is one, mesh.md §4.6)."""
        with self._lock:
            old = self.state(fingerprint)
            new = MESH_TABLE[old].get("vouch", old)
            if new != old:
                self._vouched[fingerprint] = now_ns
            return self._set(fingerprint, new, "vouch")

    def decay_due(self, now_ns: int) -> str | None:
        """Apply the `decay` of one peer whose vouch is 3,600 s old (MESH-TRU-002); its
        fingerprint, or None when no decay is due."""
        with self._lock:
            for fp, at in sorted(self._vouched.items(), key=lambda kv: (kv[1], kv[0])):
                if now_ns - at >= DECAY_NS:
                    del self._vouched[fp]
                    old = self.state(fp)
                    self._set(fp, MESH_TABLE[old].get("decay", old), "decay")
                    return fp
            return None

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
            self._vouched.clear()
