"""Flat memory across cuts and resumes (issue 18, docs/reliability.md "Memory", ADR 1419): a web4py
listener with resume on, as ``web4py serve --rtt-resume`` runs it in the soak, answers INTENTs over
many cut/resume cycles; afterwards every table it keeps per session, connection or message is back at
its size after the first cycle -- counts, never timings. Every wait is a bounded poll of state."""

import gc
import unittest

from web4py.agent import Agent
from web4py.rtt.channels import channel_of
from web4py.rtt.connection import Connection
from web4py.rtt.resume import cut

from tests.test_cip_across_resume import wait_for
from tests.test_rtt_wire import key

CYCLES = 12
INTENTS_PER_CYCLE = 5


def intent_payload(n: int) -> dict:
    return {"goal": "ask", "topic": "memflat-%d" % n, "priority": "normal"}


class ListenerTablesStayFlat(unittest.TestCase):
    def setUp(self):
        # last: the finished test lets go of its agents (unittest keeps every test object to the end,
        # and the connection count below must see only this test's)
        self.addCleanup(lambda: [self.__dict__.pop(k) for k in ("a", "b", "ma", "mb", "conn", "rtt")])
        self.a = Agent(key("memflat-a"))
        self.b = Agent(key("memflat-b"), resume=True)  # as the soak starts it: --rtt-resume
        self.ma = self.a.endpoint.enable_resume(seed=14)
        self.mb = self.b.endpoint.resume
        address = self.b.start()
        self.addCleanup(self.a.stop)
        self.addCleanup(self.b.stop)
        self.b.endpoint.resume.auto_reconnect = False  # only the test resumes
        self.a.dial(*address, expect_fingerprint=self.b.identity.fingerprint)
        self.conn = self.a.endpoint.connections()[0]
        self.rtt = self.ma.session_of(self.conn)
        wait_for("the CIP handshake", lambda: self.cip_a() is not None and self.cip_a().complete
                 and any(s.complete for s in self.b.cip.sessions.values()))
        self.sent = 0

    def cip_a(self):
        conns = self.a.endpoint.connections()
        return self.a.cip.sessions.get(id(conns[0])) if conns else None

    def answered(self) -> int:
        """INTENT_RESPONSEs the dialer's session delivered."""
        ch = self.rtt.channels.get(channel_of("cip", "INTENT_RESPONSE"))
        return ch.delivered if ch is not None else 0

    def exchange(self) -> None:
        session = self.cip_a()
        base = self.answered()
        for _ in range(INTENTS_PER_CYCLE):
            self.sent += 1
            with self.a.cip._lock:
                self.assertIsNotNone(self.a.cip._send(session, "INTENT", intent_payload(self.sent)))
        wait_for("%d INTENTs answered" % INTENTS_PER_CYCLE,
                 lambda: self.answered() >= base + INTENTS_PER_CYCLE)

    def cut_and_resume(self) -> None:
        cut(self.conn.sock)
        wait_for("both sides suspended", lambda: self.rtt.state == "suspended"
                 and all(s.state == "suspended" for s in self.mb.sessions()))
        committed = len(self.mb.notes("committed"))
        self.conn = self.ma.resume(self.rtt)
        wait_for("the resume committed", lambda: len(self.mb.notes("committed")) > committed
                 and self.rtt.state == "connected")

    def sizes(self) -> dict:
        """What the listener keeps per session, connection and message (not the bounded-by-time replay
        memory, nor the 10,000 events)."""
        b = self.b
        sessions = self.mb.sessions()
        return {
            "rtt sessions": len(sessions),
            "session ids": len(self.mb._by_id),
            "deliveries kept": sum(len(s.inbox) for s in sessions),
            "messages retained": sum(s.retained()[0] for s in sessions),
            "channels": sum(len(s.channels) for s in sessions),
            "fin log": sum(len(s.link.fin_log) for s in sessions if s.link is not None),
            "connections": len(b.endpoint._connections),
            "cip sessions": len(b.cip.sessions),
            "cip sessions by rtt session": len(b.cip._by_rtt_session),
            "hcp sessions": len(b.hcp.sessions),
        }

    def settled(self) -> dict:
        # the listener's last ACKed FIN and its closed connections are processed by its own threads
        wait_for("the listener settled", lambda: self.sizes()["messages retained"] == 0
                 and self.sizes()["connections"] == 1 and self.sizes()["fin log"] == 0)
        return self.sizes()

    def test_cut_resume_cycles_leave_the_listener_tables_at_their_first_cycle_sizes(self):
        self.cut_and_resume()
        self.exchange()
        baseline = self.settled()
        for _ in range(CYCLES):
            self.cut_and_resume()
            self.exchange()
        self.assertEqual(self.sent, (CYCLES + 1) * INTENTS_PER_CYCLE)
        self.assertEqual(self.settled(), baseline)

    def test_a_session_keeps_no_copy_of_what_it_delivered(self):
        """The leak of the one-hour soak: every delivered message was kept in its session's inbox
        (65,536 per session, ~1 KiB per INTENT); an agent keeps none (ADR 1419)."""
        for _ in range(3):
            self.exchange()
        self.assertEqual(sum(len(s.inbox) for s in self.mb.sessions()), 0)
        self.assertEqual(len(self.rtt.inbox), 0)

    def test_an_ended_connection_is_freed_without_waiting_for_a_garbage_collection(self):
        """A connection and its session link referred to each other: every dead connection of the soak
        stayed in memory until a full collection found the cycle (ADR 1419)."""
        self.cut_and_resume()
        self.exchange()
        self.settled()
        gc.collect()
        gc.disable()
        try:
            for _ in range(CYCLES):
                self.cut_and_resume()
                self.exchange()
            self.settled()
            # their reader and writer threads let go of them as they end: a bounded wait for the count
            wait_for("no ended connection left in memory (gc off)", lambda: self.ended_in_memory() == 0)
        finally:
            gc.enable()

    def ended_in_memory(self) -> int:
        """Ended connections of this test's two agents still in memory."""
        return sum(1 for o in gc.get_objects() if isinstance(o, Connection) and o.state == "closed"
                   and o.session is not None and o.session.manager in (self.ma, self.mb))


if __name__ == "__main__":
    unittest.main()
