"""The Noise Protocol Framework, revision 34, as far as RTT needs it (and a little further, so that
the published cacophony vectors can prove it).

Layers as in the Noise specification §5: :class:`CipherState` ⊂ :class:`SymmetricState` ⊂
:class:`HandshakeState`. DH is X25519 (§12.1), hash SHA-256 (§12.5), ciphers AES-256-GCM (§12.4) and
ChaCha20-Poly1305 (§12.3). Handshake patterns are data (:data:`PATTERNS`); one token loop writes and
reads them. RTT uses ``Noise_XX_25519_AESGCM_SHA256`` (spec/rtt.md §3.1).

Written from the Noise specification; primitives from ``cryptography``.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import Optional

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives import serialization

RTT_PROTOCOL = "Noise_XX_25519_AESGCM_SHA256"
RTT_PROLOGUE = b"web4-rtt/1.0"

DHLEN = 32
HASHLEN = 32
TAGLEN = 16
MAX_MESSAGE = 65535
MAX_NONCE = 2**64 - 1  # reserved (Noise §5.1)


class NoiseError(Exception):
    """A Noise operation failed: a bad tag, a short message, a bad key, or a call out of turn."""


# --------------------------------------------------------------------------------- primitives


def x25519_public(private: bytes) -> bytes:
    return (
        X25519PrivateKey.from_private_bytes(private)
        .public_key()
        .public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )


def x25519_generate() -> bytes:
    return os.urandom(32)


def dh(private: bytes, public: bytes) -> bytes:
    try:
        out = X25519PrivateKey.from_private_bytes(private).exchange(
            X25519PublicKey.from_public_bytes(public)
        )
    except ValueError as e:  # an all-zero result (small-order point) or a bad length
        raise NoiseError("DH failed: " + str(e)) from e
    if out == bytes(32):
        raise NoiseError("DH result is all zeros")
    return out


def sha256(data: bytes) -> bytes:
    return hashlib.sha256(data).digest()


def hmac_sha256(key: bytes, data: bytes) -> bytes:
    return hmac.new(key, data, hashlib.sha256).digest()


def hkdf(chaining_key: bytes, ikm: bytes, outputs: int) -> tuple[bytes, ...]:
    """Noise §4.3 HKDF with HMAC-SHA256: 2 or 3 outputs of HASHLEN bytes."""
    temp_key = hmac_sha256(chaining_key, ikm)
    out1 = hmac_sha256(temp_key, b"\x01")
    out2 = hmac_sha256(temp_key, out1 + b"\x02")
    if outputs == 2:
        return out1, out2
    out3 = hmac_sha256(temp_key, out2 + b"\x03")
    return out1, out2, out3


class _AesGcm:
    name = "AESGCM"

    @staticmethod
    def nonce(n: int) -> bytes:
        return bytes(4) + n.to_bytes(8, "big")

    @staticmethod
    def aead(key: bytes):
        return AESGCM(key)


class _ChaChaPoly:
    name = "ChaChaPoly"

    @staticmethod
    def nonce(n: int) -> bytes:
        return bytes(4) + n.to_bytes(8, "little")

    @staticmethod
    def aead(key: bytes):
        return ChaCha20Poly1305(key)


CIPHERS = {"AESGCM": _AesGcm, "ChaChaPoly": _ChaChaPoly}


# ------------------------------------------------------------------------------- CipherState


class CipherState:
    """Noise §5.1: a key k (or none) and a 64-bit nonce n."""

    def __init__(self, cipher=_AesGcm, key: Optional[bytes] = None):
        self._cipher = cipher
        self._k: Optional[bytes] = None
        self._aead = None
        self.n = 0
        if key is not None:
            self.initialize_key(key)

    def initialize_key(self, key: Optional[bytes]) -> None:
        self._k = key
        self._aead = None if key is None else self._cipher.aead(key)
        self.n = 0

    def has_key(self) -> bool:
        return self._k is not None

    def set_nonce(self, n: int) -> None:
        self.n = n

    def encrypt_with_ad(self, ad: bytes, plaintext: bytes) -> bytes:
        if self._k is None:
            return plaintext
        if self.n >= MAX_NONCE:
            raise NoiseError("nonce exhausted")
        out = self._aead.encrypt(self._cipher.nonce(self.n), plaintext, ad)
        self.n += 1
        return out

    def decrypt_with_ad(self, ad: bytes, ciphertext: bytes) -> bytes:
        if self._k is None:
            return ciphertext
        if self.n >= MAX_NONCE:
            raise NoiseError("nonce exhausted")
        if len(ciphertext) < TAGLEN:
            raise NoiseError("ciphertext shorter than the tag")
        try:
            out = self._aead.decrypt(self._cipher.nonce(self.n), ciphertext, ad)
        except InvalidTag as e:
            raise NoiseError("authentication failed") from e
        self.n += 1  # only after a successful decryption (Noise §5.1)
        return out

    # RTT transport: empty associated data
    def encrypt(self, plaintext: bytes) -> bytes:
        return self.encrypt_with_ad(b"", plaintext)

    def decrypt(self, ciphertext: bytes) -> bytes:
        return self.decrypt_with_ad(b"", ciphertext)


# ---------------------------------------------------------------------------- SymmetricState


class SymmetricState:
    """Noise §5.2: chaining key ck, handshake hash h, and a CipherState."""

    def __init__(self, protocol_name: str, cipher=_AesGcm):
        name = protocol_name.encode("ascii")
        if len(name) <= HASHLEN:
            self.h = name + bytes(HASHLEN - len(name))
        else:
            self.h = sha256(name)
        self.ck = self.h
        self._cipher = cipher
        self.cs = CipherState(cipher)

    def mix_key(self, ikm: bytes) -> None:
        self.ck, temp_k = hkdf(self.ck, ikm, 2)
        self.cs.initialize_key(temp_k[:32])

    def mix_hash(self, data: bytes) -> None:
        self.h = sha256(self.h + data)

    def mix_key_and_hash(self, ikm: bytes) -> None:
        self.ck, temp_h, temp_k = hkdf(self.ck, ikm, 3)
        self.mix_hash(temp_h)
        self.cs.initialize_key(temp_k[:32])

    def encrypt_and_hash(self, plaintext: bytes) -> bytes:
        ct = self.cs.encrypt_with_ad(self.h, plaintext)
        self.mix_hash(ct)
        return ct

    def decrypt_and_hash(self, ciphertext: bytes) -> bytes:
        pt = self.cs.decrypt_with_ad(self.h, ciphertext)
        self.mix_hash(ciphertext)
        return pt

    def split(self) -> tuple[CipherState, CipherState]:
        k1, k2 = hkdf(self.ck, b"", 2)
        return CipherState(self._cipher, k1[:32]), CipherState(self._cipher, k2[:32])


# ---------------------------------------------------------------------------- patterns


@dataclass(frozen=True)
class Pattern:
    name: str
    pre_initiator: tuple[str, ...]  # pre-message tokens ("s" or "e") known to the responder
    pre_responder: tuple[str, ...]
    messages: tuple[tuple[str, ...], ...]  # alternating, initiator first


PATTERNS: dict[str, Pattern] = {
    "NN": Pattern("NN", (), (), (("e",), ("e", "ee"))),
    "XX": Pattern("XX", (), (), (("e",), ("e", "ee", "s", "es"), ("s", "se"))),
    "XXpsk3": Pattern("XXpsk3", (), (), (("e",), ("e", "ee", "s", "es"), ("s", "se", "psk"))),
}


def parse_protocol_name(name: str) -> tuple[Pattern, type]:
    parts = name.split("_")
    if len(parts) != 5 or parts[0] != "Noise" or parts[2] != "25519" or parts[4] != "SHA256":
        raise NoiseError("unsupported protocol " + name)
    if parts[1] not in PATTERNS or parts[3] not in CIPHERS:
        raise NoiseError("unsupported protocol " + name)
    return PATTERNS[parts[1]], CIPHERS[parts[3]]


# ---------------------------------------------------------------------------- HandshakeState


class HandshakeState:
    """Noise §5.3. ``s`` and ``e`` are X25519 private keys (``e`` only as a test hook: by default
    a fresh ephemeral key is generated when the ``e`` token is written)."""

    def __init__(
        self,
        protocol_name: str,
        initiator: bool,
        prologue: bytes = b"",
        s: Optional[bytes] = None,
        e: Optional[bytes] = None,
        rs: Optional[bytes] = None,
        re: Optional[bytes] = None,
        psks: Optional[list[bytes]] = None,
    ):
        self.pattern, cipher = parse_protocol_name(protocol_name)
        self.protocol_name = protocol_name
        self.initiator = initiator
        self.ss = SymmetricState(protocol_name, cipher)
        self.ss.mix_hash(prologue)
        self.s = s
        self.s_pub = x25519_public(s) if s is not None else None
        self.e = e
        self.e_pub: Optional[bytes] = None
        self.rs = rs
        self.re = re
        self.psks = list(psks or [])
        self._psk_mode = "psk" in self.pattern.name
        self._index = 0
        self._failed = False
        self._result: Optional[tuple[CipherState, CipherState]] = None
        for token in self.pattern.pre_initiator:
            self.ss.mix_hash(self._pre_key(token, initiator_side=True))
        for token in self.pattern.pre_responder:
            self.ss.mix_hash(self._pre_key(token, initiator_side=False))

    def _pre_key(self, token: str, initiator_side: bool) -> bytes:
        mine = initiator_side == self.initiator
        if token == "s":
            key = self.s_pub if mine else self.rs
        else:
            key = x25519_public(self.e) if mine else self.re
        if key is None:
            raise NoiseError("missing pre-message key")
        return key

    # -- state
    @property
    def complete(self) -> bool:
        return self._result is not None

    @property
    def handshake_hash(self) -> bytes:
        return self.ss.h

    def is_my_turn(self) -> bool:
        return (self._index % 2 == 0) == self.initiator

    def _check_turn(self, writing: bool) -> tuple[str, ...]:
        if self._failed:
            raise NoiseError("handshake already failed")
        if self._result is not None or self._index >= len(self.pattern.messages):
            raise NoiseError("handshake already complete")
        if self.is_my_turn() != writing:
            raise NoiseError("not this side's turn to " + ("write" if writing else "read"))
        return self.pattern.messages[self._index]

    def _dh_token(self, token: str) -> bytes:
        # ee, es, se, ss from this side's point of view (Noise §5.3)
        if token == "ee":
            return dh(self.e, self.re)
        if token == "ss":
            return dh(self.s, self.rs)
        if token == "es":
            return dh(self.e, self.rs) if self.initiator else dh(self.s, self.re)
        if token == "se":
            return dh(self.s, self.re) if self.initiator else dh(self.e, self.rs)
        raise NoiseError("unknown token " + token)

    def _fail(self) -> None:
        self._failed = True
        self.ss.ck = bytes(HASHLEN)
        self.ss.cs.initialize_key(None)
        self.e = None

    def _finish_message(self) -> None:
        self._index += 1
        if self._index == len(self.pattern.messages):
            self._result = self.ss.split()

    def write_message(self, payload: bytes = b"") -> bytes:
        tokens = self._check_turn(writing=True)
        out = bytearray()
        try:
            for token in tokens:
                if token == "e":
                    if self.e is None:
                        self.e = x25519_generate()
                    self.e_pub = x25519_public(self.e)
                    out += self.e_pub
                    self.ss.mix_hash(self.e_pub)
                    if self._psk_mode:
                        self.ss.mix_key(self.e_pub)
                elif token == "s":
                    out += self.ss.encrypt_and_hash(self.s_pub)
                elif token == "psk":
                    self.ss.mix_key_and_hash(self.psks.pop(0))
                else:
                    self.ss.mix_key(self._dh_token(token))
            out += self.ss.encrypt_and_hash(payload)
        except NoiseError:
            self._fail()
            raise
        if len(out) > MAX_MESSAGE:
            self._fail()
            raise NoiseError("handshake message longer than 65535 bytes")
        self._finish_message()
        return bytes(out)

    def read_message(self, message: bytes) -> bytes:
        tokens = self._check_turn(writing=False)
        if len(message) > MAX_MESSAGE:
            self._fail()
            raise NoiseError("handshake message longer than 65535 bytes")
        pos = 0
        try:
            for token in tokens:
                if token == "e":
                    if len(message) - pos < DHLEN:
                        raise NoiseError("message too short for an ephemeral key")
                    self.re = bytes(message[pos : pos + DHLEN])
                    pos += DHLEN
                    self.ss.mix_hash(self.re)
                    if self._psk_mode:
                        self.ss.mix_key(self.re)
                elif token == "s":
                    n = DHLEN + (TAGLEN if self.ss.cs.has_key() else 0)
                    if len(message) - pos < n:
                        raise NoiseError("message too short for a static key")
                    self.rs = self.ss.decrypt_and_hash(bytes(message[pos : pos + n]))
                    pos += n
                elif token == "psk":
                    self.ss.mix_key_and_hash(self.psks.pop(0))
                else:
                    self.ss.mix_key(self._dh_token(token))
            rest = bytes(message[pos:])
            if self.ss.cs.has_key() and len(rest) < TAGLEN:
                raise NoiseError("message too short for the payload tag")
            payload = self.ss.decrypt_and_hash(rest)
        except NoiseError:
            self._fail()
            raise
        self._finish_message()
        return payload

    def split(self) -> tuple[CipherState, CipherState]:
        """(send, receive) cipher states for this side, once the handshake is complete."""
        if self._result is None:
            raise NoiseError("handshake not complete")
        c1, c2 = self._result
        return (c1, c2) if self.initiator else (c2, c1)

    @property
    def remote_static(self) -> Optional[bytes]:
        return self.rs
