"""spec/rtt.md §12, RTT-RES-016: an RTT 1.1 session carries its HCP session across a resume — kept while
the session is suspended, carried on by a `resumed` RESUME (no new HCP_HELLO), started again after
`fresh`. Two web4py agents on loopback with resume on (no automatic reconnect: the test resumes); a cut
is a TCP reset (SO_LINGER 0). Every wait is a bounded poll of state, never a timed assertion."""

import unittest

from web4py.hcp.initiate import open_session
from web4py.rtt.resume import cut

from tests.test_cip_across_resume import dial_resumable_pair, wait_for


class HcpAcrossResume(unittest.TestCase):
    def setUp(self):
        dial_resumable_pair(self, "hcpres", seed=5)
        # a sends the first HCP_HELLO (spec/hcp.md §4.2), b answers: the session is open on both sides
        self.assertTrue(open_session(self.a, self.b.identity.fingerprint, timeout=20.0))
        wait_for("b's HCP session open", lambda: self.hcp_b() is not None and self.hcp_b().opened)
        self.first_a, self.first_b = self.hcp_a(), self.hcp_b()

    def hcp_a(self):
        conns = self.a.endpoint.connections()
        return self.a.hcp.session_of(conns[0]) if conns else None

    def hcp_b(self):
        conns = self.b.endpoint.connections()
        return self.b.hcp.session_of(conns[0]) if conns else None

    def cut_and_wait(self):
        cut(self.conn.sock)
        wait_for("both sides suspended", lambda: self.rtt.state == "suspended"
                 and all(s.state == "suspended" for s in self.mb.sessions()))

    def check_in(self, session) -> str:
        """a checks in with b's principal (a check-in request, spec/hcp.md Table 4.5a)."""
        with self.a.hcp._lock:
            return self.a.hcp._send_check_in(session, "request")

    def delivered_to_b(self, msg_id) -> bool:
        s = self.hcp_b()
        return s is not None and any(m["msg_id"] == msg_id for m in s.inbox)

    def test_a_resumed_session_keeps_its_hcp_session(self):
        self.cut_and_wait()
        self.assertIs(self.b.hcp.session_of(self.b_old_conn()), self.first_b)  # kept while suspended
        conn = self.ma.resume(self.rtt)
        wait_for("the resumed connection on both sides", lambda: self.rtt.state == "connected"
                 and self.b.endpoint.connections() and self.hcp_b() is self.first_b)
        self.assertIs(self.a.hcp.session_of(conn), self.first_a)  # the same HCP session, carried on
        request = self.check_in(self.first_a)  # no new HCP_HELLO: taken within the session
        wait_for("the check-in delivered to b's principal", lambda: self.delivered_to_b(request))
        self.assertEqual("confirmed", self.first_b.incoming)  # b's calm principal: proceed at once
        self.assertIs(self.first_b.conn, self.b.endpoint.connections()[0])
        self.assertEqual(1, len(self.b.hcp.sessions))

    def test_what_a_suspended_session_is_sent_arrives_after_the_resume(self):
        self.cut_and_wait()
        # HCP-STA-002 to every open session, the suspended one too: retained by the RTT session
        self.b.hcp.set_state("engaged", "calm", 90, 10, "while the peer is away")
        self.ma.resume(self.rtt)
        wait_for("the HCP_STATE_UPDATE sent while suspended taken by a",
                 lambda: (self.first_a.counterpart or {}).get("intent") == "while the peer is away")
        self.assertIs(self.hcp_a(), self.first_a)

    def test_after_fresh_the_hcp_session_starts_again(self):
        first_cip = self.a.cip.sessions.get(id(self.conn))
        self.cut_and_wait()
        self.mb.reset()  # the listener forgot the session: RESUME_UNKNOWN (RTT-RES-007)
        conn = self.ma.resume(self.rtt)
        wait_for("the fresh answer and a new CIP handshake", lambda: self.rtt.state == "ended"
                 and self.a.cip.sessions.get(id(conn)) not in (None, first_cip)
                 and self.a.cip.sessions[id(conn)].complete)
        self.assertIsNone(self.a.hcp.session_of(conn))  # a new RTT session: no HCP session yet
        self.assertNotIn(self.first_a, self.a.hcp.sessions.values())
        wait_for("b's new connection", lambda: self.b.endpoint.connections())
        self.assertIsNone(self.hcp_b())
        wait_for("the ended session's HCP session gone at b",  # b's next connection prunes it
                 lambda: self.first_b not in self.b.hcp.sessions.values())
        self.assertTrue(open_session(self.a, self.b.identity.fingerprint, timeout=20.0))
        wait_for("b's new HCP session open", lambda: self.hcp_b() is not None and self.hcp_b().opened)
        self.assertIsNot(self.hcp_b(), self.first_b)
        self.assertEqual("probing", self.hcp_b().trust.state)

    def test_a_graceful_end_ends_the_hcp_session_with_the_rtt_session(self):
        b_conn = self.b_old_conn()
        self.conn.shutdown()  # GOAWAY, a graceful end: the RTT session ends, its HCP session with it
        wait_for("the HCP sessions gone on both sides", lambda: self.b.hcp.session_of(b_conn) is None
                 and not self.b.hcp.sessions and not self.a.hcp.sessions)

    def b_old_conn(self):
        return self.first_b.conn


if __name__ == "__main__":
    unittest.main()
