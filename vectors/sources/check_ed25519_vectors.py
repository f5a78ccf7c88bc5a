#!/usr/bin/env python3
"""Independent check of vectors/ed25519/ed25519_verify_test.json.

Recomputes every verdict with ed25519_policy.py (pure Python, written from RFC 8032 section 6 and the
pinned criteria of spec/envelope.md, sharing no code with the Java reference) and compares it with the
file's "result". Prints one line per disagreement; exits 1 if there is any.

    python3 vectors/sources/check_ed25519_vectors.py vectors/ed25519/ed25519_verify_test.json
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ed25519_policy  # noqa: E402


def main(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    checked = 0
    disagreements = 0
    for group in data["testGroups"]:
        pk = bytes.fromhex(group["publicKey"]["pk"])
        for test in group["tests"]:
            ok, reason = ed25519_policy.verify(pk, bytes.fromhex(test["msg"]), bytes.fromhex(test["sig"]))
            expected = test["result"] == "valid"
            checked += 1
            if ok != expected:
                disagreements += 1
                print(f"tcId {test['tcId']}: file says {test['result']}, policy says "
                      f"{'valid' if ok else 'invalid'} ({reason}): {test['comment']}")
    print(f"{checked} checked, {disagreements} disagreements")
    return 1 if disagreements else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
