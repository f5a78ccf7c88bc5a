"""ENV-MSG-002 (normative in spec 0.4.0): an agent never sends two envelopes with one msg_id, across
its connections, since its start or last harness reset."""

import hashlib
import unittest

from _util import PY_ROOT  # noqa: F401  (puts the package on sys.path)

from web4py.agent import Agent
from web4py.msgids import RECENT, DuplicateMsgIdError, FeistelPermutation, SentMsgIds, UniqueMsgIds
from web4py.rtt.identity import Identity

A = "00000000-0000-4000-8000-00000000000a"
B = "00000000-0000-4000-8000-00000000000b"
C = "00000000-0000-4000-8000-00000000000c"


class Registry(unittest.TestCase):
    def test_fresh_skips_ids_already_sent(self):
        draws = [A, A, B, A, C]
        ids = SentMsgIds(draw=lambda: draws.pop(0))
        first = ids.fresh()
        ids.seal(first)
        second = ids.fresh()  # A again: drawn again until B
        ids.seal(second)
        self.assertEqual((first, second), (A, B))
        self.assertEqual(ids.fresh(), C)  # A skipped once more
        self.assertEqual(draws, [])

    def test_sealing_an_id_twice_is_refused(self):
        ids = SentMsgIds()
        ids.seal(A)
        with self.assertRaises(DuplicateMsgIdError):
            ids.seal(A)
        self.assertEqual(len(ids), 1)

    def test_reset_forgets(self):
        ids = SentMsgIds()
        ids.seal(A)
        ids.reset()
        ids.seal(A)
        self.assertEqual(len(ids), 1)


class BoundedByConstruction(unittest.TestCase):
    """ADR 1419: ids unique by construction, the memory of sealed ids bounded."""

    def test_the_feistel_network_is_a_permutation(self):
        p = FeistelPermutation(b"k" * 32, 6)  # 12 bits: every value checked
        images = [p.forward(n) for n in range(1 << 12)]
        self.assertEqual(sorted(images), list(range(1 << 12)))
        self.assertEqual([p.backward(v) for v in images], list(range(1 << 12)))

    def test_fresh_ids_are_distinct_version_4_uuids(self):
        import re

        pattern = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")  # ENV-MSG-001
        draw = UniqueMsgIds()
        ids = [draw() for _ in range(20_000)]
        self.assertEqual(len(set(ids)), len(ids))
        self.assertTrue(all(pattern.match(i) for i in ids))

    def test_the_memory_of_sealed_ids_stays_at_its_bound(self):
        ids = SentMsgIds()
        for _ in range(3 * RECENT):
            ids.seal(ids.fresh())
        self.assertEqual((len(ids), ids.remembered()), (3 * RECENT, RECENT))


class AgentSeal(unittest.TestCase):
    def setUp(self):
        self.agent = Agent(Identity(hashlib.sha256(b"web4py/tests/msgids").digest(), "iut"))
        self.addCleanup(self.agent.stop)

    def unsigned(self, msg_id):
        return {"cip": "1.0", "msg_id": msg_id, "type": "STATE_UPDATE", "timestamp": self.agent.clock.timestamp(),
                "sender": {"agent_id": "iut", "fingerprint": self.agent.identity.fingerprint,
                           "pubkey": self.agent.identity.pubkey_b64},
                "receiver": {"agent_id": "x", "fingerprint": "0" * 64},
                "payload": {"presence": "focused", "lri": 1}}

    def test_every_runtime_draws_from_the_agents_registry(self):
        # the three runtimes skip an id any of them has sent: one memory for the whole agent
        self.agent._seal(self.unsigned(A))
        for runtime, next_id in ((self.agent.cip, B), (self.agent.hcp, C), (self.agent.lip, "d" + C[1:])):
            draws = [A, next_id]
            self.agent._sent_ids._draw = lambda: draws.pop(0)
            self.assertEqual(runtime.new_msg_id(), next_id)
            self.agent._seal(self.unsigned(next_id))
        self.assertEqual(len(self.agent._sent_ids), 4)

    def test_the_agent_refuses_to_seal_a_msg_id_twice_until_reset(self):
        self.agent._seal(self.unsigned(A))
        with self.assertRaises(DuplicateMsgIdError):
            self.agent._seal(self.unsigned(A))
        self.agent.reset()
        self.agent._seal(self.unsigned(A))


if __name__ == "__main__":
    unittest.main()
