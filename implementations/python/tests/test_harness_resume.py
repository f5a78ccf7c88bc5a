"""Harness 1.2 ``rtt/resume`` (spec/harness.md §4.15, HAR-RES-001/002): resume on and off through the
agent, and ``reset`` back to the setting the agent was started with."""

import json
import unittest

from web4py.agent import Agent
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


if __name__ == "__main__":
    unittest.main()
