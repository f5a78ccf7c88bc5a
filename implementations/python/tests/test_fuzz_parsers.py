"""Property/fuzz tests of web4py's parsers (issue 20, docs/fuzzing.md), standard library only.

Each parser gets the kit's vectors as seeds and a fixed number of mutated inputs (random.Random
with a fixed seed: the same inputs on every run) and must keep its contract: only the parser's
typed error escapes (never IndexError, KeyError, TypeError, RecursionError, ...), and where it is
cheap a round-trip property holds (a frame that decodes encodes back to the same bytes; the
canonical form of parsed JSON is a fixed point; an accepted envelope is a REPLAY the second time).

A failure names the target, the exception and the input in hex, so it can be replayed alone.
WEB4_FUZZ_ITERATIONS scales the number of mutations per target (default 1.0; e.g. 20 for a longer
local run); the seed is fixed, so a larger factor only adds inputs after the default ones.
"""

from __future__ import annotations

import os
import random
import traceback
import unittest

from _util import cases, load_vectors

from web4py import envelope, ijson, jcs
from web4py.lip import document
from web4py.rtt import frames, payload
from web4py.rtt.noise import RTT_PROLOGUE, RTT_PROTOCOL, HandshakeState, NoiseError

SEED = 20_261_206
SCALE = float(os.environ.get("WEB4_FUZZ_ITERATIONS", "1"))

# Tokens the mutator splices in: JSON structure, I-JSON edge cases, envelope member names.
TOKENS = [
    b"{", b"}", b"[", b"]", b":", b",", b'"', b"\\", b"\\u", b"\\ud800", b"\\udc00", b"\\ufffe",
    b"true", b"false", b"null", b"-", b"0", b"-0", b"1e308", b"1e309", b"1E+2", b"0.1",
    b"18446744073709551616", b"\xef\xbb\xbf", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80",
    b'"msg_id"', b'"timestamp"', b'"sender"', b'"sign"', b'"payload"', b'"cip":"1.0"',
    b'"agent_id"', b'"binding"', b'"limits"', b'"max_channels"', b'"rtt"', b'"claims"',
    b'"evidence"', b'"confidence"', b"\x00", b"\xff\xff", b"\x09\x01\x00\x00",
]
INTERESTING = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D]


class Mutator:
    """A small byte mutator in the manner of libFuzzer's: flips, inserts, erases, splices."""

    def __init__(self, seeds: list[bytes], rng: random.Random):
        self.seeds = seeds or [b""]
        self.rng = rng

    def inputs(self, count: int):
        yield b""
        yield from self.seeds
        for _ in range(count):
            data = bytearray(self.rng.choice(self.seeds))
            for _ in range(self.rng.randint(1, 4)):
                data = self._mutate(data)
            yield bytes(data)

    def _mutate(self, data: bytearray) -> bytearray:
        r, n = self.rng, len(data)
        op = r.randrange(8)
        if op == 0 and n:  # flip a bit
            i = r.randrange(n)
            data[i] ^= 1 << r.randrange(8)
        elif op == 1 and n:  # an interesting byte
            data[r.randrange(n)] = r.choice(INTERESTING)
        elif op == 2:  # insert a token
            i = r.randint(0, n)
            data[i:i] = r.choice(TOKENS)
        elif op == 3 and n:  # erase a run
            i = r.randrange(n)
            del data[i : i + r.randint(1, 16)]
        elif op == 4 and n:  # truncate
            del data[r.randrange(n) :]
        elif op == 5 and n:  # duplicate a run
            i = r.randrange(n)
            data[i:i] = data[i : i + r.randint(1, 64)]
        elif op == 6:  # splice another seed
            other = r.choice(self.seeds)
            if other:
                j = r.randrange(len(other))
                data[r.randint(0, n) :] = other[j:]
        else:  # random bytes
            i = r.randint(0, n)
            data[i:i] = bytes(r.randrange(256) for _ in range(r.randint(1, 8)))
        return data


def count(base: int) -> int:
    return max(1, int(base * SCALE))


def hexes(docs):
    return [bytes.fromhex(value) for value in docs]


class FuzzParsers(unittest.TestCase):
    def run_target(self, name: str, seeds: list[bytes], iterations: int, typed, check) -> int:
        """Feeds every input to ``check``; ``typed`` is the parser's error class(es)."""
        rng = random.Random(f"{SEED}/{name}")
        broken = []
        executed = 0
        for data in Mutator(seeds, rng).inputs(count(iterations)):
            executed += 1
            try:
                check(data)
            except typed:
                pass
            except Exception as e:  # the contract: nothing else escapes
                broken.append((data, e, traceback.format_exc(limit=4)))
                if len(broken) >= 3:
                    break
        if broken:
            first = broken[0]
            self.fail(
                "%s: %d input(s) broke the contract; first: %s %r on input hex %s\n%s"
                % (name, len(broken), type(first[1]).__name__, first[1], first[0].hex(), first[2])
            )
        return executed

    def test_frame_decoder(self):
        doc = load_vectors("rtt/rtt_frame_test.json")
        seeds = hexes(t["plaintext"] for _, t in cases(doc))

        def check(data):
            frame = frames.decode(data)
            self.assertEqual(data, frame.encode(), "encode(decode(frame)) == frame")

        self.run_target("frame", seeds, 6000, frames.FrameError, check)

    def test_strict_json_and_canonical_form(self):
        seeds = hexes(t["input"] for _, t in cases(load_vectors("jcs/jcs_test.json")))
        seeds += hexes(t["payload"] for _, t in cases(load_vectors("rtt/rtt_identity_payload_test.json")))

        def check(data):
            value = ijson.parse(data)
            canonical = jcs.canonicalize(value)  # JcsError would break the contract: it parsed
            self.assertEqual(canonical, jcs.canonicalize(ijson.parse(canonical)), "fixed point")

        self.run_target("json", seeds, 4000, ijson.IJsonError, check)

    def test_identity_payload(self):
        doc = load_vectors("rtt/rtt_identity_payload_test.json")
        group = doc["testGroups"][0]
        static = bytes.fromhex(group["noiseStatic"])
        seeds = hexes(t["payload"] for _, t in cases(doc))

        def check(data):
            peer = payload.check(data, static)
            self.assertEqual(data, jcs.canonicalize(ijson.parse(data)), "accepted means canonical")
            self.assertTrue(peer.agent_id)

        self.run_target("identity payload", seeds, 2000, payload.PayloadRefused, check)

    def test_envelope_validation(self):
        tests = [t for _, t in cases(load_vectors("envelope/envelope_test.json"))]
        seeds = hexes(t["envelope"] for t in tests)
        now = envelope.parse_timestamp("2026-01-01T00:00:00.000Z")

        def check(data):
            receiver = envelope.Receiver()
            verdict = receiver.validate(data, now)  # a Verdict, never an exception
            if verdict.valid:
                again = receiver.validate(data, now)
                self.assertEqual("REPLAY", again.code, "an accepted envelope, delivered twice")
            else:
                self.assertTrue(verdict.code, "a refusal has a code of Table 14")

        self.run_target("envelope", seeds, 800, (), check)

    def test_evidence_document(self):
        doc = load_vectors("lip/lip_evidence_document_test.json")
        seeds = [b for b in hexes(t["bodyHex"] for _, t in cases(doc)) if len(b) <= 4096]

        def check(data):
            doc_, reason, _ = document.judge_body(data)
            self.assertEqual(doc_ is None, reason is not None, "exactly one of document, reason")

        self.run_target("evidence document", seeds, 3000, (), check)

    def test_noise_messages(self):
        t = next(t for _, t in cases(load_vectors("rtt/rtt_handshake_test.json")))
        alice, bob = t["initiator"], t["responder"]
        messages = {m["message"]: bytes.fromhex(m["noise"]) for m in t["messages"]}

        def responder() -> HandshakeState:
            return HandshakeState(
                RTT_PROTOCOL, False, RTT_PROLOGUE,
                s=bytes.fromhex(bob["staticPrivate"]), e=bytes.fromhex(bob["ephemeralPrivate"]))

        def initiator() -> HandshakeState:
            return HandshakeState(
                RTT_PROTOCOL, True, RTT_PROLOGUE,
                s=bytes.fromhex(alice["staticPrivate"]), e=bytes.fromhex(alice["ephemeralPrivate"]))

        def reads_message_1(data):
            responder().read_message(data)

        def reads_message_2(data):
            hs = initiator()
            self.assertEqual(messages[1], hs.write_message(b""), "replays the vector")
            peer_payload = hs.read_message(data)
            try:
                payload.check(peer_payload, hs.rs)
            except payload.PayloadRefused:
                pass

        def reads_transport(data):
            hs = initiator()
            hs.write_message(b"")
            hs.read_message(messages[2])
            hs.write_message(b"{}")
            _, receive = hs.split()
            plain = receive.decrypt_with_ad(b"", data)
            try:
                frames.decode(plain)
            except frames.FrameError:
                pass

        self.run_target("noise message 1", [messages[1]], 300, NoiseError, reads_message_1)
        self.run_target("noise message 2", [messages[2]], 300, NoiseError, reads_message_2)
        responder_frames = [bytes.fromhex(f["ciphertext"]) for f in t["frames"] if f["from"] == "responder"]
        self.run_target("noise transport", responder_frames, 600, NoiseError, reads_transport)


if __name__ == "__main__":
    unittest.main()
