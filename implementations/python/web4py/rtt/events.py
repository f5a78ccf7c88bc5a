"""Observability events (spec/events.md): numbered from 1 (again after every reset), the kinds of
Table 2, the last 10,000 kept for the harness ``events`` operation, optionally written as JSON lines."""

from __future__ import annotations

import collections
import json
import sys
import threading
from typing import Callable, Optional

KINDS = frozenset(
    {
        "rtt.handshake.completed",
        "rtt.handshake.failed",
        "rtt.connection.closed",
        "rtt.channel.opened",
        "rtt.channel.closed",
        "rtt.heartbeat.ping_sent",
        "rtt.heartbeat.pong_received",
        "rtt.error.sent",
        "rtt.error.received",
        "rtt.goaway.sent",
        "rtt.goaway.received",
        "rtt.send_queue.dropped",
        "rtt.send_queue.refused",
        "rtt.send_queue.blocked",
        # RTT 1.1 session resume (docs/drafts/rtt-resume.md §9, proposed; only when resume is enabled)
        "rtt.session.suspended",
        "rtt.session.resumed",
        "rtt.session.refused",
        "rtt.session.expired",
        "rtt.session.channel_lost",
        "rtt.reconnect.scheduled",
        "rtt.reconnect.failed",
        "hcp.session.opened",
        "hcp.trust.changed",
        "hcp.action.delivered",
        "hcp.action.refused",
        "hcp.action.sent",
        "hcp.check_in",
        "hcp.human.changed",
        "cip.handshake.completed",
        "cip.trust.changed",
        "cip.knowledge.decided",
        "lip.fetch.started",
        "lip.source.fetched",
        "lip.source.failed",
        "lip.item.status",
        "lip.source.tier_changed",
        "mesh.relay.forwarded",
        "mesh.relay.originated",
        "mesh.relay.delivered",
        "mesh.relay.dropped",
        "mesh.vouch.received",
    }
)

KEEP = 10_000


class EventLog:
    def __init__(self, agent_fingerprint: str, timestamp: Callable[[], str], keep: int = KEEP,
                 sink=None, verbose: bool = False):
        self.agent = agent_fingerprint
        self._timestamp = timestamp
        self._lock = threading.Lock()
        self._events = collections.deque(maxlen=keep)
        self._seq = 0
        self._generation = 0
        self._sink = sink  # a text file for JSON lines, or None
        self._verbose = verbose

    @property
    def generation(self) -> int:
        """Incremented by every reset; emitters holding an older generation are ignored."""
        return self._generation

    def emit(self, kind: str, /, peer: Optional[str] = None, msg_id: Optional[str] = None,
             generation: Optional[int] = None, **attributes) -> Optional[dict]:
        if kind not in KINDS:
            raise ValueError("unknown event kind " + kind)
        for k, v in attributes.items():
            if not isinstance(v, (str, int, bool)):
                raise TypeError("event attribute %s must be a string, integer or boolean" % k)
        with self._lock:
            if generation is not None and generation != self._generation:
                return None
            self._seq += 1
            event = {
                "version": "1.0",
                "seq": self._seq,
                "time": self._timestamp(),
                "kind": kind,
                "agent": self.agent,
                "peer": peer,
                "msg_id": msg_id,
                "attributes": dict(attributes),
            }
            self._events.append(event)
            if self._sink is not None:
                try:
                    self._sink.write(json.dumps(event, ensure_ascii=False) + "\n")
                    self._sink.flush()
                except Exception:
                    pass
            if self._verbose:
                print("event %d %s peer=%s %s" % (self._seq, kind, (peer or "-")[:12], attributes),
                      file=sys.stderr, flush=True)
            return event

    def since(self, since: int, limit: int) -> tuple[list, int]:
        """Events whose seq is greater than ``since``, oldest first, at most ``limit``; and the seq
        of the last event reported (0 when none since start or reset)."""
        with self._lock:
            out = [e for e in self._events if e["seq"] > since][: max(0, limit)]
            return [dict(e, attributes=dict(e["attributes"])) for e in out], self._seq

    def reset(self) -> None:
        with self._lock:
            self._events.clear()
            self._seq = 0
            self._generation += 1
