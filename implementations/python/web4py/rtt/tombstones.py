"""What an endpoint remembers of session ids it no longer honours (docs/drafts/rtt-resume.md §7, Table 7a):
a tombstone per retired or discarded id, kept 600 s and never fewer than the 4,096 most recent, so that
a late resume gets a definite answer -- ``REPLAY`` for an id a committed resume used (row R2),
``RESUME_EXPIRED`` for a session discarded (row R3) -- instead of ``RESUME_UNKNOWN``."""

from __future__ import annotations

import collections
from dataclasses import dataclass
from typing import Optional

KEEP = 600.0  # seconds
KEEP_AT_LEAST, KEEP_AT_MOST = 4096, 65536


@dataclass(frozen=True)
class Tombstone:
    kind: str  # REPLAY (the id was used by a committed resume, R2) | RESUME_EXPIRED (discarded, R3)
    peer: str  # the fingerprint of the session's peer: R1 answers only for the same pair of identities
    at: float


class Tombstones:
    """Not thread-safe: the session manager calls it under its lock."""

    def __init__(self) -> None:
        self._items: collections.OrderedDict[bytes, Tombstone] = collections.OrderedDict()

    def add(self, sid: bytes, kind: str, peer: str, at: float) -> None:
        self._items.pop(sid, None)
        self._items[sid] = Tombstone(kind, peer, at)
        while len(self._items) > KEEP_AT_MOST:
            self._items.popitem(last=False)

    def get(self, sid: bytes) -> Optional[Tombstone]:
        return self._items.get(sid)

    def purge(self, now: float) -> None:
        """Forget tombstones older than 600 s, beyond the 4,096 most recent."""
        while len(self._items) > KEEP_AT_LEAST:
            sid, tomb = next(iter(self._items.items()))
            if now - tomb.at < KEEP:
                break
            del self._items[sid]

    def clear(self) -> None:
        self._items.clear()

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, sid: bytes) -> bool:
        return sid in self._items

    def __getitem__(self, sid: bytes) -> Tombstone:
        return self._items[sid]
