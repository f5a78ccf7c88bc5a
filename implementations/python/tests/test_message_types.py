"""The message type registry (schemas/message-types.json) as web4py reads it."""

import json
import tempfile
import unittest
from pathlib import Path

from web4py import message_types as mt
from web4py.rtt.channels import CONTROL, KNOWLEDGE, STATE, channel_of
from web4py.schema import SCHEMAS_ROOT, Registry

HELLO = {"protocol": "cip", "type": "HELLO", "channel": "control", "requirement": "CIP-MSG-001",
         "payload_schema": "payloads/cip/HELLO.schema.json", "handler": "handshake"}


class Registry_(unittest.TestCase):
    def test_the_file_conforms_to_its_schema(self):
        doc = json.loads((SCHEMAS_ROOT / "message-types.json").read_text("utf-8"))
        self.assertIsNone(Registry(SCHEMAS_ROOT).first_error(doc, "message-types.schema.json"))

    def test_types_and_channels_come_from_the_rows(self):
        self.assertIn("DECISION_SHARE", mt.MESSAGE_TYPES["cip"])
        self.assertEqual(len(mt.MESSAGE_TYPES["hcp"]), len([r for r in mt.ROWS if r.protocol == "hcp"]))
        self.assertEqual(channel_of("cip", "STATE_UPDATE"), STATE)
        self.assertEqual(channel_of("cip", "INTENT_RESPONSE"), CONTROL)
        self.assertEqual(channel_of("lip", "LIP_FETCH"), KNOWLEDGE)
        self.assertEqual(mt.row_of("cip", "FACT_REJECT").requirement, "CIP-MSG-009")

    def test_a_type_without_a_row_has_no_channel(self):
        self.assertIsNone(channel_of("cip", "NOT_A_TYPE"))
        self.assertIsNone(channel_of("hcp", "HELLO"))

    def _load(self, rows):
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "message-types.json"
            p.write_text(json.dumps({"types": rows}), "utf-8")
            return mt.load(p)

    def test_a_broken_file_is_refused_with_its_row(self):
        self.assertEqual([r.type for r in self._load([HELLO])], ["HELLO"])
        cases = {
            "standard channel": [dict(HELLO, channel="chat")],
            "no protocol": [dict(HELLO, protocol="Cip")],
            "is not of cip": [dict(HELLO, requirement="HCP-MSG-001")],
            "second row": [HELLO, dict(HELLO, requirement="CIP-MSG-002")],
            "exactly the string members": [dict(HELLO, purpose="greeting")],
            "no array of types": [],
        }
        for message, rows in cases.items():
            with self.subTest(message), self.assertRaisesRegex(ValueError, message):
                self._load(rows)


if __name__ == "__main__":
    unittest.main()
