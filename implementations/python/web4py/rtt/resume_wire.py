"""RTT 1.1 session resume on the wire (docs/drafts/rtt-resume.md, draft): the session keys derived from
a handshake (§2.2), the ``resume`` member of message 3 and its check 13 (§4.1), the binder, and the body
of the RESUME frame 0x0B (§4.2). Pure functions; the state lives in :mod:`web4py.rtt.session` and
:mod:`web4py.rtt.resume`."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDFExpand

from . import _json
from . import frames as F
from .identity import b64, unb64
from .noise import hmac_sha256

RTT_1_1 = "1.1"
SESSION_ID_INFO = b"web4-rtt/1.1 session id"
BINDER_KEY_INFO = b"web4-rtt/1.1 binder key"
SESSION_B64 = re.compile(r"[A-Za-z0-9+/]{21}[AQgw]==")
BINDER_B64 = re.compile(r"[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=")
STANDARD = ("control", "state", "knowledge")
MAX_DELIVERED = 2**53 - 1
MIN_REQUEST_CHANNELS, MAX_REQUEST_CHANNELS = 3, 1024
# the codes of a `fresh` answer (§4.2, R1-R5)
RESUME_UNKNOWN, RESUME_EXPIRED, REPLAY = "RESUME_UNKNOWN", "RESUME_EXPIRED", "REPLAY"


@dataclass(frozen=True)
class SessionKeys:
    session_id: bytes  # 16 bytes
    binder_key: bytes  # 32 bytes


def derive_keys(ck: bytes, h: bytes) -> SessionKeys:
    """RTT-RES-002 (§2.2): prk = HKDF-Extract(salt = h, IKM = ck); session_id and binder_key by
    HKDF-Expand with their ASCII info strings (RFC 5869, HMAC-SHA256)."""
    if len(ck) != 32 or len(h) != 32:
        raise ValueError("ck and h are 32 bytes")
    prk = hmac_sha256(h, ck)  # HKDF-Extract(salt, IKM) = HMAC-Hash(salt, IKM)
    session_id = HKDFExpand(hashes.SHA256(), 16, SESSION_ID_INFO).derive(prk)
    binder_key = HKDFExpand(hashes.SHA256(), 32, BINDER_KEY_INFO).derive(prk)
    return SessionKeys(session_id, binder_key)


def binder(binder_key: bytes, h2: bytes) -> bytes:
    """§4.1: HMAC-SHA256(binder_key, h2), h2 the new handshake's hash after message 2."""
    return hmac_sha256(binder_key, h2)


def binder_ok(binder_key: bytes, h2: bytes, presented: bytes) -> bool:
    """R4: a constant-time comparison."""
    return hmac.compare_digest(binder(binder_key, h2), presented)


# ------------------------------------------------------------------------------- the request


@dataclass(frozen=True)
class ChannelCount:
    id: int
    name: str
    delivered: int

    def as_json(self) -> dict:
        return {"delivered": self.delivered, "id": self.id, "name": self.name}


@dataclass(frozen=True)
class ResumeRequest:
    session_id: bytes
    binder: bytes
    channels: tuple[ChannelCount, ...]

    def as_json(self) -> dict:
        return {"binder": b64(self.binder), "channels": [c.as_json() for c in self.channels],
                "session": b64(self.session_id)}

    def counts(self) -> dict[int, ChannelCount]:
        return {c.id: c for c in self.channels}


class ResumeRefused(ValueError):
    """A `resume` member that fails check 13 (refused with HANDSHAKE, RTT-RES-005), or a RESUME body
    that is not as §4.2 says (refused with FRAME, RTT-RES-006)."""


def _integer(value, low: int, high: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ResumeRefused("%s is not an integer" % what)
    if isinstance(value, float):
        if not value.is_integer():
            raise ResumeRefused("%s is not an integer" % what)
        value = int(value)
    if not low <= value <= high:
        raise ResumeRefused("%s out of %d .. %d" % (what, low, high))
    return value


def _channel_list(value, minimum: int, standard_first: bool) -> tuple[ChannelCount, ...]:
    """The `channels` array of a request (check 13) or a `resumed` RESUME: objects of exactly
    delivered, id, name; ids strictly ascending; the standard three first; named channels by the name
    pattern of rtt.md §5."""
    if not isinstance(value, list) or not minimum <= len(value) <= MAX_REQUEST_CHANNELS:
        raise ResumeRefused("channels is not an array of %d to %d objects" % (minimum, MAX_REQUEST_CHANNELS))
    out: list[ChannelCount] = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or set(item) != {"delivered", "id", "name"}:
            raise ResumeRefused("channels[%d] is not {delivered, id, name}" % i)
        cid = _integer(item["id"], 0, 0xFFFF, "channels[%d].id" % i)
        delivered = _integer(item["delivered"], 0, MAX_DELIVERED, "channels[%d].delivered" % i)
        name = item["name"]
        if not isinstance(name, str):
            raise ResumeRefused("channels[%d].name is not a string" % i)
        if out and cid <= out[-1].id:
            raise ResumeRefused("channel ids are not strictly ascending")
        if standard_first and i < 3:
            if cid != i or name != STANDARD[i]:
                raise ResumeRefused("channels[%d] is not the standard channel %s" % (i, STANDARD[i]))
        elif cid < 3 or not F.CHANNEL_NAME.fullmatch(name):
            raise ResumeRefused("channels[%d] is not a named channel" % i)
        out.append(ChannelCount(cid, name, delivered))
    return tuple(out)


def parse_request(value) -> ResumeRequest:
    """Check 13 (§4.1) on the parsed `resume` member; :class:`ResumeRefused` when it fails."""
    if not isinstance(value, dict) or set(value) != {"binder", "channels", "session"}:
        raise ResumeRefused("resume is not an object of exactly binder, channels, session")
    session, bind = value["session"], value["binder"]
    if not isinstance(session, str) or not SESSION_B64.fullmatch(session):
        raise ResumeRefused("resume.session is not the base64 of 16 bytes")
    if not isinstance(bind, str) or not BINDER_B64.fullmatch(bind):
        raise ResumeRefused("resume.binder is not the base64 of 32 bytes")
    channels = _channel_list(value["channels"], MIN_REQUEST_CHANNELS, True)
    return ResumeRequest(unb64(session), unb64(bind), channels)


# ------------------------------------------------------------------------------- RESUME (0x0B)


@dataclass(frozen=True)
class ResumeAnswer:
    result: str  # "resumed" | "fresh"
    code: str | None = None  # for fresh
    channels: tuple[ChannelCount, ...] = ()  # for resumed

    def encode(self) -> bytes:
        if self.result == "resumed":
            return _json.canonicalize({"channels": [c.as_json() for c in self.channels], "result": "resumed"})
        return _json.canonicalize({"code": self.code, "result": "fresh"})


def parse_answer(body: bytes) -> ResumeAnswer:
    """A RESUME body (§4.2) in its RFC 8785 form; :class:`ResumeRefused` otherwise."""
    try:
        value = _json.parse(body)
    except ValueError as e:
        raise ResumeRefused("RESUME body is not I-JSON: %s" % e)
    if not isinstance(value, dict) or _json.canonicalize(value) != bytes(body):
        raise ResumeRefused("RESUME body is not an object in RFC 8785 form")
    if value.get("result") == "resumed" and set(value) == {"channels", "result"}:
        return ResumeAnswer("resumed", None, _channel_list(value["channels"], 3, True))
    if value.get("result") == "fresh" and set(value) == {"code", "result"}:
        code = value["code"]
        if not isinstance(code, str) or not F.ERROR_CODE.fullmatch(code):
            raise ResumeRefused("RESUME code is not an error code")
        return ResumeAnswer("fresh", code)
    raise ResumeRefused("RESUME body is neither resumed nor fresh as section 4.2 says")
