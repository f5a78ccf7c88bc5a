"""The held clock of harness 1.2 (spec/harness.md §4.9, HAR-CLK-002): once held, the agent's clock
moves only by clock/advance, until reset. Real time is made to pass with a fake time source, so no
test waits or depends on timing."""

import unittest
from unittest import mock

from web4py.rtt import clock as clock_module
from web4py.rtt.clock import Clock


class FakeTime:
    def __init__(self, ns):
        self.ns = ns

    def time_ns(self):
        return self.ns

    def monotonic(self):
        return self.ns / 1e9


class HeldClockTest(unittest.TestCase):
    def setUp(self):
        self.time = FakeTime(1_767_225_600_000_000_000)  # 2026-01-01T00:00:00Z
        patcher = mock.patch.object(clock_module, "time", self.time)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.clock = Clock()

    def test_a_running_clock_follows_real_time(self):
        self.time.ns += 5_000_000_000
        self.assertEqual(self.clock.timestamp(), "2026-01-01T00:00:05.000Z")

    def test_a_held_clock_moves_only_by_advance(self):
        self.clock.advance(10)
        self.assertEqual(self.clock.hold(), "2026-01-01T00:00:10.000Z")
        self.time.ns += 7_000_000_000  # real time passes
        self.assertEqual(self.clock.timestamp(), "2026-01-01T00:00:10.000Z")
        self.assertEqual(self.clock.advance(86_399), "2026-01-02T00:00:09.000Z")
        self.time.ns += 3_000_000_000
        self.assertEqual(self.clock.now_ns() - 1_767_225_600_000_000_000, (10 + 86_399) * 1_000_000_000)

    def test_holding_a_held_clock_changes_nothing(self):
        first = self.clock.hold()
        self.time.ns += 2_000_000_000
        self.assertEqual(self.clock.hold(), first)
        self.assertTrue(self.clock.held)

    def test_reset_returns_to_real_time(self):
        self.clock.hold()
        self.clock.advance(60)
        self.time.ns += 4_000_000_000
        self.clock.reset()
        self.assertFalse(self.clock.held)
        self.assertEqual(self.clock.timestamp(), "2026-01-01T00:00:04.000Z")


if __name__ == "__main__":
    unittest.main()
