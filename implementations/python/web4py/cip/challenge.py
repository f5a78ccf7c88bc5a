"""CIP challenge responses (spec/cip.md §4.2): the Ed25519 signature, by the answering agent's
identity key, of the 128 bytes ``L ‖ C ‖ N_challenger ‖ N_answerer``."""

from __future__ import annotations

from ..rtt.identity import verify

LABEL = b"web4-cip/1.0 challenge response\x00"
assert len(LABEL) == 32


def signed_bytes(challenge: bytes, challenger_nonce: bytes, answerer_nonce: bytes) -> bytes:
    if not (len(challenge) == len(challenger_nonce) == len(answerer_nonce) == 32):
        raise ValueError("challenge and nonces are 32 bytes each")
    return LABEL + challenge + challenger_nonce + answerer_nonce


def respond(identity, challenge: bytes, challenger_nonce: bytes, own_nonce: bytes) -> bytes:
    """The answerer's response to ``challenge`` from the HELLO that carried ``challenger_nonce``."""
    return identity.sign(signed_bytes(challenge, challenger_nonce, own_nonce))


def verifies(pubkey: bytes, response: bytes, challenge: bytes, challenger_nonce: bytes,
             answerer_nonce: bytes) -> bool:
    """Whether ``response`` answers our ``challenge`` (carried with ``challenger_nonce``, ours)
    under the answerer's key, with the pinned criteria of envelope.md §6.3."""
    return verify(pubkey, signed_bytes(challenge, challenger_nonce, answerer_nonce), response)
