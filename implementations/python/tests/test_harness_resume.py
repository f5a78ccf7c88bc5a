"""Harness 1.2 ``rtt/resume`` (spec/harness.md §4.15, HAR-RES-001/002): resume on and off through the
agent, and ``reset`` back to the setting the agent was started with; harness 1.4 ``rtt/dial`` with
``"resume":true`` (§4.17, HAR-RES-005): refused 400 without a fingerprint or with RTT 1.1 off."""

import json
import unittest

from web4py import ed25519
from web4py.agent import Agent
from web4py.harness import start_harness
from web4py.rtt.resume import P_VERSIONS

from tests.test_rtt_wire import key


def _rtt_versions(agent):
    return json.loads(agent.endpoint._payload)["rtt"]


class RttResumeSwitch(unittest.TestCase):
    def test_set_resume_turns_1_1_on_and_off_har_res_001(self):
        agent = Agent(key("resume-switch"))
        try:
            self.assertIsNone(agent.endpoint.resume)
            self.assertEqual(_rtt_versions(agent), ["1.0"])
            self.assertTrue(agent.set_resume(True))
            self.assertIsNotNone(agent.endpoint.resume)
            self.assertEqual(_rtt_versions(agent), list(P_VERSIONS))
            self.assertFalse(agent.set_resume(False))
            self.assertIsNone(agent.endpoint.resume)
            self.assertEqual(_rtt_versions(agent), ["1.0"])
        finally:
            agent.stop()

    def test_reset_restores_the_startup_setting_har_res_002(self):
        off = Agent(key("resume-off"))
        on = Agent(key("resume-on"), resume=True)
        try:
            off.set_resume(True)
            off.reset()
            self.assertIsNone(off.endpoint.resume)
            on.set_resume(False)
            on.reset()
            self.assertIsNotNone(on.endpoint.resume)
        finally:
            off.stop()
            on.stop()


class ResumingDial(unittest.TestCase):
    """HAR-RES-005's 400 answers, through the harness (the reconnect itself: test_rtt_resume.py and
    the kit's features/rtt/resume_iut_dials.feature)."""

    def setUp(self):
        self.agent = Agent(key("resume-dial"))
        self.agent.start()
        self.server, self.port = start_harness("127.0.0.1", 0, "t0k3n", ed25519.Identity(bytes(32), "h"),
                                               self.agent, request_timeout=5.0)

    def tearDown(self):
        self.server.stop()
        self.agent.stop()

    def post(self, op, body):
        import urllib.error
        import urllib.request
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}/harness/v1/{op}",
                                     data=json.dumps(body).encode(), method="POST")
        req.add_header("Authorization", "Bearer t0k3n")
        req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read())

    def test_capability_and_bad_requests(self):
        status, info = 200, self.server.capabilities
        self.assertIn("rtt_dial_resume", info)
        fp = "00" * 32
        status, body = self.post("rtt/dial", {"host": "127.0.0.1", "port": 1, "expect_fingerprint": fp,
                                              "resume": True})
        self.assertEqual((status, body["error"]["code"]), (400, "BAD_REQUEST"))  # RTT 1.1 off
        self.post("rtt/resume", {"enabled": True})
        status, body = self.post("rtt/dial", {"host": "127.0.0.1", "port": 1, "expect_fingerprint": None,
                                              "resume": True})
        self.assertEqual((status, body["error"]["code"]), (400, "BAD_REQUEST"))  # no fingerprint
        status, body = self.post("rtt/dial", {"host": "127.0.0.1", "port": 1, "expect_fingerprint": fp,
                                              "resume": True})
        self.assertEqual((status, body["result"]), (200, "refused"))  # nobody listens on port 1


if __name__ == "__main__":
    unittest.main()
