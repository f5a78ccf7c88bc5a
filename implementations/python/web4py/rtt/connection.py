"""An established RTT connection (spec/rtt.md §4–§8): frames over the Noise transport, channels,
per-channel windows and credit, heartbeat, ERROR and GOAWAY.

Threads: a reader decrypts and handles frames strictly in order (RTT-FR-006) and never writes to the
socket; a writer owns the send cipher state, numbers the frames and writes them. Every frame the
connection produces -- answers, CREDIT, PING, messages as DATA -- goes through one FIFO
(:class:`~web4py.rtt.outbox.Outbox`), so nothing overtakes a frame produced before it (the "sent
before the answer" rules; a message its window holds back lets control frames pass). The
endpoint's timer drives heartbeat and dead-peer checks on the injected clock (:meth:`check_timers`)."""

from __future__ import annotations

import collections
import os
import select
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Optional

from . import frames as F
from .noise import CipherState, NoiseError
from .frame_rate import (MAX_COUNTED_PER_PERIOD, MAX_PINGS_PER_PERIOD, PERIOD as RATE_PERIOD,
                         FrameRate, counted as rate_counted)
from .outbox import Outbox, OutgoingFrame
from .payload import PeerIdentity
from .send_policy import DEFAULT as SEND_POLICY_DEFAULT, SendQueuePolicy
from .unfinished import MAX_UNFINISHED_TOTAL, MESSAGE_DEADLINE, UnfinishedBudget
from .writes import STALL as WRITE_STALL, WriteProgress, cut_allowed, send_tracked

STANDARD = ("control", "state", "knowledge")
PING_AFTER = 15.0
DEAD_AFTER = 45.0
CLOSE_WITHIN = 5.0
DRAIN = 1.5  # after our last frame and FIN: read (and discard) what the peer still sends
MAX_CONTROL_QUEUE = 4096
MAX_MESSAGE = F.WINDOW
# An idle writer sleeps until a frame is queued or the connection ends (both notify it); this only
# bounds a missed wake-up. Not shorter: 4,096 connections (RTT-LIM-010) each waking twice a second
# took a tenth of the interpreter's time from the handshakes.
WRITER_BACKSTOP = 10.0
LIMIT_TEXT = ("the unfinished messages of all connections would exceed %d bytes, and this connection "
              "holds the most" % MAX_UNFINISHED_TOTAL)


class RttError(Exception):
    pass


class RttTransportError(RttError):
    """The connection failed or closed (``code``: of the closing ERROR, if any)."""

    def __init__(self, message: str, code: Optional[str] = None):
        super().__init__(message)
        self.code = code


class RttBackpressureError(RttError):
    pass


class RttChannelError(RttError):
    pass


# ------------------------------------------------------------------------------- wire helpers


def send_wire(sock: socket.socket, message: bytes) -> None:
    """RTT-WIRE-001: two bytes of length, big-endian, then the message."""
    if len(message) > 65535:
        raise ValueError("Noise message longer than 65,535 bytes")
    sock.sendall(struct.pack(">H", len(message)) + message)


def readable_now(sock: socket.socket) -> bool:
    """Whether bytes (or the end of the stream) wait in ``sock``, without blocking. ``poll``, not
    ``select.select``: select refuses a descriptor above 1023, and 4,096 connections (RTT-LIM-010)
    reach far beyond it."""
    poller = select.poll()
    try:
        poller.register(sock, select.POLLIN)
        return bool(poller.poll(0))
    except (OSError, ValueError):  # closed meanwhile
        return False


def _read_exact(sock: socket.socket, n: int) -> Optional[bytes]:
    buf = bytearray()
    while len(buf) < n:
        try:
            chunk = sock.recv(n - len(buf))
        except (socket.timeout, TimeoutError):
            raise
        except OSError:
            return None
        if not chunk:
            return None
        buf += chunk
    return bytes(buf)


def read_wire(sock: socket.socket) -> Optional[bytes]:
    """One length-prefixed message, or None when the stream ends (inside a prefix or a message,
    or at a boundary)."""
    head = _read_exact(sock, 2)
    if head is None:
        return None
    (length,) = struct.unpack(">H", head)
    if length == 0:
        return b""
    return _read_exact(sock, length)


# ---------------------------------------------------------------------------------- channels


@dataclass
class Channel:
    id: int
    name: str
    state: str = "open"  # open | opening (we sent OPEN) | closing (we sent CLOSE)
    send_window: int = F.WINDOW
    recv_window: int = F.WINDOW
    assembling: bytearray = field(default_factory=bytearray)
    began: Optional[float] = None  # when the unfinished message's first DATA arrived (RTT-LIM-004)
    opened: threading.Event = field(default_factory=threading.Event)


class RttApplication:
    """What a connection tells the layer above. Called on the connection's reader thread (or the
    endpoint's timer thread for timeouts); an implementation must not block."""

    def on_established(self, conn: "Connection") -> None:
        pass

    def on_message(self, conn: "Connection", channel: int, data: bytes, last_seq: int) -> None:
        pass

    def on_peer_error(self, conn: "Connection", channel: int, body: F.ErrorBody) -> None:
        pass

    def on_closed(self, conn: "Connection", code: Optional[str], by_us: bool) -> None:
        pass

    def on_session_fresh(self, conn: "Connection") -> None:
        """A dialer's resume was answered ``fresh``: the connection now carries a new RTT 1.1
        session (RTT-RES-007), whatever was kept for the old one is over."""
        pass


class Connection:
    def __init__(
        self,
        sock: socket.socket,
        role: str,
        send_cs: CipherState,
        recv_cs: CipherState,
        peer: PeerIdentity,
        local_max_channels: int,
        clock,
        events,
        app: RttApplication,
        on_finished: Callable[["Connection"], None] = lambda c: None,
        first_seq_sent: int = 0,
        budget: Optional[UnfinishedBudget] = None,
        send_policy: Optional[Callable[[], SendQueuePolicy]] = None,
    ):
        self.sock = sock
        self.role = role  # "initiator" | "responder"
        self._send_cs = send_cs
        self._recv_cs = recv_cs
        self.peer = peer
        self.local_max_channels = local_max_channels
        self.clock = clock
        self.events = events
        self._generation = events.generation if events is not None else None
        self.app = app
        self._on_finished = on_finished
        self._budget = budget if budget is not None else UnfinishedBudget()
        # spec/rtt.md §9.1: the policy every send reads, and what it did (HAR-RTT-005)
        self._send_policy = send_policy if send_policy is not None else (lambda: SEND_POLICY_DEFAULT)
        self._policy_counts = {"dropped": 0, "refused": 0, "blocked": 0}

        self._lock = threading.RLock()
        self._wake = threading.Condition(self._lock)
        self.state = "open"  # open | going_away | closing | closed
        self.channels: dict[int, Channel] = {i: Channel(i, n) for i, n in enumerate(STANDARD)}
        self._outbox = Outbox()  # every frame produced and not yet written, in order
        self._next_send_seq = first_seq_sent
        self._next_recv_seq = 0
        self.frames_received = 0
        self._last_ack = 0
        self._goaway_sent = False
        self._goaway_received = False
        self._terminal_queued = False
        self._writer_done = threading.Event()
        self._finished = threading.Event()
        self._close_code: Optional[str] = None
        self._closed_by_us = False
        self.last_rx = clock.now()
        self._ping_pending = False
        self._writes = WriteProgress(clock)  # RTT-LIM-008, RTT-LIM-009
        self._ping_rate = FrameRate(MAX_PINGS_PER_PERIOD)  # RTT-LIM-007
        self._control_rate = FrameRate(MAX_COUNTED_PER_PERIOD)  # RTT-LIM-011
        self._drain_until: Optional[float] = None  # monotonic deadline once we stop processing
        self._deadline: Optional[float] = None  # monotonic deadline to close (GOAWAY we started)
        self._next_channel_id = 4 if role == "initiator" else 3
        self._inbox: collections.deque = collections.deque()  # for local receive() on named channels
        self._handling = False
        self.session = None  # RTT 1.1: a session.ConnectionLink on a resumable connection, else None
        self._reader = threading.Thread(target=self._read_loop, name="rtt-reader", daemon=True)
        self._writer = threading.Thread(target=self._write_loop, name="rtt-writer", daemon=True)

    # ----------------------------------------------------------------------------- lifecycle

    def start(self) -> None:
        self._writer.start()
        self._reader.start()

    def confirm_handshake(self) -> None:
        """RTT-HS-007: a responder that accepted the initiator's payload sends, as transport frame 0,
        a PING on channel 0 (8 opaque bytes, flags 0) before any other frame. Called before
        :meth:`start` and before anything else is queued, so the outbox makes it frame 0."""
        with self._lock:
            if self._next_send_seq != 0 or len(self._outbox):
                raise RttError("the handshake PING must be the first frame")
        self._enqueue(F.PING, 0, 0, os.urandom(8))

    def receive_first(self, frame: F.Frame) -> None:
        """RTT-HS-008: the responder's first transport frame, which the initiator read (and found
        not to be an ERROR) before it counted the handshake complete; handled like any frame (its
        PING gets our PONG), before :meth:`start` reads the next one."""
        self._handle_frame(frame)

    def _emit(self, kind: str, msg_id=None, **attrs) -> None:
        if self.events is not None:
            self.events.emit(kind, peer=self.peer.fingerprint, msg_id=msg_id,
                             generation=self._generation, **attrs)

    def describe(self) -> dict:
        with self._lock:
            names = [c.name for i, c in sorted(self.channels.items()) if c.state == "open"]
            return {
                "peer_agent_id": self.peer.agent_id,
                "peer_fingerprint": self.peer.fingerprint,
                "state": self.state,
                "channels": names,
                "send_queue": {**self._outbox.send_queue(), **self._policy_counts},  # HAR-RTT-003/005
            }

    @property
    def is_open(self) -> bool:
        return self.state == "open"

    @property
    def finished(self) -> bool:
        return self._finished.is_set()

    def wait_finished(self, timeout: Optional[float] = None) -> bool:
        return self._finished.wait(timeout)

    # ---------------------------------------------------------------------------- sending

    def _enqueue(self, ftype: int, flags: int, channel: int, body: bytes = b"", terminal=False) -> bool:
        with self._lock:
            if self._terminal_queued or self.state == "closed":
                return False
            if self._outbox.control_frames >= MAX_CONTROL_QUEUE:
                # a peer that does not read: give up on it
                self._abort_locked()
                return False
            self._outbox.put_control(OutgoingFrame(ftype, flags, channel, body, terminal))
            if terminal:
                self._terminal_queued = True
            self._wake.notify_all()
            return True

    def send_message(self, channel: int, data: bytes) -> None:
        """Queue one message on an open channel; DATA frames leave within the window. On a resumable
        connection the session accepts and retains it (docs/drafts/rtt-resume.md §1)."""
        if self.session is not None:
            self.session.send(channel, data)
            return
        self._queue_message(channel, data)

    def _queue_message(self, channel: int, data: bytes, tag: object = None) -> bool:
        """``send_message`` without the session: False when the send-queue policy dropped it."""
        if len(data) > MAX_MESSAGE:
            raise ValueError("a message is at most 1 MiB")
        with self._lock:
            if self.state != "open" or self._terminal_queued:
                raise RttTransportError("the connection is " + self.state, self._close_code)
            ch = self.channels.get(channel)
            if ch is None or ch.state != "open":
                raise RttChannelError("channel %d is not open" % channel)
            # RTT-BP-001 .. RTT-BP-004: the send-queue policy decides when the queue is full
            if not self._admit(ch, len(data)):
                return False  # dropped (drop_newest, drop_oldest): nothing of it is sent
            if tag is not None and self.session is not None:
                tag = self.session.next_index(channel)  # after drop_oldest's discards (RTT-RES-017)
            self._outbox.put_message(channel, data, tag)
            self._wake.notify_all()
            return True

    def _put_retained(self, channel: int, data: bytes, index: int) -> None:
        """RTT 1.1 retransmission (§4.3): a retained message, queued whole, outside the send policy."""
        with self._lock:
            self._outbox.put_message(channel, data, index)
            self._wake.notify_all()

    def restore_channel(self, cid: int, name: str) -> None:
        """RTT 1.1: a named channel of the session restored by RESUME, open with full windows."""
        with self._lock:
            self.channels[cid] = Channel(cid, name)
            while self._next_channel_id in self.channels:
                self._next_channel_id += 2

    def _admit(self, ch, length: int) -> bool:
        """Whether a message of ``length`` bytes may join ``ch``'s send queue (spec/rtt.md §9.1),
        with the lock held; False when the policy dropped it; raises RttBackpressureError when the
        policy refused it. ``block`` waits on the connection's condition, which CREDIT notifies."""
        policy = self._send_policy()
        entries = len(self._outbox)  # an upper bound on the queue's messages, each at most 1 MiB
        if entries + 1 <= policy.max_messages and entries * MAX_MESSAGE + length <= policy.max_bytes:
            return True  # fits whatever the windows hold back: no need to project the queue

        def fits() -> bool:
            held = self._outbox.held_back(ch.id, self.channels)
            return (len(held) + 1 <= policy.max_messages
                    and sum(h.unsent for h in held) + length <= policy.max_bytes)

        if fits():
            return True
        if policy.policy == "drop_newest":  # RTT-BP-002
            self._count_policy("dropped", ch, length, policy)
            return False
        if policy.policy == "drop_oldest":  # RTT-BP-003: only messages not yet begun may go
            held = self._outbox.held_back(ch.id, self.channels)
            if self.session is not None:  # RTT-RES-017: nor one begun on an earlier connection
                held = self.session.mark_begun(ch.id, held)
            kept = [h for h in held if h.touched]
            if len(kept) + 1 > policy.max_messages or sum(h.unsent for h in kept) + length > policy.max_bytes:
                self._count_policy("dropped", ch, length, policy)
                return False
            for h in held:
                if fits():
                    break
                if not h.touched:
                    self._outbox.remove_message(h.message)
                    if self.session is not None and isinstance(h.message.tag, int):
                        # RTT-RES-017: not retained, no index: never sent after a resume either
                        self._outbox.renumber_after(ch.id, h.message.tag)
                        self.session.discarded(ch.id, h.message.tag)
                    self._count_policy("dropped", ch, h.unsent, policy)
            return True
        if policy.policy == "block":  # RTT-BP-004
            own_thread = threading.current_thread() in (self._reader, self._writer)
            if length > policy.max_bytes or policy.block_timeout_ms == 0 or own_thread:
                self._refuse_send(ch, length, policy, "full, and this send cannot wait")
            self._count_policy("blocked", ch, length, policy)
            deadline = time.monotonic() + policy.block_timeout_ms / 1000.0
            while not fits():
                left = deadline - time.monotonic()
                if left <= 0 or self.state != "open":
                    self._refuse_send(ch, length, policy, "full for %d ms" % policy.block_timeout_ms)
                self._wake.wait(min(left, 0.05))
            return True
        self._refuse_send(ch, length, policy, "full")  # RTT-BP-001
        return False  # not reached

    def _count_policy(self, counter: str, ch, length: int, policy) -> None:
        self._policy_counts[counter] += 1
        self._emit("rtt.send_queue." + counter, channel=ch.name, bytes=length, policy=policy.policy)

    def _refuse_send(self, ch, length: int, policy, why: str) -> None:
        self._count_policy("refused", ch, length, policy)
        raise RttBackpressureError(
            "channel %s has no credit and its send queue is %s (at most %d messages, %d bytes)"
            % (ch.name, why, policy.max_messages, policy.max_bytes))

    def send_error(self, channel: int, code: str, msg_id: Optional[str], frame: Optional[int],
                   text: str) -> None:
        """A non-closing ERROR refusing an envelope (RTT-ERR-003)."""
        body = F.error_body(code, frame, msg_id, text)
        if self._enqueue(F.ERROR, 0, channel, body):
            self._emit("rtt.error.sent", msg_id=msg_id, code=code, closing=False)

    def open_channel(self, name: str, timeout: float = 5.0) -> int:
        if not F.CHANNEL_NAME.fullmatch(name):
            raise RttChannelError("not a channel name: %r" % name)
        with self._lock:
            if any(c.name == name for c in self.channels.values()):
                raise RttChannelError("a channel named %r is open" % name)
            if len(self.channels) + 1 > self.peer.max_channels:
                raise RttChannelError("the peer offered at most %d channels" % self.peer.max_channels)
            cid = self._next_channel_id
            while cid in self.channels:
                cid += 2
            if cid > 0xFFFF:
                raise RttChannelError("no channel id left")
            self._next_channel_id = cid + 2
            ch = Channel(cid, name, state="opening")
            self.channels[cid] = ch
        self._enqueue(F.OPEN, 0, cid, name.encode("utf-8"))
        if not ch.opened.wait(timeout):
            raise RttChannelError("no OPEN_ACK for channel %d" % cid)
        return cid

    def close_channel(self, cid: int) -> None:
        with self._lock:
            ch = self.channels.get(cid)
            if cid < 3 or ch is None or ch.state != "open":
                raise RttChannelError("channel %d is not an open named channel" % cid)
            ch.state = "closing"
        self._enqueue(F.CLOSE, 0, cid)

    def ping(self, opaque: Optional[bytes] = None) -> None:
        self._enqueue(F.PING, 0, 0, opaque if opaque is not None else os.urandom(8))

    def receive(self, timeout: float = 5.0):
        """The next (channel, message) delivered on a named channel (local API)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not self._inbox:
                left = deadline - time.monotonic()
                if left <= 0 or self.state == "closed":
                    return None
                self._wake.wait(left)
            return self._inbox.popleft()

    def shutdown(self) -> None:
        """Graceful: GOAWAY, then close once the peer's GOAWAY arrived or 5 s passed."""
        with self._lock:
            if self.state != "open":
                return
            self.state = "going_away"
            self._goaway_sent = True
            self._deadline = time.monotonic() + CLOSE_WITHIN
            self._writes.closing_begins()
            count = self.frames_received
        if self._enqueue(F.GOAWAY, 0, 0, F.u32(count), terminal=True):
            self._emit("rtt.goaway.sent")

    def abort(self) -> None:
        """Close at once, sending nothing (used by reset and stop)."""
        with self._lock:
            self._abort_locked()

    def _abort_locked(self) -> None:
        self._terminal_queued = True
        self._outbox.clear()
        if self.state != "closed":
            self.state = "closing"
        self._wake.notify_all()
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def refuse(self, code: str, frame: Optional[int], text: str) -> None:
        """A refusal (RTT-ERR-001): one closing ERROR on channel 0, nothing more, FIN."""
        with self._lock:
            if self.state in ("closing", "closed") or self._terminal_queued:
                return
            self.state = "closing"
            self._close_code = code
            self._closed_by_us = True
            self._drain_until = time.monotonic() + DRAIN
            self._writes.closing_begins()
            self._outbox.drop_messages()
            self._budget.release(self)  # what it held is dropped: nothing more is read
            body = F.error_body(code, frame, None, text)
        if self._enqueue(F.ERROR, F.FLAG_CLOSING, 0, body, terminal=True):
            self._emit("rtt.error.sent", code=code, closing=True)

    def _write_loop(self) -> None:
        try:
            while True:
                with self._lock:
                    item = None
                    while item is None:
                        if self.state == "closed":
                            return
                        item = self._outbox.next_frame(self.channels)
                        if item is None:
                            if self._terminal_queued:
                                return  # aborted: the terminal frame is gone with the rest
                            self._wake.wait(WRITER_BACKSTOP)
                    terminal = item.terminal
                    seq = self._next_send_seq
                    self._next_send_seq += 1
                    plaintext = F.encode(item.type, item.flags, item.channel, seq & 0xFFFFFFFF, item.body)
                    ciphertext = self._send_cs.encrypt(plaintext)
                    if item.tag is not None and self.session is not None:
                        if item.flags & F.FLAG_FIN:
                            self.session.fin_written(seq, item.channel, item.tag)
                        else:
                            self.session.data_begun(item.channel, item.tag)
                try:
                    send_tracked(self.sock, ciphertext, self._writes, self._cut_now)
                except OSError:
                    with self._lock:
                        self._abort_locked()
                    return
                if terminal:
                    try:
                        self.sock.shutdown(socket.SHUT_WR)
                    except OSError:
                        pass
                    return
        finally:
            self._writer_done.set()

    def _cut_now(self) -> bool:
        """The writer stops inside a transport message only once the connection is closed."""
        return self.state == "closed"

    @property
    def frames_sent(self) -> int:
        with self._lock:
            return self._next_send_seq

    # ---------------------------------------------------------------------------- receiving

    @property
    def busy(self) -> bool:
        """Handling a message, or one is waiting in the socket (for :meth:`Endpoint.settle`)."""
        if self._handling:
            return True
        if self.state == "closed":
            return False
        return readable_now(self.sock)

    def _read_loop(self) -> None:
        try:
            while True:
                self._handling = False
                message = read_wire(self.sock)
                if message is None:
                    break  # end of stream: close without sending anything more
                self._handling = True
                with self._lock:
                    processing = self.state in ("open", "going_away") and not (
                        self._goaway_received or self.state == "closing"
                    )
                if not processing:
                    continue  # draining after our last frame
                self._handle_transport(message)
        finally:
            self._finish()
            self._handling = False

    def _handle_transport(self, message: bytes) -> None:
        try:
            plaintext = self._recv_cs.decrypt(message)
        except NoiseError:
            self.refuse("FRAME", None, "a transport message failed authentication")
            return
        try:
            frame = F.decode(plaintext, self.session is not None)
        except F.FrameError as e:
            self._received_now()
            self.refuse("FRAME", e.sequence, str(e))
            return
        self._handle_frame(frame)

    def _received_now(self) -> None:
        with self._lock:
            self.last_rx = self.clock.now()
            self._ping_pending = False

    def _handle_frame(self, frame: F.Frame) -> None:
        self._received_now()
        if frame.sequence != self._next_recv_seq:
            self.refuse("FRAME", frame.sequence,
                        "sequence number %d, expected %d" % (frame.sequence, self._next_recv_seq))
            return
        self._next_recv_seq += 1
        if self.session is not None and self.session.expect_resume and frame.type != F.RESUME \
                and frame.sequence >= 1:  # RTT 1.1 (RTT-RES-006): frame 1 answers the resume request
            self.refuse("FRAME", frame.sequence, "frame %d is not the RESUME the request asked for" % frame.sequence)
            return
        with self._lock:
            self.frames_received += 1
        if rate_counted(frame, self._last_ack) and not self._control_rate.admit(self.clock.now()):
            # RTT-LIM-011: one counted frame too many in a period: a closing LIMIT naming it
            self.refuse("LIMIT", frame.sequence, "more than %d control frames within %d s"
                        % (self._control_rate.budget, RATE_PERIOD))
            return
        handler = self._HANDLERS[frame.type]
        handler(self, frame)

    # Table 4 handlers --------------------------------------------------------------------

    def _on_open(self, f: F.Frame) -> None:
        cid = f.channel
        peer_parity = 0 if self.role == "responder" else 1  # the peer opens even ids if it initiated
        try:
            name = f.body.decode("utf-8")
        except UnicodeDecodeError:
            name = None
        with self._lock:
            if cid < 3:
                problem = "OPEN of standard channel %d" % cid
            elif cid in self.channels:
                problem = "OPEN of channel %d, which is in use" % cid
            elif cid % 2 != peer_parity:
                problem = "OPEN of channel %d: wrong parity for the %s" % (
                    cid, "initiator" if peer_parity == 0 else "responder")
            elif name is None or not F.CHANNEL_NAME.fullmatch(name):
                problem = "OPEN with a name that is not a channel name"
            elif any(c.name == name for c in self.channels.values()):
                problem = "OPEN with the name of an open channel: %s" % name
            else:
                problem = None
            over = problem is None and len(self.channels) + 1 > self.local_max_channels
            if problem is None and not over:
                self.channels[cid] = Channel(cid, name)
        if problem is not None:
            self.refuse("CHANNEL", f.sequence, problem)
        elif over:
            self.refuse("LIMIT", f.sequence, "more than %d channels" % self.local_max_channels)
        else:
            self._enqueue(F.OPEN_ACK, 0, cid)
            if self.session is not None:
                self.session.channel_opened(cid, name)
            self._emit("rtt.channel.opened", channel=cid, name=name)

    def _on_open_ack(self, f: F.Frame) -> None:
        with self._lock:
            ch = self.channels.get(f.channel)
            ok = ch is not None and ch.state == "opening"
            if ok:
                ch.state = "open"
                ch.opened.set()
                self._wake.notify_all()
        if not ok:
            self.refuse("CHANNEL", f.sequence, "OPEN_ACK for channel %d, which we are not opening" % f.channel)
        else:
            if self.session is not None:
                self.session.channel_opened(f.channel, ch.name)
            self._emit("rtt.channel.opened", channel=f.channel, name=ch.name)

    def _on_close(self, f: F.Frame) -> None:
        cid = f.channel
        with self._lock:
            ch = self.channels.get(cid)
            if cid < 3:
                problem = "CLOSE of standard channel %d" % cid
            elif ch is None or ch.state == "opening":
                problem = "CLOSE of channel %d, which is not open" % cid
            else:
                problem = None
                answer = ch.state == "open"
                self._budget.subtract(self, len(ch.assembling))
                del self.channels[cid]
        if problem is not None:
            self.refuse("CHANNEL", f.sequence, problem)
            return
        if answer:
            self._enqueue(F.CLOSE, 0, cid)
        if self.session is not None:
            self.session.channel_closed(cid)
        self._emit("rtt.channel.closed", channel=cid, name=ch.name)

    def _on_data(self, f: F.Frame) -> None:
        with self._lock:
            ch = self.channels.get(f.channel)
            if ch is None or ch.state == "opening":
                problem, code = "DATA on channel %d, which is not open" % f.channel, "CHANNEL"
            elif len(f.body) > ch.recv_window:
                problem, code = ("DATA of %d bytes with %d left in the window"
                                 % (len(f.body), ch.recv_window)), "BACKPRESSURE"
            else:
                problem = code = None
                over = None
                if f.flags & F.FLAG_FIN:
                    self._budget.subtract(self, len(ch.assembling))
                    ch.began = None
                else:
                    # RTT-LIM-005: the endpoint's bound on the unfinished bytes of all connections
                    over = self._budget.add(self, len(f.body))
                    if ch.began is None:
                        ch.began = self.clock.now()
                if over is self:
                    problem, code = LIMIT_TEXT, "LIMIT"
                else:
                    ch.recv_window -= len(f.body)
                    ch.assembling += f.body
                complete = None
                if problem is None and f.flags & F.FLAG_FIN:
                    complete = bytes(ch.assembling)
                    ch.assembling = bytearray()
        if problem is not None:
            self.refuse(code, f.sequence, problem)
            return
        if over is not None:
            over.refuse("LIMIT", None, LIMIT_TEXT)  # another connection holds the most
        if complete is None:
            return
        # deliver, then grant the message's size back (RTT-FLOW-002)
        try:
            if f.channel < 3:
                self.app.on_message(self, f.channel, complete, f.sequence)
            else:
                named = getattr(self.app, "on_named_message", None)
                if named is not None:
                    named(self, f.channel, complete)  # harness rtt/inbox (HAR-RES-004)
                with self._lock:
                    self._inbox.append((f.channel, complete))
                    self._wake.notify_all()
                    if len(self._inbox) > 1024:
                        self._inbox.popleft()  # nobody reads named channels here: consume them
        except Exception as e:  # an application fault must not kill the reader
            import traceback

            traceback.print_exc()
        if self.session is not None:
            self.session.delivered(f.channel, complete)  # RTT-RES-003: its ACK before its CREDIT
        if complete:
            with self._lock:
                if f.channel in self.channels:
                    self.channels[f.channel].recv_window += len(complete)
                    if self.channels[f.channel].began is not None:
                        # RTT-LIM-004: a sender that waited for this CREDIT gets the whole deadline
                        self.channels[f.channel].began = self.clock.now()
            self._enqueue(F.CREDIT, 0, f.channel, F.u32(len(complete)))

    def _on_credit(self, f: F.Frame) -> None:
        amount = f.uint32()
        with self._lock:
            ch = self.channels.get(f.channel)
            if ch is None or ch.state == "opening":
                problem, code = "CREDIT for channel %d, which is not open" % f.channel, "CHANNEL"
            elif ch.send_window + amount > F.WINDOW:
                problem, code = "CREDIT that takes the window over 1 MiB", "FRAME"
            else:
                problem = code = None
                ch.send_window += amount
                self._wake.notify_all()
        if problem is not None:
            self.refuse(code, f.sequence, problem)

    def _on_ack(self, f: F.Frame) -> None:
        count = f.uint32()
        with self._lock:
            bad = count > self._next_send_seq or count < self._last_ack
            if not bad:
                self._last_ack = count
        if bad:
            self.refuse("FRAME", f.sequence, "ACK of %d frames" % count)
        elif self.session is not None:
            self.session.acked(count)

    def _on_ping(self, f: F.Frame) -> None:
        # RTT-LIM-007: at most 1,000 PINGs in a period of 10 s, the period beginning with the first
        # PING after the last one ended; the 1,001st is refused with a closing LIMIT naming it
        now = self.clock.now()
        if not self._ping_rate.admit(now):
            self.refuse("LIMIT", f.sequence, "more than %d PINGs within %d s"
                        % (MAX_PINGS_PER_PERIOD, RATE_PERIOD))
            return
        self._enqueue(F.PONG, 0, 0, f.body)

    def _on_pong(self, f: F.Frame) -> None:
        self._emit("rtt.heartbeat.pong_received")

    def _on_error(self, f: F.Frame) -> None:
        body = F.parse_error_body(f.body)
        closing = bool(f.flags & F.FLAG_CLOSING)
        self._emit("rtt.error.received", msg_id=body.msg_id, code=body.code, closing=closing)
        if closing:
            # RTT-ERR-004: send nothing more, close
            with self._lock:
                if self._close_code is None:
                    self._close_code = body.code
                self._abort_sending_locked()
            return
        try:
            self.app.on_peer_error(self, f.channel, body)
        except Exception:
            import traceback

            traceback.print_exc()

    def _abort_sending_locked(self) -> None:
        self.state = "closing"
        self._terminal_queued = True
        self._outbox.clear()
        self._drain_until = time.monotonic() + DRAIN
        self._wake.notify_all()
        try:
            self.sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass

    def _on_goaway(self, f: F.Frame) -> None:
        self._emit("rtt.goaway.received")
        with self._lock:
            self._goaway_received = True
            answered = self._goaway_sent
            if not answered:
                self._goaway_sent = True
                self.state = "going_away"
                self._outbox.drop_messages()
            self._drain_until = time.monotonic() + (DRAIN if not answered else 0)
            self._writes.closing_begins()
            count = self.frames_received
        if not answered:
            # RTT-GA-001: our own GOAWAY (in order after earlier answers), then nothing more
            if self._enqueue(F.GOAWAY, 0, 0, F.u32(count), terminal=True):
                self._emit("rtt.goaway.sent")
        else:
            with self._lock:
                self._abort_sending_locked()

    _HANDLERS = {
        F.OPEN: _on_open,
        F.OPEN_ACK: _on_open_ack,
        F.CLOSE: _on_close,
        F.DATA: _on_data,
        F.CREDIT: _on_credit,
        F.ACK: _on_ack,
        F.PING: _on_ping,
        F.PONG: _on_pong,
        F.ERROR: _on_error,
        F.GOAWAY: _on_goaway,
        F.RESUME: lambda self, f: self.session.resume_frame(f),  # decoded only on resumable connections
    }

    # ------------------------------------------------------------------------------- timers

    def timers_quiet(self, now: float) -> bool:
        """True only when :meth:`check_timers` would do nothing at ``now``: open, heard from within
        15 s, no bytes waiting to be written, no unfinished message. Lock-free, so that the
        endpoint's timer, which asks every connection 20 times a second, costs little with 4,096
        of them (RTT-LIM-010); each value read is one the check itself would read."""
        if self.state != "open" or self._drain_until is not None or self._deadline is not None:
            return False
        if now - self.last_rx >= PING_AFTER or self._writes.waiting:
            return False
        return all(ch.began is None for ch in list(self.channels.values()))

    def check_timers(self, now: float, dead_checked: bool = True) -> Optional[str]:
        """Heartbeat and dead-peer on the injected clock (RTT-HB-001, RTT-HB-003); returns
        ``"TIMEOUT"`` when this call refused the connection for silence. ``dead_checked`` False: the
        clock moved a moment ago, the dead-peer verdict waits (endpoint.ADVANCE_GRACE)."""
        with self._lock:
            state = self.state
            silence = now - self.last_rx
            ping = state == "open" and silence >= PING_AFTER and not self._ping_pending
            if ping:
                self._ping_pending = True
            deadline_passed = (
                (self._drain_until is not None and time.monotonic() > self._drain_until)
                or (self._deadline is not None and time.monotonic() > self._deadline)
            )
        if deadline_passed and state != "closed" and cut_allowed(self._writes, now):
            # RTT-LIM-009: not in the middle of a transport message the transport still takes
            self._force_close()
            return None
        if state == "open" and self._writes.stalled(now):
            # RTT-LIM-008: bytes wait and the transport took none of them for 30 s
            self.refuse("TIMEOUT", None, "the transport accepted none of the bytes waiting to be "
                        "written for %d s" % int(WRITE_STALL))
            return "TIMEOUT"
        if state in ("open", "going_away"):
            late = self._overdue_channel(now)
            if late is not None:
                self.refuse("TIMEOUT", None, "the message on channel %d is unfinished %d s after its "
                            "first DATA frame" % (late, int(MESSAGE_DEADLINE)))
                return "TIMEOUT"
        if state == "open" and silence >= DEAD_AFTER and dead_checked:
            self.refuse("TIMEOUT", None, "nothing received for %d seconds" % int(silence))
            return "TIMEOUT"
        if ping:
            self.ping()
            self._emit("rtt.heartbeat.ping_sent")
        return None

    def _overdue_channel(self, now: float) -> Optional[int]:
        """RTT-LIM-004: a channel whose message is unfinished 30 s after its first DATA frame while
        the peer had credit to finish it (a window of zero is our own delay, never the peer's)."""
        with self._lock:
            for cid, ch in self.channels.items():
                if ch.began is not None and now - ch.began >= MESSAGE_DEADLINE and ch.recv_window > 0:
                    return cid
        return None

    def _force_close(self) -> None:
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def _finish(self) -> None:
        """The reader has stopped: wait (bounded) for the writer's last frame, close, report."""
        with self._lock:
            if not self._terminal_queued:
                # the stream ended without a last frame of ours: send nothing more
                self._terminal_queued = True
                self._outbox.clear()
            self._wake.notify_all()
        self._writer_done.wait(CLOSE_WITHIN)
        with self._lock:
            if self.state == "closed":
                return
            self.state = "closed"
            self._terminal_queued = True
            self._wake.notify_all()
            self._budget.release(self)
            for ch in self.channels.values():
                ch.opened.set()
        try:
            self.sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            self.sock.close()
        except OSError:
            pass
        attrs = {"code": self._close_code} if self._close_code else {}
        self._emit("rtt.connection.closed", **attrs)
        if self.session is not None:  # RTT 1.1: an abrupt end suspends the session, any other ends it
            try:
                self.session.closed(self._close_code, self._goaway_sent or self._goaway_received)
            except Exception:
                import traceback

                traceback.print_exc()
        try:
            self.app.on_closed(self, self._close_code, self._closed_by_us)
        except Exception:
            import traceback

            traceback.print_exc()
        self._finished.set()
        self._on_finished(self)
