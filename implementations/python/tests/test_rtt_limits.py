"""Bounded memory for unfinished messages (spec/rtt.md §7, RTT-LIM-004 and RTT-LIM-005; issue 20
item 3): a message must be finished 30 s after its first DATA frame, and the unfinished messages
of all connections together are bounded; the connection holding the most is refused with LIMIT."""

import unittest

from web4py.rtt import frames as F
from web4py.rtt.unfinished import UnfinishedBudget

from test_rtt_wire import AgentCase

ALMOST = F.WINDOW - 1  # the largest unfinished message a window allows


class MessageDeadline(AgentCase):
    def test_a_message_unfinished_30_seconds_ends_the_connection_with_timeout(self):
        p = self.handshaken()
        p.send_message(1, bytes(1000), fragments=1, fin=False)
        self.assertOpen(p)
        self.agent.advance_clock(16)
        self.assertEqual(p.await_frame(F.PING).type, F.PING)  # 16 s: not yet
        self.agent.advance_clock(15)
        _, body = self.assertClosingError(p, "TIMEOUT")
        self.assertIsNone(body.frame)

    def test_a_message_finished_in_time_resets_the_deadline(self):
        p = self.handshaken()
        p.send_frame(F.OPEN, 4, b"bulk")
        self.assertEqual(p.await_frame(F.OPEN_ACK).type, F.OPEN_ACK)
        p.send_message(4, bytes(1000), fragments=1, fin=False)
        self.assertOpen(p)
        self.agent.advance_clock(20)
        self.assertEqual(p.await_frame(F.PING).type, F.PING)
        p.send_frame(F.DATA, 4, b"", flags=F.FLAG_FIN)  # finished after 20 s
        self.assertOpen(p)
        self.agent.advance_clock(20)  # 40 s after the first DATA, 20 s after the FIN
        # 20 s of silence: the PING comes with the move (RTT-HB-001, ADR 1428), no TIMEOUT
        self.assertEqual(p.await_frame(F.PING).type, F.PING)
        self.assertOpen(p)


class PingRate(AgentCase):
    """RTT-LIM-007: 1,000 PINGs in a period of 10 s of the endpoint's clock; the 1,001st is refused."""

    def ping_all(self, p, first, count):
        for i in range(first, first + count):
            p.send_frame(F.PING, 0, i.to_bytes(8, "big"))
        for i in range(first, first + count):
            f = p.await_frame(F.PONG)
            self.assertEqual(f.body, i.to_bytes(8, "big"))

    def test_the_thousand_and_first_ping_of_a_period_is_refused_with_limit(self):
        p = self.handshaken()
        self.ping_all(p, 1, 1000)
        seq = p.send_frame(F.PING, 0, (1001).to_bytes(8, "big"))
        self.assertClosingError(p, "LIMIT", frame=seq)

    def test_a_new_period_begins_after_ten_seconds(self):
        p = self.handshaken()
        self.ping_all(p, 1, 1000)
        self.agent.advance_clock(10)
        self.ping_all(p, 1001, 999)
        self.assertOpen(p)  # its PING is the 1,000th of the new period


class ControlFrameRate(AgentCase):
    """RTT-LIM-011: 10,000 counted frames (all but DATA, CREDIT and an advancing ACK) in a period of
    10 s of the endpoint's clock; the 10,001st is refused with a closing LIMIT naming it."""

    ACK0 = (0).to_bytes(4, "big")

    def test_the_ten_thousand_and_first_counted_frame_is_refused_with_limit(self):
        p = self.handshaken()
        first = p.send_frame(F.ACK, 0, self.ACK0)
        for _ in range(9997):
            p.send_frame(F.ACK, 0, self.ACK0)
        self.assertOpen(p)  # a PING round trip: at most 10,000 counted so far (the PONG owed included)
        last = first
        for _ in range(3):
            last = p.send_frame(F.ACK, 0, self.ACK0)
        _, body = self.assertClosingError(p, "LIMIT")
        self.assertIsNotNone(body.frame)
        self.assertTrue(first + 9999 <= body.frame <= last, body.frame)

    def test_a_new_period_begins_after_ten_seconds(self):
        p = self.handshaken()
        for _ in range(9990):
            p.send_frame(F.ACK, 0, self.ACK0)
        self.assertOpen(p)
        self.agent.advance_clock(10)
        for _ in range(9990):
            p.send_frame(F.ACK, 0, self.ACK0)
        self.assertOpen(p)

    def test_what_the_windows_bound_is_not_counted(self):
        from web4py.rtt.frame_rate import counted
        ack = lambda n: F.Frame(F.ACK, 0, 0, 7, n.to_bytes(4, "big"))
        self.assertFalse(counted(F.Frame(F.DATA, 0, 1, 7, b"x"), 0))
        self.assertFalse(counted(F.Frame(F.CREDIT, 0, 1, 7, (5).to_bytes(4, "big")), 0))
        self.assertFalse(counted(ack(3), 2))  # advancing
        self.assertTrue(counted(ack(2), 2))  # a repeat
        self.assertTrue(counted(ack(0), 0))
        self.assertTrue(counted(F.Frame(F.PING, 0, 0, 7, bytes(8)), 0))


class UnfinishedBytes(AgentCase):
    def setUp(self):
        super().setUp()
        # A bound of 4 MiB instead of 64 keeps the test small; the rule is the same.
        self.saved = self.agent.endpoint.unfinished
        self.agent.endpoint.unfinished = UnfinishedBudget(4 * F.WINDOW)

    def tearDown(self):
        super().tearDown()
        self.agent.endpoint.unfinished = self.saved

    def hold(self, p, channels):
        for i in range(channels - 3):
            p.send_frame(F.OPEN, 4 + 2 * i, b"c%d" % i)
            self.assertEqual(p.await_frame(F.OPEN_ACK).type, F.OPEN_ACK)
        ids = [0, 1, 2] + [4 + 2 * i for i in range(channels - 3)]
        for cid in ids:
            p.send_message(cid, bytes(ALMOST), fragments=17, fin=False)

    def test_the_connection_holding_the_most_is_refused_with_limit(self):
        a = self.handshaken()
        self.hold(a, 3)  # 3 MiB
        self.assertOpen(a)
        b = self.handshaken()
        p = b.send_message(1, bytes(ALMOST), fragments=17, fin=False)  # 4 MiB: at the bound
        self.assertOpen(b)
        b.send_message(2, bytes(100), fragments=1, fin=False)  # over: a holds the most
        _, body = self.assertClosingError(a, "LIMIT")
        self.assertIsNone(body.frame)
        self.assertOpen(b)
        self.assertIsNotNone(p)

    def test_the_frame_that_goes_over_on_the_connection_holding_the_most_is_named(self):
        a = self.handshaken()
        self.hold(a, 4)  # 4 MiB less 4 bytes
        a.send_frame(F.OPEN, 6, b"more")
        self.assertEqual(a.await_frame(F.OPEN_ACK).type, F.OPEN_ACK)
        last = a.send_message(6, bytes(10), fragments=1, fin=False)
        self.assertClosingError(a, "LIMIT", frame=last)
        self.assertEqual(self.agent.endpoint.unfinished.total, 0)

    def test_finished_messages_and_closed_channels_give_their_bytes_back(self):
        a = self.handshaken()
        self.hold(a, 4)  # 4 MiB, channel 4 among them
        a.send_frame(F.DATA, 1, b"", flags=F.FLAG_FIN)  # refused as an envelope, but finished
        a.send_frame(F.CLOSE, 4, b"")
        refusal_skipped = (F.DATA, F.CREDIT, F.ACK, F.ERROR)
        self.assertEqual(a.await_frame(F.CLOSE, skip=refusal_skipped).type, F.CLOSE)
        self.assertOpen(a)
        self.assertEqual(self.agent.endpoint.unfinished.total, 2 * ALMOST)
        b = self.handshaken()
        b.send_message(1, bytes(ALMOST), fragments=17, fin=False)
        b.send_message(2, bytes(ALMOST), fragments=17, fin=False)  # 4 MiB less 4 bytes in all
        self.assertOpen(b)
        self.assertOpen(a)


if __name__ == "__main__":
    unittest.main()


class ConnectionCap(AgentCase):
    """RTT-LIM-010: a responder with its established connections at the cap (4,096; 2 here, the
    module constant patched) refuses a further handshake as RTT-HS-005 does, and serves the others."""

    def test_a_handshake_beyond_the_cap_is_refused_and_the_others_are_served(self):
        from web4py.rtt import endpoint

        saved = endpoint.MAX_ESTABLISHED
        endpoint.MAX_ESTABLISHED = 2
        self.addCleanup(setattr, endpoint, "MAX_ESTABLISHED", saved)
        first, second = self.handshaken(), self.handshaken()
        p = self.connect()
        p.message1()
        self.assertIsNotNone(p.read_message2())
        p.message3(None)
        _, body = self.assertClosingError(p, "HANDSHAKE")
        self.assertIsNone(body.frame)
        self.assertIn("2 connections", body.text)
        for held in (first, second):
            self.assertOpen(held)
