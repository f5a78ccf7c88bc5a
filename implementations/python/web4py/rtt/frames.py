"""RTT frames (spec/rtt.md §4): the 8-byte header, Table 4, the format checks every receiver makes
whatever its state (RTT-FR-003, RTT-FR-005, RTT-FLOW-003 for a CREDIT of 0), and the ERROR body of
§4.3."""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from typing import Optional

from ..envelope import MSG_ID_PATTERN
from . import _json

OPEN = 0x01
OPEN_ACK = 0x02
CLOSE = 0x03
DATA = 0x04
CREDIT = 0x05
ACK = 0x06
PING = 0x07
PONG = 0x08
ERROR = 0x09
GOAWAY = 0x0A
RESUME = 0x0B  # RTT 1.1 (docs/drafts/rtt-resume.md §4.2): only on resumable connections

NAMES = {
    OPEN: "OPEN",
    OPEN_ACK: "OPEN_ACK",
    CLOSE: "CLOSE",
    DATA: "DATA",
    CREDIT: "CREDIT",
    ACK: "ACK",
    PING: "PING",
    PONG: "PONG",
    ERROR: "ERROR",
    GOAWAY: "GOAWAY",
    RESUME: "RESUME",
}
CODES = {v: k for k, v in NAMES.items()}

FLAG_FIN = 0x01
FLAG_CLOSING = 0x01

HEADER = 8
MAX_BODY = 65535 - 16 - HEADER  # 65,511
WINDOW = 1_048_576

# Table 4 as data: allowed flag values, body rule ("empty", a fixed length, "any", "name",
# "error"), and whether the frame must be on channel 0.
_RULES = {
    OPEN: ({0}, "name", False),
    OPEN_ACK: ({0}, 0, False),
    CLOSE: ({0}, 0, False),
    DATA: ({0, FLAG_FIN}, "any", False),
    CREDIT: ({0}, 4, False),
    ACK: ({0}, 4, True),
    PING: ({0}, 8, True),
    PONG: ({0}, 8, True),
    ERROR: ({0, FLAG_CLOSING}, "error", False),
    GOAWAY: ({0}, 4, True),
}

# RTT 1.1: the frame a resumable connection adds to Table 4 (a 1.0 connection refuses type 0x0B)
_RULES_1_1 = {**_RULES, RESUME: ({0}, "any", True)}

CHANNEL_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
# rtt.md §4.3 (spec 0.4.0): any code of this form, registered in envelope.md Table 14 or not (forward
# compatibility: an unregistered code is accepted)
ERROR_CODE = re.compile(r"[A-Z][A-Z0-9_]{0,31}")
MAX_SEQUENCE = 0xFFFFFFFF


class FrameError(Exception):
    """A plaintext that is not a frame of Table 4: refused with ``FRAME`` (``sequence`` is the
    frame's sequence number when the header could be read, else None)."""

    def __init__(self, message: str, sequence: Optional[int] = None):
        super().__init__(message)
        self.sequence = sequence


@dataclass(frozen=True)
class Frame:
    type: int
    flags: int
    channel: int
    sequence: int
    body: bytes = b""

    @property
    def type_name(self) -> str:
        return NAMES.get(self.type, "0x%02x" % self.type)

    def encode(self) -> bytes:
        return encode(self.type, self.flags, self.channel, self.sequence, self.body)

    def uint32(self) -> int:
        return struct.unpack(">I", self.body)[0]

    def __repr__(self) -> str:  # short, for logs
        body = self.body if len(self.body) <= 32 else self.body[:32] + b"..."
        return "%s(flags=%d, ch=%d, seq=%d, body=%s)" % (
            self.type_name,
            self.flags,
            self.channel,
            self.sequence,
            body.hex(),
        )


def encode(ftype: int, flags: int, channel: int, sequence: int, body: bytes = b"") -> bytes:
    if len(body) > MAX_BODY:
        raise ValueError("frame body longer than 65,511 bytes")
    return struct.pack(">BBHI", ftype, flags, channel, sequence) + bytes(body)


def u32(value: int) -> bytes:
    return struct.pack(">I", value)


def decode(plaintext: bytes, resumable: bool = False) -> Frame:
    """Decode a plaintext and make every check that does not depend on the connection's state;
    raises :class:`FrameError` for a plaintext every receiver refuses with ``FRAME``. ``resumable``:
    the connection is an RTT 1.1 resumable one, which knows RESUME (0x0B)."""
    if len(plaintext) < HEADER:
        raise FrameError("plaintext shorter than the 8-byte header (%d bytes)" % len(plaintext))
    ftype, flags, channel, sequence = struct.unpack(">BBHI", plaintext[:HEADER])
    body = bytes(plaintext[HEADER:])
    rule = (_RULES_1_1 if resumable else _RULES).get(ftype)
    if rule is None:
        raise FrameError("unknown frame type 0x%02x" % ftype, sequence)
    allowed_flags, body_rule, control_only = rule
    name = NAMES[ftype]
    if flags not in allowed_flags:
        raise FrameError("flags 0x%02x not allowed for %s" % (flags, name), sequence)
    if len(body) > MAX_BODY:
        raise FrameError("body longer than 65,511 bytes", sequence)
    if isinstance(body_rule, int):
        if len(body) != body_rule:
            raise FrameError(
                "%s body of %d bytes; Table 4 says %d" % (name, len(body), body_rule), sequence
            )
    elif body_rule == "error":
        try:
            parse_error_body(body)
        except ValueError as e:
            raise FrameError("ERROR body is not the object of section 4.3: %s" % e, sequence)
    if ftype == CREDIT and struct.unpack(">I", body)[0] == 0:
        raise FrameError("CREDIT of 0 bytes", sequence)
    if control_only and channel != 0:
        raise FrameError("%s on channel %d, not 0" % (name, channel), sequence)
    return Frame(ftype, flags, channel, sequence, body)


# ------------------------------------------------------------------------------- ERROR body


@dataclass(frozen=True)
class ErrorBody:
    code: str
    frame: Optional[int]
    msg_id: Optional[str]
    text: str

    def encode(self) -> bytes:
        return error_body(self.code, self.frame, self.msg_id, self.text)


def error_body(code: str, frame: Optional[int], msg_id: Optional[str], text: str) -> bytes:
    """The RFC 8785 form of the §4.3 object; ValueError rather than an ERROR a receiver would refuse
    (RTT-ERR-002)."""
    body = _json.canonicalize({"code": code, "frame": frame, "msg_id": msg_id, "text": text})
    parse_error_body(body)
    return body


def parse_error_body(body: bytes) -> ErrorBody:
    """Parse and check an ERROR body (§4.3; spec 0.4.0, interop finding 4): the RFC 8785 form of an
    object with exactly the four members; ``code`` of the pattern (registered or not), ``frame``
    null or an integer 0..2^32-1, ``msg_id`` null or of the ENV-MSG-001 form, ``text`` a string.
    Raises ValueError; a receiver refuses such a frame with FRAME (RTT-FR-003)."""
    value = _json.parse(body)  # raises ValueError for anything that is not I-JSON
    if not isinstance(value, dict):
        raise ValueError("not an object")
    if set(value) != {"code", "frame", "msg_id", "text"}:
        raise ValueError("members must be exactly code, frame, msg_id, text")
    code, frame, msg_id, text = value["code"], value["frame"], value["msg_id"], value["text"]
    if not isinstance(code, str) or not ERROR_CODE.fullmatch(code):
        raise ValueError("code is not an error code")
    if frame is not None:
        if isinstance(frame, bool) or not isinstance(frame, (int, float)):
            raise ValueError("frame is not an integer or null")
        if isinstance(frame, float):
            if not frame.is_integer():
                raise ValueError("frame is not an integer")
            frame = int(frame)
        if not 0 <= frame <= MAX_SEQUENCE:
            raise ValueError("frame is not a sequence number")
    if msg_id is not None and not (isinstance(msg_id, str) and MSG_ID_PATTERN.fullmatch(msg_id)):
        raise ValueError("msg_id is neither null nor a msg_id (ENV-MSG-001)")
    if not isinstance(text, str):
        raise ValueError("text is not a string")
    if _json.canonicalize(value) != bytes(body):
        raise ValueError("not in RFC 8785 form")
    return ErrorBody(code, frame, msg_id, text)
