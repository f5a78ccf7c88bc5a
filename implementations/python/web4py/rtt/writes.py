"""What the transport takes of a connection's writes (spec/rtt.md §7, RTT-LIM-008, RTT-LIM-009;
docs/adr/1207).

The writer sends each transport message in pieces, without blocking (``MSG_DONTWAIT`` after
``poll`` says the socket is writable), and records on the endpoint's clock every piece the
transport accepts. ``check_timers`` then refuses a connection whose waiting bytes the transport
took none of for 30 s (RTT-LIM-008), and a close waits for the message in progress while the
transport takes it (RTT-LIM-009): 30 s without progress, counted from the later of the last piece
accepted and the moment the connection began to close, is the only reason to cut one.
"""

from __future__ import annotations

import select
import socket
import struct
import threading
from typing import Callable, Optional

STALL = 30.0  # seconds of the endpoint's clock (RTT-LIM-008, RTT-LIM-009)
_SELECT = 0.5  # how often a blocked writer looks whether it must stop (real time)


class WriteProgress:
    """Whether bytes wait to be written, and when the transport last accepted any."""

    def __init__(self, clock):
        self._clock = clock
        self._lock = threading.Lock()
        self._waiting = False
        self._last = clock.now()

    @property
    def waiting(self) -> bool:
        with self._lock:
            return self._waiting

    def begin(self) -> None:
        with self._lock:
            self._waiting = True
            self._last = self._clock.now()

    def accepted(self) -> None:
        with self._lock:
            self._last = self._clock.now()

    def done(self) -> None:
        with self._lock:
            self._waiting = False
            self._last = self._clock.now()

    def closing_begins(self) -> None:
        """RTT-LIM-009: the transport gets 30 s from now before a close may cut a message."""
        self.accepted()

    def stalled(self, now: float) -> bool:
        """Bytes wait and the transport accepted none of them for 30 s (RTT-LIM-008)."""
        with self._lock:
            return self._waiting and now - self._last >= STALL


def send_tracked(sock: socket.socket, message: bytes, progress: WriteProgress,
                 stop: Callable[[], bool]) -> None:
    """RTT-WIRE-001 (two bytes of length, then the message), recording each piece the transport
    takes; raises OSError when ``stop`` says the connection ends before the message is out."""
    if len(message) > 65535:
        raise ValueError("Noise message longer than 65,535 bytes")
    view = memoryview(struct.pack(">H", len(message)) + message)
    poller = select.poll()  # not select.select: a descriptor above 1023 is fine (RTT-LIM-010)
    try:
        poller.register(sock, select.POLLOUT)
    except ValueError:  # the socket was closed under the writer (its descriptor is -1): an abrupt end
        raise OSError("the socket is closed")
    progress.begin()
    try:
        while view:
            if stop():
                raise OSError("the connection ended inside a transport message")
            if not poller.poll(int(_SELECT * 1000)):
                continue
            try:
                n = sock.send(view, socket.MSG_DONTWAIT)
            except (BlockingIOError, InterruptedError):
                continue
            view = view[n:]
            progress.accepted()
    finally:
        progress.done()


def cut_allowed(progress: Optional[WriteProgress], now: float) -> bool:
    """RTT-LIM-009: a close may end the connection now unless a transport message is being
    written and the transport accepted some of it within 30 s."""
    return progress is None or not progress.waiting or progress.stalled(now)
