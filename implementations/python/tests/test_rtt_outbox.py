"""Frame order on the way out (web4py.rtt.outbox and the connection's writer): no frame overtakes
one produced before it (RTT-FR-006, RTT-FLOW-002, harness.md §4.12, HAR-LIP-003, LIP-RPL-003).

The regression: `features/lip/queue.feature:121` failed under load with "expected a LIP_ACCEPT ...
received [PONG, PONG]": `state/local` queued a LIP_ACCEPT (HAR-LIP-003: sent before the answer),
the tester then sent a PING, and the writer, which took queued control frames first, wrote the PONG
ahead of the LIP_ACCEPT. These tests build that queue by hand and drive the writer directly, so
they do not depend on timing."""

import os
import socket
import struct
import unittest
from dataclasses import dataclass

from _util import PY_ROOT  # noqa: F401  (puts the package on sys.path)

from web4py.rtt import frames as F
from web4py.rtt.channels import CONTROL, KNOWLEDGE, STATE
from web4py.rtt.clock import Clock
from web4py.rtt.connection import Connection, RttApplication, read_wire
from web4py.rtt.noise import CipherState
from web4py.rtt.outbox import Outbox, OutgoingFrame
from web4py.rtt.payload import PeerIdentity


@dataclass
class Window:
    send_window: int = F.WINDOW
    state: str = "open"


def standard_windows():
    return {CONTROL: Window(), STATE: Window(), KNOWLEDGE: Window()}


def drain(outbox, windows):
    out = []
    while True:
        f = outbox.next_frame(windows)
        if f is None:
            return out
        out.append(f)


def kinds(frames):
    return [(F.NAMES[f.type], f.channel) for f in frames]


PONG = OutgoingFrame(F.PONG, 0, 0, bytes(8))
CREDIT = OutgoingFrame(F.CREDIT, 0, KNOWLEDGE, F.u32(100))


class OutboxOrder(unittest.TestCase):
    def test_queued_message_leaves_before_a_later_pong(self):
        box, windows = Outbox(), standard_windows()
        box.put_message(KNOWLEDGE, b'{"type":"LIP_ACCEPT"}')
        box.put_control(PONG)
        self.assertEqual(kinds(drain(box, windows)), [("DATA", KNOWLEDGE), ("PONG", 0)])

    def test_every_fragment_of_a_message_leaves_before_a_later_control_frame(self):
        box, windows = Outbox(), standard_windows()
        box.put_message(CONTROL, bytes(2 * F.MAX_BODY + 5))
        box.put_control(CREDIT)
        box.put_control(PONG)
        out = drain(box, windows)
        self.assertEqual(kinds(out), [("DATA", CONTROL)] * 3 + [("CREDIT", KNOWLEDGE), ("PONG", 0)])
        self.assertEqual([f.flags for f in out[:3]], [0, 0, F.FLAG_FIN])
        self.assertEqual(windows[CONTROL].send_window, F.WINDOW - (2 * F.MAX_BODY + 5))

    def test_control_before_a_later_message(self):
        box, windows = Outbox(), standard_windows()
        box.put_control(CREDIT)
        box.put_message(STATE, b"{}")
        box.put_control(PONG)
        self.assertEqual(kinds(drain(box, windows)), [("CREDIT", KNOWLEDGE), ("DATA", STATE), ("PONG", 0)])

    def test_messages_keep_their_order_across_channels(self):
        box, windows = Outbox(), standard_windows()
        for channel in (KNOWLEDGE, CONTROL, STATE, KNOWLEDGE):
            box.put_message(channel, b"x")
        self.assertEqual([f.channel for f in drain(box, windows)], [KNOWLEDGE, CONTROL, STATE, KNOWLEDGE])

    def test_a_message_without_window_lets_control_frames_pass_but_no_message(self):
        box, windows = Outbox(), standard_windows()
        windows[KNOWLEDGE].send_window = 3
        box.put_message(KNOWLEDGE, b"0123456789")
        box.put_message(CONTROL, b"later")
        box.put_control(CREDIT)
        box.put_control(PONG)
        # 3 bytes fit; then the knowledge message waits for credit; CREDIT and PONG may pass it
        # (the peer may need that CREDIT to grant ours); the later control-channel message may not
        self.assertEqual(kinds(drain(box, windows)), [("DATA", KNOWLEDGE), ("CREDIT", KNOWLEDGE), ("PONG", 0)])
        self.assertTrue(box.has_messages(CONTROL))
        windows[KNOWLEDGE].send_window += 7
        out = drain(box, windows)
        self.assertEqual(kinds(out), [("DATA", KNOWLEDGE), ("DATA", CONTROL)])
        self.assertEqual(out[0].body, b"3456789")
        self.assertEqual(len(box), 0)

    def test_dropping_messages_keeps_control_frames_in_order(self):
        box, windows = Outbox(), standard_windows()
        box.put_message(KNOWLEDGE, b"a")
        box.put_control(CREDIT)
        box.put_message(CONTROL, b"b")
        box.put_control(PONG)
        box.drop_messages()
        self.assertEqual(kinds(drain(box, windows)), [("CREDIT", KNOWLEDGE), ("PONG", 0)])

    def test_message_of_a_channel_gone_is_dropped(self):
        box, windows = Outbox(), standard_windows()
        windows[7] = Window()
        box.put_message(7, b"x")
        box.put_message(STATE, b"y")
        del windows[7]
        self.assertEqual(kinds(drain(box, windows)), [("DATA", STATE)])

    def test_close_passing_a_held_message_of_its_channel_drops_it(self):
        box, windows = Outbox(), standard_windows()
        windows[6] = Window(send_window=0)
        box.put_message(6, b"held")
        box.put_control(OutgoingFrame(F.CLOSE, 0, 6))
        self.assertEqual(kinds(drain(box, windows)), [("CLOSE", 6)])
        self.assertEqual(len(box), 0)

    def test_data_is_not_a_control_frame(self):
        with self.assertRaises(ValueError):
            Outbox().put_control(OutgoingFrame(F.DATA, F.FLAG_FIN, 1, b"x"))

    def test_control_frames_are_counted(self):
        box = Outbox()
        box.put_control(PONG)
        box.put_message(STATE, b"m")
        box.put_control(CREDIT)
        self.assertEqual(box.control_frames, 2)
        drain(box, standard_windows())
        self.assertEqual(box.control_frames, 0)


class SendQueueDepth(unittest.TestCase):
    """HAR-RTT-003: messages count until their FIN fragment is cut, bytes until they are in one."""

    def test_a_window_holds_back_the_rest_of_one_message_and_all_of_the_next(self):
        box = Outbox()
        windows = standard_windows()
        windows[KNOWLEDGE].send_window = 100_000
        box.put_message(KNOWLEDGE, bytes(70_000))
        box.put_message(KNOWLEDGE, bytes(60_000))
        box.put_message(KNOWLEDGE, bytes(50_000))
        self.assertEqual(box.send_queue(), {"messages": 3, "bytes": 180_000})
        sent = drain(box, windows)
        self.assertEqual(sum(len(f.body) for f in sent), 100_000)
        # 70,000 whole; 30,000 of 60,000 out; 50,000 not at all
        self.assertEqual(box.send_queue(), {"messages": 2, "bytes": 80_000})
        windows[KNOWLEDGE].send_window = 100_000
        drain(box, windows)
        self.assertEqual(box.send_queue(), {"messages": 0, "bytes": 0})

    def test_control_frames_are_not_in_the_send_queue(self):
        box = Outbox()
        box.put_control(PONG)
        box.put_control(CREDIT)
        self.assertEqual(box.send_queue(), {"messages": 0, "bytes": 0})

    def test_an_empty_message_counts_until_its_fin_frame(self):
        box, windows = Outbox(), standard_windows()
        windows[STATE].send_window = 0
        box.put_message(STATE, b"")
        self.assertEqual(box.send_queue(), {"messages": 1, "bytes": 0})
        drain(box, windows)
        self.assertEqual(box.send_queue(), {"messages": 0, "bytes": 0})


class WriterOrder(unittest.TestCase):
    """The connection's writer over a socket pair, with real AES-GCM cipher states."""

    def setUp(self):
        key_out, key_in = os.urandom(32), os.urandom(32)
        self.ours, self.theirs = socket.socketpair()
        self.theirs.settimeout(5)
        peer = PeerIdentity("tester", bytes(32), "", "0" * 64, 64, bytes(32))
        self.conn = Connection(self.ours, "responder", CipherState(key=key_out), CipherState(key=key_in),
                               peer, 64, Clock(), None, RttApplication())
        self.peer_send, self.peer_recv = CipherState(key=key_in), CipherState(key=key_out)
        self.peer_seq = 0

    def tearDown(self):
        self.conn.abort()
        self.ours.close()
        self.theirs.close()

    def peer_frame(self, ftype, channel=0, body=b"", flags=0):
        """What the tester sends, handled as the reader thread would handle it."""
        plaintext = F.encode(ftype, flags, channel, self.peer_seq, body)
        self.peer_seq += 1
        self.conn._handle_transport(self.peer_send.encrypt(plaintext))

    def written(self, n):
        out = []
        for _ in range(n):
            message = read_wire(self.theirs)
            self.assertIsNotNone(message, "the connection wrote %d frames, expected %d" % (len(out), n))
            out.append(F.decode(self.peer_recv.decrypt(message)))
        return out

    def test_pong_does_not_overtake_an_envelope_queued_before_the_ping(self):
        envelope = b'{"lip":"1.0","type":"LIP_ACCEPT"}'
        self.conn.send_message(KNOWLEDGE, envelope)  # state/local -> rejudge (HAR-LIP-003)
        self.peer_frame(F.PING, body=b"barrier!")  # the tester's PING after the HTTP answer
        self.conn._writer.start()  # the writer finds both queued: the order is the outbox's alone
        data, pong = self.written(2)
        self.assertEqual((data.type, data.channel, data.flags, data.body),
                         (F.DATA, KNOWLEDGE, F.FLAG_FIN, envelope))
        self.assertEqual((pong.type, pong.body), (F.PONG, b"barrier!"))
        self.assertEqual([data.sequence, pong.sequence], [0, 1])

    def test_credit_of_a_message_precedes_answers_to_later_frames(self):
        # RTT-FLOW-002: the message is delivered (to RttApplication, which ignores it), its CREDIT
        # is queued; a later PING's PONG comes after it; an answer envelope queued in between too
        self.peer_frame(F.DATA, STATE, b"{}", F.FLAG_FIN)
        self.conn.send_message(CONTROL, b"answer")
        self.peer_frame(F.PING, body=bytes(8))
        self.conn._writer.start()
        credit, data, pong = self.written(3)
        self.assertEqual((credit.type, credit.channel, struct.unpack(">I", credit.body)[0]), (F.CREDIT, STATE, 2))
        self.assertEqual((data.type, data.channel), (F.DATA, CONTROL))
        self.assertEqual(pong.type, F.PONG)


if __name__ == "__main__":
    unittest.main()
