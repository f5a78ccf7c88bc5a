"""scripts/web4_mesh_inspect.py's text (scripts/web4mesh.py): each session with its send queue
(spec/harness.md HAR-RTT-003), as `web4 mesh inspect` prints it (InspectReportTest), from recorded
harness answers."""

import sys
import unittest

from _util import KIT_ROOT

sys.path.insert(0, str(KIT_ROOT / "scripts"))
import web4mesh  # noqa: E402

ANA, BEN, CLEO = "a" * 64, "b" * 64, "c" * 64


class RecordedHarness:
    """Answers GETs from a table, as a live harness would have."""

    base = "http://127.0.0.1:4002/harness/v1"

    def __init__(self, answers):
        self.answers = answers

    def get(self, op):
        return self.answers[op]


def conn(agent_id, fp, queue=None):
    c = {"peer_agent_id": agent_id, "peer_fingerprint": fp, "state": "open",
         "channels": ["control", "state", "knowledge"]}
    if queue is not None:
        c["send_queue"] = queue
    return c


def view(*connections):
    return web4mesh.read_view(RecordedHarness({
        "info": {"implementation": {"name": "web4-reference", "version": "0.5.0"}, "capabilities": ["rtt"],
                 "identity": {"agent_id": "ben", "fingerprint": BEN}},
        "rtt/connections": {"connections": list(connections), "handshaking": 0},
        "trust": {"peers": [{"fingerprint": ANA, "state": "trusted"}]},
    }))


class SendQueueInInspect(unittest.TestCase):
    def test_each_session_shows_the_messages_and_bytes_its_window_holds_back(self):
        text = web4mesh.inspect_text(view(conn("ana", ANA, {"messages": 0, "bytes": 0}),
                                          conn("cleo", CLEO, {"messages": 2, "bytes": 551424})))
        self.assertIn("  ana (aaaaaaaa)  open  trust trusted  channels control,state,knowledge"
                      "  send queue 0 messages, 0 bytes\n", text)
        self.assertIn("  cleo (cccccccc)  open  trust untrusted  channels control,state,knowledge"
                      "  send queue 2 messages, 551424 bytes\n", text)

    def test_a_harness_1_0_session_has_no_figure(self):
        v = view(conn("cleo", CLEO))
        self.assertIsNone(v["sessions"][0]["send_queue"])
        self.assertIn("  send queue not reported (harness 1.0)\n", web4mesh.inspect_text(v))


if __name__ == "__main__":
    unittest.main()
