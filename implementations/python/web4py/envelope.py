"""Envelope validation, replay memory and signing (spec/envelope.md §7–§14).

:class:`Receiver` validates envelope text in the exact order of Table 13 and reports the code of the
first failing step (ENV-ERR-001):

==== ======================================================================= =====================
step check                                                                   code
==== ======================================================================= =====================
1    size ≤ 1,048,576 bytes                                                  INVALID_ENVELOPE
2    strict UTF-8 / I-JSON parse, depth ≤ 32                                 INVALID_ENVELOPE
3    top-level object, exactly one discriminator, version                    INVALID_ENVELOPE /
                                                                             UNSUPPORTED_VERSION
4    envelope structure (``schemas/envelope/<protocol>.schema.json``)        INVALID_ENVELOPE
5    ``type`` defined for the protocol                                       UNSUPPORTED_TYPE
6    fingerprint = SHA-256(pubkey)                                           IDENTITY_MISMATCH
7    signature (pinned criteria, :mod:`web4py.ed25519`)                      SIGNATURE_MISMATCH
8    clock skew ≤ 300 s                                                      TIMESTAMP
9    payload (``schemas/payloads/<protocol>/<TYPE>.schema.json``)            PAYLOAD_SCHEMA
10   replay (:class:`ReplayCache`)                                           REPLAY
==== ======================================================================= =====================

Only an envelope that passes all ten steps is accepted and its ``msg_id`` remembered (ENV-RPL-001).

Clock values are integers: nanoseconds since 1970-01-01T00:00:00Z in the proleptic Gregorian calendar
(negative before 1970; year 0000 is supported, spec/envelope.md §8).
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Dict, Optional, Tuple

from . import ed25519, ijson, jcs
from .message_types import MESSAGE_TYPES, row_of
from .schema import Registry, default_registry

__all__ = [
    "INVALID_ENVELOPE",
    "UNSUPPORTED_VERSION",
    "UNSUPPORTED_TYPE",
    "IDENTITY_MISMATCH",
    "SIGNATURE_MISMATCH",
    "TIMESTAMP",
    "PAYLOAD_SCHEMA",
    "REPLAY",
    "BACKPRESSURE",
    "ERROR_CODES",
    "MESSAGE_TYPES",
    "MAX_ENVELOPE_BYTES",
    "MAX_SKEW_NS",
    "REPLAY_WINDOW_NS",
    "Verdict",
    "ReplayCache",
    "Receiver",
    "parse_timestamp",
    "format_timestamp",
    "now_ns",
    "signature_input",
    "sign_envelope",
    "new_msg_id",
    "msg_id_of",
    "MSG_ID_PATTERN",
]

INVALID_ENVELOPE = "INVALID_ENVELOPE"
UNSUPPORTED_VERSION = "UNSUPPORTED_VERSION"
UNSUPPORTED_TYPE = "UNSUPPORTED_TYPE"
IDENTITY_MISMATCH = "IDENTITY_MISMATCH"
SIGNATURE_MISMATCH = "SIGNATURE_MISMATCH"
TIMESTAMP = "TIMESTAMP"
PAYLOAD_SCHEMA = "PAYLOAD_SCHEMA"
REPLAY = "REPLAY"
BACKPRESSURE = "BACKPRESSURE"

# Table 14, in registry order.
ERROR_CODES = (
    "INVALID_ENVELOPE",
    "UNSUPPORTED_VERSION",
    "UNSUPPORTED_TYPE",
    "IDENTITY_MISMATCH",
    "SIGNATURE_MISMATCH",
    "TIMESTAMP",
    "PAYLOAD_SCHEMA",
    "REPLAY",
    "TRUST_VIOLATION",
    "CONSENT",
    "BACKPRESSURE",
    "WRONG_CHANNEL",
    "INTERNAL",
    "HANDSHAKE",
    "FRAME",
    "CHANNEL",
    "LIMIT",
    "TIMEOUT",
    "FETCH_FAILED",
    "SOURCE_BLOCKED",
    "RELAY",  # mesh.md Table 4.3a (spec 0.5.0)
    "HOP_LIMIT",
    "UNREACHABLE",
)

SUPPORTED_VERSION = "1.0"
DISCRIMINATORS = ("cip", "hcp", "lip", "mesh")  # ENV-STR-001

MAX_ENVELOPE_BYTES = ijson.MAX_SIZE  # ENV-LIM-001
MAX_DEPTH = ijson.MAX_DEPTH  # ENV-LIM-002
NS = 1_000_000_000
MAX_SKEW_NS = 300 * NS  # ENV-TIME-002
REPLAY_WINDOW_NS = 600 * NS  # ENV-RPL-001

_VERSION_RE = re.compile(r"[0-9]+\.[0-9]+")
_MSG_ID_RE = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
MSG_ID_PATTERN = _MSG_ID_RE  # ENV-MSG-001 (whole string: use fullmatch)
_TS_RE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?Z")

# --- timestamps (spec/envelope.md §8) --------------------------------------------------------------


def _is_leap(y: int) -> bool:
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_from_civil(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    y -= m <= 2
    era = y // 400  # floor division (Hinnant's C code emulates it with truncation)
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(z: int) -> Tuple[int, int, int]:
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + (3 if mp < 10 else -9)
    return y + (m <= 2), m, d


def parse_timestamp(s: Any) -> Optional[int]:
    """ENV-TIME-001: nanoseconds since the epoch, or None if ``s`` is not a valid timestamp."""
    if not isinstance(s, str):
        return None
    mt = _TS_RE.fullmatch(s)
    if mt is None:
        return None
    y, mo, d, h, mi, sec = (int(g) for g in mt.groups()[:6])
    frac = mt.group(7) or ""
    if not 1 <= mo <= 12:
        return None
    days_in_month = 29 if (mo == 2 and _is_leap(y)) else _MONTH_DAYS[mo - 1]
    if not 1 <= d <= days_in_month or h > 23 or mi > 59 or sec > 59:
        return None
    ns = int(frac.ljust(9, "0")) if frac else 0
    return ((_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec) * NS) + ns


def format_timestamp(t_ns: int, digits: int = 3) -> str:
    """Format nanoseconds since the epoch in the §8 format with ``digits`` (0–9) fraction digits
    (truncated towards the past)."""
    secs, ns = divmod(t_ns, NS)
    days, rem = divmod(secs, 86400)
    y, m, d = _civil_from_days(days)
    if not 0 <= y <= 9999:
        raise ValueError("year outside 0000-9999")
    out = f"{y:04d}-{m:02d}-{d:02d}T{rem // 3600:02d}:{rem // 60 % 60:02d}:{rem % 60:02d}"
    if digits:
        out += "." + f"{ns:09d}"[:digits]
    return out + "Z"


def now_ns() -> int:
    """The real UTC clock in nanoseconds since the epoch."""
    return time.time_ns()


# --- replay memory (spec/envelope.md §12) ----------------------------------------------------------


class ReplayCache:
    """The ``msg_id`` memory of one receiving agent (ENV-RPL-001).

    An accepted ``msg_id`` is remembered while ``now - accepted_at <= 600 s`` (a repeat exactly 600 s
    later is still a replay) and forgotten afterwards; the clock is the receiver clock at each
    check, which may move backwards (the harness supplies arbitrary ``now`` values), in which case
    nothing is forgotten. The memory is bounded by time and by ``max_entries``: when it is full of
    entries still inside their window, :meth:`check_and_remember` refuses the new envelope with
    BACKPRESSURE instead of forgetting anything early (see FINDINGS.md, F-ENV-02).
    """

    DEFAULT_MAX_ENTRIES = 1_000_000

    def __init__(self, window_ns: int = REPLAY_WINDOW_NS, max_entries: int = DEFAULT_MAX_ENTRIES):
        self.window_ns = window_ns
        self.max_entries = max_entries
        self._accepted: Dict[str, int] = {}
        self._heap: list = []  # (accepted_at, msg_id); may hold stale pairs, checked against the dict
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._accepted)

    def _purge(self, now: int) -> None:
        horizon = now - self.window_ns
        heap = self._heap
        while heap and heap[0][0] < horizon:
            at, mid = heapq.heappop(heap)
            if self._accepted.get(mid) == at:
                del self._accepted[mid]

    def seen(self, msg_id: str, now: int) -> bool:
        with self._lock:
            self._purge(now)
            return msg_id in self._accepted

    def check_and_remember(self, msg_id: str, now: int) -> Optional[str]:
        """Atomically: REPLAY if remembered, BACKPRESSURE if full, else remember and return None."""
        with self._lock:
            self._purge(now)
            if msg_id in self._accepted:
                return REPLAY
            if len(self._accepted) >= self.max_entries:
                return BACKPRESSURE
            self._accepted[msg_id] = now
            heapq.heappush(self._heap, (now, msg_id))
            return None

    def clear(self) -> None:
        with self._lock:
            self._accepted.clear()
            self._heap.clear()


# --- validation -----------------------------------------------------------------------------------


@dataclass
class Verdict:
    """The outcome of validating one envelope."""

    valid: bool
    code: Optional[str] = None  # an error code of Table 14 when not valid
    message: str = ""
    step: Optional[int] = None  # the failing step of Table 13 (BACKPRESSURE: None)
    msg_id: Optional[str] = None  # the top-level msg_id when known (spec/envelope.md §14)
    protocol: Optional[str] = None  # "cip" / "hcp" / "lip" / "mesh" once step 3 passed
    envelope: Optional[Dict[str, Any]] = field(default=None, repr=False)  # the parsed envelope

    def as_harness(self) -> Dict[str, Any]:
        if self.valid:
            return {"result": "valid"}
        return {"result": "invalid", "error": {"code": self.code, "message": self.message}}


def msg_id_of(value: Any) -> Optional[str]:
    """The top-level ``msg_id`` of a parsed envelope when it matches §7, else None."""
    if isinstance(value, dict):
        m = value.get("msg_id")
        if isinstance(m, str) and _MSG_ID_RE.fullmatch(m):
            return m
    return None


def signature_input(envelope: Dict[str, Any]) -> bytes:
    """ENV-SIG-001: the canonical form of the envelope without its top-level ``sign``."""
    return jcs.canonicalize({k: v for k, v in envelope.items() if k != "sign"})


class Receiver:
    """Validates envelopes for one receiving agent, with its replay memory.

    ``validate(text, now)`` runs Table 13; ``now`` is the receiver clock in nanoseconds (default:
    the real clock). Thread-safe: the replay step is atomic.
    """

    def __init__(self, replay: Optional[ReplayCache] = None, registry: Optional[Registry] = None):
        self.replay = replay if replay is not None else ReplayCache()
        self.registry = registry if registry is not None else default_registry()

    def validate(self, text: bytes, now: Optional[int] = None, replay: bool = True) -> Verdict:
        """Steps 1–10; with ``replay=False`` steps 1–9 only, nothing remembered (a relay's step R4,
        spec/mesh.md Table 4.3a: the replay step of an inner envelope runs at delivery, §4.4)."""
        if now is None:
            now = now_ns()
        text = bytes(text)

        def fail(step: int, code: str, message: str, value: Any = None, protocol: Optional[str] = None) -> Verdict:
            return Verdict(False, code, message, step, msg_id_of(value), protocol, value if isinstance(value, dict) else None)

        # step 1 — size
        if len(text) > MAX_ENVELOPE_BYTES:
            return fail(1, INVALID_ENVELOPE, f"envelope of {len(text)} bytes exceeds {MAX_ENVELOPE_BYTES} bytes")
        # step 2 — strict I-JSON, depth
        try:
            env = ijson.parse(text, max_size=MAX_ENVELOPE_BYTES, max_depth=MAX_DEPTH)
        except ijson.IJsonError as e:
            return fail(2, INVALID_ENVELOPE, f"not I-JSON: {e}")
        # step 3 — discriminator and version
        if not isinstance(env, dict):
            return fail(3, INVALID_ENVELOPE, "the envelope is not a JSON object", env)
        present = [p for p in DISCRIMINATORS if p in env]
        if len(present) != 1:
            return fail(3, INVALID_ENVELOPE, f"expected exactly one of cip/hcp/lip/mesh, found {present or 'none'}", env)
        protocol = present[0]
        version = env[protocol]
        if not isinstance(version, str) or _VERSION_RE.fullmatch(version) is None:
            return fail(3, INVALID_ENVELOPE, f"{protocol} version is not a string MAJOR.MINOR", env)
        if version != SUPPORTED_VERSION:
            return fail(3, UNSUPPORTED_VERSION, f"{protocol} version {version} is not supported", env, protocol)
        # step 4 — structure
        err = self.registry.first_error(env, f"envelope/{protocol}.schema.json")
        if err is not None:
            return fail(4, INVALID_ENVELOPE, f"envelope structure: {err}", env, protocol)
        # step 5 — type
        mtype = env["type"]
        if mtype not in MESSAGE_TYPES[protocol]:
            return fail(5, UNSUPPORTED_TYPE, f"type {mtype} is not defined for {protocol}", env, protocol)
        # step 6 — identity binding
        sender = env["sender"]
        pk = base64.b64decode(sender["pubkey"], validate=True)
        if hashlib.sha256(pk).hexdigest() != sender["fingerprint"]:
            return fail(6, IDENTITY_MISMATCH, "sender.fingerprint is not SHA-256 of sender.pubkey", env, protocol)
        # step 7 — signature
        sig = base64.b64decode(env["sign"]["signature"], validate=True)
        reason = ed25519.check(pk, signature_input(env), sig)
        if reason is not None:
            return fail(7, SIGNATURE_MISMATCH, f"signature does not verify ({reason})", env, protocol)
        # step 8 — clock skew
        ts = parse_timestamp(env["timestamp"])
        if ts is None:  # cannot happen after step 4; kept as a guard
            return fail(4, INVALID_ENVELOPE, "timestamp is not valid", env, protocol)
        if abs(ts - now) > MAX_SKEW_NS:
            return fail(8, TIMESTAMP, f"timestamp {env['timestamp']} is more than 300 s from the receiver clock", env, protocol)
        # step 9 — payload
        err = self.registry.first_error(env["payload"], row_of(protocol, mtype).payload_schema)
        if err is not None:
            return fail(9, PAYLOAD_SCHEMA, f"{mtype} payload: {err}", env, protocol)
        if not replay:
            return Verdict(True, None, "", None, env["msg_id"], protocol, env)
        # step 10 — replay (atomic check-and-remember)
        outcome = self.replay.check_and_remember(env["msg_id"], now)
        if outcome == REPLAY:
            return fail(10, REPLAY, f"msg_id {env['msg_id']} was accepted within the last 600 s", env, protocol)
        if outcome == BACKPRESSURE:
            return Verdict(False, BACKPRESSURE, "replay memory full", None, env["msg_id"], protocol, env)
        return Verdict(True, None, "", None, env["msg_id"], protocol, env)


# --- signing --------------------------------------------------------------------------------------


def sign_envelope(envelope: Dict[str, Any], seed: bytes) -> Dict[str, Any]:
    """Return a copy of ``envelope`` with its top-level ``sign`` set (replaced) to the Ed25519
    signature under ``seed`` of the canonical form without ``sign`` (ENV-SIG-001, ENV-SIG-003)."""
    if not isinstance(envelope, dict):
        raise TypeError("an envelope is a JSON object")
    sig = ed25519.sign(seed, signature_input(envelope))
    signed = {k: v for k, v in envelope.items() if k != "sign"}
    signed["sign"] = {"algo": "ed25519", "signature": base64.b64encode(sig).decode("ascii")}
    return signed


def new_msg_id() -> str:
    """A fresh lowercase UUID version 4 (§7) from a CSPRNG (``uuid4`` uses ``os.urandom``)."""
    return str(uuid.uuid4())
