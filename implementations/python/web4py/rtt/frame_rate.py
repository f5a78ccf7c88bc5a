"""RTT-LIM-011: a rate limit for the frames the windows do not bound (spec/rtt.md §7, ADR 1209).

*Counted* frames are every frame but DATA, CREDIT and an ACK whose count goes beyond every earlier
one's (the windows bound DATA and CREDIT, RTT-FLOW-001/003; an advancing ACK is bounded by the frames
this endpoint sent, RTT-FR-007). They are counted per connection in periods: a period begins with
the first counted frame received on the connection, and with the first received after the last
period ended, and lasts 10 s on the endpoint's clock. The 10,001st counted frame of a period is
refused with a closing LIMIT naming it. PINGs are counted here too and keep their own limit
(RTT-LIM-007): 1,000 per period, counted by a second ``FrameRate`` in connection.py.
"""

from __future__ import annotations

from typing import Optional

from . import frames as F

MAX_COUNTED_PER_PERIOD = 10_000  # RTT-LIM-011
MAX_PINGS_PER_PERIOD = 1000  # RTT-LIM-007
PERIOD = 10.0  # seconds of the endpoint's clock (RTT-LIM-007, RTT-LIM-011)


def counted(frame: F.Frame, last_ack: int) -> bool:
    """Whether ``frame`` counts against the budget, given the count of the last ACK taken."""
    if frame.type in (F.DATA, F.CREDIT):
        return False
    if frame.type == F.ACK and len(frame.body) == 4:
        return int.from_bytes(frame.body, "big") <= last_ack  # a repeat, or an ACK of 0
    return True


class FrameRate:
    """The frames of one kind a connection received in its current period (used from its reader only)."""

    def __init__(self, budget: int = MAX_COUNTED_PER_PERIOD) -> None:
        self.budget = budget
        self._period_start: Optional[float] = None
        self._in_period = 0

    def admit(self, now: float) -> bool:
        """Counts a frame received at ``now`` (seconds); False when it is one too many."""
        if self._period_start is None or now - self._period_start >= PERIOD:
            self._period_start = now
            self._in_period = 0
        self._in_period += 1
        return self._in_period <= self.budget
