"""The RTT identity payload (spec/rtt.md §3.2) and its refusal rules (§3.3, spec 0.4.0: one check per
member, and the bytes must be exactly the payload's RFC 8785 form)."""

from __future__ import annotations

import re

from dataclasses import dataclass

from . import _json
from .identity import AGENT_ID, PUBKEY_B64, SIG_B64, Identity, fingerprint_of, unb64, verify, b64

BINDING_LABEL = b"web4-rtt/1.0 static-key binding\x00"
assert len(BINDING_LABEL) == 32
STANDARD_CHANNELS = ["control", "state", "knowledge"]
RTT_VERSION = "1.0"
MIN_CHANNELS = 3
MAX_CHANNELS = 1024
MAX_VERSIONS = 16
VERSION_PATTERN = re.compile(r"[0-9]+\.[0-9]+")


class PayloadRefused(Exception):
    """The peer's identity payload is refused (§3.3); ``reason`` is a short keyword."""

    def __init__(self, reason: str, text: str):
        super().__init__(text)
        self.reason = reason
        self.text = text


@dataclass(frozen=True)
class PeerIdentity:
    agent_id: str
    pubkey: bytes
    pubkey_b64: str
    fingerprint: str
    max_channels: int
    static_key: bytes
    versions: tuple = (RTT_VERSION,)  # the peer's `rtt` list (RTT 1.1 resume: "1.1" in it)
    resume: object = None  # RTT 1.1: the initiator's checked `resume` member (resume_wire.ResumeRequest)

    @property
    def resumable(self) -> bool:
        return "1.1" in self.versions


def binding(identity: Identity, static_public: bytes) -> bytes:
    return identity.sign(BINDING_LABEL + static_public)


def build(identity: Identity, static_public: bytes, max_channels: int = 64, bound_static: bytes = None,
          versions=(RTT_VERSION,), resume: dict = None) -> bytes:
    """The UTF-8 RFC 8785 form of this endpoint's identity payload. ``bound_static`` (tests only)
    makes the binding sign another static key; ``versions`` and ``resume`` (the JSON of a resume
    request, message 3 only) are RTT 1.1's (docs/drafts/rtt-resume.md §2.1, §4.1)."""
    value = {
        "agent_id": identity.agent_id,
        "binding": b64(binding(identity, bound_static if bound_static is not None else static_public)),
        "channels": list(STANDARD_CHANNELS),
        "limits": {"max_channels": max_channels},
        "pubkey": identity.pubkey_b64,
        "rtt": list(versions),
    }
    if resume is not None:
        value["resume"] = resume
    return _json.canonicalize(value)


def _integer(value) -> int | None:
    """The parser gives every number as a float; the canonical-form check has already refused
    ``64.0`` and ``6.4e1``, so an integral value here was written as an integer."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def check(payload: bytes, static_key: bytes, allow_resume: bool = False) -> PeerIdentity:
    """Accept the peer's payload against the static key the Noise handshake authenticated, or
    raise :class:`PayloadRefused`. ``allow_resume``: a 1.1 responder reading message 3, for which
    check 3 allows a `resume` member and check 13 checks it (docs/drafts/rtt-resume.md §4.1)."""
    try:
        value = _json.parse(payload)
    except ValueError as e:
        raise PayloadRefused("NOT_IJSON", "the identity payload is not I-JSON: %s" % e)
    if not isinstance(value, dict):
        raise PayloadRefused("SHAPE", "the identity payload is not an object")
    if _json.canonicalize(value) != bytes(payload):
        # spec 0.4.0 §3.3: {"max_channels":64.0}, another member order or whitespace are refused
        raise PayloadRefused("NOT_CANONICAL", "the identity payload is not in its RFC 8785 form")
    expected = {"agent_id", "binding", "channels", "limits", "pubkey", "rtt"}
    if allow_resume and "resume" in value:
        expected.add("resume")
    if set(value) != expected:
        missing = sorted(expected - set(value))
        extra = sorted(set(value) - expected)
        raise PayloadRefused("SHAPE", "identity payload members: missing %s, extra %s" % (missing, extra))
    agent_id = value["agent_id"]
    if not isinstance(agent_id, str) or not AGENT_ID.fullmatch(agent_id):
        raise PayloadRefused("SHAPE", "agent_id is not an agent id")
    pubkey_b64 = value["pubkey"]
    if not isinstance(pubkey_b64, str) or not PUBKEY_B64.fullmatch(pubkey_b64):
        raise PayloadRefused("SHAPE", "pubkey is not the base64 of 32 bytes")
    binding_b64 = value["binding"]
    if not isinstance(binding_b64, str) or not SIG_B64.fullmatch(binding_b64):
        raise PayloadRefused("SHAPE", "binding is not the base64 of 64 bytes")
    if value["channels"] != STANDARD_CHANNELS:
        raise PayloadRefused("CHANNELS", "channels is not the standard list")
    limits = value["limits"]
    if not isinstance(limits, dict) or set(limits) != {"max_channels"}:
        raise PayloadRefused("SHAPE", "limits is not {\"max_channels\": N}")
    max_channels = _integer(limits["max_channels"])
    if max_channels is None or not MIN_CHANNELS <= max_channels <= MAX_CHANNELS:
        raise PayloadRefused("LIMITS", "max_channels out of range 3..1024")
    versions = value["rtt"]
    if not isinstance(versions, list) or not 1 <= len(versions) <= MAX_VERSIONS:
        raise PayloadRefused("SHAPE", "rtt is not an array of 1 to %d versions" % MAX_VERSIONS)
    if not all(isinstance(v, str) and VERSION_PATTERN.fullmatch(v) for v in versions):
        raise PayloadRefused("SHAPE", "rtt holds an entry that is not a version string N.N")
    if RTT_VERSION not in versions:
        raise PayloadRefused("VERSION", "no RTT version in common (we speak 1.0)")
    pubkey = unb64(pubkey_b64)
    if not verify(pubkey, BINDING_LABEL + static_key, unb64(binding_b64)):
        raise PayloadRefused("BINDING", "the identity key did not sign this Noise static key")
    resume = None
    if "resume" in value:
        from .resume_wire import ResumeRefused, parse_request

        if "1.1" not in versions:  # a resume only on a connection both announce as 1.1 (RTT-RES-001)
            raise PayloadRefused("SHAPE", "resume from an initiator that does not list 1.1")

        try:  # check 13 (RTT-RES-005)
            resume = parse_request(value["resume"])
        except ResumeRefused as e:
            raise PayloadRefused("RESUME", "resume: %s" % e)
    return PeerIdentity(agent_id, pubkey, pubkey_b64, fingerprint_of(pubkey), max_channels, static_key,
                        tuple(versions), resume)
