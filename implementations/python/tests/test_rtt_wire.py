"""RTT over loopback (spec/rtt.md): a web4py agent as the implementation, a raw tester peer that
completes or breaks the handshake and sends well-formed or broken frames."""

import hashlib
import socket
import time
import unittest
import uuid

from web4py import envelope as ENV
from web4py import jcs
from web4py.agent import Agent, RefusedError
from web4py.rtt import frames as F
from web4py.rtt import payload as P
from web4py.rtt.clock import format_timestamp
from web4py.rtt.identity import Identity, b64
from web4py.rtt.rawpeer import CLOSED, TIMEOUT, RawPeer


def key(name: str) -> Identity:
    return Identity(hashlib.sha256(("web4-kit/vectors/key/" + name).encode()).digest(), name)


TESTER = key("tester")
ALICE = key("alice")
BOB = key("bob")


def cip_envelope(msg_type, payload, sender=ALICE, receiver=BOB, when_ns=None):
    obj = {
        "cip": "1.0",
        "msg_id": str(uuid.uuid4()),
        "type": msg_type,
        "timestamp": format_timestamp(when_ns or time.time_ns()),
        "sender": {"agent_id": sender.agent_id, "fingerprint": sender.fingerprint, "pubkey": sender.pubkey_b64},
        "receiver": {"agent_id": receiver.agent_id, "fingerprint": receiver.fingerprint},
        "payload": payload,
    }
    return ENV.sign_envelope(obj, sender.seed)


def other_envelope(protocol, msg_type, payload, extra=None):
    obj = {
        protocol: "1.0",
        "msg_id": str(uuid.uuid4()),
        "type": msg_type,
        "timestamp": format_timestamp(time.time_ns()),
        "sender": {"agent_id": "alice", "fingerprint": ALICE.fingerprint, "pubkey": ALICE.pubkey_b64},
        "receiver": {"agent_id": "bob", "fingerprint": BOB.fingerprint},
        "payload": payload,
    }
    obj.update(extra or {})
    return ENV.sign_envelope(obj, ALICE.seed)


STATE_UPDATE = {"presence": "focused", "lri": 10}


class AgentCase(unittest.TestCase):
    agent: Agent

    @classmethod
    def setUpClass(cls):
        cls.agent = Agent(key("iut"))
        cls.address = cls.agent.start()

    @classmethod
    def tearDownClass(cls):
        cls.agent.stop()

    def setUp(self):
        self.agent.reset()
        self.peers = []

    def tearDown(self):
        for p in self.peers:
            p.close()

    def connect(self) -> RawPeer:
        p = RawPeer.connect(self.address, TESTER)
        self.peers.append(p)
        return p

    def handshaken(self) -> RawPeer:
        return self.connect().handshake()

    # assertions ---------------------------------------------------------------------------

    def assertClosingError(self, peer, code, frame="any"):
        f = peer.await_frame(F.ERROR)
        self.assertIsInstance(f, F.Frame, "expected a closing ERROR %s, got %r" % (code, f))
        self.assertEqual(f.type, F.ERROR, f)
        self.assertEqual(f.flags, F.FLAG_CLOSING)
        self.assertEqual(f.channel, 0)
        body = F.parse_error_body(f.body)
        self.assertEqual(body.code, code, body.text)
        if frame != "any":
            self.assertEqual(body.frame, frame)
        self.assertIs(self.closed(peer), CLOSED)
        return f, body

    def closed(self, peer, timeout=5.0):
        deadline = time.monotonic() + timeout
        while True:
            r = peer.next(max(0.01, deadline - time.monotonic()))
            if r is CLOSED or r is TIMEOUT:
                return r
            if isinstance(r, F.Frame) and r.type in (F.CREDIT, F.ACK, F.DATA):
                continue
            return r

    def assertOpen(self, peer):
        opaque = uuid.uuid4().bytes[:8]
        peer.send_frame(F.PING, 0, opaque)
        f = peer.await_frame(F.PONG)
        self.assertIsInstance(f, F.Frame, f)
        self.assertEqual((f.type, f.body), (F.PONG, opaque))


class Handshake(AgentCase):
    def test_completes_and_is_listed(self):
        p = self.handshaken()
        self.assertEqual(p.peer.pubkey, key("iut").pubkey)
        self.assertEqual(p.peer.max_channels, 64)
        # the payload is exactly the RFC 8785 form of the six members
        self.assertEqual(jcs.canonicalize(__import__("web4py.ijson").ijson.parse(p.peer_payload)), p.peer_payload)
        self.assertOpen(p)
        conns, handshaking = self.agent.connections()
        self.assertEqual(handshaking, 0)
        self.assertEqual(conns, [{"peer_agent_id": "tester", "peer_fingerprint": TESTER.fingerprint,
                                  "state": "open", "channels": ["control", "state", "knowledge"],
                                  "send_queue": {"messages": 0, "bytes": 0, "dropped": 0, "refused": 0,
                                                 "blocked": 0}}])  # HAR-RTT-003, HAR-RTT-005
        kinds = [e["kind"] for e in self.agent.events(0, 100)[0]]
        self.assertIn("rtt.handshake.completed", kinds)

    def refused_with(self, payload):
        p = self.connect()
        p.message1()
        self.assertIsNotNone(p.read_message2())
        p.message3(payload)
        f, body = self.assertClosingError(p, "HANDSHAKE")
        self.assertEqual(f.sequence, 0)
        self.assertIsNone(body.frame)
        self.assertEqual(self.agent.connections()[0], [])

    def test_refusals(self):
        other = key("other")
        cases = [
            "binding to another static key", "binding by another identity", "missing binding",
            "unknown member", "non-standard channels", "max_channels 2", "no common version",
            "duplicate member", "not JSON", "max_channels 64.0", "agent_id -bad", "rtt with a number",
        ]
        for case in cases:
            with self.subTest(case=case):
                p = self.connect()
                p.message1()
                self.assertIsNotNone(p.read_message2())
                obj = {
                    "agent_id": "tester",
                    "binding": b64(P.binding(TESTER, p.static_public)),
                    "channels": ["control", "state", "knowledge"],
                    "limits": {"max_channels": 64},
                    "pubkey": TESTER.pubkey_b64,
                    "rtt": ["1.0"],
                }
                raw = None
                if case == "binding to another static key":
                    obj["binding"] = b64(P.binding(TESTER, bytes(32)))
                elif case == "binding by another identity":
                    obj["binding"] = b64(P.binding(other, p.static_public))
                elif case == "missing binding":
                    del obj["binding"]
                elif case == "unknown member":
                    obj["x"] = 1
                elif case == "non-standard channels":
                    obj["channels"] = ["control", "state"]
                elif case == "max_channels 2":
                    obj["limits"] = {"max_channels": 2}
                elif case == "no common version":
                    obj["rtt"] = ["2.0"]
                elif case == "duplicate member":
                    raw = jcs.canonicalize(obj)[:-1] + b',"rtt":["1.0"]}'
                elif case == "not JSON":
                    raw = b"not JSON"
                elif case == "max_channels 64.0":
                    raw = jcs.canonicalize(obj).replace(b'"max_channels":64', b'"max_channels":64.0')
                elif case == "agent_id -bad":
                    obj["agent_id"] = "-bad"
                elif case == "rtt with a number":
                    obj["rtt"] = ["1.0", 2]
                p.message3(raw if raw is not None else jcs.canonicalize(obj))
                f, body = self.assertClosingError(p, "HANDSHAKE")
                self.assertEqual((f.sequence, f.channel), (0, 0))
                self.assertEqual(self.agent.connections()[0], [])

    def test_message1_short_or_with_payload(self):
        p = self.connect()
        p.send_raw(bytes.fromhex("0010000102030405060708090a0b0c0d0e0f"))
        self.assertIs(p.next(), CLOSED)
        p = self.connect()
        p.message1(b"12345")
        self.assertIs(p.next(), CLOSED)

    def test_stream_ends_in_prefix_or_message(self):
        for raw in (b"\x00", bytes.fromhex("00200001020304050607")):
            p = self.connect()
            p.send_raw(raw)
            p.end()
            self.assertIs(p.next(), CLOSED)

    def test_confirming_ping_is_transport_frame_0(self):
        # RTT-HS-007: after accepting message 3, a PING on channel 0, 8 bytes, flags 0, before anything
        p = self.connect()
        p.message1()
        self.assertIsNotNone(p.read_message2())
        p.message3()
        f = p.next()
        self.assertIsInstance(f, F.Frame, f)
        self.assertEqual((f.type, f.flags, f.channel, f.sequence, len(f.body)), (F.PING, 0, 0, 0, 8))
        p.send_frame(F.PONG, 0, f.body)
        self.assertOpen(p)

    def test_message3_bad_tag(self):
        p = self.connect()
        p.message1()
        p.read_message2()
        p.message3(corrupt_tag=True)
        self.assertIs(p.next(), CLOSED)

    def test_stream_ends_in_transport_message(self):
        p = self.handshaken()
        p.send_raw(bytes.fromhex("004000010203"))
        p.end()
        self.assertIs(self.closed(p), CLOSED)


class Frames(AgentCase):
    def test_ping_pong(self):
        p = self.handshaken()
        p.send_frame(F.PING, 0, bytes(range(8)))
        f = p.await_frame(F.PONG)
        self.assertEqual((f.type, f.body, f.channel), (F.PONG, bytes(range(8)), 0))

    def test_refused_frames(self):
        cases = [
            ("unknown type", lambda p: p.send_plaintext(F.encode(127, 0, 0, p.seq, b"")) or p.seq, "FRAME"),
            ("short plaintext", lambda p: p.send_plaintext(b"\x07\x00\x00") or None, "FRAME"),
            ("ping body 7", lambda p: p.send_frame(F.PING, 0, bytes(7)), "FRAME"),
            ("data flag 128", lambda p: p.send_frame(F.DATA, 1, b"\x00", flags=128), "FRAME"),
            ("error body not json", lambda p: p.send_frame(F.ERROR, 0, b"not json", flags=1), "FRAME"),
            ("error msg_id not a uuid", lambda p: p.send_frame(F.ERROR, 1, jcs.canonicalize(
                {"code": "REPLAY", "frame": 0, "msg_id": "not-a-uuid", "text": ""})), "FRAME"),
            ("error frame 2^32", lambda p: p.send_frame(F.ERROR, 1, jcs.canonicalize(
                {"code": "REPLAY", "frame": 2 ** 32, "msg_id": None, "text": ""})), "FRAME"),
            ("error code in lower case", lambda p: p.send_frame(F.ERROR, 1, jcs.canonicalize(
                {"code": "replay", "frame": None, "msg_id": None, "text": ""})), "FRAME"),
            ("sequence ahead", lambda p: p.send_frame(F.PING, 0, bytes(8), seq=p.seq + 5), "FRAME"),
            ("forged", lambda p: p.send_forged() or None, "FRAME"),
            ("ping on channel 1", lambda p: p.send_frame(F.PING, 1, bytes(8)), "FRAME"),
            ("ack of frames never sent", lambda p: p.send_frame(F.ACK, 0, F.u32(1000)), "FRAME"),
            ("credit over the window", lambda p: p.send_frame(F.CREDIT, 1, F.u32(1)), "FRAME"),
            ("credit of zero", lambda p: p.send_frame(F.CREDIT, 2, F.u32(0)), "FRAME"),
            ("credit for a closed channel", lambda p: p.send_frame(F.CREDIT, 11, F.u32(100)), "CHANNEL"),
            ("open of a standard channel", lambda p: p.send_frame(F.OPEN, 2, b"knowledge"), "CHANNEL"),
            ("close of a standard channel", lambda p: p.send_frame(F.CLOSE, 1), "CHANNEL"),
            ("data on a channel not open", lambda p: p.send_frame(F.DATA, 9, b"{}", flags=1), "CHANNEL"),
            ("open_ack not opening", lambda p: p.send_frame(F.OPEN_ACK, 8), "CHANNEL"),
            ("close with a body", lambda p: p.send_frame(F.CLOSE, 9, b"x"), "FRAME"),
        ]
        for name, act, code in cases:
            with self.subTest(case=name):
                p = self.handshaken()
                seq = act(p)
                self.assertClosingError(p, code, frame=seq)
                time.sleep(0.05)

    def test_error_with_an_unregistered_code_is_accepted(self):
        # rtt.md §4.3 (spec 0.4.0): forward compatibility -- a code of the pattern, registered or not
        p = self.handshaken()
        p.send_frame(F.ERROR, 1, F.error_body("NEW_CODE_2", None, str(uuid.uuid4()), "from a later version"))
        self.assertOpen(p)

    def test_ack_of_zero_is_accepted(self):
        p = self.handshaken()
        p.send_frame(F.ACK, 0, F.u32(0))
        self.assertOpen(p)

    def test_closing_error_from_peer_ends_connection(self):
        p = self.handshaken()
        p.send_frame(F.ERROR, 0, F.error_body("INTERNAL", None, None, "bye"), flags=1)
        self.assertIs(self.closed(p), CLOSED)

    def test_goaway(self):
        p = self.handshaken()
        self.assertOpen(p)
        self.assertEqual(len(self.agent.connections()[0]), 1)
        p.send_frame(F.GOAWAY, 0, F.u32(0))
        f = p.await_frame(F.GOAWAY)
        self.assertEqual(f.type, F.GOAWAY)
        self.assertEqual(f.uint32(), 3)  # our PONG (to the handshake PING), our PING and our GOAWAY
        self.assertIs(self.closed(p), CLOSED)
        deadline = time.monotonic() + 5
        while self.agent.connections()[0] and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(self.agent.connections()[0], [])
        kinds = [e["kind"] for e in self.agent.events(0, 100)[0]]
        for k in ("rtt.goaway.received", "rtt.goaway.sent", "rtt.connection.closed"):
            self.assertIn(k, kinds)


class Channels(AgentCase):
    def test_open_close_reopen(self):
        p = self.handshaken()
        p.send_frame(F.OPEN, 4, b"telemetry")
        f = p.await_frame(F.OPEN_ACK)
        self.assertEqual((f.type, f.channel), (F.OPEN_ACK, 4))
        self.assertEqual(self.agent.connections()[0][0]["channels"],
                         ["control", "state", "knowledge", "telemetry"])
        p.send_frame(F.CLOSE, 4)
        f = p.await_frame(F.CLOSE)
        self.assertEqual((f.type, f.channel), (F.CLOSE, 4))
        p.send_frame(F.OPEN, 6, b"telemetry")
        f = p.await_frame(F.OPEN_ACK)
        self.assertEqual((f.type, f.channel), (F.OPEN_ACK, 6))

    def test_bad_opens(self):
        for cid, name in ((5, b"other"), (4, b"other"), (6, b"first"), (6, b"Telemetry"), (6, b"tele metry")):
            with self.subTest(cid=cid, name=name):
                p = self.handshaken()
                p.send_frame(F.OPEN, 4, b"first")
                self.assertEqual(p.await_frame(F.OPEN_ACK).type, F.OPEN_ACK)
                seq = p.send_frame(F.OPEN, cid, name)
                self.assertClosingError(p, "CHANNEL", frame=seq)

    def test_limit(self):
        p = self.handshaken()
        for i in range(p.peer.max_channels - 3):
            p.send_frame(F.OPEN, 4 + 2 * i, b"c%d" % i)
        for i in range(p.peer.max_channels - 3):
            self.assertEqual(p.await_frame(F.OPEN_ACK).type, F.OPEN_ACK)
        seq = p.send_frame(F.OPEN, 4 + 2 * (p.peer.max_channels - 3), b"onemore")
        self.assertClosingError(p, "LIMIT", frame=seq)

    def test_named_channel_credit(self):
        p = self.handshaken()
        p.send_frame(F.OPEN, 4, b"bulk")
        self.assertEqual(p.await_frame(F.OPEN_ACK).type, F.OPEN_ACK)
        for _ in range(4):
            data = bytes(600000)
            while p.windows[4] < len(data):
                f = p.next(5)
                self.assertIsInstance(f, F.Frame)
            p.send_message(4, data, fragments=10)
        deadline = time.monotonic() + 5
        while p.windows[4] < F.WINDOW and time.monotonic() < deadline:
            p.next(1)
        self.assertEqual(p.windows[4], F.WINDOW)
        self.assertOpen(p)


class Flow(AgentCase):
    def test_one_byte_over_the_window(self):
        p = self.handshaken()
        data = bytes(F.WINDOW + 1)
        size = F.MAX_BODY
        last = None
        for i in range(0, len(data), size):
            last = p.send_frame(F.DATA, 1, data[i:i + size])
        self.assertClosingError(p, "BACKPRESSURE", frame=last)

    def test_unfinished_message_returns_no_credit(self):
        p = self.handshaken()
        p.send_message(2, bytes(600000), fragments=10, fin=False)
        p.send_frame(F.PING, 0, b"barrier!")
        while True:
            f = p.next(5)
            self.assertIsInstance(f, F.Frame)
            self.assertNotEqual(f.type, F.CREDIT)
            if f.type == F.PONG:
                break


class Envelopes(AgentCase):
    def delivered(self, p, env_bytes):
        while True:
            f = p.next(5)
            self.assertIsInstance(f, F.Frame)
            if f.type == F.CREDIT and f.uint32() == len(env_bytes):
                break
            self.assertEqual(f.type, F.ERROR, f)
            code = F.parse_error_body(f.body).code
            self.assertNotIn(code, ("INVALID_ENVELOPE", "UNSUPPORTED_VERSION", "UNSUPPORTED_TYPE",
                                    "IDENTITY_MISMATCH", "SIGNATURE_MISMATCH", "TIMESTAMP",
                                    "PAYLOAD_SCHEMA", "REPLAY", "WRONG_CHANNEL"))

    def refused(self, p, code, env, seq, channel):
        f = p.await_frame(F.ERROR)
        self.assertIsInstance(f, F.Frame, f)
        self.assertEqual((f.type, f.flags, f.channel), (F.ERROR, 0, channel))
        body = F.parse_error_body(f.body)
        self.assertEqual((body.code, body.msg_id, body.frame), (code, env["msg_id"], seq))

    def test_on_their_channel(self):
        cases = [
            (cip_envelope("STATE_UPDATE", STATE_UPDATE), 1),
            (cip_envelope("HELLO", {"protocols": ["cip/1.0"], "capabilities": [],
                                    "session_nonce": b64(bytes(32)), "challenge": b64(bytes(32))}), 0),
        ]
        p = self.handshaken()
        for env, ch in cases:
            data = jcs.canonicalize(env)
            p.send_message(ch, data)
            self.delivered(p, data)
        self.assertOpen(p)

    def test_wrong_channel(self):
        p = self.handshaken()
        env = cip_envelope("STATE_UPDATE", STATE_UPDATE)
        seq = p.send_message(0, jcs.canonicalize(env))
        self.refused(p, "WRONG_CHANNEL", env, seq, 0)
        self.assertOpen(p)

    def test_bad_signature_and_replay(self):
        p = self.handshaken()
        env = cip_envelope("STATE_UPDATE", STATE_UPDATE)
        bad = dict(env, sign=dict(env["sign"]))
        sig = bytearray(__import__("base64").b64decode(bad["sign"]["signature"]))
        sig[0] ^= 1
        bad["sign"]["signature"] = b64(bytes(sig))
        seq = p.send_message(1, jcs.canonicalize(bad), fragments=3)
        p.send_frame(F.PING, 0, bytes.fromhex("0a0b0c0d0e0f1011"))
        self.refused(p, "SIGNATURE_MISMATCH", bad, seq, 1)
        f = p.await_frame(F.PONG)
        self.assertEqual(f.body, bytes.fromhex("0a0b0c0d0e0f1011"))
        data = jcs.canonicalize(env)
        p.send_message(1, data)
        self.delivered(p, data)
        seq = p.send_message(1, data)
        self.refused(p, "REPLAY", env, seq, 1)
        self.assertOpen(p)

    def frames_until_pong(self, p, opaque):
        p.send_frame(F.PING, 0, opaque)
        out = []
        while True:
            f = p.next(5)
            self.assertIsInstance(f, F.Frame, "no PONG; got %r after %r" % (f, out))
            if f.type == F.PONG and f.body == opaque:
                return out
            out.append(f)

    def test_refused_envelope_returns_its_credit(self):
        # RTT-FLOW-002 (spec 0.4.0): credit for every complete message, accepted or refused
        p = self.handshaken()
        env = cip_envelope("STATE_UPDATE", STATE_UPDATE, when_ns=time.time_ns() - 3600 * 10**9)
        data = jcs.canonicalize(env)
        seq = p.send_message(1, data, fragments=2)
        got = self.frames_until_pong(p, b"credit?!")
        self.assertEqual([(f.type, f.channel) for f in got], [(F.ERROR, 1), (F.CREDIT, 1)])
        body = F.parse_error_body(got[0].body)
        self.assertEqual((body.code, body.msg_id, body.frame), ("TIMESTAMP", env["msg_id"], seq))
        self.assertEqual(got[1].uint32(), len(data))

    def test_empty_message_is_refused_and_gets_no_credit(self):
        # RTT-FLOW-002 (spec 0.4.0): a 0-byte message consumed no window: no CREDIT (CREDIT 0 is a
        # FRAME error); the empty text is refused INVALID_ENVELOPE, msg_id unknown
        p = self.handshaken()
        seq = p.send_frame(F.DATA, 1, b"", F.FLAG_FIN)
        got = self.frames_until_pong(p, b"empty?!!")
        self.assertEqual([(f.type, f.channel, f.flags) for f in got], [(F.ERROR, 1, 0)])
        body = F.parse_error_body(got[0].body)
        self.assertEqual((body.code, body.msg_id, body.frame), ("INVALID_ENVELOPE", None, seq))
        self.assertOpen(p)

    def test_timestamp_by_the_agents_clock(self):
        # The clock moves before the connection exists, as in features/rtt/timers.feature: moved
        # under a live connection, 400 s of silence bring a PING at once (ADR 1428) and would make
        # the peer dead (RTT-HB-003) racing the envelope.
        env = cip_envelope("STATE_UPDATE", STATE_UPDATE)
        self.agent.advance_clock(400)
        p = self.handshaken()
        seq = p.send_message(1, jcs.canonicalize(env))
        self.refused(p, "TIMESTAMP", env, seq, 1)


class Timers(AgentCase):
    def test_handshake_timeout(self):
        p = self.connect()
        deadline = time.monotonic() + 5
        while self.agent.connections()[1] < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertEqual(self.agent.connections()[1], 1)
        self.agent.advance_clock(10)
        self.assertIs(p.next(5), CLOSED)

    def test_ping_then_dead(self):
        p = self.handshaken()
        self.assertOpen(p)
        self.agent.advance_clock(16)
        f = p.await_frame(F.PING)
        self.assertEqual((f.type, len(f.body)), (F.PING, 8))
        self.agent.advance_clock(30)
        _, body = self.assertClosingError(p, "TIMEOUT")
        self.assertIsNone(body.frame)


class Limits(AgentCase):
    def test_65th_handshake_closed_at_once(self):
        held = [socket.create_connection(self.address) for _ in range(64)]
        try:
            deadline = time.monotonic() + 5
            while self.agent.connections()[1] < 64 and time.monotonic() < deadline:
                time.sleep(0.02)
            self.assertEqual(self.agent.connections()[1], 64)
            extra = socket.create_connection(self.address)
            extra.settimeout(2)
            self.assertEqual(extra.recv(1), b"")
            extra.close()
            for s in held:
                s.setblocking(False)
                try:
                    self.assertNotEqual(s.recv(1), b"")  # would mean closed
                except BlockingIOError:
                    pass
        finally:
            for s in held:
                s.close()
        deadline = time.monotonic() + 5
        while self.agent.connections()[1] > 0 and time.monotonic() < deadline:
            time.sleep(0.02)
        self.handshaken()


class Initiator(AgentCase):
    def listener(self):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        s.listen(4)
        self.addCleanup(s.close)
        return s

    def dial(self, port, expect=None):
        import threading
        out = {}

        def run():
            try:
                out["conn"] = self.agent.dial("127.0.0.1", port, expect)
            except RefusedError as e:
                out["refused"] = e
        t = threading.Thread(target=run)
        t.start()
        return t, out

    def test_dials_and_completes(self):
        s = self.listener()
        t, out = self.dial(s.getsockname()[1], TESTER.fingerprint)
        p = RawPeer.accept(s, TESTER)
        self.peers.append(p)
        self.assertTrue(p.respond())
        t.join(5)
        self.assertEqual(out["conn"]["peer_fingerprint"], TESTER.fingerprint)
        self.assertEqual(p.peer.pubkey, key("iut").pubkey)
        # our confirming PING (RTT-HS-007) is answered first, then the CIP initiator's HELLO
        f = p.next()
        self.assertEqual((f.type, f.sequence), (F.PONG, 0))
        f = p.await_frame(F.DATA, skip=())
        self.assertEqual((f.type, f.channel), (F.DATA, 0))
        self.assertOpen(p)

    def accepted_without_confirmation(self):
        s = self.listener()
        t, out = self.dial(s.getsockname()[1], TESTER.fingerprint)
        p = RawPeer.accept(s, TESTER)
        self.peers.append(p)
        self.assertTrue(p.respond(confirm=False))
        return t, out, p

    def kinds(self):
        return [e["kind"] for e in self.agent.events(0, 1000)[0]]

    def assertRefusedDial(self, t, out):
        t.join(5)
        self.assertFalse(t.is_alive())
        self.assertEqual(out["refused"].code, "HANDSHAKE")
        self.assertEqual(self.agent.connections(), ([], 0))
        kinds = self.kinds()
        self.assertIn("rtt.handshake.failed", kinds)
        self.assertNotIn("rtt.handshake.completed", kinds)

    def test_complete_only_on_the_responders_first_frame(self):
        # RTT-HS-008: after message 3 the dial waits; it is a handshake in progress, not a connection
        t, out, p = self.accepted_without_confirmation()
        self.assertEqual(self.agent.connections(), ([], 1))
        self.assertTrue(t.is_alive())
        self.assertNotIn("rtt.handshake.completed", self.kinds())
        p.send_frame(F.PING, 0, b"confirm!")
        t.join(5)
        self.assertEqual(out["conn"]["peer_fingerprint"], TESTER.fingerprint)
        f = p.next()
        self.assertEqual((f.type, f.sequence, f.body), (F.PONG, 0, b"confirm!"))
        self.assertIn("rtt.handshake.completed", self.kinds())
        self.assertEqual(len(self.agent.connections()[0]), 1)
        self.assertOpen(p)

    def test_error_as_first_frame_fails_the_handshake(self):
        t, out, p = self.accepted_without_confirmation()
        p.send_frame(F.ERROR, 0, F.error_body("HANDSHAKE", None, None, "your payload"), flags=F.FLAG_CLOSING)
        self.assertRefusedDial(t, out)
        self.assertIs(p.next(), CLOSED)  # the initiator sends nothing (RTT-ERR-004)
        errors = [e for e in self.agent.events(0, 1000)[0] if e["kind"] == "rtt.error.received"]
        self.assertEqual([(e["attributes"]["code"], e["attributes"]["closing"]) for e in errors],
                         [("HANDSHAKE", True)])

    def test_connection_ending_before_the_first_frame_fails_the_handshake(self):
        t, out, p = self.accepted_without_confirmation()
        p.end()
        self.assertRefusedDial(t, out)

    def test_no_first_frame_within_the_handshake_timeout_fails_it(self):
        t, out, p = self.accepted_without_confirmation()
        self.agent.advance_clock(10)
        self.assertRefusedDial(t, out)
        self.assertIn("timeout", out["refused"].message)

    def test_first_message_that_is_no_frame_is_refused_with_frame(self):
        t, out, p = self.accepted_without_confirmation()
        p.send_forged()
        self.assertRefusedDial(t, out)
        f = p.next()
        self.assertEqual((f.type, f.flags, f.sequence), (F.ERROR, F.FLAG_CLOSING, 0))
        self.assertEqual(F.parse_error_body(f.body).code, "FRAME")

    def test_refuses_unexpected_identity_or_bad_payload(self):
        for case in ("another identity", "bad binding", "not JSON", "no common version"):
            with self.subTest(case=case):
                s = self.listener()
                t, out = self.dial(s.getsockname()[1], key("other").fingerprint if case == "another identity" else None)
                p = RawPeer.accept(s, TESTER)
                self.peers.append(p)
                if case == "bad binding":
                    payload = P.build(TESTER, p.static_public, 64, bound_static=bytes(32))
                elif case == "not JSON":
                    payload = b"not JSON"
                elif case == "no common version":
                    payload = P.build(TESTER, p.static_public).replace(b'"1.0"', b'"2.0"')
                else:
                    payload = None
                self.assertFalse(p.respond(payload))
                t.join(5)
                self.assertEqual(out["refused"].code, "HANDSHAKE")

    def test_connection_refused(self):
        s = self.listener()
        port = s.getsockname()[1]
        s.close()
        with self.assertRaises(RefusedError):
            self.agent.dial("127.0.0.1", port)


if __name__ == "__main__":
    unittest.main()
