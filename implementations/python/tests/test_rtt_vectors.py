"""Byte-exact vectors: the published cacophony Noise vectors (vectors/sources/noise/) in both
roles, and the kit's RTT handshake and frame vectors (vectors/rtt/, docs/vectors.md)."""

import json
import os
import unittest

from web4py.rtt import frames as F
from web4py.rtt import payload as P
from web4py.rtt.identity import Identity
from web4py.rtt.noise import (
    RTT_PROLOGUE,
    RTT_PROTOCOL,
    HandshakeState,
    NoiseError,
    parse_protocol_name,
    x25519_public,
)

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
H = bytes.fromhex


def load(*path):
    with open(os.path.join(ROOT, *path), encoding="utf-8") as f:
        return json.load(f)


class CacophonyVectors(unittest.TestCase):
    """Every message of every vector, both roles, and the handshake hash."""

    def run_vector(self, v):
        pattern, _ = parse_protocol_name(v["protocol_name"])
        opt = lambda k: H(v[k]) if k in v else None
        init = HandshakeState(v["protocol_name"], True, H(v["init_prologue"]), s=opt("init_static"),
                              e=H(v["init_ephemeral"]), psks=[H(x) for x in v.get("init_psks", [])])
        resp = HandshakeState(v["protocol_name"], False, H(v["resp_prologue"]), s=opt("resp_static"),
                              e=H(v["resp_ephemeral"]), psks=[H(x) for x in v.get("resp_psks", [])])
        n = len(pattern.messages)
        for i, m in enumerate(v["messages"]):
            with self.subTest(message=i):
                initiator_sends = i % 2 == 0
                if i < n:
                    writer, reader = (init, resp) if initiator_sends else (resp, init)
                    ct = writer.write_message(H(m["payload"]))
                    self.assertEqual(ct.hex(), m["ciphertext"])
                    self.assertEqual(reader.read_message(ct).hex(), m["payload"])
                    if i == n - 1:
                        self.assertTrue(init.complete and resp.complete)
                        self.assertEqual(init.handshake_hash.hex(), v["handshake_hash"])
                        self.assertEqual(resp.handshake_hash.hex(), v["handshake_hash"])
                        i_send, i_recv = init.split()
                        r_send, r_recv = resp.split()
                else:
                    send, recv = (i_send, r_recv) if initiator_sends else (r_send, i_recv)
                    ct = send.encrypt(H(m["payload"]))
                    self.assertEqual(ct.hex(), m["ciphertext"])
                    self.assertEqual(recv.decrypt(ct).hex(), m["payload"])

    def test_all_vectors(self):
        data = load("vectors", "sources", "noise", "cacophony-subset.json")
        names = [v["protocol_name"] for v in data["vectors"]]
        self.assertIn("Noise_XX_25519_AESGCM_SHA256", names)
        for v in data["vectors"]:
            with self.subTest(protocol=v["protocol_name"]):
                self.run_vector(v)

    def test_rtt_suite_vector_present_and_passing(self):
        data = load("vectors", "sources", "noise", "cacophony-subset.json")
        (v,) = [v for v in data["vectors"] if v["protocol_name"] == RTT_PROTOCOL]
        self.run_vector(v)

    def test_tampered_message_fails_and_state_is_dead(self):
        i = HandshakeState(RTT_PROTOCOL, True, RTT_PROLOGUE, s=bytes(range(32)))
        r = HandshakeState(RTT_PROTOCOL, False, RTT_PROLOGUE, s=bytes(range(1, 33)))
        r.read_message(i.write_message())
        m2 = bytearray(r.write_message(b"hello"))
        m2[-1] ^= 1
        with self.assertRaises(NoiseError):
            i.read_message(bytes(m2))
        with self.assertRaises(NoiseError):
            i.read_message(bytes(m2))

    def test_out_of_turn(self):
        i = HandshakeState(RTT_PROTOCOL, True, RTT_PROLOGUE, s=bytes(range(32)))
        with self.assertRaises(NoiseError):
            i.read_message(bytes(32))


class RttHandshakeVectors(unittest.TestCase):
    def setUp(self):
        self.data = load("vectors", "rtt", "rtt_handshake_test.json")
        self.group = self.data["testGroups"][0]
        self.assertEqual(self.group["protocol"], RTT_PROTOCOL)
        self.assertEqual(H(self.group["prologue"]), RTT_PROLOGUE)

    def side(self, s, role):
        ident = Identity(H(s["identitySeed"]), s["agent_id"])
        self.assertEqual(ident.pubkey.hex(), s["identityPubkey"])
        self.assertEqual(x25519_public(H(s["staticPrivate"])).hex(), s["staticPublic"])
        self.assertEqual(x25519_public(H(s["ephemeralPrivate"])).hex(), s["ephemeralPublic"])
        bound = H(s["boundStaticPublic"]) if "boundStaticPublic" in s else None
        payload = P.build(ident, H(s["staticPublic"]), s["maxChannels"], bound)
        self.assertEqual(payload.hex(), s["payload"], role + " payload")
        self.assertEqual(payload.decode("utf-8"), s["payloadText"])
        return HandshakeState(RTT_PROTOCOL, role == "initiator", RTT_PROLOGUE,
                              s=H(s["staticPrivate"]), e=H(s["ephemeralPrivate"])), payload

    def test_cases(self):
        for t in self.group["tests"]:
            with self.subTest(tcId=t["tcId"], case=t["case"]):
                self.run_case(t)

    def run_case(self, t):
        init, init_payload = self.side(t["initiator"], "initiator")
        resp, resp_payload = self.side(t["responder"], "responder")
        payloads = {"initiator": init_payload, "responder": resp_payload}
        states = {"initiator": init, "responder": resp}
        other = {"initiator": "responder", "responder": "initiator"}
        refused_by = t.get("refusedBy")
        for m in t["messages"]:
            sender, receiver = m["from"], other[m["from"]]
            self.assertEqual(m["payload"], "" if m["message"] == 1 else payloads[sender].hex())
            noise = states[sender].write_message(H(m["payload"]))
            self.assertEqual(noise.hex(), m["noise"], "message %d" % m["message"])
            self.assertEqual((len(noise).to_bytes(2, "big") + noise).hex(), m["wire"])
            got = states[receiver].read_message(noise)
            self.assertEqual(got.hex(), m["payload"])
            if m["message"] in (2, 3):
                static = states[receiver].remote_static
                if refused_by == receiver:
                    with self.assertRaises(P.PayloadRefused) as cm:
                        P.check(got, static)
                    self.assertEqual(cm.exception.reason, t["reason"])
                else:
                    peer = P.check(got, static)
                    self.assertEqual(peer.pubkey.hex(), t[sender]["identityPubkey"])
                    self.assertEqual(peer.agent_id, t[sender]["agent_id"])
                    self.assertEqual(peer.max_channels, t[sender]["maxChannels"])
        if refused_by == "initiator":
            self.assertEqual([m["message"] for m in t["messages"]], [1, 2])  # no message 3
            self.assertNotIn("frames", t)
            return
        self.assertEqual(init.handshake_hash.hex(), t["handshakeHash"])
        self.assertEqual(resp.handshake_hash.hex(), t["handshakeHash"])
        send = dict(zip(("initiator", "responder"), (init.split()[0], resp.split()[0])))
        recv = dict(zip(("initiator", "responder"), (init.split()[1], resp.split()[1])))
        for fr in t["frames"]:
            f = fr["frame"]
            plaintext = F.encode(f["typeCode"], f["flags"], f["channel"], f["sequence"], H(f["body"]))
            self.assertEqual(plaintext.hex(), fr["plaintext"])
            self.assertEqual(f["sequence"], fr["nonce"])
            self.assertEqual(send[fr["from"]].n, fr["nonce"])
            ct = send[fr["from"]].encrypt(plaintext)
            self.assertEqual(ct.hex(), fr["ciphertext"])
            self.assertEqual((len(ct).to_bytes(2, "big") + ct).hex(), fr["wire"])
            decoded = F.decode(recv[other[fr["from"]]].decrypt(ct))
            self.assertEqual(F.NAMES[decoded.type], f["type"])
            self.assertEqual((decoded.flags, decoded.channel, decoded.sequence, decoded.body.hex()),
                             (f["flags"], f["channel"], f["sequence"], f["body"]))
        if refused_by == "responder":
            (only,) = t["frames"]
            self.assertEqual(only["from"], "responder")
            body = F.parse_error_body(H(only["frame"]["body"]))
            self.assertEqual(body.code, t["error"])
            self.assertEqual(only["frame"]["flags"], F.FLAG_CLOSING)
            self.assertEqual(F.error_body("HANDSHAKE", None, None, body.text).hex(), only["frame"]["body"])


class RttFrameVectors(unittest.TestCase):
    def test_cases(self):
        data = load("vectors", "rtt", "rtt_frame_test.json")
        count = 0
        for g in data["testGroups"]:
            for t in g["tests"]:
                count += 1
                with self.subTest(tcId=t["tcId"], comment=t["comment"]):
                    pt = H(t["plaintext"])
                    if t["result"] == "valid":
                        f = t["frame"]
                        self.assertEqual(
                            F.encode(f["typeCode"], f["flags"], f["channel"], f["sequence"], H(f["body"])).hex(),
                            t["plaintext"])
                        d = F.decode(pt)
                        self.assertEqual((F.NAMES[d.type], d.flags, d.channel, d.sequence, d.body.hex()),
                                         (f["type"], f["flags"], f["channel"], f["sequence"], f["body"]))
                        if f["type"] == "ERROR":
                            b = F.parse_error_body(d.body)
                            self.assertEqual(b.encode(), d.body)
                    else:
                        self.assertEqual(t["error"], "FRAME")
                        with self.assertRaises(F.FrameError):
                            F.decode(pt)
        self.assertEqual(count, data["numberOfTests"])


if __name__ == "__main__":
    unittest.main()
