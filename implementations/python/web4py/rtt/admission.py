"""Fair handshake admission (spec/rtt.md §7, RTT-LIM-002 and RTT-LIM-006, docs/adr/1205).

At most 64 accepted connections are in the handshake at once. When all places are taken, a
connection from a source holding fewer handshakes than the source holding the most takes the place
of that source's oldest handshake (which the caller closes); any other is closed at once. A source
is an IPv4 address, or the first 64 bits of an IPv6 address."""

from __future__ import annotations

import ipaddress
import threading
from collections import OrderedDict
from typing import Generic, Optional, TypeVar

MAX_HANDSHAKING = 64

C = TypeVar("C")


def source_of(host: str) -> str:
    """The source of a connection from ``host`` (RTT-LIM-006)."""
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return host
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return "v6:" + str(ipaddress.IPv6Network((int(address) >> 64 << 64, 64)))
    return str(address)


class Ticket(Generic[C]):
    """One admitted handshake; releasing it twice, or after it was displaced, changes nothing."""

    __slots__ = ("source", "order", "connection", "released")

    def __init__(self, source: str, order: int, connection: C):
        self.source = source
        self.order = order
        self.connection = connection
        self.released = False


class HandshakeAdmission(Generic[C]):
    def __init__(self, capacity: int = MAX_HANDSHAKING, fair: bool = True):
        self.capacity = capacity
        self.fair = fair
        self._lock = threading.Lock()
        self._by_source: dict[str, "OrderedDict[int, Ticket[C]]"] = {}
        self._in_progress = 0
        self._accepted = 0

    def admit(self, connection: C, host: str) -> tuple[Optional[Ticket[C]], Optional[C]]:
        """(ticket, displaced): ticket None means refused (close at once, without reading);
        displaced is a connection whose place was taken (close it)."""
        source = source_of(host)
        displaced = None
        with self._lock:
            if self._in_progress >= self.capacity:
                heaviest = self._heaviest() if self.fair else None
                own = len(self._by_source.get(source, ()))
                if heaviest is None or own >= len(heaviest):
                    return None, None  # RTT-LIM-002
                # RTT-LIM-006: the oldest handshake of the source holding the most gives way
                oldest = next(iter(heaviest.values()))
                self._release(oldest)
                displaced = oldest.connection
            ticket = Ticket(source, self._accepted, connection)
            self._accepted += 1
            self._by_source.setdefault(source, OrderedDict())[ticket.order] = ticket
            self._in_progress += 1
            return ticket, displaced

    def release(self, ticket: Optional[Ticket[C]]) -> None:
        if ticket is None:
            return
        with self._lock:
            self._release(ticket)

    def released(self, ticket: Ticket[C]) -> bool:
        with self._lock:
            return ticket.released

    def in_progress(self) -> int:
        with self._lock:
            return self._in_progress

    def _release(self, ticket: Ticket[C]) -> None:
        if ticket.released:
            return
        ticket.released = True
        self._in_progress -= 1
        queue = self._by_source.get(ticket.source)
        if queue is not None:
            queue.pop(ticket.order, None)
            if not queue:
                del self._by_source[ticket.source]

    def _heaviest(self):
        """The source holding the most; of several, the one whose oldest came first."""
        best = None
        for queue in self._by_source.values():
            first = next(iter(queue.values()))
            if best is None or len(queue) > len(best) or (
                    len(queue) == len(best) and first.order < next(iter(best.values())).order):
                best = queue
        return best
