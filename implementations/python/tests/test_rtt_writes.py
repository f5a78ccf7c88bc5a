"""A peer that does not read (spec/rtt.md §7, RTT-LIM-008 and RTT-LIM-009; docs/adr/1207): the
writer records each piece the transport accepts on the endpoint's clock, so 30 s without one is
seen, and a close may cut a transport message only after 30 s without progress."""

import socket
import threading
import unittest

from web4py.rtt.writes import STALL, WriteProgress, cut_allowed, send_tracked


class FakeClock:
    def __init__(self):
        self.t = 1000.0

    def now(self):
        return self.t


class WriteProgressTest(unittest.TestCase):
    def setUp(self):
        self.clock = FakeClock()
        self.progress = WriteProgress(self.clock)

    def test_nothing_waiting_is_never_stalled(self):
        self.clock.t += 10 * STALL
        self.assertFalse(self.progress.stalled(self.clock.t))
        self.assertTrue(cut_allowed(self.progress, self.clock.t))

    def test_thirty_seconds_without_progress_is_a_stall(self):
        self.progress.begin()
        self.clock.t += STALL - 1
        self.assertFalse(self.progress.stalled(self.clock.t))
        self.assertFalse(cut_allowed(self.progress, self.clock.t))
        self.progress.accepted()  # a piece left: 30 s again from here
        self.clock.t += STALL - 1
        self.assertFalse(self.progress.stalled(self.clock.t))
        self.clock.t += 1
        self.assertTrue(self.progress.stalled(self.clock.t))
        self.assertTrue(cut_allowed(self.progress, self.clock.t))

    def test_a_close_gives_the_transport_thirty_seconds_from_then(self):
        self.progress.begin()
        self.clock.t += STALL  # stalled: refused for it (RTT-LIM-008)
        self.progress.closing_begins()
        self.assertFalse(cut_allowed(self.progress, self.clock.t))  # RTT-LIM-009
        self.clock.t += STALL
        self.assertTrue(cut_allowed(self.progress, self.clock.t))


class SendTrackedTest(unittest.TestCase):
    def test_a_blocked_write_finishes_whole_once_the_peer_reads(self):
        a, b = socket.socketpair()
        self.addCleanup(a.close)
        self.addCleanup(b.close)
        a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        clock = FakeClock()
        progress = WriteProgress(clock)
        message = bytes(range(256)) * 200  # 51,200 bytes: more than the buffers hold
        done = threading.Event()
        writer = threading.Thread(target=lambda: (send_tracked(a, message, progress, lambda: False),
                                                  done.set()))
        writer.start()
        received = bytearray()
        while len(received) < len(message) + 2:
            received += b.recv(65536)
        writer.join(10)
        self.assertTrue(done.is_set())
        self.assertEqual(bytes(received[2:]), message)
        self.assertFalse(progress.waiting)

    def test_the_writer_stops_inside_a_message_only_when_told(self):
        a, b = socket.socketpair()
        self.addCleanup(a.close)
        self.addCleanup(b.close)
        a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        progress = WriteProgress(FakeClock())
        stop = threading.Event()
        failed = []

        def write():
            try:
                send_tracked(a, bytes(60000), progress, stop.is_set)
            except OSError as e:
                failed.append(e)

        writer = threading.Thread(target=write)
        writer.start()
        writer.join(1.0)  # bounded: it blocks, the peer reads nothing
        self.assertTrue(writer.is_alive())
        self.assertTrue(progress.waiting)
        stop.set()
        writer.join(10)
        self.assertEqual(len(failed), 1)


if __name__ == "__main__":
    unittest.main()
