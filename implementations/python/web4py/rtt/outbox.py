"""The frames a connection has produced and not yet written, in the order it produced them.

One FIFO per connection holds control frames (OPEN, OPEN_ACK, CLOSE, CREDIT, PING, PONG, ERROR,
GOAWAY) and messages (sent as DATA fragments within the channel's window) alike, so that no frame
overtakes one produced before it. That order is what the "sent before the answer" rules ask for:

* RTT-FR-006: answers leave in the order of the frames they answer;
* RTT-FLOW-002: a message's CREDIT leaves before any answer to a later frame;
* harness.md §4.12 (HAR-HCP-001..003) and HAR-LIP-001/003: an envelope the harness operation sent
  precedes, with all its frames, the answer to any frame the peer sends after it read the HTTP
  answer (a PONG, say) -- a writer that let control frames overtake queued DATA broke this;
* LIP-RPL-003: the replies to a LIP_FETCH precede the answers to later frames;
* RTT-HS-007: a responder's confirming PING, queued first, is transport frame 0.

One exception keeps two endpoints from waiting on each other for ever: a message that its channel's
window does not let out (the peer has not granted credit yet) lets the control frames queued behind
it pass -- a CREDIT among them may be what the peer needs to send the credit this message waits for
(rtt.md §6: "as far as the window allows", LIP-RPL-003). Messages never pass one another.

Not thread-safe: the connection calls it under its lock."""

from __future__ import annotations

import collections
from dataclasses import dataclass
from typing import Mapping, Optional, Protocol

from . import frames as F


class _Window(Protocol):
    """What the outbox reads of a channel: whether it may carry DATA and how much."""

    state: str  # "open" | "opening" | "closing"
    send_window: int


@dataclass(frozen=True)
class OutgoingFrame:
    """One frame for the writer to number, encrypt and write; ``terminal``: the last one."""

    type: int
    flags: int
    channel: int
    body: bytes = b""
    terminal: bool = False
    tag: object = None  # a message's FIN DATA frame: the tag it was queued with (RTT 1.1 sessions)


class _Message:
    __slots__ = ("channel", "data", "offset", "tag")

    def __init__(self, channel: int, data: bytes, tag: object = None):
        self.channel = channel
        self.data = data
        self.offset = 0
        self.tag = tag


class Outbox:
    def __init__(self) -> None:
        self._fifo: collections.deque = collections.deque()  # OutgoingFrame | _Message
        self._controls = 0

    # ------------------------------------------------------------------------------- producing

    def put_control(self, frame: OutgoingFrame) -> None:
        if frame.type == F.DATA:
            raise ValueError("DATA leaves through put_message")
        self._fifo.append(frame)
        self._controls += 1

    def put_message(self, channel: int, data: bytes, tag: object = None) -> None:
        self._fifo.append(_Message(channel, bytes(data), tag))

    @property
    def control_frames(self) -> int:
        """Control frames waiting (a peer that never reads lets this grow)."""
        return self._controls

    def has_messages(self, channel: Optional[int] = None) -> bool:
        return any(isinstance(e, _Message) and (channel is None or e.channel == channel) for e in self._fifo)

    def __len__(self) -> int:
        return len(self._fifo)

    def send_queue(self) -> dict:
        """The send queue of harness.md HAR-RTT-003: the messages whose FIN DATA frame has not been
        produced yet (every message still in the FIFO, a partly sent one included) and their bytes
        not yet in a DATA frame. A byte leaves it when :meth:`next_frame` cuts it into a fragment."""
        messages = [e for e in self._fifo if isinstance(e, _Message)]
        return {"messages": len(messages), "bytes": sum(len(m.data) - m.offset for m in messages)}

    def held_back(self, channel: int, channels: Mapping[int, _Window]) -> list:
        """The send queue of one channel as it stands once the writer has framed everything the
        windows let out (spec/rtt.md §9.1): the writer thread cuts fragments a moment after
        ``put_message``, so the send-queue policy decides on this projection, which does not depend
        on that moment. Messages leave in FIFO order and never pass one another: once one is held
        back by its window, every message behind it is held back whole."""
        from .send_policy import Held

        windows = {cid: ch.send_window for cid, ch in channels.items()}
        held: list = []
        stuck = False
        for entry in self._fifo:
            if not isinstance(entry, _Message):
                continue
            remaining = len(entry.data) - entry.offset
            ch = channels.get(entry.channel)
            if stuck or ch is None or ch.state == "opening":
                take = 0
            else:
                take = min(remaining, windows[entry.channel])
                windows[entry.channel] -= take
            if take < remaining or (remaining == 0 and stuck):
                stuck = True
                if entry.channel == channel:
                    held.append(Held(entry, remaining - take, entry.offset > 0 or take > 0))
        return held

    def remove_message(self, message) -> None:
        """Discards one queued message of which no DATA frame was produced (drop_oldest)."""
        self._fifo.remove(message)

    def renumber_after(self, channel: int, index: int) -> None:
        """RTT 1.1 (RTT-RES-017): the message with session index ``index`` on ``channel`` was
        discarded; the later ones of the channel (none begun) take one index less."""
        for e in self._fifo:
            if isinstance(e, _Message) and e.channel == channel and isinstance(e.tag, int) and e.tag > index:
                e.tag -= 1

    # ------------------------------------------------------------------------------- dropping

    def drop_messages(self) -> None:
        """Forget every message, a partly sent one included (the connection is ending)."""
        self._fifo = collections.deque(e for e in self._fifo if not isinstance(e, _Message))

    def clear(self) -> None:
        self._fifo.clear()
        self._controls = 0

    # ------------------------------------------------------------------------------- consuming

    def next_frame(self, channels: Mapping[int, _Window]) -> Optional[OutgoingFrame]:
        """The next frame to write, or None when nothing may leave now. Takes the oldest entry; when
        that is a message its window holds back, the oldest control frame behind it instead."""
        while self._fifo:
            head = self._fifo[0]
            if isinstance(head, OutgoingFrame):
                return self._take_control(0)
            channel = channels.get(head.channel)
            if channel is None:
                self._fifo.popleft()  # the peer closed the channel under it: nobody reads it now
                continue
            fragment = self._fragment(head, channel)
            if fragment is not None:
                return fragment
            for index, entry in enumerate(self._fifo):
                if isinstance(entry, OutgoingFrame):
                    return self._take_control(index)
            return None
        return None

    def _take_control(self, index: int) -> OutgoingFrame:
        entry = self._fifo[index]
        del self._fifo[index]
        self._controls -= 1
        if entry.type == F.CLOSE and index > 0:
            # our CLOSE passes held-back messages of its channel: they can never leave now
            ahead = [e for i, e in enumerate(self._fifo) if i < index]
            kept = [e for e in ahead if not (isinstance(e, _Message) and e.channel == entry.channel)]
            self._fifo = collections.deque(kept + list(self._fifo)[index:])
        return entry

    def _fragment(self, message: _Message, channel: _Window) -> Optional[OutgoingFrame]:
        """The message's next DATA fragment if its channel's window lets one out (consuming the
        window), else None."""
        if channel.state == "opening":
            return None
        remaining = len(message.data) - message.offset
        size = min(remaining, F.MAX_BODY, channel.send_window)
        if remaining > 0 and size == 0:
            return None
        body = message.data[message.offset : message.offset + size]
        message.offset += size
        channel.send_window -= size
        fin = message.offset == len(message.data)
        if fin:
            self._fifo.popleft()
        # the tag (a session's message index) goes with every fragment: the writer reports the FIN
        # (fin_written) and a begun message (data_begun, RTT-RES-017)
        return OutgoingFrame(F.DATA, F.FLAG_FIN if fin else 0, message.channel, body, tag=message.tag)
