"""An agent identity (envelope.md §2): an Ed25519 key pair, its pubkey and fingerprint encodings,
and verification with the pinned criteria of envelope.md §6.3 (via ``web4py.ed25519``)."""

from __future__ import annotations

import base64
import hashlib
import re

from cryptography.hazmat.primitives import serialization

from .. import ed25519
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

AGENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}")
PUBKEY_B64 = re.compile(r"[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=")
SIG_B64 = re.compile(r"[A-Za-z0-9+/]{85}[AQgw]==")
FINGERPRINT = re.compile(r"[0-9a-f]{64}")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def fingerprint_of(pubkey: bytes) -> str:
    return hashlib.sha256(pubkey).hexdigest()


class Identity:
    """An Ed25519 identity from its 32-byte seed."""

    def __init__(self, seed: bytes, agent_id: str = "web4py"):
        if len(seed) != 32:
            raise ValueError("an Ed25519 seed is 32 bytes")
        self.seed = bytes(seed)
        self.agent_id = agent_id
        self._key = Ed25519PrivateKey.from_private_bytes(self.seed)
        self.pubkey = self._key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.pubkey_b64 = b64(self.pubkey)
        self.fingerprint = fingerprint_of(self.pubkey)

    @classmethod
    def generate(cls, agent_id: str = "web4py") -> "Identity":
        import os

        return cls(os.urandom(32), agent_id)

    @classmethod
    def from_pem(cls, pem: bytes, agent_id: str = "web4py") -> "Identity":
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("not an Ed25519 private key")
        seed = key.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )
        return cls(seed, agent_id)

    def sign(self, message: bytes) -> bytes:
        return self._key.sign(message)


def verify(pubkey: bytes, message: bytes, signature: bytes) -> bool:
    """The pinned criteria of envelope.md §6.3 (ENV-SIG-004..007), by ``web4py.ed25519``."""
    if len(pubkey) != 32 or len(signature) != 64:
        return False
    return ed25519.verify(pubkey, message, signature)
