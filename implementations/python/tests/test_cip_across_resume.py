"""spec/rtt.md §12, RTT-RES-016: an RTT 1.1 session carries its CIP session across a resume. Two
web4py agents on loopback with resume on (no automatic reconnect: the test resumes); a cut is a TCP
reset (SO_LINGER 0). Every wait is a bounded poll of state, never a timed assertion."""

import time
import unittest
import uuid

from web4py.agent import Agent
from web4py.rtt.resume import cut

from tests.test_rtt_wire import key

WAIT = 20.0


def wait_for(what, condition, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.02)
    raise AssertionError("never happened within %.0f s: %s" % (timeout, what))


def fact_payload(statement: str) -> dict:
    return {
        "fact": {"statement": statement, "domain": "test", "confidence": 0.9, "sources": []},
        "dmp_trace": {"decision_id": str(uuid.uuid4()), "steps": ["observed"], "evidence": []},
    }


def dial_resumable_pair(test: unittest.TestCase, name: str, seed: int) -> None:
    """Two agents with resume on (no automatic reconnect), ``a`` dialled to ``b``: sets ``test.a``,
    ``test.b``, their session managers ``test.ma``/``test.mb``, the connection ``test.conn`` and its
    RTT session ``test.rtt``; both agents stop at cleanup."""
    test.a, test.b = Agent(key(name + "-a")), Agent(key(name + "-b"))
    test.ma = test.a.endpoint.enable_resume(seed=seed)
    test.mb = test.b.endpoint.enable_resume(seed=seed + 1)
    address = test.b.start()
    test.addCleanup(test.a.stop)
    test.addCleanup(test.b.stop)
    test.a.dial(*address, expect_fingerprint=test.b.identity.fingerprint)
    test.conn = test.a.endpoint.connections()[0]
    test.rtt = test.ma.session_of(test.conn)


class CipAcrossResume(unittest.TestCase):
    def setUp(self):
        dial_resumable_pair(self, "cipres", seed=3)
        wait_for("the CIP handshake", lambda: self.cip_a() is not None and self.cip_a().complete
                 and any(s.complete for s in self.b.cip.sessions.values()))
        self.first = self.cip_a()

    def cip_a(self):
        return self.a.cip.sessions.get(id(self.a.endpoint.connections()[0])) \
            if self.a.endpoint.connections() else None

    def cut_and_wait(self):
        cut(self.conn.sock)
        wait_for("both sides suspended", lambda: self.rtt.state == "suspended"
                 and all(s.state == "suspended" for s in self.mb.sessions()))

    def propose(self, session, statement) -> str:
        with self.a.cip._lock:
            return self.a.cip._send(session, "FACT_PROPOSE", fact_payload(statement))

    def b_knows(self, fact_ref) -> bool:
        return any(f["fact_ref"] == fact_ref for f in self.b.cip.fact_list())

    def test_a_resumed_session_keeps_its_cip_session(self):
        self.cut_and_wait()
        # suspended: the CIP session still sends; the RTT session retains it (RTT-RES-008)
        fact = self.propose(self.first, "sent while suspended")
        conn = self.ma.resume(self.rtt)
        wait_for("the retained FACT_PROPOSE taken", lambda: self.b_knows(fact))
        self.assertIs(self.a.cip.sessions[id(conn)], self.first)  # the same handshake, carried on
        self.assertIs(self.first.conn, conn)
        self.assertEqual(1, len(self.b.cip.sessions))
        fact2 = self.propose(self.first, "sent after the resume")
        wait_for("the FACT_PROPOSE after the resume taken", lambda: self.b_knows(fact2))

    def test_after_fresh_the_dialer_runs_a_new_cip_handshake(self):
        self.cut_and_wait()
        self.mb.reset()  # the listener forgot the session: RESUME_UNKNOWN (RTT-RES-007)
        conn = self.ma.resume(self.rtt)
        wait_for("a new CIP handshake", lambda: self.a.cip.sessions.get(id(conn)) is not None
                 and self.a.cip.sessions[id(conn)] is not self.first
                 and self.a.cip.sessions[id(conn)].complete)
        fact = self.propose(self.a.cip.sessions[id(conn)], "a fresh session")
        wait_for("the FACT_PROPOSE taken", lambda: self.b_knows(fact))


if __name__ == "__main__":
    unittest.main()
