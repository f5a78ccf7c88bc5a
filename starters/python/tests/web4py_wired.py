"""The starter harness wired to web4py's library functions: what the build checks with the kit.

This is what an implementer does with web4_harness.py: subclass ``Implementation``, call one
library function per operation, and start :func:`web4_harness.main`. The functions come from
implementations/python/web4py (imported, not copied): strict I-JSON and RFC 8785 (``ijson``,
``jcs``), Ed25519 with the pinned verification criteria (``ed25519``) and the receiver's ten
validation steps (``envelope.Receiver``).

``--only OP[,OP...]`` wires only the named operations (harness 1.1 capability names); the others
keep their ``@not_implemented`` marker and answer 404.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path
from typing import List, Optional, Tuple

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # web4_harness.py
sys.path.insert(0, str(HERE.parents[2] / "implementations" / "python"))  # web4py

import web4_harness  # noqa: E402
from web4_harness import Implementation, Invalid  # noqa: E402
from web4py import ed25519, ijson, jcs  # noqa: E402
from web4py.envelope import (  # noqa: E402
    MAX_ENVELOPE_BYTES,
    Receiver,
    ReplayCache,
    parse_timestamp,
    sign_envelope,
)

# The identity info reports: RFC 8032 TEST 1's key (a fixed, public test key).
AGENT_SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")


def _parse(data: bytes):
    try:
        return ijson.parse(data, max_size=MAX_ENVELOPE_BYTES, max_depth=ijson.MAX_DEPTH)
    except ijson.IJsonError as e:
        raise Invalid("INVALID_ENVELOPE", str(e)) from None


def _timestamp(text: str) -> int:
    ns = parse_timestamp(text)
    if ns is None:  # the starter checked it already; a guard, not a verdict
        raise ValueError(f"not a timestamp: {text}")
    return ns


class Web4pyImplementation(Implementation):
    name = "web4py via the starter harness"
    version = "0.4.0"

    def identity(self) -> Optional[Tuple[str, bytes]]:
        return ("starter-web4py", ed25519.public_key(AGENT_SEED))

    def canonicalize(self, data: bytes) -> bytes:
        return jcs.canonicalize(_parse(data))

    def sign_raw(self, seed: bytes, msg: bytes) -> Tuple[bytes, bytes]:
        return ed25519.public_key(seed), ed25519.sign(seed, msg)

    def sign_envelope(self, seed: bytes, unsigned: bytes) -> Tuple[bytes, bytes]:
        value = _parse(unsigned)
        if not isinstance(value, dict):
            raise Invalid("INVALID_ENVELOPE", "an envelope is a JSON object")
        signed = sign_envelope(value, seed)
        return jcs.canonicalize(signed), base64.b64decode(signed["sign"]["signature"])

    def verify_raw(self, pk: bytes, msg: bytes, sig: bytes) -> None:
        reason = ed25519.check(pk, msg, sig)
        if reason is not None:
            raise Invalid("SIGNATURE_MISMATCH", reason)

    def verify_envelope(self, envelope: bytes, now: str, preceding: List[Tuple[bytes, str]]) -> None:
        receiver = Receiver(ReplayCache())  # fresh for every request (HAR-VEN-002/003)
        for text, at in preceding:
            receiver.validate(text, _timestamp(at))
        verdict = receiver.validate(envelope, _timestamp(now))
        if not verdict.valid:
            raise Invalid(str(verdict.code), verdict.message)


OPERATION_METHODS = {
    "canonicalize": "canonicalize",
    "sign/raw": "sign_raw",
    "sign/envelope": "sign_envelope",
    "verify/raw": "verify_raw",
    "verify/envelope": "verify_envelope",
}


def wired_only(operations: List[str]) -> Implementation:
    """An implementation with only ``operations`` wired: the rest keep the starter's stubs."""
    unknown = [op for op in operations if op not in OPERATION_METHODS]
    if unknown:
        raise SystemExit(f"web4py_wired: unknown operation {unknown[0]!r}; known: {', '.join(OPERATION_METHODS)}")
    stubs = {m: getattr(Implementation, m) for op, m in OPERATION_METHODS.items() if op not in operations}
    return type("PartialWeb4py", (Web4pyImplementation,), stubs)()


if __name__ == "__main__":
    args = sys.argv[1:]
    implementation: Implementation = Web4pyImplementation()
    if "--only" in args:
        at = args.index("--only")
        implementation = wired_only(args[at + 1].split(","))
        del args[at : at + 2]
    web4_harness.main(implementation, args)
