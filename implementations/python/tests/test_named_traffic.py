"""Harness 1.3 ``rtt/send`` and ``rtt/inbox`` (spec/harness.md §4.16, HAR-RES-003/004) over a
stand-in connection: numbering per peer and channel across calls, a refused message taking no number,
the channel opened only when not open, the inbox in delivery order and emptied by reset."""

import hashlib
import threading
import unittest
from types import SimpleNamespace

import _util  # noqa: F401  (sys.path)

from web4py.named_traffic import NamedTraffic
from web4py.rtt.connection import RttBackpressureError

FP = "ab" * 32


class StandInConnection:
    def __init__(self, refuse_after=None):
        self.peer = SimpleNamespace(fingerprint=FP)
        self.state = "open"
        self.channels = {}
        self._lock = threading.Lock()
        self.sent = []
        self.opened = []
        self.refuse_after = refuse_after

    def open_channel(self, name, timeout=5.0):
        cid = 3 + 2 * len(self.opened)
        self.opened.append(name)
        self.channels[cid] = SimpleNamespace(name=name, state="open")
        return cid

    def send_message(self, cid, data):
        if self.refuse_after is not None and len(self.sent) >= self.refuse_after:
            raise RttBackpressureError("full")
        self.sent.append((cid, data))


class NamedTrafficTest(unittest.TestCase):
    def traffic(self, conn):
        return NamedTraffic(SimpleNamespace(connections=lambda: [conn]))

    def test_numbers_run_on_per_channel_across_calls_and_the_channel_opens_once(self):
        conn = StandInConnection()
        t = self.traffic(conn)
        self.assertEqual(t.send(FP, "bulk", b"x" * 12, 2), 2)
        self.assertEqual(t.send(FP, "bulk", b"x" * 12, 1), 1)
        self.assertEqual(conn.opened, ["bulk"])
        self.assertEqual([int.from_bytes(d[:8], "big") for _, d in conn.sent], [0, 1, 2])
        self.assertTrue(all(d[8:] == b"xxxx" for _, d in conn.sent))

    def test_a_refused_message_takes_no_number(self):
        conn = StandInConnection(refuse_after=1)
        t = self.traffic(conn)
        self.assertEqual(t.send(FP, "bulk", bytes(8), 3), 1)
        conn.refuse_after = None
        self.assertEqual(t.send(FP, "bulk", bytes(8), 1), 1)
        self.assertEqual([int.from_bytes(d[:8], "big") for _, d in conn.sent], [0, 1])

    def test_no_connection_with_the_peer_accepts_nothing(self):
        t = self.traffic(StandInConnection())
        self.assertEqual(t.send("cd" * 32, "bulk", bytes(8), 1), 0)

    def test_the_inbox_lists_digests_in_order_and_reset_empties_it(self):
        conn = StandInConnection()
        conn.channels[4] = SimpleNamespace(name="kit", state="open")
        t = self.traffic(conn)
        t.delivered(conn, 4, b"one")
        t.delivered(conn, 4, b"two")
        self.assertEqual(t.inbox(), [{"peer_fingerprint": FP, "channel": "kit",
                                      "messages": [hashlib.sha256(b"one").hexdigest(),
                                                   hashlib.sha256(b"two").hexdigest()]}])
        t.reset()
        self.assertEqual(t.inbox(), [])


if __name__ == "__main__":
    unittest.main()
