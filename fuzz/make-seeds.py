#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora from the kit's vectors (docs/fuzzing.md).

Each seed is one file of raw bytes under
src/test/resources/<package>/<TestClass>Inputs/<method>/, where Jazzer's JUnit integration
replays it in the normal build (regression mode) and starts from it when fuzzing. File names
say where the bytes come from (vector file and tcId). Deterministic: run it again after the
vectors change and commit the result.

    python3 fuzz/make-seeds.py            # from the repository root, or anywhere
"""
import json
import shutil
from pathlib import Path

MODULE = Path(__file__).resolve().parent
VECTORS = MODULE.parent / "vectors"
RESOURCES = MODULE / "src" / "test" / "resources"

# Seeds larger than this are left out (the LIP size-limit cases are 256 KiB): the corpus stays
# small, and the fuzzer grows inputs itself.
MAX_SEED = 65536


def load(name):
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def tests(doc):
    for group in doc["testGroups"]:
        for test in group["tests"]:
            yield group, test


class Corpus:
    def __init__(self, package, cls, method):
        self.dir = RESOURCES / package.replace(".", "/") / f"{cls}Inputs" / method
        self.seen = set()
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)

    def add(self, name, data: bytes):
        if len(data) > MAX_SEED or data in self.seen:
            return
        self.seen.add(data)
        (self.dir / name).write_bytes(data)

    def count(self):
        return len(self.seen)


def fuzz(cls, method):
    return Corpus("org.web4.fuzz", cls, method)


def h(text):
    return bytes.fromhex(text)


def main():
    corpora = []

    frames = fuzz("FrameCodecFuzzTest", "decode")
    for _, t in tests(load("rtt/rtt_frame_test.json")):
        frames.add(f"rtt_frame-tc{int(t['tcId']):03d}", h(t["plaintext"]))
    handshake = load("rtt/rtt_handshake_test.json")
    for _, t in tests(handshake):
        for i, f in enumerate(t.get("frames", [])):
            frames.add(f"rtt_handshake-tc{t['tcId']}-frame{i}", h(f["plaintext"]))
    corpora.append(frames)

    json_seeds = fuzz("JsonFuzzTest", "parseAndCanonicalize")
    for _, t in tests(load("jcs/jcs_test.json")):
        json_seeds.add(f"jcs-tc{int(t['tcId']):03d}", h(t["input"]))
    corpora.append(json_seeds)

    identity = fuzz("IdentityPayloadFuzzTest", "verify")
    for _, t in tests(load("rtt/rtt_identity_payload_test.json")):
        identity.add(f"rtt_identity_payload-tc{int(t['tcId']):03d}", h(t["payload"]))
        json_seeds.add(f"rtt_identity_payload-tc{int(t['tcId']):03d}", h(t["payload"]))
    corpora.append(identity)

    envelopes = fuzz("EnvelopeFuzzTest", "validate")
    envelope_tests = list(tests(load("envelope/envelope_test.json")))
    for _, t in envelope_tests:
        envelopes.add(f"envelope-tc{int(t['tcId']):03d}", h(t["envelope"]))
    for _, t in envelope_tests[:40]:
        json_seeds.add(f"envelope-tc{int(t['tcId']):03d}", h(t["envelope"]))
    corpora.append(envelopes)

    lip = fuzz("EvidenceDocumentFuzzTest", "judgeBody")
    for _, t in tests(load("lip/lip_evidence_document_test.json")):
        lip.add(f"lip_evidence_document-tc{int(t['tcId']):03d}", h(t["bodyHex"]))
        json_seeds.add(f"lip_evidence_document-tc{int(t['tcId']):03d}", h(t["bodyHex"]))
    corpora.append(lip)

    # Noise: vector case 1 ("established-64") is the one the targets replay (VectorHandshake).
    noise = {
        m: fuzz("NoiseMessageFuzzTest", m)
        for m in (
            "responderReadsMessage1",
            "initiatorReadsMessage2",
            "responderReadsMessage3",
            "initiatorReadsFrame0",
            "responderReadsTransport",
        )
    }
    stream = fuzz("NoiseStreamFuzzTest", "readMessages")
    for _, t in tests(handshake):
        tc = t["tcId"]
        messages = {m["message"]: m for m in t["messages"]}
        noise["responderReadsMessage1"].add(f"rtt_handshake-tc{tc}-message1", h(messages[1]["noise"]))
        noise["initiatorReadsMessage2"].add(f"rtt_handshake-tc{tc}-message2", h(messages[2]["noise"]))
        if 3 in messages:
            noise["responderReadsMessage3"].add(f"rtt_handshake-tc{tc}-message3", h(messages[3]["noise"]))
        wire = b""
        for m in t["messages"]:
            wire += h(m["wire"])
        for i, f in enumerate(t.get("frames", [])):
            wire += h(f["wire"])
            target = "initiatorReadsFrame0" if f["from"] == "responder" else "responderReadsTransport"
            noise[target].add(f"rtt_handshake-tc{tc}-frame{i}", h(f["ciphertext"]))
        stream.add(f"rtt_handshake-tc{tc}-wire", wire)
        stream.add(f"rtt_handshake-tc{tc}-message1-wire", h(t["messages"][0]["wire"]))
    corpora.extend(noise.values())
    corpora.append(stream)

    corpora.append(harness_seeds(envelope_tests))

    for c in corpora:
        print(f"{c.count():4d}  {c.dir.relative_to(RESOURCES)}")


def harness_seeds(envelope_tests):
    """Byte 0 picks the operation, byte 1 the header variant (0: well-formed), then the body."""
    c = Corpus("org.web4.harness", "HarnessRequestFuzzTest", "request")
    ops = {"canonicalize": 0, "sign/raw": 1, "verify/raw": 2, "sign/envelope": 3,
           "verify/envelope": 4, "info": 5, "reset": 6, "none": 7}

    def add(name, op, body, variant=0):
        c.add(name, bytes([ops[op], variant]) + json.dumps(body, separators=(",", ":")).encode())

    for _, t in list(tests(load("jcs/jcs_test.json")))[:24]:
        add(f"canonicalize-jcs-tc{int(t['tcId']):03d}", "canonicalize", {"input": t["input"]})
    sign = load("ed25519/ed25519_sign_test.json")
    for g, t in list(tests(sign))[:8]:
        add(f"sign_raw-ed25519-tc{int(t['tcId']):03d}", "sign/raw", {"seed": g["sk"], "msg": t["msg"]})
    for g, t in list(tests(load("ed25519/ed25519_verify_test.json")))[:16]:
        add(f"verify_raw-ed25519-tc{int(t['tcId']):03d}", "verify/raw",
            {"pk": g["publicKey"], "msg": t["msg"], "sig": t["sig"]})
    for g, t in list(tests(load("envelope/envelope_sign_test.json")))[:6]:
        add(f"sign_envelope-tc{int(t['tcId']):03d}", "sign/envelope",
            {"seed": g["seedHex"], "unsigned": t["unsigned"]})
    for _, t in envelope_tests[:12]:
        add(f"verify_envelope-tc{int(t['tcId']):03d}", "verify/envelope",
            {"envelope": t["envelope"], "now": t["now"]})
    add("info", "info", {})
    add("reset", "reset", {})
    add("no-operation", "none", {})
    add("canonicalize-no-token", "canonicalize", {"input": "7b7d"}, variant=0x01)
    add("canonicalize-latin1", "canonicalize", {"input": "7b7d"}, variant=0x02)
    add("canonicalize-chunked", "canonicalize", {"input": "7b7d"}, variant=0x04)
    add("canonicalize-long-announced", "canonicalize", {"input": "7b7d"}, variant=0x08)
    add("canonicalize-huge-announced", "canonicalize", {"input": "7b7d"}, variant=0x0C)
    c.add("canonicalize-not-json", bytes([0, 0]) + b"{\"input\":")
    # found by fuzzing (2026-12-07): the 400 answer quotes the request's U+FFFF (JSON, not I-JSON)
    c.add("reset-noncharacter-quoted-in-error", bytes([6, 0]) + b"{\xef\xbf\xbf:}")
    return c


if __name__ == "__main__":
    main()
