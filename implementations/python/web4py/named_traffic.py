"""Application data on named channels, for harness 1.3 (spec/harness.md §4.16): what ``rtt/send``
makes the agent send (numbered copies of the kit's data, HAR-RES-003) and what the agent delivered,
as ``rtt/inbox`` lists it (SHA-256 digests in delivery order, per peer and channel name, across
connections and resumes, HAR-RES-004)."""

from __future__ import annotations

import hashlib
import threading
from typing import Dict, List, Tuple

from .rtt.connection import RttError

OPEN_WITHIN = 10.0  # seconds rtt/send waits for the peer's OPEN_ACK of a channel it opens
INBOX_LIMIT = 65_536  # digests kept per channel (HAR-RES-004 asks for at least this many)


class NamedTraffic:
    def __init__(self, endpoint):
        self.endpoint = endpoint
        self._lock = threading.Lock()
        self._inbox: Dict[Tuple[str, str], List[str]] = {}
        self._numbers: Dict[Tuple[str, str], int] = {}
        # the connection rtt/send last used with each peer: while its session is suspended, a send
        # on it is the session's, as the application's would be (HAR-RES-003, RTT-RES-017)
        self._last: Dict[str, object] = {}

    def delivered(self, conn, channel: int, data: bytes) -> None:
        """A complete message on a named channel, in delivery order."""
        ch = conn.channels.get(channel)
        name = ch.name if ch is not None else ""
        key = (conn.peer.fingerprint, name)
        with self._lock:
            digests = self._inbox.setdefault(key, [])
            if len(digests) >= INBOX_LIMIT:
                del digests[0]
            digests.append(hashlib.sha256(data).hexdigest())

    def inbox(self) -> list:
        with self._lock:
            return [{"peer_fingerprint": fp, "channel": name, "messages": list(d)}
                    for (fp, name), d in sorted(self._inbox.items())]

    def send(self, peer: str, channel: str, data: bytes, count: int) -> int:
        """HAR-RES-003: on the open connection with ``peer``, open ``channel`` if needed, then
        accept ``count`` copies of ``data``, the first 8 bytes of each its number (big-endian,
        running on per peer and channel from 0 after a reset). Returns how many were accepted."""
        conns = [c for c in self.endpoint.connections() if c.peer.fingerprint == peer and c.state == "open"]
        suspended = None
        if conns:
            conn = conns[-1]  # the newest: after a resume the old connection may not have noticed its end
            with self._lock:
                self._last[peer] = conn
        else:
            with self._lock:
                conn = self._last.get(peer)
            link = getattr(conn, "session", None)
            if link is None or link.session.state != "suspended":
                return 0  # no connection open, and no suspended session with the peer
            suspended = link.session.channel_named(channel)
            if suspended is None:
                return 0  # no such channel in the session: none is opened while suspended
        key = (peer, channel)
        accepted = 0
        try:
            if suspended is not None:
                cid = suspended
            else:
                with conn._lock:
                    open_ids = [cid for cid, ch in conn.channels.items() if ch.name == channel and ch.state == "open"]
                cid = open_ids[0] if open_ids else conn.open_channel(channel, timeout=OPEN_WITHIN)
            for _ in range(count):
                with self._lock:
                    number = self._numbers.get(key, 0)
                    self._numbers[key] = number + 1
                try:
                    conn.send_message(cid, number.to_bytes(8, "big") + bytes(data[8:]))
                except RttError:
                    with self._lock:
                        self._numbers[key] -= 1  # the refused message took no number
                    raise
                accepted += 1
        except RttError:
            pass  # the connection ended or the send queue refused: the rest is not sent
        return accepted

    def reset(self) -> None:
        with self._lock:
            self._inbox.clear()
            self._numbers.clear()
            self._last.clear()
