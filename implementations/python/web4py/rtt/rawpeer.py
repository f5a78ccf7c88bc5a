"""A deliberately low-level RTT peer for tests: it runs the handshake step by step with any payload,
sends any frame (wrong sequence numbers, bad bodies, forged tags) and reads what comes back,
without the checks of :class:`web4py.rtt.connection.Connection`."""

from __future__ import annotations

import os
import socket
import struct
import time
from typing import Optional, Union

from . import frames as F
from . import payload as P
from .connection import read_wire, send_wire
from .identity import Identity
from .noise import RTT_PROLOGUE, RTT_PROTOCOL, HandshakeState, NoiseError, x25519_public


class Closed:
    def __repr__(self):
        return "CLOSED"


class Timeout:
    def __repr__(self):
        return "TIMEOUT"


CLOSED, TIMEOUT = Closed(), Timeout()


class RawPeer:
    def __init__(self, sock: socket.socket, identity: Identity, initiator: bool,
                 static_private: Optional[bytes] = None, max_channels: int = 64):
        self.sock = sock
        self.identity = identity
        self.static_private = static_private or os.urandom(32)
        self.static_public = x25519_public(self.static_private)
        self.hs = HandshakeState(RTT_PROTOCOL, initiator, RTT_PROLOGUE, s=self.static_private)
        self.max_channels = max_channels
        self.send_cs = self.recv_cs = None
        self.seq = 0
        self.peer_payload: Optional[bytes] = None
        self.peer: Optional[P.PeerIdentity] = None
        self.windows: dict[int, int] = {}
        self.assembling: dict[int, bytearray] = {}
        self.confirmation: Optional[F.Frame] = None  # the responder's PING (RTT-HS-007)

    # -- connecting
    @classmethod
    def connect(cls, address, identity: Identity, **kw) -> "RawPeer":
        sock = socket.create_connection(address, timeout=5)
        return cls(sock, identity, True, **kw)

    def valid_payload(self) -> bytes:
        return P.build(self.identity, self.static_public, self.max_channels)

    def send_raw(self, data: bytes) -> None:
        self.sock.sendall(data)

    def end(self) -> None:
        self.sock.shutdown(socket.SHUT_WR)

    def message1(self, payload: bytes = b"") -> None:
        send_wire(self.sock, self.hs.write_message(payload))

    def read_message2(self, timeout: float = 5) -> Optional[bytes]:
        self.sock.settimeout(timeout)
        m2 = read_wire(self.sock)
        if m2 is None:
            return None
        self.peer_payload = self.hs.read_message(m2)
        return self.peer_payload

    def message3(self, payload: Optional[bytes] = None, corrupt_tag: bool = False) -> None:
        m3 = self.hs.write_message(self.valid_payload() if payload is None else payload)
        if corrupt_tag:
            m3 = m3[:-1] + bytes([m3[-1] ^ 1])
        send_wire(self.sock, m3)
        self.send_cs, self.recv_cs = self.hs.split()
        self.windows = {0: F.WINDOW, 1: F.WINDOW, 2: F.WINDOW}

    def handshake(self, payload: Optional[bytes] = None, answer_ping: bool = True) -> "RawPeer":
        """The whole handshake as initiator, up to the responder's confirming PING (RTT-HS-007,
        RTT-HS-008), which is answered with PONG unless ``answer_ping`` is false."""
        self.message1()
        p2 = self.read_message2()
        if p2 is None:
            raise ConnectionError("no message 2")
        self.peer = P.check(p2, self.hs.remote_static)
        self.message3(payload)
        first = self.next()
        if not isinstance(first, F.Frame) or (first.type, first.flags, first.channel) != (F.PING, 0, 0):
            raise ConnectionError("the responder's first frame is %r, not a PING on channel 0" % (first,))
        self.confirmation = first
        if answer_ping:
            self.send_frame(F.PONG, 0, first.body)
        return self

    # -- as responder (the agent dials us)
    @classmethod
    def accept(cls, listener: socket.socket, identity: Identity, **kw) -> "RawPeer":
        sock, _ = listener.accept()
        sock.settimeout(5)
        return cls(sock, identity, False, **kw)

    def respond(self, payload: Optional[bytes] = None, confirm: bool = True) -> bool:
        """Read message 1, answer message 2; True when message 3 arrives (and is read), after which
        the PING of RTT-HS-007 is sent as frame 0 unless ``confirm`` is false."""
        m1 = read_wire(self.sock)
        self.hs.read_message(m1)
        send_wire(self.sock, self.hs.write_message(self.valid_payload() if payload is None else payload))
        try:
            m3 = read_wire(self.sock)
        except socket.timeout:
            return False
        if m3 is None:
            return False
        self.peer_payload = self.hs.read_message(m3)
        self.peer = P.check(self.peer_payload, self.hs.remote_static)
        self.recv_cs, self.send_cs = self.hs.split()[1], self.hs.split()[0]
        self.windows = {0: F.WINDOW, 1: F.WINDOW, 2: F.WINDOW}
        if confirm:
            self.send_frame(F.PING, 0, os.urandom(8))
        return True

    # -- frames
    def send_plaintext(self, plaintext: bytes) -> None:
        send_wire(self.sock, self.send_cs.encrypt(plaintext))

    def send_frame(self, ftype: int, channel: int = 0, body: bytes = b"", flags: int = 0,
                   seq: Optional[int] = None) -> int:
        s = self.seq if seq is None else seq
        self.send_plaintext(F.encode(ftype, flags, channel, s, body))
        self.seq += 1
        return s

    def send_forged(self) -> None:
        """A transport message that fails authentication."""
        ct = self.send_cs.encrypt(F.encode(F.PING, 0, 0, self.seq, bytes(8)))
        send_wire(self.sock, ct[:-1] + bytes([ct[-1] ^ 0xFF]))

    def send_message(self, channel: int, data: bytes, fragments: int = 1, fin: bool = True) -> int:
        """DATA frames for one message; returns the sequence number of the last fragment."""
        size = max(1, -(-len(data) // fragments))
        pieces = [data[i : i + size] for i in range(0, len(data), size)] or [b""]
        last = -1
        for i, piece in enumerate(pieces):
            last_piece = i == len(pieces) - 1
            last = self.send_frame(F.DATA, channel, piece, F.FLAG_FIN if (last_piece and fin) else 0)
            self.windows[channel] = self.windows.get(channel, F.WINDOW) - len(piece)
        return last

    def next(self, timeout: float = 5.0) -> Union[F.Frame, Closed, Timeout]:
        self.sock.settimeout(timeout)
        try:
            m = read_wire(self.sock)
        except (socket.timeout, TimeoutError):
            return TIMEOUT
        if m is None:
            return CLOSED
        f = F.decode(self.recv_cs.decrypt(m))
        if f.type == F.CREDIT:
            self.windows[f.channel] = self.windows.get(f.channel, 0) + f.uint32()
        elif f.type == F.OPEN_ACK:
            self.windows.setdefault(f.channel, F.WINDOW)
        return f

    def await_frame(self, ftype: int, timeout: float = 5.0, skip=(F.DATA, F.CREDIT, F.ACK)):
        """The next frame of ``ftype``, skipping others in ``skip``; anything else is returned too."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return TIMEOUT
            f = self.next(left)
            if not isinstance(f, F.Frame):
                return f
            if f.type == ftype or f.type not in skip:
                return f

    def await_closed(self, timeout: float = 5.0):
        """CLOSED when the stream ends with nothing more; else what came instead."""
        f = self.next(timeout)
        return f

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass
