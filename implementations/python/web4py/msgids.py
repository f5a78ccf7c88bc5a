"""The msg_ids an agent has sent (spec 0.4.0 ENV-MSG-002, normative: an implementation MUST NOT send
two envelopes with the same ``msg_id``, across all its connections, since its start or its last
harness reset).

Every envelope the agent signs passes :meth:`SentMsgIds.seal`, which refuses a ``msg_id`` sealed
before; :meth:`SentMsgIds.fresh` draws random version-4 UUIDs (envelope.md §7) until one has not been
sealed. The memory grows with every envelope sent until the next reset (about 100 bytes each)."""

from __future__ import annotations

import threading
from typing import Callable

from .envelope import new_msg_id


class DuplicateMsgIdError(ValueError):
    """An envelope would be sent with a ``msg_id`` the agent has sent before."""


class SentMsgIds:
    def __init__(self, draw: Callable[[], str] = new_msg_id):
        self._draw = draw
        self._sealed: set = set()
        self._lock = threading.Lock()

    def fresh(self) -> str:
        """A msg_id not sealed since the last reset."""
        while True:
            candidate = self._draw()
            with self._lock:
                if candidate not in self._sealed:
                    return candidate

    def seal(self, msg_id: str) -> None:
        """Record ``msg_id`` as sent; DuplicateMsgIdError if it was sent before (ENV-MSG-002)."""
        with self._lock:
            if msg_id in self._sealed:
                raise DuplicateMsgIdError("msg_id %s was sent before (ENV-MSG-002)" % msg_id)
            self._sealed.add(msg_id)

    def __len__(self) -> int:
        with self._lock:
            return len(self._sealed)

    def reset(self) -> None:
        with self._lock:
            self._sealed.clear()
