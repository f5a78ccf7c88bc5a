"""Send-queue policies (spec/rtt.md §9.1, RTT-BP-001 .. RTT-BP-004; docs/adr/1402) on a connection
over a socket pair. Messages of 500,000 bytes, numbered by their first byte: the window lets #1 and #2
out whole and 48,576 bytes of #3, so with at most 2 messages queued #4 fits and #5 does not. The
policy decides on the queue as it stands once the writer has framed what the window allows, so the
decisions are taken before the writer thread even starts; then the tester reads with its window open
(it grants back every DATA body) and checks which messages arrived."""

import os
import socket
import struct
import threading
import time
import unittest

from _util import PY_ROOT  # noqa: F401  (puts the package on sys.path)
from web4py.rtt import frames as F
from web4py.rtt.channels import KNOWLEDGE
from web4py.rtt.clock import Clock
from web4py.rtt.connection import Connection, RttApplication, RttBackpressureError, read_wire
from web4py.rtt.noise import CipherState
from web4py.rtt.payload import PeerIdentity
from web4py.rtt.send_policy import DEFAULT, SendQueuePolicy

MESSAGE = 500_000


def numbered(n: int) -> bytes:
    return bytes([n]) + bytes(MESSAGE - 1)


class SendQueuePolicies(unittest.TestCase):
    def connect(self, policy: SendQueuePolicy):
        key_out, key_in = os.urandom(32), os.urandom(32)
        self.ours, self.theirs = socket.socketpair()
        self.theirs.settimeout(10)
        peer = PeerIdentity("tester", bytes(32), "", "0" * 64, 64, bytes(32))
        self.conn = Connection(self.ours, "responder", CipherState(key=key_out), CipherState(key=key_in),
                               peer, 64, Clock(), None, RttApplication(), send_policy=lambda: policy)
        self.peer_send, self.peer_recv = CipherState(key=key_in), CipherState(key=key_out)
        self.peer_seq = 0

    def tearDown(self):
        if not hasattr(self, "conn"):
            return
        self.conn.abort()
        self.ours.close()
        self.theirs.close()

    def send(self, first: int, last: int) -> None:
        for n in range(first, last + 1):
            self.conn.send_message(KNOWLEDGE, numbered(n))

    def counts(self) -> dict:
        q = self.conn.describe()["send_queue"]
        return {k: q[k] for k in ("dropped", "refused", "blocked")}

    def receive(self, count: int) -> list:
        """Starts the writer (if not yet) and reads DATA on knowledge, granting back each body, until
        ``count`` messages are whole; then nothing may be left queued."""
        if not self.conn._writer.is_alive():
            self.conn._writer.start()
        numbers, current = [], bytearray()
        while len(numbers) < count:
            message = read_wire(self.theirs)
            self.assertIsNotNone(message)
            f = F.decode(self.peer_recv.decrypt(message))
            if f.type != F.DATA:
                continue
            current += f.body
            if f.body:
                plaintext = F.encode(F.CREDIT, 0, KNOWLEDGE, self.peer_seq, struct.pack(">I", len(f.body)))
                self.peer_seq += 1
                self.conn._handle_transport(self.peer_send.encrypt(plaintext))
            if f.flags & F.FLAG_FIN:
                self.assertEqual(len(current), MESSAGE)
                numbers.append(current[0])
                current = bytearray()
        with self.conn._lock:
            self.assertEqual(self.conn._outbox.send_queue()["messages"], 0)
        return numbers

    def test_error_refuses_the_message_that_does_not_fit(self):  # RTT-BP-001
        self.connect(SendQueuePolicy("error", 2))
        self.send(1, 4)
        with self.assertRaises(RttBackpressureError):
            self.conn.send_message(KNOWLEDGE, numbered(5))
        self.assertEqual(self.receive(4), [1, 2, 3, 4])
        self.assertEqual(self.counts(), {"dropped": 0, "refused": 1, "blocked": 0})

    def test_error_counts_bytes_too(self):  # RTT-BP-001: #3 leaves 451,424 bytes queued
        self.connect(SendQueuePolicy("error", 64, 600_000))
        self.send(1, 3)
        with self.assertRaises(RttBackpressureError):
            self.conn.send_message(KNOWLEDGE, numbered(4))
        self.assertEqual(self.receive(3), [1, 2, 3])

    def test_drop_newest_discards_the_new_message(self):  # RTT-BP-002
        self.connect(SendQueuePolicy("drop_newest", 2))
        self.send(1, 6)
        self.assertEqual(self.receive(4), [1, 2, 3, 4])
        self.assertEqual(self.counts(), {"dropped": 2, "refused": 0, "blocked": 0})

    def test_drop_oldest_never_drops_a_message_the_window_lets_out_in_part(self):  # RTT-BP-003
        self.connect(SendQueuePolicy("drop_oldest", 2))
        self.send(1, 6)
        self.assertEqual(self.receive(4), [1, 2, 3, 6])
        self.assertEqual(self.counts(), {"dropped": 2, "refused": 0, "blocked": 0})

    def test_drop_oldest_drops_the_new_one_when_nothing_can_make_room(self):
        self.connect(SendQueuePolicy("drop_oldest", 1))
        self.send(1, 4)
        self.assertEqual(self.receive(3), [1, 2, 3])
        self.assertEqual(self.counts()["dropped"], 1)

    def test_block_waits_for_room_and_then_sends(self):  # RTT-BP-004
        self.connect(SendQueuePolicy("block", 2, block_timeout_ms=60_000))
        self.send(1, 4)
        failures = []

        def fifth():
            try:
                self.conn.send_message(KNOWLEDGE, numbered(5))
            except Exception as e:  # pragma: no cover - reported below
                failures.append(e)

        t = threading.Thread(target=fifth)
        t.start()
        deadline = time.monotonic() + 30
        while self.counts()["blocked"] == 0:
            self.assertLess(time.monotonic(), deadline, "the fifth send never blocked")
            time.sleep(0.01)
        self.assertTrue(t.is_alive())
        self.assertEqual(self.receive(5), [1, 2, 3, 4, 5])
        t.join(30)
        self.assertEqual(failures, [])
        self.assertEqual(self.counts(), {"dropped": 0, "refused": 0, "blocked": 1})

    def test_block_refuses_when_no_room_comes_in_time(self):
        self.connect(SendQueuePolicy("block", 2, block_timeout_ms=100))
        self.send(1, 4)
        with self.assertRaises(RttBackpressureError):
            self.conn.send_message(KNOWLEDGE, numbered(5))
        self.assertEqual(self.receive(4), [1, 2, 3, 4])
        self.assertEqual(self.counts(), {"dropped": 0, "refused": 1, "blocked": 1})

    def test_the_default_changes_nothing(self):
        self.assertEqual(DEFAULT.as_dict(), {"policy": "error", "max_messages": 65536,
                                             "max_bytes": 1 << 30, "block_timeout_ms": 0})
        with self.assertRaises(ValueError):
            SendQueuePolicy("drop_everything")


if __name__ == "__main__":
    unittest.main()
