"""RTT 1.1 session resume (docs/drafts/rtt-resume.md, draft; web4py's resume is off unless enabled):
two web4py endpoints on loopback, cuts by TCP reset (SO_LINGER 0), injected clocks, and the
exactly-once, in-order check on every channel. No timed assertion: every wait is for a state, with a
generous guard."""

import hashlib
import os
import random
import socket
import unittest

import _util  # noqa: F401  (sys.path)

from web4py.rtt import frames as F
from web4py.rtt import payload as P
from web4py.rtt.clock import Clock
from web4py.rtt.endpoint import Endpoint, RttHandshakeError
from web4py.rtt.identity import Identity
from web4py.rtt.noise import RTT_PROLOGUE, RTT_PROTOCOL, HandshakeState
from web4py.rtt.resume import BACKOFF_CAP, cut
from web4py.rtt.resume_wire import (REPLAY, RESUME_EXPIRED, RESUME_UNKNOWN, ResumeRefused, derive_keys,
                                    parse_answer, parse_request)
from web4py.rtt.session import KEEP_DELIVERIES_FOR_TESTS as KEEP, RETENTION

GUARD = 30.0  # seconds: a bound on waiting for a state, never a measurement


def key(name: str) -> Identity:
    return Identity(hashlib.sha256(("web4-kit/vectors/key/" + name).encode()).digest(), name)


DIALER, LISTENER = key("alice"), key("bob")


def body(n: int, size: int) -> bytes:
    """A message numbered in its first 8 bytes (the exactly-once check reads the number)."""
    head = n.to_bytes(8, "big")
    return (head + bytes((n + i) & 0xFF for i in range(max(0, size - 8))))[:size] if size >= 8 else head[:size]


def inbox(session) -> list:
    """A copy of what the session delivered (its reader threads append under its lock)."""
    with session.lock:
        return list(session.inbox)


class CutAfterData:
    """Wraps a connection's send cipher state: when the writer is about to encrypt its (n+1)-th DATA
    frame from now, the TCP connection is reset first -- a cut after the n-th DATA frame."""

    def __init__(self, conn, n: int):
        self.inner, self.conn, self.left = conn._send_cs, conn, n

    def encrypt(self, plaintext: bytes) -> bytes:
        if plaintext[0] == F.DATA:
            if self.left == 0:
                cut(self.conn.sock)
            self.left -= 1
        return self.inner.encrypt(plaintext)


class CutBeforeType:
    """Like CutAfterData: the connection is reset as its writer is about to encrypt a frame of ``ftype``."""

    def __init__(self, conn, ftype: int):
        self.inner, self.conn, self.ftype, self.left = conn._send_cs, conn, ftype, 0

    def encrypt(self, plaintext: bytes) -> bytes:
        if plaintext[0] == self.ftype and self.left == 0:
            self.left = -1
            cut(self.conn.sock)
        return self.inner.encrypt(plaintext)


class Pair:
    """A dialer and a listener endpoint with resume enabled, each on its own injected clock."""

    def __init__(self, test: unittest.TestCase, resume_dialer=True, resume_listener=True, seed=1, events=False):
        from web4py.rtt.events import EventLog

        self.test = test
        ca, cb = Clock(), Clock()
        self.a = Endpoint(DIALER, clock=ca, events=EventLog(DIALER.fingerprint, ca.timestamp) if events else None)
        self.b = Endpoint(LISTENER, clock=cb, events=EventLog(LISTENER.fingerprint, cb.timestamp) if events else None)
        self.ma = self.a.enable_resume(seed=seed, keep_deliveries=KEEP) if resume_dialer else None
        self.mb = self.b.enable_resume(seed=seed + 1, keep_deliveries=KEEP) if resume_listener else None
        self.addr = self.b.listen()
        test.addCleanup(self.stop)

    def stop(self):
        self.a.stop()
        self.b.stop()

    def dial(self):
        conn = self.a.dial(*self.addr, expect_fingerprint=LISTENER.fingerprint)
        self.sa = self.ma.session_of(conn) if self.ma else None
        self.wait(lambda: self.b.connections() and (self.mb is None or self.mb.sessions()), "listener connection")
        self.sb = self.mb.sessions()[-1] if self.mb else None
        return conn

    def wait(self, predicate, what):
        manager = self.ma or self.mb
        if not manager.wait_for(predicate, GUARD):
            self.test.fail("waited in vain for %s; %s" % (what, self.describe()))

    def describe(self) -> str:
        """The sessions' states and the managers' notes, for a failure message."""
        out = []
        for name, m in (("dialer", self.ma), ("listener", self.mb)):
            if m is not None:
                out.append("%s sessions %s notes %s" % (
                    name, [(s.state, s.retained()) for s in m.sessions()], list(m.history)[-12:]))
        return "; ".join(out)

    def wait_suspended(self):
        self.wait(lambda: self.sa.state == "suspended" and self.sb.state == "suspended", "both suspended")

    def resume(self):
        return self.ma.resume(self.sa)

    def wait_resumed(self, count):
        self.wait(lambda: len(self.mb.notes("committed")) >= count and self.sa.state == "connected",
                  "resume %d committed" % count)

    def listener_conn(self):
        return self.sb.conn


class Exactly:
    """What each side sent per channel, to compare with what the other side delivered."""

    def __init__(self):
        self.sent = {"a": {}, "b": {}}

    def send(self, side: str, session, name: str, size: int):
        seq = self.sent[side].setdefault(name, [])
        data = body(len(seq), size)
        seq.append(data)
        session.send(session.channel_named(name), data)

    def expected(self, side: str):
        return sorted((name, d) for name, msgs in self.sent[side].items() for d in msgs)

    def check(self, test, pair):
        for side, receiver in (("a", pair.sb), ("b", pair.sa)):
            for name, msgs in self.sent[side].items():
                got = [d for n, d in inbox(receiver) if n == name]
                test.assertEqual(len(got), len(msgs), "%s -> %s: %d delivered of %d" % (side, name, len(got), len(msgs)))
                test.assertTrue(got == msgs, "%s on %s: not exactly once in order" % (side, name))

    def done(self, pair):
        def all_there():
            for side, receiver in (("a", pair.sb), ("b", pair.sa)):
                for name, msgs in self.sent[side].items():
                    if sum(1 for n, _ in inbox(receiver) if n == name) < len(msgs):
                        return False
            return True

        pair.wait(all_there, "every message delivered")


class KeysAndWire(unittest.TestCase):
    def test_session_keys_are_rfc5869_hkdf_of_ck_and_h(self):
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        ck, h = os.urandom(32), os.urandom(32)
        keys = derive_keys(ck, h)
        self.assertEqual(keys.session_id, HKDF(hashes.SHA256(), 16, h, b"web4-rtt/1.1 session id").derive(ck))
        self.assertEqual(keys.binder_key, HKDF(hashes.SHA256(), 32, h, b"web4-rtt/1.1 binder key").derive(ck))

    def test_both_sides_derive_the_same_keys_from_their_own_noise_state(self):
        i = HandshakeState(RTT_PROTOCOL, True, RTT_PROLOGUE, s=os.urandom(32))
        r = HandshakeState(RTT_PROTOCOL, False, RTT_PROLOGUE, s=os.urandom(32))
        r.read_message(i.write_message(b""))
        i.read_message(r.write_message(b"two"))
        self.assertEqual(i.ss.h, r.ss.h)  # h2, the binder's input
        r.read_message(i.write_message(b"three"))
        self.assertEqual(derive_keys(i.ss.ck, i.ss.h), derive_keys(r.ss.ck, r.ss.h))

    def request(self, **change):
        value = {"binder": "A" * 42 + "E=", "session": "A" * 21 + "Q==",
                 "channels": [{"delivered": 0, "id": 0, "name": "control"},
                              {"delivered": 3, "id": 1, "name": "state"},
                              {"delivered": 2**53 - 1, "id": 2, "name": "knowledge"},
                              {"delivered": 1, "id": 4, "name": "bulk"}]}
        value.update(change)
        return value

    def test_check_13(self):
        self.assertEqual(len(parse_request(self.request()).channels), 4)
        bad = [
            {"session": "A" * 20 + "Q==="},  # 15 bytes
            {"binder": "A" * 43 + "="[:0] + "A"},
            {"channels": self.request()["channels"][:2]},
            {"channels": list(reversed(self.request()["channels"]))},
            {"channels": self.request()["channels"][:3] + [{"delivered": 1, "id": 4, "name": "Bulk"}]},
            {"channels": self.request()["channels"][:3] + [{"delivered": -1, "id": 4, "name": "bulk"}]},
            {"channels": self.request()["channels"][:3] + [{"delivered": 1, "id": 4}]},
            {"channels": [{"delivered": 0, "id": 0, "name": "state"}] + self.request()["channels"][1:]},
        ]
        for change in bad:
            with self.subTest(change=change), self.assertRaises(ResumeRefused):
                parse_request(self.request(**change))
        missing = self.request()
        del missing["binder"]
        with self.assertRaises(ResumeRefused):
            parse_request(missing)

    def test_resume_answers(self):
        self.assertEqual(parse_answer(b'{"code":"REPLAY","result":"fresh"}').code, REPLAY)
        ok = parse_answer(b'{"channels":[{"delivered":0,"id":0,"name":"control"},{"delivered":1,"id":1,'
                          b'"name":"state"},{"delivered":2,"id":2,"name":"knowledge"}],"result":"resumed"}')
        self.assertEqual([c.delivered for c in ok.channels], [0, 1, 2])
        for bad in (b'{"result":"fresh"}', b'{"code":"REPLAY", "result":"fresh"}', b'{"result":"resumed"}',
                    b'{"code":"REPLAY","result":"resumed"}'):
            with self.subTest(bad=bad), self.assertRaises(ResumeRefused):
                parse_answer(bad)

    def test_payload_with_resume_only_for_a_1_1_responder(self):
        ident, static = key("carol"), os.urandom(32)
        from web4py.rtt.noise import x25519_public

        pub = x25519_public(static)
        text = P.build(ident, pub, versions=("1.0", "1.1"), resume=self.request())
        self.assertIsNotNone(P.check(text, pub, allow_resume=True).resume)
        with self.assertRaises(P.PayloadRefused):  # check 3 of a 1.0 responder
            P.check(text, pub)
        with self.assertRaises(P.PayloadRefused):  # resume from an initiator that does not list 1.1
            P.check(P.build(ident, pub, resume=self.request()), pub, allow_resume=True)
        with self.assertRaises(P.PayloadRefused):  # check 13
            P.check(P.build(ident, pub, versions=("1.0", "1.1"), resume=self.request(channels=[])), pub,
                    allow_resume=True)


class ResumeOnLoopback(unittest.TestCase):
    def test_resume_after_a_cut_mid_message_dialer_sending(self):
        self.cut_mid_message(dialer_sends=True)

    def test_resume_after_a_cut_mid_message_listener_sending(self):
        self.cut_mid_message(dialer_sends=False)

    def cut_mid_message(self, dialer_sends: bool):
        pair = Pair(self)
        conn = pair.dial()
        conn.open_channel("bulk")
        pair.wait(lambda: pair.sb.channel_named("bulk") is not None, "bulk open at the listener")
        ex = Exactly()
        side, session = ("a", pair.sa) if dialer_sends else ("b", pair.sb)
        sender_conn = conn if dialer_sends else pair.listener_conn()
        for size in (1, 0, 100):
            ex.send(side, session, "bulk", size)
        ex.done(pair)
        sender_conn._send_cs = CutAfterData(sender_conn, 2)  # the 300,000-byte message is cut after 2 frames
        ex.send(side, session, "bulk", 300_000)
        ex.send(side, session, "knowledge", 70_000)
        pair.wait_suspended()
        self.assertEqual(sum(1 for n, _ in inbox(pair.sb if dialer_sends else pair.sa) if n == "bulk"), 3)
        ex.send(side, session, "bulk", 5)  # accepted while suspended
        pair.resume()
        pair.wait_resumed(1)
        for size in (65_511, 65_512, 0):
            ex.send("a", pair.sa, "bulk", size)
            ex.send("b", pair.sb, "bulk", size)
        ex.done(pair)
        ex.check(self, pair)
        self.assertEqual(pair.sa.retained()[0] + pair.sb.retained()[0] >= 0, True)
        self.assertEqual(pair.mb.notes("refused"), [])

    def test_cut_between_the_last_data_and_its_ack_listener_receiving(self):
        self.cut_before_ack(listener_receives=True)

    def test_cut_between_the_last_data_and_its_ack_dialer_receiving(self):
        self.cut_before_ack(listener_receives=False)

    def cut_before_ack(self, listener_receives: bool):
        pair = Pair(self)
        pair.dial()
        ex = Exactly()
        receiver_manager = pair.mb if listener_receives else pair.ma
        side, sender = ("a", pair.sa) if listener_receives else ("b", pair.sb)

        def cut_at_the_third(conn, cid, data):
            if data[:8] == (2).to_bytes(8, "big"):
                cut(conn.sock)
                return True  # the ACK (and CREDIT) never leave
            return False

        receiver_manager.test_hooks["before_ack_of_message"] = cut_at_the_third
        for size in (10, 20):
            ex.send(side, sender, "state", size)
        pair.wait(lambda: sender.retained()[0] == 0, "the first two acknowledged")
        ex.send(side, sender, "state", 30)
        pair.wait_suspended()
        del receiver_manager.test_hooks["before_ack_of_message"]
        self.assertEqual(sender.retained()[0], 1, "the third message is retained, unacknowledged")
        pair.resume()
        pair.wait_resumed(1)
        self.assertEqual(sender.retained()[0], 0, "the RESUME count acknowledged it: not sent again")
        ex.send(side, sender, "state", 40)
        ex.done(pair)
        ex.check(self, pair)

    def test_an_open_in_flight_at_the_break_is_lost(self):
        pair = Pair(self)
        conn = pair.dial()
        listener_conn = pair.listener_conn()
        listener_conn._send_cs = CutBeforeType(listener_conn, F.OPEN_ACK)  # the OPEN_ACK never leaves
        from web4py.rtt.connection import RttChannelError

        try:
            conn.open_channel("late", timeout=GUARD)
        except RttChannelError:
            pass
        pair.wait_suspended()
        self.assertIsNone(pair.sa.channel_named("late"))
        pair.resume()
        pair.wait_resumed(1)
        self.assertIsNone(pair.sb.channel_named("late"), "listed by one side only: closed (§4.2)")
        self.assertEqual([n["name"] for n in pair.mb.notes("channel_lost")], ["late"])
        pair.sa.conn.open_channel("late")  # its name and id are free again
        pair.wait(lambda: pair.sb.channel_named("late") is not None, "late open again")
        ex = Exactly()
        ex.send("a", pair.sa, "late", 10)
        ex.send("b", pair.sb, "late", 20)
        ex.done(pair)
        ex.check(self, pair)

    def test_the_proposed_events(self):
        pair = Pair(self, events=True)
        conn = pair.dial()
        cut(conn.sock)
        pair.wait_suspended()
        pair.resume()
        pair.wait_resumed(1)
        kinds = {e["kind"] for e in pair.b.events.since(0, 1000)[0]}
        self.assertTrue({"rtt.session.suspended", "rtt.session.resumed"} <= kinds, kinds)
        resumed = [e for e in pair.a.events.since(0, 1000)[0] if e["kind"] == "rtt.session.resumed"]
        self.assertEqual([(e["peer"], e["attributes"]["role"]) for e in resumed], [(LISTENER.fingerprint, "dialer")])

    def test_wrong_binder_is_answered_fresh_resume_unknown(self):
        pair = Pair(self)
        conn = pair.dial()
        cut(conn.sock)
        pair.wait_suspended()
        old = pair.sa
        old.send(1, b"lost with the session")
        old.keys[old.current] = bytes(32)
        new_conn = pair.resume()
        pair.wait(lambda: pair.ma.notes("refused") and pair.mb.notes("refused"), "both saw the refusal")
        self.assertEqual(pair.ma.notes("refused")[0]["code"], RESUME_UNKNOWN)
        self.assertEqual(old.state, "ended")
        self.assertEqual(pair.ma.notes("expired")[0]["undelivered"], 1)
        self.assertEqual(pair.sb.state, "ended", "R4 discards the listener's session too")
        # the connection goes on as a new session
        fresh = pair.ma.session_of(new_conn)
        self.assertIsNot(fresh, old)
        fresh.send(1, b"hello")
        listener_fresh = pair.mb.session_of(pair.b.connections()[-1])
        pair.wait(lambda: inbox(listener_fresh) == [("state", b"hello")], "the fresh session works")

    def test_unknown_id_is_answered_fresh_resume_unknown(self):
        pair = Pair(self)
        conn = pair.dial()
        cut(conn.sock)
        pair.wait_suspended()
        bk = pair.sa.keys.pop(pair.sa.current)
        pair.sa.current = os.urandom(16)
        pair.sa.keys[pair.sa.current] = bk
        pair.resume()
        pair.wait(lambda: pair.ma.notes("refused"), "refusal")
        self.assertEqual(pair.ma.notes("refused")[0]["code"], RESUME_UNKNOWN)
        self.assertEqual(pair.sb.state, "suspended", "an unknown id does not touch the listener's session")

    def test_expired_after_121_seconds(self):
        pair = Pair(self)
        conn = pair.dial()
        cut(conn.sock)
        pair.wait_suspended()
        pair.b.clock.advance(RETENTION + 1)  # the listener's clock only
        pair.resume()
        pair.wait(lambda: pair.ma.notes("refused"), "refusal")
        self.assertEqual(pair.ma.notes("refused")[0]["code"], RESUME_EXPIRED)
        self.assertEqual([n["reason"] for n in pair.mb.notes("expired")], ["retention"])

    def test_within_retention_resumes(self):
        pair = Pair(self)
        conn = pair.dial()
        cut(conn.sock)
        pair.wait_suspended()
        pair.b.clock.advance(RETENTION - 5)
        pair.resume()
        pair.wait_resumed(1)

    def test_replay_of_a_retired_id(self):
        pair = Pair(self)
        conn = pair.dial()
        first_id, first_key = pair.sa.current, pair.sa.keys[pair.sa.current]
        cut(conn.sock)
        pair.wait_suspended()
        conn2 = pair.resume()
        pair.wait_resumed(1)
        self.assertNotEqual(pair.sa.current, first_id, "the dialer adopted the new id")
        cut(conn2.sock)
        pair.wait_suspended()
        pair.sa.keys, pair.sa.current = {first_id: first_key}, first_id  # binder recomputed over the new h2
        pair.resume()
        pair.wait(lambda: pair.ma.notes("refused"), "refusal")
        self.assertEqual(pair.ma.notes("refused")[0]["code"], REPLAY)

    def test_resume_while_the_listener_still_holds_the_old_connection(self):
        pair = Pair(self)
        conn = pair.dial()
        ex = Exactly()
        ex.send("b", pair.sb, "state", 10)
        ex.done(pair)
        old_listener_conn = pair.listener_conn()
        pair.sa.link.closed(None, False)  # the dialer saw its connection die; the listener did not
        self.assertEqual((pair.sa.state, pair.sb.state), ("suspended", "connected"))
        ex.send("b", pair.sb, "state", 20)  # sent on the old connection, delivered to a dialer not counting it
        pair.resume()
        pair.wait_resumed(1)
        self.assertTrue(old_listener_conn.finished, "the listener gave the old connection up")
        ex.send("a", pair.sa, "state", 30)
        ex.done(pair)
        got = [d for n, d in inbox(pair.sa) if n == "state"]
        self.assertEqual(got, ex.sent["b"]["state"], "the second message once, from the retransmission")
        ex.check(self, pair)
        conn.abort()

    def test_a_session_the_listener_dialled_is_not_resumed_by_its_peer(self):
        """RTT-RES-004 (ADR 1416): only the session dialer resumes; a request naming a session the
        responder dialled itself, with a valid binder, is answered RESUME_UNKNOWN (R1)."""
        pair = Pair(self)
        addr_a = pair.a.listen()
        conn_ba = pair.b.dial(*addr_a, expect_fingerprint=DIALER.fingerprint)
        pair.wait(lambda: any(s.role == "listener" for s in pair.ma.sessions()), "a's side of b's session")
        b_dialled = [s for s in pair.ma.sessions() if s.role == "listener"][0]
        cut(conn_ba.sock)
        conn = pair.dial()
        cut(conn.sock)
        pair.wait_suspended()
        pair.sa.keys, pair.sa.current = dict(b_dialled.keys), b_dialled.current  # b's own session id
        pair.resume()
        pair.wait(lambda: pair.ma.notes("refused"), "refusal")
        self.assertEqual(pair.ma.notes("refused")[0]["code"], RESUME_UNKNOWN)

    def test_goaway_ends_the_session(self):
        pair = Pair(self)
        conn = pair.dial()
        conn.shutdown()
        pair.wait(lambda: pair.sa.state == "ended" and pair.sb.state == "ended", "both ended")
        self.assertEqual({n["reason"] for n in pair.ma.notes("expired") + pair.mb.notes("expired")}, {"goaway"})
        pair.resume()  # the dialer tries anyway: the listener kept a tombstone
        pair.wait(lambda: pair.ma.notes("refused"), "refusal")
        self.assertEqual(pair.ma.notes("refused")[0]["code"], RESUME_EXPIRED)

    def test_closing_error_ends_the_session_and_an_unasked_resume_is_refused(self):
        pair = Pair(self)
        pair.dial()
        pair.listener_conn()._enqueue(F.RESUME, 0, 0, b'{"code":"REPLAY","result":"fresh"}')
        pair.wait(lambda: pair.sa.state == "ended" and pair.sb.state == "ended", "both ended")
        self.assertEqual({n["reason"] for n in pair.ma.notes("expired")}, {"refused"})


class Arithmetic(unittest.TestCase):
    """R5 and RTT-RES-010: counts that break the session's arithmetic."""

    def setUp(self):
        self.pair = Pair(self)
        conn = self.pair.dial()
        self.ex = Exactly()
        for size in (3, 4):
            self.ex.send("a", self.pair.sa, "knowledge", size)
            self.ex.send("b", self.pair.sb, "knowledge", size)
        self.ex.done(self.pair)
        cut(conn.sock)
        self.pair.wait_suspended()

    def test_a_request_claiming_more_than_was_sent_is_answered_fresh(self):
        self.pair.sa.channels[2].delivered += 1  # more than the listener produced (R5)
        self.pair.resume()
        self.pair.wait(lambda: self.pair.ma.notes("refused"), "refusal")
        self.assertEqual(self.pair.ma.notes("refused")[0]["code"], RESUME_UNKNOWN)
        self.assertEqual(self.pair.sb.state, "ended")

    def test_a_resumed_answer_claiming_more_than_was_sent_is_refused_with_frame(self):
        self.pair.sb.channels[2].delivered += 1  # more than the dialer produced (RTT-RES-010)
        conn = self.pair.resume()
        self.pair.wait(lambda: self.pair.sa.state == "ended", "the dialer refused")
        self.assertTrue(conn.wait_finished(GUARD))
        self.assertEqual(conn._close_code, "FRAME")

    def test_a_missing_resume_frame_is_refused_with_frame(self):
        manager = self.pair.mb
        real = manager.on_responder_handshake

        def no_resume(conn, hs, peer, h2):
            real(conn, hs, peer, h2)
            # take the RESUME back out of the outbox: frame 1 becomes whatever follows
            conn._outbox._fifo = type(conn._outbox._fifo)(
                e for e in conn._outbox._fifo if getattr(e, "type", None) != F.RESUME)
            conn._outbox._controls -= 1
            conn._enqueue(F.PING, 0, 0, bytes(8))

        manager.on_responder_handshake = no_resume
        conn = self.pair.resume()
        self.assertTrue(conn.wait_finished(GUARD))
        self.assertEqual(conn._close_code, "FRAME")

    def test_a_request_failing_check_13_is_refused_with_handshake(self):
        manager = self.pair.ma
        real = manager.message3_payload

        def ascending_broken(sock, peer, h2, resuming):
            text, request = real(sock, peer, h2, resuming)
            return text.replace(b'"id":1,', b'"id":7,'), request  # ids no longer ascending

        manager.message3_payload = ascending_broken
        with self.assertRaises(RttHandshakeError):
            self.pair.resume()
        self.assertEqual(self.pair.sb.state, "suspended", "a refused handshake leaves the session alone")

    def test_too_many_messages_while_suspended_end_the_session(self):
        from web4py.rtt.session import MAX_RETAINED_MESSAGES

        for i in range(MAX_RETAINED_MESSAGES):
            self.pair.sa.send(1, b"x")
        self.assertEqual(self.pair.sa.state, "suspended")
        self.pair.sa.send(1, b"one too many")
        self.assertEqual(self.pair.sa.state, "ended")
        self.assertEqual(self.pair.ma.notes("expired")[-1], {"reason": "limit", "undelivered": 4097,
                                                              "role": "dialer"})


class RawDialerAgainstTheListener(unittest.TestCase):
    """The wire of §2-§4 from a raw peer that builds the request from the draft with Noise and
    resume_wire only (no SessionManager on its side): keys, ACK before CREDIT, RESUME as frame 1,
    the retransmission, the commit."""

    def test_the_wire(self):
        from web4py.rtt.identity import b64
        from web4py.rtt.rawpeer import RawPeer
        from web4py.rtt.resume_wire import binder

        b = Endpoint(LISTENER, clock=Clock())
        self.addCleanup(b.stop)
        mb = b.enable_resume(seed=9, keep_deliveries=KEEP)
        addr = b.listen()
        static = os.urandom(32)
        raw = RawPeer.connect(addr, DIALER, static_private=static)
        raw.handshake(P.build(DIALER, raw.static_public, versions=("1.0", "1.1")))
        self.assertEqual(raw.peer.versions, ("1.0", "1.1"))
        keys = derive_keys(raw.hs.ss.ck, raw.hs.ss.h)
        self.assertTrue(mb.wait_for(lambda: mb.sessions(), GUARD))
        session = mb.sessions()[0]
        self.assertEqual(session.current, keys.session_id, "both sides derive the same session id")
        # RTT-RES-003 (a): the ACK covering the FIN comes before the CREDIT
        last = raw.send_message(2, b"x" * 1000)
        ack = raw.await_frame(F.ACK, skip=(F.PONG,))
        self.assertEqual((ack.type, ack.uint32()), (F.ACK, last + 1))
        credit = raw.next()
        self.assertEqual((credit.type, credit.uint32()), (F.CREDIT, 1000))
        last = raw.send_message(2, b"")  # RTT-RES-003 (b): a 0-byte message gets its ACK (and no CREDIT)
        ack = raw.await_frame(F.ACK, skip=(F.PONG,))
        self.assertEqual((ack.type, ack.uint32()), (F.ACK, last + 1))
        session.send(1, b"never delivered by the raw peer")
        data = raw.await_frame(F.DATA, skip=())
        self.assertEqual(data.body, b"never delivered by the raw peer")
        cut(raw.sock)
        self.assertTrue(mb.wait_for(lambda: session.state == "suspended", GUARD))
        # the resumed handshake, by hand
        again = RawPeer.connect(addr, DIALER, static_private=static)
        self.addCleanup(again.close)
        again.message1()
        again.peer = P.check(again.read_message2(), again.hs.remote_static)
        h2 = again.hs.ss.h
        request = {"binder": b64(binder(keys.binder_key, h2)),
                   "channels": [{"delivered": 0, "id": 0, "name": "control"},
                                {"delivered": 0, "id": 1, "name": "state"},
                                {"delivered": 0, "id": 2, "name": "knowledge"}],
                   "session": b64(keys.session_id)}
        again.message3(P.build(DIALER, again.static_public, versions=("1.0", "1.1"), resume=request))
        ping = again.next()
        self.assertEqual((ping.type, ping.sequence), (F.PING, 0))
        resume = self.next_1_1(again)
        self.assertEqual((resume.type, resume.sequence, resume.channel, resume.flags), (F.RESUME, 1, 0, 0))
        self.assertEqual(resume.body, b'{"channels":[{"delivered":0,"id":0,"name":"control"},'
                                      b'{"delivered":0,"id":1,"name":"state"},'
                                      b'{"delivered":2,"id":2,"name":"knowledge"}],"result":"resumed"}')
        again.send_frame(F.PONG, 0, ping.body)
        again.send_frame(F.ACK, 0, F.u32(2))  # RTT-RES-011: the dialer acknowledges frame 1
        resent = again.await_frame(F.DATA, skip=())
        self.assertEqual((resent.sequence, resent.channel, resent.flags, resent.body),
                         (2, 1, F.FLAG_FIN, b"never delivered by the raw peer"))
        self.assertTrue(mb.wait_for(lambda: mb.notes("committed"), GUARD))
        new_keys = derive_keys(again.hs.ss.ck, again.hs.ss.h)
        self.assertEqual(set(session.keys), {new_keys.session_id}, "the old id retired, the new one names it")
        again.close()

    def test_a_1_0_peer_gets_no_ack(self):
        from web4py.rtt.rawpeer import RawPeer

        b = Endpoint(LISTENER, clock=Clock())
        self.addCleanup(b.stop)
        mb = b.enable_resume(seed=9, keep_deliveries=KEEP)
        raw = RawPeer.connect(b.listen(), DIALER)
        self.addCleanup(raw.close)
        raw.handshake()  # its payload lists only "1.0": RTT 1.0, no session
        raw.send_message(2, b"x" * 10)
        raw.send_frame(F.PING, 0, bytes(8))  # a barrier: everything the message caused comes before its PONG
        seen = []
        while F.PONG not in seen:
            f = raw.next(GUARD)
            self.assertIsInstance(f, F.Frame)
            seen.append(f.type)
        self.assertEqual(mb.sessions(), [])
        self.assertIn(F.CREDIT, seen)
        self.assertNotIn(F.ACK, seen)

    @staticmethod
    def next_1_1(raw):
        """The raw peer's next frame on a resumable connection (it knows RESUME)."""
        from web4py.rtt.connection import read_wire

        raw.sock.settimeout(GUARD)
        return F.decode(raw.recv_cs.decrypt(read_wire(raw.sock)), resumable=True)


class CutsDuringTheResumedHandshake(unittest.TestCase):
    def setUp(self):
        self.pair = Pair(self)
        conn = self.pair.dial()
        self.ex = Exactly()
        for i in range(3):
            self.ex.send("a", self.pair.sa, "knowledge", 1000 * i)
            self.ex.send("b", self.pair.sb, "knowledge", 500 * i)
        self.ex.done(self.pair)
        cut(conn.sock)
        self.pair.wait_suspended()
        self.ex.send("a", self.pair.sa, "knowledge", 7)

    def finish(self, commits):
        pair = self.pair
        pair.resume()
        pair.wait_resumed(commits)
        self.ex.send("b", pair.sb, "knowledge", 9)
        self.ex.done(pair)
        self.ex.check(self, pair)
        self.assertEqual(pair.ma.notes("refused"), [])

    def test_after_message_2(self):
        self.pair.ma.test_hooks["after_message_2"] = cut
        with self.assertRaises(RttHandshakeError):
            self.pair.resume()
        del self.pair.ma.test_hooks["after_message_2"]
        self.finish(1)

    def test_after_message_3_before_resume(self):
        old = self.pair.sa.current
        self.pair.ma.test_hooks["after_frame_0"] = lambda conn: cut(conn.sock)
        self.pair.resume()
        self.pair.wait(lambda: self.pair.sa.state == "suspended" and len(self.pair.mb.notes("resumed")) == 1
                       and self.pair.sb.state == "suspended", "the first attempt broke")
        del self.pair.ma.test_hooks["after_frame_0"]
        self.assertEqual(self.pair.sa.current, old, "no RESUME seen: the old id")
        self.finish(1)  # the listener accepts the old id, discarding the new one

    def test_after_resume_before_its_ack(self):
        pair = self.pair
        old, old_key = pair.sa.current, pair.sa.keys[pair.sa.current]
        pair.ma.test_hooks["before_resume_ack"] = lambda conn: (cut(conn.sock), True)[1]
        pair.resume()
        pair.wait(lambda: pair.sa.state == "suspended" and pair.sb.state == "suspended"
                  and len(pair.mb.notes("resumed")) == 1, "the first attempt broke before the ACK")
        del pair.ma.test_hooks["before_resume_ack"]
        self.assertNotEqual(pair.sa.current, old, "RESUME seen: the new id")
        self.assertEqual(pair.mb.notes("committed"), [])
        self.finish(1)  # with the new id, which retires the old one
        cut(pair.sa.conn.sock)
        pair.wait_suspended()
        pair.sa.keys, pair.sa.current = {old: old_key}, old
        pair.resume()
        pair.wait(lambda: pair.ma.notes("refused"), "refusal")
        self.assertEqual(pair.ma.notes("refused")[0]["code"], REPLAY)


class OneSideWithoutResume(unittest.TestCase):
    def test_listener_without_resume_is_rtt_1_0(self):
        self.one_side(resume_dialer=True, resume_listener=False)

    def test_dialer_without_resume_is_rtt_1_0(self):
        self.one_side(resume_dialer=False, resume_listener=True)

    def one_side(self, resume_dialer, resume_listener):
        pair = Pair(self, resume_dialer, resume_listener)
        conn = pair.a.dial(*pair.addr, expect_fingerprint=LISTENER.fingerprint)
        (pair.ma or pair.mb).wait_for(lambda: pair.b.connections(), GUARD)
        other = pair.b.connections()[0]
        self.assertIsNone(conn.session)
        self.assertIsNone(other.session)
        for m in (pair.ma, pair.mb):
            if m is not None:
                self.assertEqual(m.sessions(), [])
        cut(conn.sock)
        self.assertTrue(other.wait_finished(GUARD))
        for m in (pair.ma, pair.mb):
            if m is not None:
                self.assertEqual(m.sessions(), [])

    def test_a_resume_frame_on_a_1_0_connection_is_an_unknown_frame(self):
        pair = Pair(self, resume_dialer=True, resume_listener=False)
        conn = pair.a.dial(*pair.addr, expect_fingerprint=LISTENER.fingerprint)
        pair.ma.wait_for(lambda: pair.b.connections(), GUARD)
        conn._enqueue(F.RESUME, 0, 0, b'{"code":"REPLAY","result":"fresh"}')
        self.assertTrue(conn.wait_finished(GUARD))
        self.assertEqual(conn._close_code, "FRAME")

    def test_disabled_endpoints_announce_only_1_0(self):
        ep = Endpoint(key("dave"))
        self.addCleanup(ep.stop)
        self.assertIn(b'"rtt":["1.0"]', ep._payload)
        ep.enable_resume()
        self.assertIn(b'"rtt":["1.0","1.1"]', ep._payload)


class Reconnect(unittest.TestCase):
    def test_backoff_is_full_jitter_and_seeded(self):
        pair = Pair(self, seed=7)
        delays = [pair.ma.backoff_delay(k) for k in range(12)]
        for k, d in enumerate(delays):
            self.assertTrue(0 <= d <= min(BACKOFF_CAP, 0.25 * 2**k), (k, d))
        again = Pair(self, seed=7)
        self.assertEqual(delays, [again.ma.backoff_delay(k) for k in range(12)])

    def test_the_dialer_reconnects_on_its_own(self):
        pair = Pair(self)
        pair.ma.auto_reconnect = True
        conn = pair.dial()
        ex = Exactly()
        ex.send("a", pair.sa, "state", 10)
        ex.done(pair)
        cut(conn.sock)
        ex.send("a", pair.sa, "state", 20)
        pair.wait_resumed(1)
        ex.send("b", pair.sb, "state", 30)
        ex.done(pair)
        ex.check(self, pair)
        self.assertGreaterEqual(len(pair.ma.notes("reconnect_scheduled")), 1)


class ReconnectWhileThePeerIsAway(unittest.TestCase):
    def test_attempts_back_off_until_the_listener_is_back(self):
        pair = Pair(self, seed=3)
        pair.ma.auto_reconnect = True
        conn = pair.dial()
        port = pair.addr[1]
        pair.b._listener.shutdown(socket.SHUT_RDWR)  # wakes the accept; then nobody accepts
        pair.b._listener.close()
        ex = Exactly()
        ex.send("b", pair.sb, "knowledge", 100)
        ex.done(pair)
        cut(conn.sock)
        ex.send("a", pair.sa, "knowledge", 200)  # retained while the listener is away
        pair.wait(lambda: len(pair.ma.notes("reconnect_failed")) >= 3, "three failed attempts")
        attempts = [n["attempt"] for n in pair.ma.notes("reconnect_failed")]
        self.assertEqual(attempts[:3], [1, 2, 3], "the backoff exponent grows with each failure")
        pair.b.listen(port=port)
        pair.wait_resumed(1)
        ex.send("b", pair.sb, "knowledge", 300)
        ex.done(pair)
        ex.check(self, pair)


class TableSevenA(unittest.TestCase):
    """§7's numbers on the manager alone (sessions without connections)."""

    def setUp(self):
        self.ep = Endpoint(key("erin"), clock=Clock())
        self.addCleanup(self.ep.stop)
        self.m = self.ep.enable_resume(seed=5)
        self.m.tick = lambda now: None  # the endpoint's timer must not act while the test arranges

    def suspended(self, n, peer=DIALER):
        from types import SimpleNamespace

        out = []
        for i in range(n):
            s = self.m._new_session("listener", SimpleNamespace(fingerprint=peer.fingerprint),
                                    derive_keys(os.urandom(32), os.urandom(32)))
            s.state, s.suspended_at = "suspended", float(i)
            out.append(s)
        return out

    def test_the_longest_suspended_goes_first_beyond_1024(self):
        from web4py.rtt.resume import MAX_SUSPENDED

        sessions = self.suspended(MAX_SUSPENDED + 1)
        self.m._evict_suspended()
        self.assertEqual(sessions[0].state, "ended")
        self.assertTrue(all(s.state == "suspended" for s in sessions[1:]))
        self.assertEqual(self.m.notes("expired")[-1]["reason"], "evicted")
        self.assertEqual(self.m._tombstones[sessions[0].current].kind, RESUME_EXPIRED)

    def test_tombstones_outlive_600_seconds_only_beyond_the_4096_most_recent(self):
        from web4py.rtt.resume import SessionManager
        from web4py.rtt.tombstones import KEEP as TOMBSTONE_KEEP, KEEP_AT_LEAST as TOMBSTONE_MIN

        sessions = self.suspended(TOMBSTONE_MIN + 10)
        for s in sessions:
            self.m.end(s, "retention")
        self.assertEqual(len(self.m._tombstones), TOMBSTONE_MIN + 10)
        SessionManager.tick(self.m, self.ep.clock.now() + TOMBSTONE_KEEP - 1)
        self.assertEqual(len(self.m._tombstones), TOMBSTONE_MIN + 10)
        SessionManager.tick(self.m, self.ep.clock.now() + TOMBSTONE_KEEP + 1)
        self.assertEqual(len(self.m._tombstones), TOMBSTONE_MIN)
        self.assertNotIn(sessions[0].current, self.m._tombstones)
        self.assertIn(sessions[-1].current, self.m._tombstones)

    def test_retention_ends_a_suspended_session_after_120_seconds(self):
        from web4py.rtt.resume import SessionManager

        (s,) = self.suspended(1)
        s.suspended_at = self.ep.clock.now()
        SessionManager.tick(self.m, s.suspended_at + RETENTION - 0.001)
        self.assertEqual(s.state, "suspended")
        SessionManager.tick(self.m, s.suspended_at + RETENTION)
        self.assertEqual(s.state, "ended")


class ManyCuts(unittest.TestCase):
    """Seeded: random traffic both ways on the standard channels and two named ones, a cut after a
    random number of DATA frames on a random side, a resume; then exactly once, in order."""

    SEED = int(os.environ.get("WEB4PY_RESUME_SEED", "20261207"))
    ROUNDS = int(os.environ.get("WEB4PY_RESUME_ROUNDS", "30"))
    SIZES = (0, 1, 100, 65_511, 65_512, 200_000)

    def test_many_cuts(self):
        rnd = random.Random(self.SEED)
        pair = Pair(self, seed=self.SEED)
        conn = pair.dial()
        for name in ("bulk", "side"):
            conn.open_channel(name)
        pair.wait(lambda: pair.sb.channel_named("side") is not None, "named channels open")
        ex = Exactly()
        names = ("control", "state", "knowledge", "bulk", "side")
        for rnd_no in range(self.ROUNDS):
            # no subTest: the first failure ends the run (one failed round would fail all that follow)
            cutter = rnd.choice(("a", "b"))
            cutter_conn = pair.sa.conn if cutter == "a" else pair.sb.conn
            cutter_conn._send_cs = CutAfterData(cutter_conn, rnd.randrange(0, 6))
            for _ in range(rnd.randrange(2, 8)):
                side = rnd.choice(("a", "b"))
                ex.send(side, pair.sa if side == "a" else pair.sb, rnd.choice(names), rnd.choice(self.SIZES))
            if not cutter_conn.finished and rnd.random() < 0.5:
                ex.send(cutter, pair.sa if cutter == "a" else pair.sb, "bulk", 300_000)
            pair.wait(lambda: cutter_conn.finished or cutter_conn._send_cs.left < 0
                      or (self.drained(cutter_conn) and self.idle(pair, ex)),
                      "round %d under way (seed %d)" % (rnd_no, self.SEED))
            if not cutter_conn.finished:
                cut(cutter_conn.sock)
            pair.wait_suspended()
            pair.resume()
            pair.wait_resumed(rnd_no + 1)
        ex.done(pair)
        ex.check(self, pair)
        self.assertEqual(pair.ma.notes("refused"), [])

    @staticmethod
    def drained(conn) -> bool:
        with conn._lock:  # the writer changes the outbox under this lock
            return conn.is_open and not conn._outbox.has_messages()

    @staticmethod
    def idle(pair, ex):
        for side, receiver in (("a", pair.sb), ("b", pair.sa)):
            for name, msgs in ex.sent[side].items():
                if sum(1 for n, _ in inbox(receiver) if n == name) < len(msgs):
                    return False
        return True


if __name__ == "__main__":
    unittest.main()
