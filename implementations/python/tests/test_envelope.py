"""Envelope validation order, replay memory, timestamps and signing (spec/envelope.md §7–§15)."""

from __future__ import annotations

import base64
import copy
import hashlib
import re
import unittest

from _util import KIT_ROOT

from web4py import ed25519, jcs
from web4py import envelope as E
from web4py.envelope import Receiver, ReplayCache, format_timestamp, parse_timestamp, sign_envelope

ALICE_SEED = bytes.fromhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
NS = 1_000_000_000


def worked_example():
    """The envelope and the signature input M of spec/envelope.md §15, read from the spec."""
    text = (KIT_ROOT / "spec" / "envelope.md").read_text(encoding="utf-8")
    section = text[text.index("## 15. Worked example"):]
    env_text = re.search(r"```json\n(.*?)```", section, re.S).group(1)
    m_text = re.search(r"\(one line, no trailing newline\).*?```\n(.*?)\n```", section, re.S).group(1)
    return env_text.encode("utf-8"), m_text.encode("utf-8")


def ts(s: str) -> int:
    v = parse_timestamp(s)
    assert v is not None, s
    return v


class WorkedExample(unittest.TestCase):
    def setUp(self):
        self.text, self.m = worked_example()
        self.env = E.ijson.parse(self.text)

    def test_signature_input_and_signature(self):
        self.assertEqual(len(self.m), 832)
        self.assertEqual(hashlib.sha256(self.m).hexdigest(), "a37451ebd614a639e5213afd1577dc592b067649238bcb83ce2234191a0570ee")
        self.assertEqual(E.signature_input(self.env), self.m)
        sig = ed25519.sign(ALICE_SEED, self.m)
        self.assertEqual(sig.hex(), "ff5ccb81ee1f45875ff99772f6e918043fb62a3d9fc15bc4e8a0c9bd95aefa84a556a2995b2f71d6fd2f7dba6b196ba6b6657f1e80c24cb037c1520aace75303")
        self.assertEqual(base64.b64encode(sig).decode(), self.env["sign"]["signature"])
        self.assertEqual(sign_envelope(self.env, ALICE_SEED), self.env)

    def test_accepted_once_then_replay(self):
        r = Receiver()
        for now in ("2026-01-15T09:25:00Z", "2026-01-15T09:35:00Z"):
            self.assertTrue(Receiver().validate(self.text, ts(now)).valid, now)
        self.assertEqual(Receiver().validate(self.text, ts("2026-01-15T09:35:00.000000001Z")).code, "TIMESTAMP")
        self.assertEqual(Receiver().validate(self.text, ts("2026-01-15T09:24:59.999999999Z")).code, "TIMESTAMP")
        self.assertTrue(r.validate(self.text, ts("2026-01-15T09:30:00Z")).valid)
        v = r.validate(self.text, ts("2026-01-15T09:30:01Z"))
        self.assertEqual((v.code, v.step, v.msg_id), ("REPLAY", 10, "4f1c2a9e-7b3d-4c5e-9a1f-2b3c4d5e6f70"))

    def test_variations(self):
        now = ts("2026-01-15T09:30:00Z")
        self.assertTrue(Receiver().validate(self.text.replace(b'"lri": 20', b'"lri": 20.0'), now).valid)
        self.assertTrue(Receiver().validate(self.text.replace(b'"lri": 20', b'"lri": 2e1'), now).valid)
        self.assertEqual(Receiver().validate(self.text.replace(b'"lri": 20', b'"lri": 21'), now).code, "SIGNATURE_MISMATCH")
        noncanon = self.text.replace(b"URo=", b"URp=")
        self.assertEqual(Receiver().validate(noncanon, now).code, "INVALID_ENVELOPE")
        # reformatting: compact, escapes, reversed member order
        compact = jcs.canonicalize(self.env)
        self.assertTrue(Receiver().validate(compact, now).valid)
        escaped = compact.replace(b'"alice"', b'"\\u0061lice"').replace(b'"cip/1.0"', b'"cip\\/1.0"')
        self.assertTrue(Receiver().validate(escaped, now).valid)
        reversed_env = dict(reversed(list(self.env.items())))
        self.assertTrue(Receiver().validate(jcs.serialize(reversed_env).encode(), now).valid)


def make(protocol="cip", mtype="HELLO", payload=None, seed=ALICE_SEED, **top):
    pk = ed25519.public_key(seed)
    env = {
        protocol: "1.0",
        "msg_id": E.new_msg_id(),
        "type": mtype,
        "timestamp": "2026-01-15T09:30:00.000Z",
        "sender": {"agent_id": "alice", "fingerprint": ed25519.fingerprint(pk), "pubkey": ed25519.pubkey_b64(pk)},
        "receiver": {"agent_id": "bob", "fingerprint": "39f713d0a644253f04529421b9f51b9b08979d08295959c4f3990ee617f5139f"},
        "payload": payload if payload is not None else {
            "protocols": ["cip/1.0"], "capabilities": [], "session_nonce": "A" * 43 + "=", "challenge": "B" * 42 + "Q="},
    }
    env.update(top)
    return env


NOW = ts("2026-01-15T09:30:00Z")


def verdict(env, now=NOW, sign=True, receiver=None):
    if sign:
        env = sign_envelope(env, ALICE_SEED)
    data = env if isinstance(env, bytes) else jcs.canonicalize(env)
    return (receiver or Receiver()).validate(data, now)


class ValidationOrder(unittest.TestCase):
    def test_valid(self):
        v = verdict(make())
        self.assertTrue(v.valid, v.message)
        self.assertEqual(v.protocol, "cip")

    def test_step3_discriminator(self):
        env = make()
        self.assertEqual(verdict(dict(env, hcp="1.0")).code, "INVALID_ENVELOPE")
        for version, code in [("2.0", "UNSUPPORTED_VERSION"), ("1.1", "UNSUPPORTED_VERSION"),
                              ("01.0", "UNSUPPORTED_VERSION"), ("1.0.0", "INVALID_ENVELOPE"), ("1", "INVALID_ENVELOPE"),
                              ("1.0 ", "INVALID_ENVELOPE"), ("v1.0", "INVALID_ENVELOPE"), (1.0, "INVALID_ENVELOPE"),
                              ("\u0661.0", "INVALID_ENVELOPE")]:
            with self.subTest(version=version):
                self.assertEqual(verdict(dict(env, cip=version)).code, code)
        # UNSUPPORTED_VERSION comes before structure errors
        bad = dict(env, cip="2.0", extra=1)
        del bad["msg_id"]
        self.assertEqual(verdict(bad).code, "UNSUPPORTED_VERSION")
        self.assertEqual(Receiver().validate(b"[]", NOW).code, "INVALID_ENVELOPE")
        self.assertEqual(Receiver().validate(b'"cip"', NOW).code, "INVALID_ENVELOPE")

    def test_step4_structure(self):
        env = make()
        cases = {
            "extra top-level": dict(env, extra=1),
            "trust in lip": None,
            "msg_id v1": dict(env, msg_id="4f1c2a9e-7b3d-1c5e-9a1f-2b3c4d5e6f70"),
            "timestamp offset": dict(env, timestamp="2026-01-15T09:30:00+00:00"),
            "leap second": dict(env, timestamp="2026-12-31T23:59:60Z"),
            "no sign algo": None,
            "sender capability bad": dict(env, sender=dict(env["sender"], capabilities=["Bad"])),
            "sender capability dup": dict(env, sender=dict(env["sender"], capabilities=["a", "a"])),
            "cip source": dict(env, source={"uri": "https://example.org", "trust_tier": "low", "retrieved_at": "2026-01-01T00:00:00Z"}),
            "type lower": dict(env, type="hello"),
            "payload array": dict(env, payload=[]),
        }
        for name, e in cases.items():
            if e is None:
                continue
            with self.subTest(name):
                self.assertEqual(verdict(e).code, "INVALID_ENVELOPE")
        signed = sign_envelope(env, ALICE_SEED)
        signed["sign"]["algo"] = "Ed25519"
        self.assertEqual(verdict(signed, sign=False).code, "INVALID_ENVELOPE")
        no_sign = dict(env)
        self.assertEqual(verdict(no_sign, sign=False).code, "INVALID_ENVELOPE")

    def test_step5_type(self):
        self.assertEqual(verdict(make(mtype="TELEPORT")).code, "UNSUPPORTED_TYPE")
        self.assertEqual(verdict(make(mtype="HCP_HELLO")).code, "UNSUPPORTED_TYPE")
        # LIP: the source requirement is checked at step 4 only for LIP_EVIDENCE/LIP_CONFLICT
        lip = make("lip", "LIP_TELEPORT", payload={})
        self.assertEqual(verdict(lip).code, "UNSUPPORTED_TYPE")
        self.assertEqual(verdict(make("lip", "LIP_EVIDENCE", payload={})).code, "INVALID_ENVELOPE")

    def test_step6_7_8_9(self):
        env = make()
        other = ed25519.public_key(bytes(32))
        self.assertEqual(verdict(dict(env, sender=dict(env["sender"], fingerprint=ed25519.fingerprint(other)))).code,
                         "IDENTITY_MISMATCH")
        signed = sign_envelope(env, ALICE_SEED)
        signed["payload"]["capabilities"] = ["x"]
        self.assertEqual(verdict(signed, sign=False).code, "SIGNATURE_MISMATCH")
        # a key that is not a curve point: fingerprint matches, signature step refuses (ENV-SIG-005)
        bad_pk = (2).to_bytes(32, "little")
        e2 = dict(env, sender=dict(env["sender"], pubkey=ed25519.pubkey_b64(bad_pk), fingerprint=ed25519.fingerprint(bad_pk)))
        self.assertEqual(verdict(e2).code, "SIGNATURE_MISMATCH")
        self.assertEqual(verdict(env, now=NOW + 301 * NS).code, "TIMESTAMP")
        self.assertTrue(verdict(env, now=NOW - 300 * NS).valid)
        self.assertEqual(verdict(make(payload={"protocols": []})).code, "PAYLOAD_SCHEMA")
        # order: TIMESTAMP before PAYLOAD_SCHEMA, SIGNATURE before TIMESTAMP
        self.assertEqual(verdict(make(payload={}), now=NOW + 3600 * NS).code, "TIMESTAMP")

    def test_nested_sign_member_is_signed(self):
        env = make(mtype="INTENT", payload={"goal": "ask", "topic": "sign", "priority": "low", "context": "x"})
        signed = sign_envelope(env, ALICE_SEED)
        self.assertIn(b'"topic":"sign"', E.signature_input(signed))
        self.assertTrue(verdict(signed, sign=False).valid)
        # replacing an existing sign
        again = sign_envelope(dict(signed, sign={"algo": "none"}), ALICE_SEED)
        self.assertEqual(again["sign"], signed["sign"])

    def test_depth_limit_env_lim_002(self):
        def nested(depth):
            v = []
            for _ in range(depth - 1):
                v = [v]
            return v

        # top level 1, payload 2, x: 30 levels -> 32
        env = make(payload=dict(make()["payload"], x=nested(30)))
        self.assertEqual(verdict(env).code, "PAYLOAD_SCHEMA")
        env = make(payload=dict(make()["payload"], x=nested(31)))
        data = jcs.canonicalize(sign_envelope(env, ALICE_SEED))
        v = Receiver().validate(data, NOW)
        self.assertEqual((v.code, v.step), ("INVALID_ENVELOPE", 2))

    def test_noncharacters_env_json_006(self):
        # spec 0.4.0: a noncharacter anywhere (a value or a member name, escaped or not) is refused
        # at step 2 with INVALID_ENVELOPE, even in a correctly signed envelope
        for extra in ({"x": "a\ufffeb"}, {"\U0010ffff": 1}, {"x": ["\ufdd0"]}):
            env = make(payload=dict(make()["payload"], **extra))
            v = verdict(env)
            self.assertEqual((v.code, v.step), ("INVALID_ENVELOPE", 2), extra)
        data = jcs.canonicalize(sign_envelope(make(), ALICE_SEED)).replace(b'"alice"', b'"al\\uFDEFice"', 1)
        v = Receiver().validate(data, NOW)
        self.assertEqual((v.code, v.step), ("INVALID_ENVELOPE", 2))

    def test_size_limit_env_lim_001(self):
        data = jcs.canonicalize(sign_envelope(make(), ALICE_SEED))
        padded = data[:-1] + b" " * (E.MAX_ENVELOPE_BYTES - len(data)) + b"}"
        self.assertEqual(len(padded), 1_048_576)
        self.assertTrue(Receiver().validate(padded, NOW).valid)
        v = Receiver().validate(padded[:-1] + b" }", NOW)
        self.assertEqual((v.code, v.step), ("INVALID_ENVELOPE", 1))

    def test_msg_id_known(self):
        env = make()
        v = verdict(dict(env, type="TELEPORT"))
        self.assertEqual(v.msg_id, env["msg_id"])
        self.assertIsNone(Receiver().validate(b"{", NOW).msg_id)
        self.assertIsNone(verdict(dict(env, msg_id="nope")).msg_id)


class Replay(unittest.TestCase):
    def test_window_env_rpl_001(self):
        c = ReplayCache()
        self.assertIsNone(c.check_and_remember("a", 0))
        self.assertEqual(c.check_and_remember("a", 600 * NS), "REPLAY")  # exactly 600 s: still a replay
        self.assertIsNone(c.check_and_remember("a", 600 * NS + 1))  # forgotten after 600 s
        self.assertEqual(c.check_and_remember("a", -10 * NS), "REPLAY")  # clock going back forgets nothing

    def test_rejected_not_remembered(self):
        r = Receiver()
        env = sign_envelope(make(), ALICE_SEED)
        broken = copy.deepcopy(env)
        broken["payload"]["capabilities"] = ["x"]
        self.assertEqual(r.validate(jcs.canonicalize(broken), NOW).code, "SIGNATURE_MISMATCH")
        bad_payload = sign_envelope(make(payload={}), ALICE_SEED)
        self.assertEqual(r.validate(jcs.canonicalize(bad_payload), NOW).code, "PAYLOAD_SCHEMA")
        self.assertEqual(r.validate(jcs.canonicalize(bad_payload), NOW).code, "PAYLOAD_SCHEMA")
        self.assertEqual(len(r.replay), 0)
        self.assertTrue(r.validate(jcs.canonicalize(env), NOW).valid)
        self.assertEqual(r.validate(jcs.canonicalize(env), NOW).code, "REPLAY")

    def test_bounded(self):
        c = ReplayCache(max_entries=2)
        self.assertIsNone(c.check_and_remember("a", 0))
        self.assertIsNone(c.check_and_remember("b", 0))
        self.assertEqual(c.check_and_remember("c", NS), "BACKPRESSURE")
        self.assertEqual(c.check_and_remember("a", NS), "REPLAY")
        self.assertIsNone(c.check_and_remember("c", 601 * NS))  # a and b expired
        self.assertEqual(len(c), 1)
        c.clear()
        self.assertEqual(len(c), 0)


class Timestamps(unittest.TestCase):
    def test_parse_env_time_001(self):
        self.assertEqual(parse_timestamp("1970-01-01T00:00:00Z"), 0)
        self.assertEqual(parse_timestamp("1970-01-01T00:00:00.000000001Z"), 1)
        self.assertEqual(parse_timestamp("1969-12-31T23:59:59.5Z"), -NS // 2)
        self.assertIsNotNone(parse_timestamp("0000-02-29T00:00:00Z"))
        self.assertIsNotNone(parse_timestamp("2000-02-29T00:00:00Z"))
        for bad in ["1900-02-29T00:00:00Z", "2026-02-30T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
                    "2026-01-01T24:00:00Z", "2026-01-01T00:00:60Z", "2026-01-01t00:00:00z", "2026-01-01T00:00:00",
                    "2026-01-01T00:00:00.Z", "2026-01-01T00:00:00.0000000000Z", "2026-01-01 00:00:00Z",
                    "2026-01-01T00:00:00Z\n", "+2026-01-01T00:00:00Z", 20260101, None]:
            self.assertIsNone(parse_timestamp(bad), bad)

    def test_format_round_trip(self):
        for s in ["0000-01-01T00:00:00.000Z", "1969-12-31T23:59:59.999Z", "2026-01-15T09:30:00.000Z",
                  "9999-12-31T23:59:59.999Z", "2024-02-29T12:00:00.123Z"]:
            self.assertEqual(format_timestamp(parse_timestamp(s)), s)
        self.assertEqual(format_timestamp(1, digits=9), "1970-01-01T00:00:00.000000001Z")
        self.assertEqual(format_timestamp(0, digits=0), "1970-01-01T00:00:00Z")
        self.assertIsNotNone(parse_timestamp(format_timestamp(E.now_ns())))


if __name__ == "__main__":
    unittest.main()
