"""What holding many connections takes (spec/rtt.md §7, RTT-LIM-010: a responder holds 4,096): no
``select.select`` anywhere a descriptor above 1023 may turn up, the descriptor limit raised, a
listener that stops listening when stopped, and 1,200 connections -- past descriptor 1,024 -- held
and served by ``python3 -m web4py serve``. The 4,096 themselves are the kit's @slow scenario
(features/rtt/connection_cap.feature); docs/security.md has the figures."""

import os
import resource
import socket
import subprocess
import sys
import time
import unittest

from _util import PY_ROOT
from web4py.agent import Agent
from web4py.rtt import frames as F
from web4py.rtt.capacity import DESCRIPTORS_WANTED, raise_open_files_limit
from web4py.rtt.clock import Clock
from web4py.rtt.connection import PING_AFTER, Connection, RttApplication, readable_now
from web4py.rtt.endpoint import TIMERS_PER_TICK, Endpoint
from web4py.rtt.noise import CipherState
from web4py.rtt.payload import PeerIdentity
from web4py.rtt.rawpeer import CLOSED, RawPeer

from test_rtt_wire import TESTER, key

HELD = 1200  # past descriptor 1,024 in both processes, in well under a minute of CPU
ANSWER = 60.0  # a generous guard on each answer the spec requires, never a timing assertion


def _open_past(limit: int) -> list:
    """Descriptors (duplicates of stdin's) until the next one opened is above ``limit``."""
    held = []
    while True:
        fd = os.dup(0)
        held.append(fd)
        if fd >= limit:
            return held


class DescriptorsAbove1023(unittest.TestCase):
    def setUp(self):
        raise_open_files_limit()
        self.fds = _open_past(1100)
        self.addCleanup(lambda: [os.close(fd) for fd in self.fds])

    def test_readable_now_sees_bytes_waiting_on_a_descriptor_above_1023(self):
        a, b = socket.socketpair()
        self.addCleanup(a.close)
        self.addCleanup(b.close)
        self.assertGreater(a.fileno(), 1023)  # select.select raises ValueError here
        self.assertFalse(readable_now(a))
        b.sendall(b"x")
        self.assertTrue(readable_now(a))

    def test_a_connection_on_a_descriptor_above_1023_is_busy_while_bytes_wait(self):
        a, b = socket.socketpair()
        self.addCleanup(a.close)
        self.addCleanup(b.close)
        self.assertGreater(a.fileno(), 1023)
        conn = _unstarted_connection(a, Clock())  # no reader: what b sends stays in a
        self.assertFalse(conn.busy)
        b.sendall(b"\x00\x10")
        self.assertTrue(conn.busy)  # Endpoint.settle waits for it

    def test_a_connection_on_a_descriptor_above_1023_is_served(self):
        agent = Agent(key("iut"))
        address = agent.start()
        self.addCleanup(agent.stop)
        p = RawPeer.connect(address, TESTER).handshake()
        self.addCleanup(p.close)
        (conn,) = agent.endpoint.connections()
        self.assertGreater(conn.sock.fileno(), 1023)
        p.send_frame(F.PING, 0, bytes(8))  # answered: the connection is served, not stuck
        self.assertEqual(p.await_frame(F.PONG).type, F.PONG)


def _unstarted_connection(sock, clock) -> Connection:
    peer = PeerIdentity("peer", b"", "", "0" * 64, 64, b"")
    return Connection(sock, "responder", CipherState(), CipherState(), peer, 64, clock, None, RttApplication())


class TimerCost(unittest.TestCase):
    """The endpoint's timer with thousands of connections: a share of them a tick, each first asked
    whether its timers have anything to do (ADR 1215)."""

    def setUp(self):
        self.clock = Clock()
        self.endpoint = Endpoint(key("iut"), clock=self.clock)
        self.endpoint.stop()  # its own timer thread must not take turns meanwhile
        self.endpoint._timer.join(10)

    def test_each_tick_looks_at_a_share_and_every_connection_in_turn(self):
        conns = list(range(1000))  # the slicing looks at nothing but the list
        seen, ticks = set(), -(-len(conns) // TIMERS_PER_TICK)
        for _ in range(ticks):
            share = self.endpoint._due_for_timers(conns)
            self.assertLessEqual(len(share), TIMERS_PER_TICK)
            seen.update(share)
        self.assertEqual(seen, set(conns))

    def test_the_first_tick_after_the_clock_moved_looks_at_every_connection(self):
        conns = list(range(1000))
        self.endpoint._due_for_timers(conns)
        self.assertLess(len(self.endpoint._due_for_timers(conns)), len(conns))
        self.clock.advance(16)
        self.assertEqual(self.endpoint._due_for_timers(conns), conns)

    def test_up_to_256_connections_every_tick_looks_at_all(self):
        conns = list(range(TIMERS_PER_TICK))
        for _ in range(3):
            self.assertEqual(self.endpoint._due_for_timers(conns), conns)

    def test_a_connection_is_quiet_until_its_heartbeat_is_due(self):
        a, b = socket.socketpair()
        self.addCleanup(a.close)
        self.addCleanup(b.close)
        conn = _unstarted_connection(a, self.clock)
        self.assertTrue(conn.timers_quiet(self.clock.now()))
        self.assertFalse(conn.timers_quiet(self.clock.now() + PING_AFTER))  # RTT-HB-001: a PING is due
        conn.channels[0].began = self.clock.now()  # an unfinished message (RTT-LIM-004)
        self.assertFalse(conn.timers_quiet(self.clock.now()))


class Limits(unittest.TestCase):
    def test_the_soft_descriptor_limit_is_raised_toward_the_hard_one(self):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        self.addCleanup(resource.setrlimit, resource.RLIMIT_NOFILE, (soft, hard))
        if hard != resource.RLIM_INFINITY and hard <= 1024:
            self.skipTest("the hard limit (%d) leaves nothing to raise" % hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))
        new_soft, new_hard = raise_open_files_limit()
        wanted = DESCRIPTORS_WANTED if hard == resource.RLIM_INFINITY else min(DESCRIPTORS_WANTED, hard)
        self.assertEqual((new_soft, new_hard), (wanted, hard))

    def test_a_stopped_endpoint_no_longer_accepts_connections(self):
        agent = Agent(key("iut"))
        host, port = agent.start()
        agent.stop()
        with self.assertRaises(ConnectionRefusedError):
            socket.create_connection((host, port), timeout=5).close()


class ManyConnections(unittest.TestCase):
    """``python3 -m web4py serve`` holds 1,200 connections, each confirmed, and answers a PING that
    reaches all of them at once."""

    def setUp(self):
        soft, _ = raise_open_files_limit()
        if soft != resource.RLIM_INFINITY and soft < HELD + 512:
            self.skipTest("needs %d descriptors; the limit is %d" % (HELD + 512, soft))
        self.proc = subprocess.Popen([sys.executable, "-m", "web4py", "serve"], cwd=str(PY_ROOT),
                                     stdout=subprocess.PIPE, text=True)
        self.addCleanup(self._stop)
        self.address = None
        for line in self.proc.stdout:
            if line.startswith("rtt "):
                host, port = line.split()[1].rsplit(":", 1)
                self.address = (host, int(port))
            if line.strip() == "ready":
                break
        self.assertIsNotNone(self.address)
        self.peers = []

    def _stop(self):
        for p in self.peers:
            p.close()
        self.proc.kill()
        self.proc.wait(30)
        self.proc.stdout.close()

    def _keep_alive(self, body: bytes) -> None:
        for p in self.peers:  # heard from: RTT-HB-003's 45 s do not run out however long this takes
            p.send_frame(F.PING, 0, body)

    def test_twelve_hundred_connections_are_held_and_each_answers_a_ping(self):
        last_keep_alive = time.monotonic()
        for i in range(HELD):
            p = RawPeer.connect(self.address, TESTER)
            self.peers.append(p)
            p.message1()
            self.assertIsNotNone(p.read_message2(timeout=ANSWER), "message 2 of connection %d" % (i + 1))
            p.message3()
            first = p.next(ANSWER)
            self.assertIsInstance(first, F.Frame, "the frame 0 of connection %d: %r" % (i + 1, first))
            self.assertEqual(first.type, F.PING)  # RTT-HS-007
            p.send_frame(F.PONG, 0, first.body)
            if time.monotonic() - last_keep_alive > 10:
                self._keep_alive(bytes(8))
                last_keep_alive = time.monotonic()
        if os.path.isdir("/proc/%d/fd" % self.proc.pid):
            self.assertGreater(len(os.listdir("/proc/%d/fd" % self.proc.pid)), HELD)
        mark = b"\xff" * 8
        self._keep_alive(mark)  # all at once
        for i, p in enumerate(self.peers):
            while True:
                f = p.await_frame(F.PONG, ANSWER, skip=(F.PING, F.PONG))
                self.assertIsInstance(f, F.Frame, "connection %d of %d: %r" % (i + 1, HELD, f))
                self.assertIsNot(f, CLOSED)
                if f.type == F.PONG and f.body == mark:
                    break


if __name__ == "__main__":
    unittest.main()
