"""The mesh envelope in the validation steps of envelope.md §13 (spec 0.5.0): the fourth
discriminator (ENV-STR-001), the common members only (mesh.md §2, ENV-STR-002), the four types
(ENV-TYPE-001), their payload schemas (MESH-MSG-001 … 004), and steps 1–9 without replay (step R4)."""

import unittest
import uuid

from web4py import envelope as E
from web4py import jcs
from web4py.rtt.channels import CONTROL, STATE, channel_of

from tests.test_rtt_wire import key

NOW = E.parse_timestamp("2026-01-15T09:30:00Z")
ALICE, BOB = key("alice"), key("bob")
FP = "ab" * 32


def envelope(msg_type, payload, version="1.0", **extra):
    obj = {"mesh": version, "msg_id": str(uuid.uuid4()), "type": msg_type, "timestamp": "2026-01-15T09:30:00Z",
           "sender": {"agent_id": "alice", "fingerprint": ALICE.fingerprint, "pubkey": ALICE.pubkey_b64},
           "receiver": {"agent_id": "bob", "fingerprint": BOB.fingerprint}, "payload": payload}
    obj.update(extra)
    return jcs.canonicalize(E.sign_envelope(obj, ALICE.seed))


RELAY = {"mesh_id": str(uuid.uuid4()), "origin": FP, "destination": "*", "hop_limit": 9, "route": [FP],
         "envelope": "e30="}


class MeshEnvelope(unittest.TestCase):
    def verdict(self, data, replay=True):
        return E.Receiver().validate(data, NOW, replay=replay)

    def test_each_type_with_a_conforming_payload_is_valid(self):
        for t, p in (("MESH_RELAY", RELAY), ("MESH_ROUTES", {"routes": [{"destination": FP, "agent_id": "x", "hops": 16}]}),
                     ("MESH_UNDELIVERABLE", {"mesh_id": RELAY["mesh_id"], "msg_id": RELAY["mesh_id"], "code": "HOP_LIMIT"}),
                     ("MESH_VOUCH", {"subject": FP, "view": "blacklisted"})):
            v = self.verdict(envelope(t, p))
            self.assertTrue(v.valid, (t, v.message))
            self.assertEqual(v.protocol, "mesh")

    def test_refusals(self):
        self.assertEqual(self.verdict(envelope("MESH_VOUCH", {"subject": FP, "view": "trusted"}, "1.1")).code,
                         "UNSUPPORTED_VERSION")
        self.assertEqual(self.verdict(envelope("MESH_VOUCH", {"subject": FP, "view": "trusted"},
                                               trust={"sender_view": "trusted", "receiver_view": "unknown"})).code,
                         "INVALID_ENVELOPE")  # mesh.md §2: no trust block
        self.assertEqual(self.verdict(envelope("INTENT", {})).code, "UNSUPPORTED_TYPE")
        self.assertEqual(self.verdict(envelope("MESH_VOUCH", {"subject": FP, "view": "untrusted"})).code,
                         "PAYLOAD_SCHEMA")
        self.assertEqual(self.verdict(envelope("MESH_RELAY", dict(RELAY, route=[FP] * 17))).code, "PAYLOAD_SCHEMA")
        self.assertEqual(self.verdict(envelope("MESH_RELAY", dict(RELAY, hop_limit=0))).code, "PAYLOAD_SCHEMA")
        self.assertEqual(self.verdict(envelope("MESH_RELAY", dict(RELAY, envelope="e30"))).code, "PAYLOAD_SCHEMA")

    def test_steps_1_to_9_only_remember_nothing(self):
        r = E.Receiver()
        data = envelope("MESH_VOUCH", {"subject": FP, "view": "trusted"})
        self.assertTrue(r.validate(data, NOW, replay=False).valid)
        self.assertTrue(r.validate(data, NOW).valid)
        self.assertEqual(r.validate(data, NOW).code, "REPLAY")

    def test_channels_of_rtt_table_5(self):
        self.assertEqual([channel_of("mesh", t) for t in ("MESH_RELAY", "MESH_UNDELIVERABLE", "MESH_VOUCH", "MESH_ROUTES")],
                         [CONTROL, CONTROL, CONTROL, STATE])
        self.assertIn("RELAY", E.ERROR_CODES)


if __name__ == "__main__":
    unittest.main()
