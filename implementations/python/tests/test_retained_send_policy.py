"""RTT-RES-017 (spec/rtt.md §12, docs/adr/1425): the send-queue policy against a suspended session's
channel -- the queue is its retained messages whose FIN DATA frame no connection produced; drop_oldest
never discards a message begun on the wire."""

import unittest

from web4py.rtt.send_policy import SendQueuePolicy, admit_retained
from web4py.rtt.session import ChannelState


def channel(sizes, fins, begun):
    ch = ChannelState(3, "held")
    for i, n in enumerate(sizes):
        ch.retained.append((i, b"x" * n))
    ch.next_index = len(sizes)
    ch.fins = fins
    ch.begun = begun
    return ch


class RetainedSendPolicyTest(unittest.TestCase):
    # #0 and #1 sent whole (not acknowledged), #2 begun, #3 not begun: the queue holds #2 and #3
    def policy(self, name):
        return SendQueuePolicy(name, 2, 1 << 26, 200 if name == "block" else 0)

    def test_room_retains(self):
        ch = channel([10, 10, 10], fins=2, begun=3)
        self.assertEqual(("retained", []), admit_retained(ch, self.policy("error"), 10))

    def test_error_and_block_refuse(self):
        for name in ("error", "block"):
            ch = channel([10, 10, 10, 10], fins=2, begun=3)
            self.assertEqual(("refused", []), admit_retained(ch, self.policy(name), 10))

    def test_drop_newest_drops_the_new_one(self):
        ch = channel([10, 10, 10, 10], fins=2, begun=3)
        self.assertEqual(("dropped", []), admit_retained(ch, self.policy("drop_newest"), 10))

    def test_drop_oldest_spares_sent_and_begun_messages(self):
        ch = channel([10, 10, 10, 10], fins=2, begun=3)
        self.assertEqual(("retained", [3]), admit_retained(ch, self.policy("drop_oldest"), 10))

    def test_drop_oldest_drops_the_new_one_when_only_begun_ones_are_queued(self):
        ch = channel([10, 10, 10, 10], fins=2, begun=4)
        self.assertEqual(("dropped", []), admit_retained(ch, self.policy("drop_oldest"), 10))

    def test_discarded_renumbers_the_later_messages(self):
        from web4py.rtt.session import Session  # noqa: F401 (the method under test is Session's)

        ch = channel([1, 2, 3, 4], fins=2, begun=3)
        s = Session.__new__(Session)
        import threading

        s.lock = threading.RLock()
        s.channels = {3: ch}
        s.discarded(3, 2)
        self.assertEqual([(0, b"x"), (1, b"xx"), (2, b"xxxx")], list(ch.retained))
        self.assertEqual(3, ch.next_index)


if __name__ == "__main__":
    unittest.main()
