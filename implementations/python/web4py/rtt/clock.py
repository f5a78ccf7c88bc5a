"""The agent's clock (harness.md §4.9): real UTC time plus an offset the harness moves forward, or,
once held (harness 1.2 ``clock/hold``, HAR-CLK-002), the reading at the hold plus that offset, so
that it moves only by ``clock/advance`` until ``reset``. Everything timed reads it: envelope
timestamps and replay, the RTT handshake timeout, heartbeat and dead-peer timeout, HCP pacing, LIP
expiry, mesh vouch decay."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timezone


def format_timestamp(epoch_ns: int) -> str:
    """envelope.md §8 format, UTC, millisecond precision: ``2026-01-15T09:30:00.123Z``."""
    seconds, ns = divmod(epoch_ns, 1_000_000_000)
    dt = datetime.fromtimestamp(seconds, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % (ns // 1_000_000)


class Clock:
    def __init__(self):
        self._offset_ns = 0
        self._held_at_ns = None  # the reading at clock/hold (HAR-CLK-002), None while it runs
        self._lock = threading.Lock()
        self._listeners = []
        self.last_advance = float("-inf")  # time.monotonic() of the last advance

    def now_ns(self) -> int:
        with self._lock:
            base = self._held_at_ns if self._held_at_ns is not None else time.time_ns()
            return base + self._offset_ns

    def hold(self) -> str:
        """HAR-CLK-002: stop the clock at its reading; from now on it moves only by :meth:`advance`,
        until :meth:`reset`. Holding a held clock changes nothing. Returns the reading."""
        with self._lock:
            if self._held_at_ns is None:
                # held at a whole millisecond, the precision of the answered timestamp, so that
                # the runner knows the held reading exactly
                now = time.time_ns() + self._offset_ns
                self._held_at_ns = now - now % 1_000_000
                self._offset_ns = 0
        return self.timestamp()

    @property
    def held(self) -> bool:
        return self._held_at_ns is not None

    def now(self) -> float:
        """Seconds since the epoch (float) on this clock."""
        return self.now_ns() / 1e9

    def timestamp(self) -> str:
        return format_timestamp(self.now_ns())

    def datetime(self) -> datetime:
        ns = self.now_ns()
        return datetime.fromtimestamp(ns // 1_000_000_000, tz=timezone.utc).replace(
            microsecond=(ns % 1_000_000_000) // 1000
        )

    def advance(self, seconds: float) -> str:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._offset_ns += int(round(seconds * 1e9))
            self.last_advance = time.monotonic()
        for listener in list(self._listeners):
            listener()
        return self.timestamp()

    def reset(self) -> None:
        with self._lock:
            self._offset_ns = 0
            self._held_at_ns = None

    def on_advance(self, listener) -> None:
        """``listener()`` is called (synchronously) after every :meth:`advance`."""
        self._listeners.append(listener)
