"""The msg_ids an agent sends (spec 0.4.0 ENV-MSG-002, normative: an implementation MUST NOT send
two envelopes with the same ``msg_id``, across all its connections, since its start or its last
harness reset).

Every envelope the agent signs takes its ``msg_id`` from :meth:`SentMsgIds.fresh` and passes
:meth:`SentMsgIds.seal`. ``fresh`` never returns the same id twice *by construction*: the n-th id is
a keyed pseudo-random permutation (a four-round Feistel network over the 122 free bits of a version-4
UUID, keyed with 32 random bytes) of the counter n, so distinct counters give distinct ids and the
ids are as unpredictable as random ones (envelope.md §7: 122 bits from a CSPRNG). The registry
therefore needs no memory of every id sent -- it grew by ~100 bytes per envelope for the agent's
whole life (the soak's listener, ADR 1419). ``seal`` still refuses an id sealed among the last
:data:`RECENT` (4,096), which catches an envelope sealed twice and ids drawn elsewhere (tests inject
``draw``); that memory is bounded."""

from __future__ import annotations

import hashlib
import os
import threading
import uuid
from typing import Callable, Optional

RECENT = 4096  # sealed ids remembered to refuse a second seal (bounded: ADR 1419)
ROUNDS = 4  # Luby-Rackoff: four rounds make a pseudo-random permutation
_FREE_BITS = 122  # a version-4 UUID less its 4 version and 2 variant bits (RFC 9562)


class DuplicateMsgIdError(ValueError):
    """An envelope would be sent with a ``msg_id`` the agent has sent before."""


class FeistelPermutation:
    """A keyed permutation of the integers below ``2 ** (2 * half_bits)``: a balanced Feistel network
    whose round function is keyed BLAKE2b (a bijection whatever the round function)."""

    def __init__(self, key: bytes, half_bits: int):
        self._key = key
        self._half = half_bits
        self._mask = (1 << half_bits) - 1

    def _round(self, i: int, x: int) -> int:
        digest = hashlib.blake2b(bytes([i]) + x.to_bytes(16, "big"), key=self._key, digest_size=16).digest()
        return int.from_bytes(digest, "big") & self._mask

    def forward(self, n: int) -> int:
        left, right = n >> self._half, n & self._mask
        for i in range(ROUNDS):
            left, right = right, left ^ self._round(i, right)
        return (left << self._half) | right

    def backward(self, v: int) -> int:
        left, right = v >> self._half, v & self._mask
        for i in reversed(range(ROUNDS)):
            left, right = right ^ self._round(i, left), left
        return (left << self._half) | right


def uuid4_of(bits: int) -> str:
    """The lowercase version-4 UUID (ENV-MSG-001's pattern) whose 122 free bits are ``bits``."""
    high48, mid12, low62 = bits >> 74, (bits >> 62) & 0xFFF, bits & ((1 << 62) - 1)
    value = (high48 << 80) | (0x4 << 76) | (mid12 << 64) | (0b10 << 62) | low62
    return str(uuid.UUID(int=value))


class UniqueMsgIds:
    """Version-4 UUIDs, each the permutation of the next counter value: never the same one twice."""

    def __init__(self, key: Optional[bytes] = None):
        self._permutation = FeistelPermutation(key or os.urandom(32), _FREE_BITS // 2)
        self._next = 0
        self._lock = threading.Lock()

    def __call__(self) -> str:
        with self._lock:
            n = self._next
            self._next += 1
        return uuid4_of(self._permutation.forward(n))


class SentMsgIds:
    def __init__(self, draw: Optional[Callable[[], str]] = None):
        self._draw = draw or UniqueMsgIds()
        self._recent: dict = {}  # the last RECENT sealed ids, oldest first
        self._sealed = 0  # sealed since start or reset
        self._lock = threading.Lock()

    def fresh(self) -> str:
        """A msg_id not sealed since the last reset (unique by construction; an injected ``draw`` is
        drawn again while it returns a recently sealed id)."""
        while True:
            candidate = self._draw()
            with self._lock:
                if candidate not in self._recent:
                    return candidate

    def seal(self, msg_id: str) -> None:
        """Record ``msg_id`` as sent; DuplicateMsgIdError if it was among the last RECENT sealed
        (ENV-MSG-002)."""
        with self._lock:
            if msg_id in self._recent:
                raise DuplicateMsgIdError("msg_id %s was sent before (ENV-MSG-002)" % msg_id)
            self._recent[msg_id] = None
            if len(self._recent) > RECENT:
                del self._recent[next(iter(self._recent))]
            self._sealed += 1

    def remembered(self) -> int:
        """How many sealed ids the registry holds (at most RECENT)."""
        with self._lock:
            return len(self._recent)

    def __len__(self) -> int:
        """How many ids were sealed since start or the last reset."""
        with self._lock:
            return self._sealed

    def reset(self) -> None:
        with self._lock:
            self._recent.clear()
            self._sealed = 0
