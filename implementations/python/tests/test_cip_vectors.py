"""The kit's CIP vectors (vectors/cip/, docs/vectors.md "CIP vectors"): challenge responses, the
handshake envelopes byte for byte (with nonces, challenges, msg_ids and the clock injected), and the
trust sequences on a fresh trust book."""

import base64
import json
import os
import unittest
from dataclasses import dataclass

from web4py import envelope as ENV
from web4py import jcs
from web4py.agent import Validated
from web4py.cip import challenge as CR
from web4py.cip.runtime import CipRuntime
from web4py.cip.trust import TrustBook
from web4py.rtt.identity import Identity

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
H = bytes.fromhex


def load(name):
    path = os.path.join(ROOT, "vectors", "cip", name)
    if not os.path.exists(path):
        raise unittest.SkipTest(path + " is not in this checkout")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class ChallengeResponses(unittest.TestCase):
    def test_cases(self):
        data = load("cip_challenge_response_test.json")
        seeds = {}
        for g in data["testGroups"]:
            self.assertEqual(H(g["label"]), CR.LABEL)
            for k in g.get("keys", []) if isinstance(g.get("keys"), list) else g.get("keys", {}).values():
                if isinstance(k, dict) and "seedHex" in k:
                    seeds[k.get("name", k.get("agent_id"))] = H(k["seedHex"])
            for t in g["tests"]:
                with self.subTest(tcId=t["tcId"], comment=t["comment"]):
                    built = CR.signed_bytes(H(t["challenge"]), H(t["challengerNonce"]), H(t["answererNonce"]))
                    self.assertEqual(built.hex(), t["input"])
                    sig = H(t["signature"])
                    self.assertEqual(base64.b64decode(t["challengeResponse"]), sig)
                    ok = CR.verifies(H(t["publicKey"]), sig, H(t["challenge"]), H(t["challengerNonce"]),
                                     H(t["answererNonce"]))
                    self.assertEqual(ok, t["result"] == "valid")
                    if t["result"] == "valid" and t["answerer"] in seeds:
                        ident = Identity(seeds[t["answerer"]], t["answerer"])
                        self.assertEqual(CR.respond(ident, H(t["challenge"]), H(t["challengerNonce"]),
                                                    H(t["answererNonce"])).hex(), t["signature"])


@dataclass
class _Peer:
    agent_id: str
    fingerprint: str
    pubkey_b64: str


class _Conn:
    """Stands in for an RTT connection: records what the runtime sends."""

    def __init__(self, role, peer):
        self.role, self.peer, self.sent = role, peer, []

    def send_message(self, channel, data):
        self.sent.append((channel, data))


class Handshakes(unittest.TestCase):
    def runtime(self, side, ts, msg_ids, capabilities):
        ident = Identity(H(side["seedHex"]), side["agent_id"])
        self.assertEqual(ident.pubkey_b64, side["pubkey"])
        rt = CipRuntime(ident, lambda obj: jcs.canonicalize(ENV.sign_envelope(obj, ident.seed)),
                        lambda *a, **k: None, lambda: ts)
        randoms = [H(side["sessionNonce"]), H(side["challenge"])]
        rt.random_bytes = lambda n: randoms.pop(0)
        rt.new_msg_id = lambda: msg_ids.pop(0)
        rt.capabilities = capabilities
        return rt

    def test_cases(self):
        data = load("cip_handshake_test.json")
        group = data["testGroups"][0]
        ts = group["timestamp"]
        now = ENV.parse_timestamp(ts)
        for t in group["tests"]:
            with self.subTest(tcId=t["tcId"], case=t["case"]):
                self.run_case(t, ts, now)

    def run_case(self, t, ts, now):
        msgs = t["messages"]
        first = json.loads(bytes.fromhex(msgs[0]["envelope"]))
        caps = first["payload"]["capabilities"]
        ids = {r: [m["msg_id"] for m in msgs if m["from"] == r] for r in ("initiator", "responder")}
        rts = {r: self.runtime(t[r], ts, ids[r], caps) for r in ("initiator", "responder")}
        conns = {}
        for r, other in (("initiator", "responder"), ("responder", "initiator")):
            o = t[other]
            conns[r] = _Conn(r, _Peer(o["agent_id"], o["fingerprint"], o["pubkey"]))
        receivers = {r: ENV.Receiver(ENV.ReplayCache()) for r in conns}
        rts["responder"].session_opened(conns["responder"])
        rts["initiator"].session_opened(conns["initiator"])  # sends message 1
        other = {"initiator": "responder", "responder": "initiator"}
        for m in msgs:
            sender = m["from"]
            sent = conns[sender].sent
            if t["outcome"] == "refused" and sender == "responder":
                # the vector's bad HELLO is what arrives; our responder sent a correct one instead
                data = bytes.fromhex(m["envelope"])
                ours = json.loads(sent.pop(0)[1])
                self.assertTrue(CR.verifies(base64.b64decode(ours["sender"]["pubkey"]),
                                            base64.b64decode(ours["payload"]["challenge_response"]),
                                            H(t["initiator"]["challenge"]), H(t["initiator"]["sessionNonce"]),
                                            H(t["responder"]["sessionNonce"])))
            else:
                self.assertTrue(sent, "message %d not sent by the %s" % (m["message"], sender))
                channel, data = sent.pop(0)
                self.assertEqual(channel, m["channelId"])
                self.assertEqual(data.hex(), m["envelope"], "message %d (%s %s)" % (m["message"], sender, m["type"]))
            verdict = receivers[other[sender]].validate(data, now)
            self.assertTrue(verdict.valid, verdict.message)
            refusal = rts[other[sender]].handle(conns[other[sender]], Validated.of(verdict))
            if t["outcome"] == "refused" and m["message"] == t["refusedMessage"]:
                self.assertEqual(refusal[0], t["error"])
                # no VERIFY follows
                self.assertEqual([json.loads(d)["type"] for _, d in conns[t["refusedBy"]].sent], [])
            else:
                self.assertIsNone(refusal)
        for r in conns:
            self.assertEqual(conns[r].sent, [], "nothing more from the " + r)
        for r, o in (("initiator", "responder"), ("responder", "initiator")):
            self.assertEqual(rts[r].trust.state(t[o]["fingerprint"]), t["trustAfter"][r])


class TrustSequences(unittest.TestCase):
    def test_cases(self):
        data = load("cip_trust_test.json")
        n = 0
        for g in data["testGroups"]:
            for t in g["tests"]:
                n += 1
                with self.subTest(tcId=t["tcId"], comment=t["comment"]):
                    book = TrustBook()
                    self.assertEqual(book.state("p"), g["initialState"])
                    for i, step in enumerate(t["steps"]):
                        s = step["step"]
                        if s == "fact_rejected":
                            book.fact_rejected("p")
                        elif s.startswith("override:"):
                            book.override("p", s.split(":", 1)[1])
                        elif s == "anchor":
                            book.add_anchors(["p"])
                        else:
                            book.event("p", s)
                        self.assertEqual(book.state("p"), step["state"], "step %d %s" % (i, s))
        self.assertEqual(n, data["numberOfTests"])


if __name__ == "__main__":
    unittest.main()
