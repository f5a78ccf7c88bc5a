#!/usr/bin/env python3
"""Independent check of vectors/cip/cip_challenge_response_test.json.

Works from the file's hex fields alone, with OpenSSL's Ed25519 through the `cryptography` package
(no code shared with the Java reference): for every test it rebuilds the 128-byte input
L || challenge || challengerNonce || answererNonce of spec/cip.md section 4.2 and compares it with
"input", verifies "signature" over it under "publicKey" and compares the verdict with "result".
It also re-derives the keys, challenges and nonces the header describes, re-signs every valid
response (RFC 8032 signing is deterministic) and checks that every invalid case's signature does
sign its "signedMessage" under "signerPublicKey". Prints one line per disagreement; exits 1 if
there is any, 2 if `cryptography` is missing.

    python3 vectors/sources/check_cip_vectors.py vectors/cip/cip_challenge_response_test.json
"""
import base64
import hashlib
import json
import sys

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
except ImportError:  # pragma: no cover
    print("check_cip_vectors.py needs the python3 'cryptography' package")
    sys.exit(2)

LABEL = b"web4-cip/1.0 challenge response\x00"


def sha256(text):
    return hashlib.sha256(text.encode("utf-8")).digest()


def verifies(public_key, message, signature):
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
        return True
    except InvalidSignature:
        return False


def raw_public(private_key):
    return private_key.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def main(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    checked = 0
    problems = []
    for group in data["testGroups"]:
        if bytes.fromhex(group["label"]) != LABEL or len(LABEL) != 32:
            problems.append("group: label is not the 32 bytes of spec/cip.md section 4.2")
        seeds = {}
        for key in group["keys"]:
            seed = bytes.fromhex(key["seedHex"])
            private = Ed25519PrivateKey.from_private_bytes(seed)
            if seed != sha256("web4-kit/vectors/key/" + key["name"]):
                problems.append(f"key {key['name']}: seed is not SHA-256 of its label")
            if raw_public(private) != bytes.fromhex(key["publicKey"]):
                problems.append(f"key {key['name']}: publicKey is not the seed's")
            seeds[key["name"]] = private
        for test in group["tests"]:
            checked += 1
            tc = f"tcId {test['tcId']}"
            public_key = bytes.fromhex(test["publicKey"])
            challenge = bytes.fromhex(test["challenge"])
            challenger_nonce = bytes.fromhex(test["challengerNonce"])
            answerer_nonce = bytes.fromhex(test["answererNonce"])
            signature = bytes.fromhex(test["signature"])
            message = LABEL + challenge + challenger_nonce + answerer_nonce
            if len(message) != 128 or message != bytes.fromhex(test["input"]):
                problems.append(f"{tc}: input is not L || C || N_challenger || N_answerer")
            if base64.b64decode(test["challengeResponse"], validate=True) != signature:
                problems.append(f"{tc}: challengeResponse is not the signature in base64")
            role = test["role"]
            other = "initiator" if role == "responder" else "responder"
            prefix = "web4-kit/vectors/cip/" + test["session"] + "/"
            if (challenge != sha256(prefix + other + "/challenge")
                    or challenger_nonce != sha256(prefix + other + "/nonce")
                    or answerer_nonce != sha256(prefix + role + "/nonce")):
                problems.append(f"{tc}: challenge or nonces are not the values the header names")
            answerer = seeds[test["answerer"]]
            if raw_public(answerer) != public_key:
                problems.append(f"{tc}: publicKey is not {test['answerer']}'s")

            ok = verifies(public_key, message, signature)
            if ok != (test["result"] == "valid"):
                problems.append(f"{tc}: file says {test['result']}, OpenSSL says "
                                f"{'valid' if ok else 'invalid'}: {test['comment']}")
            if test["result"] == "valid" and answerer.sign(message) != signature:
                problems.append(f"{tc}: re-signing gives another signature")
            if "signedMessage" in test:
                signed = bytes.fromhex(test["signedMessage"])
                if not verifies(bytes.fromhex(test["signerPublicKey"]), signed, signature):
                    problems.append(f"{tc}: the signature does not sign signedMessage")
    for p in problems:
        print(p)
    print(f"{checked} checked, {len(problems)} disagreements")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
