"""The bytes of unfinished messages (DATA received, FIN not yet) an endpoint holds for all its
connections together, bounded by :data:`MAX_UNFINISHED_TOTAL` (spec/rtt.md RTT-LIM-005). When a
DATA frame would take the total over the bound, the connection holding the most is refused with
``LIMIT``: an attacker pinning memory holds the most, an honest peer's message in progress goes on
(docs/adr/1201). The deadline for finishing a message (RTT-LIM-004) is :data:`MESSAGE_DEADLINE`."""

import threading
from typing import Optional

MESSAGE_DEADLINE = 30.0  # seconds after a message's first DATA frame (RTT-LIM-004)
MAX_UNFINISHED_TOTAL = 64 * 1048576  # bytes, all connections of an endpoint (RTT-LIM-005)


class UnfinishedBudget:
    """One per endpoint, shared by its connections; its lock is never held while taking another."""

    def __init__(self, bound: int = MAX_UNFINISHED_TOTAL):
        if bound < 1048576:
            raise ValueError("the bound must hold one largest message: %d" % bound)
        self.bound = bound
        self._lock = threading.Lock()
        self._held: dict[object, int] = {}
        self.total = 0

    def add(self, who: object, n: int) -> Optional[object]:
        """Counts ``n`` more bytes for ``who``; returns the holder to refuse (no longer counted)
        when the total went over the bound, else None."""
        with self._lock:
            self._held[who] = self._held.get(who, 0) + n
            self.total += n
            if self.total <= self.bound:
                return None
            most = who  # on a tie, the connection whose frame went over
            for holder, held in self._held.items():
                if held > self._held[most]:
                    most = holder
            self.total -= self._held.pop(most)
            return most

    def subtract(self, who: object, n: int) -> None:
        """A message finished or its channel closed: its bytes no longer count."""
        if n == 0:
            return
        with self._lock:
            held = self._held.get(who, 0)
            n = min(n, held)
            self.total -= n
            if held - n > 0:
                self._held[who] = held - n
            else:
                self._held.pop(who, None)

    def release(self, who: object) -> None:
        """The connection ends or was refused: nothing it held counts any more."""
        with self._lock:
            self.total -= self._held.pop(who, 0)

    def held(self, who: object) -> int:
        with self._lock:
            return self._held.get(who, 0)
