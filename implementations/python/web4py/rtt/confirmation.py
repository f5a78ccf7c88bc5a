"""The initiator's last step of the handshake (spec/rtt.md RTT-HS-008): after message 3 it counts
the handshake complete only once the responder's first transport frame arrived and is not an ERROR.
A responder that accepts sends a PING as that frame (RTT-HS-007); one that refuses the initiator's
payload sends a closing ERROR HANDSHAKE (RTT-HS-005)."""

from __future__ import annotations

import socket
from typing import Optional

from . import frames as F
from .connection import read_wire
from .noise import CipherState, NoiseError


class NotConfirmed(Exception):
    """The handshake failed after message 3. ``error``: the responder's ERROR, when that was its
    first frame; ``refusal``: ``(frame, text)`` when the first message was no frame at all, which the
    initiator refuses with FRAME (RTT-FR-003, RTT-FR-004) before it closes."""

    def __init__(self, reason: str, error: Optional[F.ErrorBody] = None, closing: bool = False,
                 refusal: Optional[tuple] = None):
        super().__init__(reason)
        self.reason = reason
        self.error = error
        self.closing = closing
        self.refusal = refusal


def await_first_frame(sock: socket.socket, recv_cs: CipherState, timeout: float) -> F.Frame:
    """The responder's first frame, when it is a frame of Table 4 numbered 0 and not an ERROR; else
    :class:`NotConfirmed`. ``timeout`` bounds the wait in real time (the endpoint's timer also ends
    it on the injected clock by shutting the socket down)."""
    if timeout <= 0:
        raise NotConfirmed("timeout: no frame from the responder within the handshake timeout")
    sock.settimeout(timeout)
    try:
        message = read_wire(sock)
    except (socket.timeout, TimeoutError):
        raise NotConfirmed("timeout: no frame from the responder within the handshake timeout") from None
    if message is None:
        raise NotConfirmed("the responder ended the connection before its first frame")
    try:
        plaintext = recv_cs.decrypt(message)
    except NoiseError:
        raise NotConfirmed("the responder's first transport message failed authentication",
                           refusal=(None, "a transport message failed authentication")) from None
    try:
        frame = F.decode(plaintext)
    except F.FrameError as e:
        raise NotConfirmed("the responder's first frame is malformed: %s" % e, refusal=(e.sequence, str(e))) from None
    if frame.sequence != 0:
        text = "sequence number %d, expected 0" % frame.sequence
        raise NotConfirmed("the responder's first frame has " + text, refusal=(frame.sequence, text))
    if frame.type == F.ERROR:
        body = F.parse_error_body(frame.body)  # decode() checked it
        raise NotConfirmed("the responder refused: %s %s" % (body.code, body.text), error=body,
                           closing=bool(frame.flags & F.FLAG_CLOSING))
    return frame
