"""The session dialer's reconnection (docs/drafts/rtt-resume.md §6, informative): after an abrupt end it
dials again with exponential backoff and full jitter -- attempt k after a delay drawn uniformly from
[0, min(15 s, 250 ms x 2^k)] -- on the endpoint's injected clock, with a seeded random source in tests.
Each attempt is one TCP connect and handshake (bounded by the handshake timeout); the retention time
(the manager's :meth:`~web4py.rtt.resume.SessionManager.tick`) ends the session when they all fail."""

from __future__ import annotations

import random
import socket
import struct
import threading
from typing import Optional

BACKOFF_BASE, BACKOFF_CAP = 0.25, 15.0  # seconds


class Reconnector:
    def __init__(self, manager, seed: Optional[int] = None, enabled: bool = False):
        self.manager = manager
        self.random = random.Random(seed)
        self.enabled = enabled

    def delay(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(15 s, 250 ms * 2^attempt)]."""
        return self.random.uniform(0.0, min(BACKOFF_CAP, BACKOFF_BASE * (2 ** min(attempt, 16))))

    def schedule(self, session, attempt: int, now: float) -> None:
        """The session's next attempt (number ``attempt``), with its lock held."""
        session.attempt = attempt
        session.next_attempt = now + self.delay(attempt)

    def start_due(self, sessions, now: float) -> None:
        """From the endpoint's timer: start every attempt that is due, one at a time per session."""
        if not self.enabled:
            return
        for s in sessions:
            if (s.role == "dialer" and s.state == "suspended" and not s.dialing
                    and s.next_attempt is not None and now >= s.next_attempt):
                s.dialing = True
                threading.Thread(target=self._attempt, args=(s,), name="rtt-resume", daemon=True).start()

    def _attempt(self, session) -> None:
        from .endpoint import RttHandshakeError

        manager = self.manager
        manager.note("reconnect_scheduled", session.peer_fingerprint, attempt=session.attempt)
        try:
            manager.resume(session)
        except (RttHandshakeError, OSError) as e:
            with session.lock:
                self.schedule(session, session.attempt + 1, manager.clock.now())
            manager.note("reconnect_failed", session.peer_fingerprint, attempt=session.attempt, reason=str(e))
        finally:
            session.dialing = False


def cut(sock: socket.socket) -> None:
    """Reset a TCP connection (SO_LINGER 0), waking a reader blocked on it: an abrupt end (tests)."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.shutdown(socket.SHUT_RD)
    except OSError:
        pass
    try:
        sock.close()
    except OSError:
        pass
