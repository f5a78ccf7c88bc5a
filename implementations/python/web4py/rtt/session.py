"""An RTT 1.1 session (docs/drafts/rtt-resume.md, draft): what two endpoints keep across the connections
that carry it -- per channel the message indexes sent, delivered and acknowledged, and the retained
messages (§1, §3) -- and the link between a session and the one connection carrying it now.

Locks: a session's lock is taken before a connection's, never after. The connection calls the link
without holding its own lock (except :meth:`ConnectionLink.fin_written`, which takes no session lock)."""

from __future__ import annotations

import collections
import threading
import weakref
from typing import Optional

from . import frames as F
from .resume_wire import STANDARD, ChannelCount, ResumeRequest, SessionKeys

RETENTION = 120.0  # seconds of the endpoint's clock (Table 7a, RTT-RES-013)
MAX_RETAINED_BYTES = 16 * 1048576  # while suspended (RTT-RES-015)
MAX_RETAINED_MESSAGES = 4096
# The deliveries a session records in ``inbox`` (channel name, bytes), for tests only: none unless the
# manager was enabled with ``keep_deliveries`` (ADR 1419). An agent hands every message to its
# application as it is delivered; keeping a copy per session grew the web4py listener of the one-hour
# soak by ~1 KiB per INTENT (~1.15 MiB a minute), towards 65,536 messages per session.
KEEP_DELIVERIES_FOR_TESTS = 65536


class ChannelState:
    """One channel of a session (§1): ``next_index`` messages accepted by ``send``, ``fins`` of them
    with their FIN DATA frame produced, ``acked`` acknowledged by the peer, ``delivered`` received
    whole; ``retained``: (index, bytes) of every accepted message not acknowledged, in index order."""

    __slots__ = ("id", "name", "next_index", "fins", "begun", "acked", "delivered", "retained")

    def __init__(self, cid: int, name: str):
        self.id = cid
        self.name = name
        self.next_index = 0
        self.fins = 0
        self.begun = 0  # indexes below it had a DATA frame on some connection (RTT-RES-017)
        self.acked = 0
        self.delivered = 0
        self.retained: collections.deque = collections.deque()

    def acknowledge(self, count: int) -> None:
        """Messages with index below ``count`` are acknowledged: forget them (§3, §4.3 step 1)."""
        if count > self.acked:
            self.acked = count
        while self.retained and self.retained[0][0] < self.acked:
            self.retained.popleft()

    def count(self) -> ChannelCount:
        return ChannelCount(self.id, self.name, self.delivered)


class Session:
    """``role``: "dialer" (it resumes, §4.1) or "listener" (it answers). ``keys``: session id → binder
    key of every id that names the session now (the listener holds two between its RESUME and the
    dialer's ACK, §4.4); ``current``: the newest; ``old``: the listener's id awaiting retirement."""

    def __init__(self, role: str, peer, keys: SessionKeys, address=None, keep_deliveries: int = 0):
        self.lock = threading.RLock()
        self.role = role
        self.peer_fingerprint = peer.fingerprint
        self.address = address
        self.keys: dict[bytes, bytes] = {keys.session_id: keys.binder_key}
        self.current = keys.session_id
        self.old: Optional[bytes] = None
        self.channels: dict[int, ChannelState] = {i: ChannelState(i, n) for i, n in enumerate(STANDARD)}
        self.state = "connected"  # connected | resuming (dialer, awaiting RESUME) | suspended | ended
        self.conn = None
        self.last_conn = None  # the connection that carried it last: counts RTT-RES-017's refusals
        self.link: Optional[ConnectionLink] = None
        self.suspended_at: Optional[float] = None
        # (channel name, bytes) of the last ``keep_deliveries`` messages delivered; maxlen 0 keeps none
        self.inbox: collections.deque = collections.deque(maxlen=keep_deliveries)
        self.attempt = 0  # reconnection (§6)
        self.next_attempt: Optional[float] = None
        self.dialing = False

    # ------------------------------------------------------------------------------- reading

    def retained(self) -> tuple[int, int]:
        with self.lock:
            messages = sum(len(ch.retained) for ch in self.channels.values())
            size = sum(len(d) for ch in self.channels.values() for _, d in ch.retained)
            return messages, size

    def undelivered(self) -> int:
        with self.lock:
            return sum(len(ch.retained) for ch in self.channels.values())

    def channel_named(self, name: str) -> Optional[int]:
        with self.lock:
            for cid, ch in self.channels.items():
                if ch.name == name:
                    return cid
        return None

    def request(self, binder: bytes) -> ResumeRequest:
        """§4.1: the open channels in ascending id with this side's delivered counts."""
        with self.lock:
            counts = tuple(self.channels[c].count() for c in sorted(self.channels))
            return ResumeRequest(self.current, binder, counts)

    # ------------------------------------------------------------------------------- sending

    def send(self, cid: int, data: bytes) -> None:
        """Accept one message on channel ``cid``: retained until acknowledged (§1), sent now when a
        connection carries the session and it is not awaiting RESUME (RTT-RES-004)."""
        from .connection import RttChannelError, RttTransportError

        with self.lock:
            if self.state == "ended":
                raise RttTransportError("the session has ended")
            ch = self.channels.get(cid)
            if ch is None:
                raise RttChannelError("channel %d is not open in the session" % cid)
            queued = False
            if self.state == "connected" and self.conn is not None and self.conn.is_open:
                try:
                    if not self.conn._queue_message(cid, data, tag=ch.next_index):
                        return  # the send-queue policy dropped it (spec/rtt.md §9.1): not accepted
                    queued = True
                except RttTransportError:
                    pass  # the connection is ending: retained, sent again after a resume
            if not queued and not self._admit_retained(ch, data):
                return  # RTT-RES-017: the policy discarded it while no connection takes messages
            index = ch.next_index  # after drop_oldest's discards, which renumber (RTT-RES-017)
            ch.next_index += 1
            ch.retained.append((index, bytes(data)))
            over = self.state == "suspended" and self._over_limits()
        if over:
            self.manager.end(self, "limit")

    def _admit_retained(self, ch: ChannelState, data: bytes) -> bool:
        """RTT-RES-017: no connection takes the message (suspended, ending, awaiting RESUME): the
        send-queue policy decides against the session's queue on the channel (see
        :func:`send_policy.admit_retained`); counted and reported on the last connection. False
        when it was discarded; raises RttBackpressureError when refused."""
        from .connection import RttBackpressureError
        from . import send_policy

        conn = self.conn or (self.last_conn() if self.last_conn is not None else None)
        policy = conn._send_policy() if conn is not None else send_policy.DEFAULT
        outcome, discarded = send_policy.admit_retained(ch, policy, len(data))
        sizes = {i: len(d) for i, d in ch.retained}
        for index in discarded:  # highest first: each renumbers the ones after it
            self.discarded(ch.id, index)
            if conn is not None:
                conn._count_policy("dropped", ch, sizes[index], policy)
        if outcome == "dropped":
            if conn is not None:
                conn._count_policy("dropped", ch, len(data), policy)
            return False
        if outcome == "refused":
            if conn is not None:
                conn._count_policy("refused", ch, len(data), policy)
            raise RttBackpressureError(
                "channel %s of a suspended session: its send queue is full (at most %d messages, %d bytes)"
                % (ch.name, policy.max_messages, policy.max_bytes))
        return True

    def discarded(self, cid: int, index: int) -> None:
        """drop_oldest discarded the message with index ``index`` (none of its bytes sent): it is no
        longer retained and takes no index; the later ones (none begun) take one less (RTT-RES-017)."""
        with self.lock:
            ch = self.channels.get(cid)
            if ch is None:
                return
            ch.retained = collections.deque(
                (i if i < index else i - 1, d) for i, d in ch.retained if i != index)
            ch.next_index -= 1

    def next_index(self, cid: int) -> int:
        ch = self.channels.get(cid)
        return ch.next_index if ch is not None else 0

    def mark_begun(self, cid: int, held: list) -> list:
        """RTT-RES-017: a queued message begun on an earlier connection of the session (a
        retransmitted one) counts as touched: drop_oldest never discards it."""
        import dataclasses

        ch = self.channels.get(cid)
        if ch is None:
            return held
        return [dataclasses.replace(h, touched=True)
                if not h.touched and isinstance(h.message.tag, int) and h.message.tag < ch.begun else h
                for h in held]

    def _over_limits(self) -> bool:
        messages, size = self.retained()
        return messages > MAX_RETAINED_MESSAGES or size > MAX_RETAINED_BYTES

    def retransmit(self, conn, peer_delivered: dict[int, int]) -> int:
        """§4.3 on a new connection: per restored channel, forget what the peer delivered, then queue
        every retained message from the peer's delivered(c) on, whole, in index order (RTT-RES-008).
        With the session's lock held; returns how many messages were queued."""
        queued = 0
        for cid in sorted(self.channels):
            ch = self.channels[cid]
            ch.acknowledge(peer_delivered.get(cid, ch.acked))
            for index, data in ch.retained:
                conn._put_retained(cid, data, index)
                queued += 1
        return queued

    manager = None  # set by the SessionManager


class ConnectionLink:
    """What a connection of a session tells the session (the connection's ``session`` attribute).
    ``fin_log``: (sequence number, channel, index) of each FIN DATA frame written on this connection
    and not yet acknowledged (§3: at most one entry per retained message)."""

    def __init__(self, manager, session: Session, conn, expect_resume: bool = False,
                 sent_request: Optional[ResumeRequest] = None, keys: Optional[SessionKeys] = None):
        self.manager = manager
        self.session = session
        # the connection holds its link (``conn.session``); the link holds the connection weakly, so
        # that an ended connection is freed at once, not when a full garbage collection finds the
        # cycle (ADR 1419: the soak's listener held dozens of dead connections between collections)
        self._conn = weakref.ref(conn)
        self.fin_log: collections.deque = collections.deque()
        self.expect_resume = expect_resume  # the dialer sent `resume`: RESUME must be frame 1
        self.sent_request = sent_request
        self.keys = keys  # this handshake's (§2.2): the session's next id
        self.commit_pending = False  # the listener sent `resumed` and awaits the ACK of frame 1

    @property
    def conn(self):
        """The connection this link belongs to (None once it was freed)."""
        return self._conn()

    def current(self) -> bool:
        conn = self.conn
        return conn is not None and self.session.conn is conn and self.session.state != "ended"

    # ------------------------------------------------------------------------ connection calls

    def send(self, cid: int, data: bytes) -> None:
        self.session.send(cid, data)

    def fin_written(self, seq: int, cid: int, index: int) -> None:
        """The writer produced a message's FIN DATA frame (with the connection's lock held)."""
        self.fin_log.append((seq, cid, index))
        ch = self.session.channels.get(cid)
        if ch is not None and index + 1 > ch.fins:
            ch.fins = index + 1
        if ch is not None and index + 1 > ch.begun:
            ch.begun = index + 1

    def data_begun(self, cid: int, index: int) -> None:
        """The writer produced a DATA frame without FIN of message ``index`` (the connection's lock
        held): drop_oldest never discards it now (RTT-RES-017)."""
        ch = self.session.channels.get(cid)
        if ch is not None and index + 1 > ch.begun:
            ch.begun = index + 1

    def next_index(self, cid: int) -> int:
        return self.session.next_index(cid)

    def discarded(self, cid: int, index: int) -> None:
        self.session.discarded(cid, index)

    def mark_begun(self, cid: int, held: list) -> list:
        return self.session.mark_begun(cid, held)

    def acked(self, count: int) -> None:
        """An ACK of ``count`` frames: every message whose FIN frame is among them was delivered (§3);
        on a listener's resumed connection, an ACK covering frame 1 commits the new id (§4.4 step 3)."""
        s = self.session
        with s.lock:
            if not self.current():
                return
            while self.fin_log and self.fin_log[0][0] < count:
                _, cid, index = self.fin_log.popleft()
                ch = s.channels.get(cid)
                if ch is not None:
                    ch.acknowledge(index + 1)
            commit = self.commit_pending and count >= 2
            if commit:
                self.commit_pending = False
        if commit:
            self.manager.retire_old_id(s)

    def delivered(self, cid: int, data: bytes) -> None:
        """A message was delivered (its FIN DATA frame processed): count it, then ACK it before its
        CREDIT (RTT-RES-003 a; every message is ACKed at once, which also satisfies b)."""
        s = self.session
        with s.lock:
            if not self.current():
                return  # a connection the session has left: what it delivers is not counted nor ACKed
            ch = s.channels.get(cid)
            if ch is not None:
                ch.delivered += 1
                s.inbox.append((ch.name, data))
            hook = self.manager.test_hooks.get("before_ack_of_message")
            if hook is not None and hook(self.conn, cid, data):
                return
            with self.conn._lock:
                count = self.conn.frames_received
            self.conn._enqueue(F.ACK, 0, 0, F.u32(count))

    def resume_frame(self, frame: F.Frame) -> None:
        self.manager.on_resume_frame(self, frame)

    def channel_opened(self, cid: int, name: str) -> None:
        with self.session.lock:
            if self.current():
                self.session.channels[cid] = ChannelState(cid, name)

    def channel_closed(self, cid: int) -> None:
        s = self.session
        with s.lock:
            if self.current() and cid >= 3:
                ch = s.channels.pop(cid, None)
                with self.conn._lock:  # the writer appends to fin_log under the connection's lock
                    self.fin_log = collections.deque(e for e in self.fin_log if e[1] != cid)
                if ch is not None and ch.retained:
                    self.manager.note("channel_lost", s.peer_fingerprint, channel=cid, name=ch.name,
                                      undelivered=len(ch.retained))

    def closed(self, code: Optional[str], goaway: bool) -> None:
        self.manager.connection_closed(self, code, goaway)
