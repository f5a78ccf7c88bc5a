"""Ed25519 (RFC 8032 §5.1, pure Ed25519) with the pinned verification criteria of
spec/envelope.md §6.3.

* Signing (ENV-SIG-003) uses ``cryptography`` (deterministic RFC 8032 §5.1.6); :func:`sign_pure` is an
  independent pure-Python implementation used by the tests to cross-check it.
* Verification decides exactly the pinned criteria, as pure Python integer arithmetic does in
  :func:`check_pure` (nothing a library might add or omit):

  - ENV-SIG-004: S < L;
  - ENV-SIG-005: A and R are canonical encodings of curve points (RFC 8032 §5.1.3 decoding, y < p,
    a square root exists, not x = 0 with sign bit 1);
  - ENV-SIG-006: neither A nor R is one of the eight small-order encodings of Table 6.3;
  - ENV-SIG-007: the cofactorless equation, checked as encode([S]B − [k]A) == R bytes, with
    k = SHA-512(R ‖ A ‖ M) mod L.

  :func:`check` gives the same answer faster (docs/adr/1422): the pinned pre-checks on bytes (S < L,
  A and R not in Table 6.3, A canonical — decoded once per key and remembered), then the equation
  by ``cryptography`` (OpenSSL computes encode([S]B − [k]A) and compares it with R's bytes: the
  cofactorless equation of ENV-SIG-007, and R canonical follows, as an encoding is). Only an
  acceptance is taken from the library; anything it refuses is decided, with its reason, by
  :func:`check_pure`, so the verdict is :func:`check_pure`'s on every input.
"""

from __future__ import annotations

import base64
import hashlib
import os
import threading
from typing import Dict, Optional, Tuple

__all__ = [
    "P",
    "L",
    "D",
    "SMALL_ORDER_ENCODINGS",
    "public_key",
    "sign",
    "sign_pure",
    "public_key_pure",
    "verify",
    "check",
    "check_pure",
    "decode_point",
    "Identity",
    "pubkey_b64",
    "fingerprint",
]

P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = (-121665 * pow(121666, P - 2, P)) % P
_SQRT_M1 = pow(2, (P - 1) // 4, P)

# Table 6.3: canonical encodings of the eight small-order points.
SMALL_ORDER_ENCODINGS = frozenset(
    bytes.fromhex(h)
    for h in (
        "0100000000000000000000000000000000000000000000000000000000000000",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000080",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
        "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
        "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
    )
)

# --- curve arithmetic (extended twisted Edwards coordinates, RFC 8032 §5.1.4) ---------------------

Point = Tuple[int, int, int, int]  # (X, Y, Z, T) with x = X/Z, y = Y/Z, x*y = T/Z

_NEUTRAL: Point = (0, 1, 1, 0)


def _add(p: Point, q: Point) -> Point:
    x1, y1, z1, t1 = p
    x2, y2, z2, t2 = q
    a = (y1 - x1) * (y2 - x2) % P
    b = (y1 + x1) * (y2 + x2) % P
    c = 2 * t1 * t2 * D % P
    d = 2 * z1 * z2 % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _double(p: Point) -> Point:
    x1, y1, z1, _ = p
    a = x1 * x1 % P
    b = y1 * y1 % P
    c = 2 * z1 * z1 % P
    h = a + b
    e = h - (x1 + y1) * (x1 + y1)
    g = a - b
    f = c + g
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _mul(k: int, p: Point) -> Point:
    q = _NEUTRAL
    while k > 0:
        if k & 1:
            q = _add(q, p)
        p = _double(p)
        k >>= 1
    return q


def _neg(p: Point) -> Point:
    x, y, z, t = p
    return ((-x) % P, y, z, (-t) % P)


def _encode(p: Point) -> bytes:
    x, y, z, _ = p
    zi = pow(z, P - 2, P)
    x = x * zi % P
    y = y * zi % P
    return (y | ((x & 1) << 255)).to_bytes(32, "little")


def _recover_x(y: int, sign: int) -> Optional[int]:
    """RFC 8032 §5.1.3 steps 2–4; None when the encoding is not a (canonical) point."""
    if y >= P:
        return None
    u = (y * y - 1) % P
    v = (D * y * y + 1) % P
    x = u * pow(v, 3, P) * pow(u * pow(v, 7, P), (P - 5) // 8, P) % P
    vx2 = v * x * x % P
    if vx2 == u:
        pass
    elif vx2 == (-u) % P:
        x = x * _SQRT_M1 % P
    else:
        return None
    if x == 0 and sign == 1:
        return None
    if x & 1 != sign:
        x = P - x
    return x


def decode_point(b: bytes) -> Optional[Point]:
    """Decode a 32-byte point encoding strictly (ENV-SIG-005); None if it is not canonical/valid."""
    if len(b) != 32:
        return None
    n = int.from_bytes(b, "little")
    sign = n >> 255
    y = n & ((1 << 255) - 1)
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % P)


_BY = 4 * pow(5, P - 2, P) % P
_BX = _recover_x(_BY, 0)
B: Point = (_BX, _BY, 1, _BX * _BY % P)

# --- signing ----------------------------------------------------------------------------------------

_KEYS_REMEMBERED = 1024  # library key objects kept (signing seeds, verified public keys), each ~100 B
_key_lock = threading.Lock()


def _clamp(h: bytes) -> int:
    a = bytearray(h[:32])
    a[0] &= 248
    a[31] &= 127
    a[31] |= 64
    return int.from_bytes(a, "little")


def public_key_pure(seed: bytes) -> bytes:
    if len(seed) != 32:
        raise ValueError("an Ed25519 seed is 32 bytes")
    return _encode(_mul(_clamp(hashlib.sha512(seed).digest()), B))


def sign_pure(seed: bytes, msg: bytes) -> bytes:
    """RFC 8032 §5.1.6 in pure Python (used to cross-check :func:`sign`)."""
    if len(seed) != 32:
        raise ValueError("an Ed25519 seed is 32 bytes")
    h = hashlib.sha512(seed).digest()
    s = _clamp(h)
    a = _encode(_mul(s, B))
    r = int.from_bytes(hashlib.sha512(h[32:] + msg).digest(), "little") % L
    rb = _encode(_mul(r, B))
    k = int.from_bytes(hashlib.sha512(rb + a + msg).digest(), "little") % L
    return rb + ((r + k * s) % L).to_bytes(32, "little")


_private_keys: Dict[bytes, object] = {}  # seed -> the library's key (an agent signs with one or two)


def _private(seed: bytes):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    if len(seed) != 32:
        raise ValueError("an Ed25519 seed is 32 bytes")
    seed = bytes(seed)
    key = _private_keys.get(seed)
    if key is None:
        key = Ed25519PrivateKey.from_private_bytes(seed)  # derives A: a scalar multiplication
        with _key_lock:
            if len(_private_keys) >= _KEYS_REMEMBERED:
                _private_keys.clear()
            _private_keys[seed] = key
    return key


def public_key(seed: bytes) -> bytes:
    """The 32-byte public key A of a 32-byte seed (RFC 8032 §5.1.5)."""
    from cryptography.hazmat.primitives import serialization

    return _private(seed).public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def sign(seed: bytes, msg: bytes) -> bytes:
    """The 64-byte pure Ed25519 signature R ‖ S of ``msg`` under ``seed`` (RFC 8032 §5.1.6)."""
    return _private(seed).sign(bytes(msg))


# --- verification (pinned criteria) -----------------------------------------------------------------

S_NOT_REDUCED = "S_NOT_REDUCED"
NON_CANONICAL_A = "NON_CANONICAL_A"
NON_CANONICAL_R = "NON_CANONICAL_R"
SMALL_ORDER_A = "SMALL_ORDER_A"
SMALL_ORDER_R = "SMALL_ORDER_R"
EQUATION = "EQUATION"
BAD_LENGTH = "BAD_LENGTH"


def check(pk: bytes, msg: bytes, sig: bytes) -> Optional[str]:
    """Apply ENV-SIG-004..007. Returns None when the signature is valid, else the reason.

    The reason names the first failing check in the order length, S, A, R, equation; the order is
    not observable on the wire (all are SIGNATURE_MISMATCH). Same answer as :func:`check_pure` on
    every input (the module's docstring says why); a signature that passes costs one library
    verification instead of two pure-Python scalar multiplications.
    """
    if _passes_with_library(pk, msg, sig):
        return None
    return check_pure(pk, msg, sig)


# A's decoding (a square root, ~0.1 ms in Python) remembered per key: peers reuse their keys.
_keys: Dict[bytes, object] = {}  # canonical, not small-order A -> the library's public key object


def _library_key(pk: bytes):
    """The library's key for ``pk`` when A passes ENV-SIG-005 and ENV-SIG-006, else None."""
    key = _keys.get(pk)
    if key is not None:
        return key
    if pk in SMALL_ORDER_ENCODINGS or decode_point(pk) is None:
        return None
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    key = Ed25519PublicKey.from_public_bytes(pk)
    with _key_lock:
        if len(_keys) >= _KEYS_REMEMBERED:
            _keys.clear()
        _keys[pk] = key
    return key


def _passes_with_library(pk: bytes, msg: bytes, sig: bytes) -> bool:
    """True only when every pinned criterion holds: S < L (ENV-SIG-004), A canonical (ENV-SIG-005),
    neither A nor R of small order (ENV-SIG-006), and the library's cofactorless equation, which
    compares R's bytes with an encoding and so also shows R canonical (ENV-SIG-005, ENV-SIG-007).
    False means "not shown": :func:`check_pure` decides."""
    if len(pk) != 32 or len(sig) != 64:
        return False
    pk, sig = bytes(pk), bytes(sig)
    if int.from_bytes(sig[32:], "little") >= L or sig[:32] in SMALL_ORDER_ENCODINGS:
        return False
    key = _library_key(pk)
    if key is None:
        return False
    from cryptography.exceptions import InvalidSignature

    try:
        key.verify(sig, bytes(msg))
    except InvalidSignature:
        return False
    return True


def check_pure(pk: bytes, msg: bytes, sig: bytes) -> Optional[str]:
    """:func:`check` in pure Python integer arithmetic, step by step as §6.3 states the criteria."""
    if len(pk) != 32 or len(sig) != 64:
        return BAD_LENGTH
    rb, sb = bytes(sig[:32]), bytes(sig[32:])
    s = int.from_bytes(sb, "little")
    if s >= L:  # ENV-SIG-004
        return S_NOT_REDUCED
    a_point = decode_point(bytes(pk))  # ENV-SIG-005
    if a_point is None:
        return NON_CANONICAL_A
    r_point = decode_point(rb)
    if r_point is None:
        return NON_CANONICAL_R
    if bytes(pk) in SMALL_ORDER_ENCODINGS:  # ENV-SIG-006
        return SMALL_ORDER_A
    if rb in SMALL_ORDER_ENCODINGS:
        return SMALL_ORDER_R
    k = int.from_bytes(hashlib.sha512(rb + bytes(pk) + bytes(msg)).digest(), "little") % L
    # ENV-SIG-007: encode([S]B - [k]A) == R (cofactorless)
    if _encode(_add(_mul(s, B), _neg(_mul(k, a_point)))) != rb:
        return EQUATION
    return None


def verify(pk: bytes, msg: bytes, sig: bytes) -> bool:
    """True exactly when ``sig`` passes the pinned criteria of spec/envelope.md §6.3 for ``msg``."""
    return check(pk, msg, sig) is None


# --- identity (spec/envelope.md §2) -----------------------------------------------------------------


def pubkey_b64(pk: bytes) -> str:
    """Canonical padded base64 of the 32 public-key bytes."""
    return base64.b64encode(bytes(pk)).decode("ascii")


def fingerprint(pk: bytes) -> str:
    """Lowercase hex SHA-256 of the 32 public-key bytes."""
    return hashlib.sha256(bytes(pk)).hexdigest()


class Identity:
    """An agent identity: an Ed25519 seed and an ``agent_id`` (spec/envelope.md §2)."""

    def __init__(self, seed: bytes, agent_id: str):
        if len(seed) != 32:
            raise ValueError("an Ed25519 seed is 32 bytes")
        self.seed = bytes(seed)
        self.agent_id = agent_id
        self.public_key = public_key(self.seed)

    @classmethod
    def generate(cls, agent_id: str) -> "Identity":
        return cls(os.urandom(32), agent_id)

    @classmethod
    def from_pem(cls, pem: bytes, agent_id: str) -> "Identity":
        """Load a PEM PKCS#8 Ed25519 private key (as ``web4 serve --key`` uses)."""
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("not an Ed25519 private key")
        seed = key.private_bytes(
            serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
        )
        return cls(seed, agent_id)

    @property
    def pubkey(self) -> str:
        return pubkey_b64(self.public_key)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def sign(self, msg: bytes) -> bytes:
        return sign(self.seed, msg)

    def __repr__(self) -> str:  # never show the seed
        return f"Identity(agent_id={self.agent_id!r}, fingerprint={self.fingerprint})"
