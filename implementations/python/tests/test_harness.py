"""The harness over real loopback HTTP (spec/harness.md): operations, refusals, limits."""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
import unittest
import urllib.error
import urllib.request

from _util import cases, load_vectors

from web4py import ed25519, jcs
from web4py.harness import MAX_BODY, Agent, RefusedError, start_harness
from web4py.schema import default_registry

TOKEN = "test-token_123"
FP_A = "a" * 64
FP_B = "b" * 64


class FakeAgent:
    """A stand-in for the RTT/CIP agent: records calls, answers canned data."""

    def __init__(self):
        self.identity = ed25519.Identity(bytes(range(32)), "fake-agent")
        self.agent_id = self.identity.agent_id
        self.public_key = self.identity.public_key
        self.calls = []
        self.anchors = []

    def dial(self, host, port, expect_fingerprint):
        self.calls.append(("dial", host, port, expect_fingerprint))
        if port == 9:
            raise RefusedError("HANDSHAKE", "connection refused")
        if port == 10:
            raise RuntimeError("boom")
        return {"peer_agent_id": "peer", "peer_fingerprint": FP_B, "state": "open", "channels": ["control", "cip"]}

    def connections(self):
        return [{"peer_agent_id": "peer", "peer_fingerprint": FP_B, "state": "open", "channels": ["control"]}], 1

    def advance_clock(self, seconds):
        self.calls.append(("advance_clock", seconds))
        return "2026-01-01T00:01:00.000Z"

    def trust(self):
        return {FP_B: "trusted", FP_A: "probing"}

    def add_anchors(self, fingerprints):
        self.calls.append(("add_anchors", fingerprints))
        self.anchors += [f for f in fingerprints if f not in self.anchors]
        return list(self.anchors)

    def override_trust(self, fingerprint, state):
        self.calls.append(("override_trust", fingerprint, state))

    def set_load(self, presence, lri):
        self.calls.append(("set_load", presence, lri))

    def facts(self):
        return [{"fact_ref": "4f1c2a9e-7b3d-4c5e-9a1f-2b3c4d5e6f70", "proposer": FP_A, "status": "pending", "confirmed_by": []}]

    def events(self, since, limit):
        self.calls.append(("events", since, limit))
        ev = {"version": "1.0", "seq": 1, "time": "2026-01-01T00:00:00.000Z", "kind": "rtt.handshake.completed",
              "agent": FP_A, "peer": FP_B, "msg_id": None, "attributes": {"role": "initiator"}}
        return ([ev] if since < 1 and limit > 0 else []), 1

    def reset(self):
        self.calls.append(("reset",))


class HarnessCase(unittest.TestCase):
    agent = None

    @classmethod
    def setUpClass(cls):
        cls.identity = ed25519.Identity(bytes(32), "py-harness")
        cls.server, cls.port = start_harness("127.0.0.1", 0, TOKEN, cls.identity, cls.agent, request_timeout=2.0)
        cls.reg = default_registry()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    # -- clients ---------------------------------------------------------------------------------

    def call(self, method, op, body=None, token=TOKEN, ctype="application/json", auth=None, path=None):
        data = body.encode() if isinstance(body, str) else body
        url = f"http://127.0.0.1:{self.port}" + (path if path is not None else "/harness/v1/" + op)
        req = urllib.request.Request(url, data=data, method=method)
        if auth is not None:
            req.add_header("Authorization", auth)
        elif token is not None:
            req.add_header("Authorization", "Bearer " + token)
        if ctype is not None and data is not None:
            req.add_header("Content-Type", ctype)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def reply(self, status, headers, body, schema=None):
        self.assertEqual(headers.get("Content-Type"), "application/json")
        obj = json.loads(body)
        if status == 200:
            if schema is not None:
                self.assertEqual(self.reg.errors(obj, f"harness/{schema}.response.schema.json"), [], obj)
        else:
            self.assertEqual(self.reg.errors(obj, "harness/error.schema.json"), [], obj)
        return obj

    def ok(self, method, op, body=None, schema=None):
        status, headers, raw = self.call(method, op, body)
        self.assertEqual(status, 200, raw)
        return self.reply(status, headers, raw, schema or op.replace("/", "_"))

    def refused(self, expect_status, expect_code, *args, **kw):
        status, headers, raw = self.call(*args, **kw)
        self.assertEqual(status, expect_status, raw)
        obj = self.reply(status, headers, raw)
        self.assertEqual(obj["error"]["code"], expect_code)
        return headers

    def raw(self, data: bytes, read_timeout=10.0) -> bytes:
        s = socket.create_connection(("127.0.0.1", self.port), timeout=read_timeout)
        try:
            s.sendall(data)
            chunks = []
            while True:
                try:
                    c = s.recv(65536)
                except socket.timeout:
                    break
                if not c:
                    break
                chunks.append(c)
            return b"".join(chunks)
        finally:
            s.close()


class WithoutAgent(HarnessCase):
    def test_info_har_info_001_002(self):
        info = self.ok("GET", "info")
        self.assertEqual(info["harness_version"], "1.4")
        self.assertEqual(info["identity"]["fingerprint"], self.identity.fingerprint)
        self.assertEqual(info["identity"]["pubkey"], self.identity.pubkey)
        self.assertEqual(info["capabilities"], ["canonicalize", "sign/raw", "sign/envelope", "verify/raw", "verify/envelope"])
        self.assertEqual(info["protocols"], {"cip": ["1.0"], "hcp": ["1.0"], "lip": ["1.0"]})  # no mesh: HAR-INFO-006

    def test_agent_operations_absent_har_info_003(self):
        for method, op in [("POST", "rtt/dial"), ("GET", "rtt/connections"), ("POST", "clock/advance"),
                           ("POST", "clock/hold"), ("GET", "trust"),
                           ("POST", "trust/anchors"), ("POST", "trust/override"), ("POST", "state/local"),
                           ("POST", "events"), ("GET", "knowledge"), ("GET", "mesh"), ("POST", "mesh/send")]:
            with self.subTest(op=op):
                self.refused(404, "NOT_FOUND", method, op, "{}" if method == "POST" else None)

    def test_token_har_trn_003(self):
        for auth in [None, "Bearer wrong-" + TOKEN, "Basic " + TOKEN, "Bearer", "Bearer  ", TOKEN, "Bearer " + TOKEN + "x"]:
            with self.subTest(auth=auth):
                headers = self.refused(401, "UNAUTHORIZED", "GET", "info", token=None, auth=auth)
                self.assertEqual(headers.get("WWW-Authenticate"), "Bearer")
        for auth in ["bearer " + TOKEN, "BEARER " + TOKEN, "Bearer   " + TOKEN]:
            self.assertEqual(self.call("GET", "info", auth=auth)[0], 200, auth)
        # a refused request has no effect
        self.refused(401, "UNAUTHORIZED", "POST", "reset", "{}", token="nope")

    def test_paths_har_ver_002(self):
        for path in ["nope", "info/", "INFO", "../v2/info", "", "sign", "sign/raw/", "verify"]:
            with self.subTest(path=path):
                self.refused(404, "NOT_FOUND", "GET", path)
        self.refused(404, "NOT_FOUND", "GET", None, path="/harness/v2/info")
        self.refused(404, "NOT_FOUND", "GET", None, path="/harness/v1//info")
        self.refused(404, "NOT_FOUND", "GET", None, path="/")
        self.assertEqual(self.call("GET", "info?x=1")[0], 200)

    def test_check_order_har_err_002(self):
        self.refused(401, "UNAUTHORIZED", "GET", "nope", token="wrong")
        self.refused(404, "NOT_FOUND", "DELETE", "nope")
        headers = self.refused(405, "METHOD_NOT_ALLOWED", "POST", "info", "{}")
        self.assertIn("GET", headers.get("Allow"))
        headers = self.refused(405, "METHOD_NOT_ALLOWED", "GET", "canonicalize")
        self.assertEqual(headers.get("Allow"), "POST")
        self.refused(405, "METHOD_NOT_ALLOWED", "PUT", "reset", "{}")
        not_json = '{"input":'
        self.refused(415, "UNSUPPORTED_MEDIA_TYPE", "POST", "canonicalize", not_json, ctype="text/plain")
        self.refused(415, "UNSUPPORTED_MEDIA_TYPE", "POST", "canonicalize", not_json, ctype=None)
        self.refused(415, "UNSUPPORTED_MEDIA_TYPE", "POST", "canonicalize", not_json, ctype="application/json; charset=latin1")
        self.refused(415, "UNSUPPORTED_MEDIA_TYPE", "POST", "canonicalize", not_json, ctype="application/jsonx")
        self.refused(400, "BAD_REQUEST", "POST", "canonicalize", not_json)
        for ctype in ["APPLICATION/JSON", "application/json; charset=UTF-8", 'application/json;charset="utf-8"',
                      "application/json; foo=bar"]:
            self.assertEqual(self.call("POST", "canonicalize", '{"input":"5b5d"}', ctype=ctype)[0], 200, ctype)

    def test_bad_requests_har_api_002_003(self):
        for body in ['{"input":"5b5d"', '{"input":"5b5d","input":"5b5d"}', '{"input":"5b5d","extra":1}', "{}",
                     '{"input":"5B5D"}', '{"input":"5b5"}', '{"input":42}', '["5b5d"]', '{"input":"\\ud800"}',
                     "", "\ufeff{}", '{"input":"5b5d"} x', "[" * 33 + "]" * 33]:
            with self.subTest(body=body[:40]):
                self.refused(400, "BAD_REQUEST", "POST", "canonicalize", body)
        self.refused(400, "BAD_REQUEST", "POST", "canonicalize", b'{"input":"\xff"}')
        self.refused(400, "BAD_REQUEST", "POST", "sign/raw", '{"seed":"00","msg":""}')
        self.refused(400, "BAD_REQUEST", "POST", "reset", '{"x":1}')
        self.refused(400, "BAD_REQUEST", "POST", "verify/envelope", '{"envelope":"7b7d","now":"2026-02-30T00:00:00Z"}')
        self.refused(400, "BAD_REQUEST", "POST", "verify/envelope",
                     '{"envelope":"7b7d","now":"2026-01-01T00:00:00Z","preceding":[{"envelope":"7b7d"}]}')

    def test_body_size_har_lim_001(self):
        def padded(size):
            body = '{"input":"5b5d"}'
            return body[:-1] + " " * (size - len(body)) + "}"

        v = self.ok("POST", "canonicalize", padded(MAX_BODY))
        self.assertEqual(v["result"], "valid")
        self.refused(413, "TOO_LARGE", "POST", "canonicalize", padded(MAX_BODY + 1))
        # 413 comes after 415 and before JSON
        self.refused(415, "UNSUPPORTED_MEDIA_TYPE", "POST", "canonicalize", padded(MAX_BODY + 1), ctype="text/plain")
        self.assertEqual(self.call("GET", "info")[0], 200)

    def test_chunked_bodies(self):
        body = b'{"input":"5b5d"}'
        head = (f"POST /harness/v1/canonicalize HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"
                "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n").encode()
        chunked = b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 5]), body[i:i + 5]) for i in range(0, len(body), 5))
        out = self.raw(head + chunked + b"0\r\n\r\n")
        self.assertTrue(out.startswith(b"HTTP/1.1 200"), out[:200])
        self.assertIn(b'"output":"5b5d"', out)
        # over the limit, without announcing a length
        s = socket.create_connection(("127.0.0.1", self.port), timeout=20)
        try:
            s.sendall(head)
            piece = b" " * 65536
            sent = 0
            try:
                while sent <= MAX_BODY + 65536:
                    s.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
                    sent += len(piece)
                s.sendall(b"0\r\n\r\n")
            except OSError:
                pass
            reply = b""
            try:
                while True:
                    c = s.recv(65536)
                    if not c:
                        break
                    reply += c
            except OSError:
                pass
        finally:
            s.close()
        self.assertTrue(reply.startswith(b"HTTP/1.1 413"), reply[:200])
        self.assertIn(b"TOO_LARGE", reply)

    def test_expect_continue_and_keep_alive(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            for _ in range(3):
                conn.request("POST", "/harness/v1/canonicalize", body=b'{"input":"5b5d"}',
                             headers={"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"})
                r = conn.getresponse()
                self.assertEqual(r.status, 200)
                r.read()
            # a refusal with a body closes the connection (HAR-LIM-004); http.client opens another
            conn.request("POST", "/harness/v1/canonicalize", body=b'{"input":"5b5d"}',
                         headers={"Authorization": "Bearer nope", "Content-Type": "application/json"})
            r = conn.getresponse()
            self.assertEqual(r.status, 401)
            r.read()
            conn.request("GET", "/harness/v1/info", headers={"Authorization": "Bearer " + TOKEN})
            r = conn.getresponse()
            self.assertEqual(r.status, 200)
            r.read()
        finally:
            conn.close()
        head = (f"POST /harness/v1/canonicalize HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"
                "Content-Type: application/json\r\nContent-Length: 16\r\nExpect: 100-continue\r\n\r\n").encode()
        s = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        try:
            s.sendall(head)
            first = s.recv(100)
            self.assertTrue(first.startswith(b"HTTP/1.1 100"), first)
            s.sendall(b'{"input":"5b5d"}')
            rest = s.recv(65536)
            self.assertIn(b"200", rest.split(b"\r\n")[0] if rest.startswith(b"HTTP") else rest)
        finally:
            s.close()

    def test_refusals_before_the_body_har_lim_004(self):
        # the announced body never comes: the refusal must not wait for it
        for auth, ctype, length, status, code in [
            ("Bearer nope", "application/json", 100, 401, b"UNAUTHORIZED"),
            ("Bearer " + TOKEN, "text/plain", 100, 415, b"UNSUPPORTED_MEDIA_TYPE"),
            ("Bearer " + TOKEN, "application/json", 10**10, 413, b"TOO_LARGE"),
        ]:
            with self.subTest(status=status):
                out = self.raw((f"POST /harness/v1/canonicalize HTTP/1.1\r\nHost: x\r\nAuthorization: {auth}\r\n"
                                f"Content-Type: {ctype}\r\nContent-Length: {length}\r\n\r\n").encode())
                self.assertTrue(out.startswith(b"HTTP/1.1 %d" % status), out[:200])
                self.assertIn(b"application/json", out)
                self.assertIn(code, out)

    def test_header_limits_har_lim_005(self):
        ok = self.raw((f"GET /harness/v1/info?q={'a' * 8000} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"
                       + "".join(f"X-Filler-{i}: {'b' * 2000}\r\n" for i in range(8))
                       + "Connection: close\r\n\r\n").encode())
        self.assertTrue(ok.startswith(b"HTTP/1.1 200"), ok[:200])
        for request in [
            f"GET /harness/v1/info HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nX-Long: {'c' * (1 << 20)}\r\n\r\n",
            f"GET /harness/v1/info?q={'d' * (1 << 20)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n\r\n",
        ]:
            with self.subTest(request=request[:60]):
                out = self.raw(request.encode())
                self.assertTrue(out.startswith(b"HTTP/1.1 431"), out[:200])
                self.assertIn(b"application/json", out)
                self.assertIn(b"HEADERS_TOO_LARGE", out)

    def test_stalled_connections_do_not_hold_up_others_har_lim_006(self):
        stalled = []
        try:
            for i in range(64):
                s = socket.create_connection(("127.0.0.1", self.port), timeout=20)
                stalled.append(s)
                s.sendall(b"GET /harness/v1/info HTTP/1.1\r\nHost: x\r\n" if i % 2 == 0 else
                          (f"POST /harness/v1/canonicalize HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"
                           "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"in").encode())
            self.ok("GET", "info")
            self.ok("POST", "canonicalize", '{"input":"5b5d"}')
        finally:
            for s in stalled:
                s.close()

    def test_malformed_http_har_err_005(self):
        for junk in [b"GARBAGE\r\n\r\n", b"GET /harness/v1/info HTTP/9.9\r\n\r\n", b"\x00\x01\x02\r\n\r\n",
                     b"GET /harness/v1/info HTTP/1.1\r\n" + b"X: y\r\n" * 200 + b"\r\n",
                     b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n",
                     b"POST /harness/v1/canonicalize HTTP/1.1\r\nAuthorization: Bearer " + TOKEN.encode()
                     + b"\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n",
                     b"POST /harness/v1/canonicalize HTTP/1.1\r\nAuthorization: Bearer " + TOKEN.encode()
                     + b"\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n{}"]:
            with self.subTest(junk=junk[:40]):
                out = self.raw(junk, read_timeout=5)
                if out:
                    self.assertTrue(out.startswith(b"HTTP/1.1 4"), out[:100])
                    self.assertIn(b"application/json", out)
        self.assertEqual(self.call("GET", "info")[0], 200)

    def test_stalled_request_har_lim_002(self):
        # the server in this class gives a request 2 s to arrive completely
        s = socket.create_connection(("127.0.0.1", self.port), timeout=20)
        start = time.monotonic()
        try:
            s.sendall((f"POST /harness/v1/canonicalize HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\n"
                       "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"in").encode())
            data = s.recv(65536)
            while data:
                data = s.recv(65536)
        finally:
            s.close()
        elapsed = time.monotonic() - start
        self.assertLess(elapsed, 10)
        self.assertGreater(elapsed, 1.5)
        # a slow drip of header bytes does not extend the deadline
        s = socket.create_connection(("127.0.0.1", self.port), timeout=20)
        start = time.monotonic()
        try:
            closed = False
            for ch in b"GET /harness/v1/info HTTP/1.1\r\nX-Slow: " + b"a" * 100:
                try:
                    s.sendall(bytes([ch]))
                except OSError:
                    closed = True
                    break
                time.sleep(0.1)
                if time.monotonic() - start > 8:
                    break
            if not closed:
                try:
                    closed = s.recv(1) == b""
                except OSError:
                    closed = True
        finally:
            s.close()
        self.assertTrue(closed)
        self.assertLess(time.monotonic() - start, 8)
        self.assertEqual(self.call("GET", "info")[0], 200)

    def test_concurrent_info_har_lim_003(self):
        results = []

        def one():
            results.append(self.call("GET", "info")[0])

        threads = [threading.Thread(target=one) for _ in range(50)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        self.assertEqual(results, [200] * 50)

    def test_vector_operations(self):
        # canonicalize (HAR-JCS-001/002)
        v = self.ok("POST", "canonicalize", json.dumps({"input": b'{"b":1.0,"a":[1E2]}'.hex()}))
        self.assertEqual(bytes.fromhex(v["output"]), b'{"a":[100],"b":1}')
        v = self.ok("POST", "canonicalize", json.dumps({"input": b'{"a":'.hex()}))
        self.assertEqual((v["result"], v["error"]["code"]), ("invalid", "INVALID_ENVELOPE"))
        # spec 0.4.0 ENV-JSON-006: a noncharacter is an I-JSON defect like the others
        for text in ('["\\uFFFE"]', '{"\\ufdd0":1}', '["\U0001FFFF"]', '["\\udbff\\udfff"]'):
            v = self.ok("POST", "canonicalize", json.dumps({"input": text.encode().hex()}))
            self.assertEqual((v["result"], v["error"]["code"]), ("invalid", "INVALID_ENVELOPE"), text)
        big = b"[" + b" " * (1_048_576 - 2) + b"]"
        self.assertEqual(self.ok("POST", "canonicalize", json.dumps({"input": big.hex()}))["result"], "valid")
        big = b"[" + b" " * (1_048_576 - 1) + b"]"
        self.assertEqual(self.ok("POST", "canonicalize", json.dumps({"input": big.hex()}))["result"], "invalid")
        # sign/raw, verify/raw (HAR-SIG-001, HAR-VRF-001)
        seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
        sig = ("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")
        s = self.ok("POST", "sign/raw", json.dumps({"seed": seed, "msg": ""}))
        self.assertEqual(s, {"pk": "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "sig": sig})
        self.assertEqual(self.ok("POST", "verify/raw", json.dumps({"pk": s["pk"], "msg": "", "sig": sig})), {"result": "valid"})
        flipped = sig[:-1] + "a"
        v = self.ok("POST", "verify/raw", json.dumps({"pk": s["pk"], "msg": "", "sig": flipped}))
        self.assertEqual(v["error"]["code"], "SIGNATURE_MISMATCH")
        v = self.ok("POST", "verify/raw", json.dumps({"pk": "00" * 31, "msg": "", "sig": "00" * 64}))  # HAR-API-004
        self.assertEqual(v["result"], "invalid")
        # sign/envelope (HAR-SIG-002/003)
        broken = {"cip": "1.0", "type": "HELLO", "sign": {"algo": "none"}, "payload": {"sign": 1}}
        s = self.ok("POST", "sign/envelope", json.dumps({"seed": seed, "unsigned": jcs.canonicalize(broken).hex()}))
        env = json.loads(bytes.fromhex(s["envelope"]))
        self.assertEqual(env["sign"], s["sign"])
        self.assertEqual(env["payload"], {"sign": 1})
        import base64
        m = jcs.canonicalize({k: v for k, v in broken.items() if k != "sign"})
        self.assertTrue(ed25519.verify(bytes.fromhex(s_pk := "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"),
                                       m, base64.b64decode(s["sign"]["signature"])), s_pk)
        for unsigned in [b"[]", b'"x"', b"{", b'{"a":1,"a":2}']:
            v = self.ok("POST", "sign/envelope", json.dumps({"seed": seed, "unsigned": unsigned.hex()}))
            self.assertEqual(v["error"]["code"], "INVALID_ENVELOPE", unsigned)

    def test_shared_vectors_through_http(self):
        doc = load_vectors("envelope/envelope_test.json")
        for group, t in cases(doc):
            req = {"envelope": t["envelope"], "now": t["now"]}
            if "preceding" in t:
                req["preceding"] = t["preceding"]
            body = json.dumps(req)
            with self.subTest(tcId=t["tcId"]):
                v = self.ok("POST", "verify/envelope", body)
                self.assertEqual(v["result"], t["result"])
                if t["result"] == "invalid":
                    self.assertEqual(v["error"]["code"], t["error"])
                self.assertEqual(self.ok("POST", "verify/envelope", body), v)  # HAR-VEN-003
        doc = load_vectors("jcs/jcs_test.json")
        for group, t in cases(doc):
            with self.subTest(jcs=t["tcId"]):
                v = self.ok("POST", "canonicalize", json.dumps({"input": t["input"]}))
                self.assertEqual(v["result"], t["result"])
                if t["result"] == "valid":
                    self.assertEqual(v["output"], t["expected"])
        doc = load_vectors("envelope/envelope_sign_test.json")
        for group, t in cases(doc):
            with self.subTest(sign=t["tcId"]):
                v = self.ok("POST", "sign/envelope", json.dumps({"seed": group["seedHex"], "unsigned": t["unsigned"]}))
                self.assertEqual(v["sign"], t["sign"])

    def test_reset(self):
        self.assertEqual(self.ok("POST", "reset", "{}"), {"reset": True})


class WithAgent(HarnessCase):
    agent = FakeAgent()

    def test_info_lists_agent_capabilities(self):
        info = self.ok("GET", "info")
        self.assertEqual(info["capabilities"], ["canonicalize", "sign/raw", "sign/envelope", "verify/raw", "verify/envelope", "rtt", "clock", "cip", "events"])
        self.assertEqual(info["identity"]["agent_id"], "fake-agent")
        self.assertEqual(info["identity"]["fingerprint"], self.agent.identity.fingerprint)
        self.assertIn("core", info["profiles"])
        self.assertIsInstance(self.agent, Agent)  # the Protocol is satisfied

    def test_rtt(self):
        v = self.ok("POST", "rtt/dial", json.dumps({"host": "127.0.0.1", "port": 4000.0, "expect_fingerprint": None}))
        self.assertEqual(v["result"], "connected")
        self.assertEqual(self.agent.calls[-1], ("dial", "127.0.0.1", 4000, None))
        self.assertIsInstance(self.agent.calls[-1][2], int)
        v = self.ok("POST", "rtt/dial", json.dumps({"host": "127.0.0.1", "port": 9, "expect_fingerprint": FP_A}))
        self.assertEqual((v["result"], v["error"]["code"]), ("refused", "HANDSHAKE"))
        self.refused(500, "INTERNAL", "POST", "rtt/dial", json.dumps({"host": "h", "port": 10, "expect_fingerprint": None}))
        self.refused(400, "BAD_REQUEST", "POST", "rtt/dial", json.dumps({"host": "h", "port": 0, "expect_fingerprint": None}))
        self.refused(400, "BAD_REQUEST", "POST", "rtt/dial", json.dumps({"host": "h", "port": 1}))
        self.refused(400, "BAD_REQUEST", "POST", "rtt/dial", json.dumps({"host": "h", "port": 1, "expect_fingerprint": "A" * 64}))
        v = self.ok("GET", "rtt/connections")
        self.assertEqual(v["handshaking"], 1)

    def test_clock_trust_state_events_knowledge(self):
        self.assertEqual(self.ok("POST", "clock/advance", '{"seconds":60}'), {"now": "2026-01-01T00:01:00.000Z"})
        self.refused(400, "BAD_REQUEST", "POST", "clock/advance", '{"seconds":0}')
        self.refused(400, "BAD_REQUEST", "POST", "clock/advance", '{"seconds":1.5}')
        v = self.ok("GET", "trust")
        self.assertEqual(v["peers"], [{"fingerprint": FP_A, "state": "probing"}, {"fingerprint": FP_B, "state": "trusted"}])
        v = self.ok("POST", "trust/anchors", json.dumps({"fingerprints": [FP_A]}))
        self.assertIn(FP_A, v["anchors"])
        self.refused(400, "BAD_REQUEST", "POST", "trust/anchors", json.dumps({"fingerprints": []}))
        v = self.ok("POST", "trust/override", json.dumps({"fingerprint": FP_B, "state": "blacklisted"}))
        self.assertEqual(v, {"fingerprint": FP_B, "state": "blacklisted"})
        self.refused(400, "BAD_REQUEST", "POST", "trust/override", json.dumps({"fingerprint": FP_B, "state": "unknown"}))
        v = self.ok("POST", "state/local", '{"presence":"overloaded","lri":90.0}')
        self.assertEqual(v, {"presence": "overloaded", "lri": 90})
        self.assertEqual(self.agent.calls[-1], ("set_load", "overloaded", 90))
        v = self.ok("POST", "events", '{"since":0,"limit":10}')
        self.assertEqual((len(v["events"]), v["last"]), (1, 1))
        self.refused(400, "BAD_REQUEST", "POST", "events", '{"since":0,"limit":1001}')
        # spec 0.4.0 (interop finding 9): 1 <= limit <= 1000, also where the schema allowed 0
        self.agent.calls.clear()
        self.refused(400, "BAD_REQUEST", "POST", "events", '{"since":0,"limit":0}')
        self.assertEqual(self.agent.calls, [])
        self.ok("POST", "events", '{"since":0,"limit":1000}')
        self.ok("POST", "events", '{"since":0,"limit":1}')
        v = self.ok("GET", "knowledge")
        self.assertEqual(len(v["facts"]), 1)

    def test_reset_reaches_agent(self):
        self.agent.calls.clear()
        self.assertEqual(self.ok("POST", "reset", "{}"), {"reset": True})
        self.assertEqual(self.agent.calls, [("reset",)])
        self.refused(400, "BAD_REQUEST", "POST", "reset", "[]")
        self.assertEqual(self.agent.calls, [("reset",)])


class Startup(unittest.TestCase):
    def test_loopback_only(self):
        ident = ed25519.Identity(bytes(32), "x")
        for host in ["0.0.0.0", "10.1.2.3", "example.org", "::", ""]:
            with self.assertRaises(ValueError, msg=host):
                start_harness(host, 0, TOKEN, ident)

    def test_generated_token_and_ipv6(self):
        ident = ed25519.Identity(bytes(32), "x")
        server, port = start_harness("localhost", 0, None, ident)
        try:
            self.assertGreaterEqual(len(server.token), 64)
            self.assertTrue(server.url.startswith("http://127.0.0.1:"))
        finally:
            server.stop()
        try:
            server, port = start_harness("::1", 0, TOKEN, ident)
        except OSError:
            self.skipTest("no IPv6 loopback")
        try:
            req = urllib.request.Request(f"http://[::1]:{port}/harness/v1/info", headers={"Authorization": "Bearer " + TOKEN})
            with urllib.request.urlopen(req, timeout=10) as r:
                self.assertEqual(r.status, 200)
        finally:
            server.stop()

    def test_agent_faults_are_500(self):
        class Broken(FakeAgent):
            def facts(self):
                return [float("nan")]  # not JSON

            def trust(self):
                raise KeyError("x")

        server, port = start_harness("127.0.0.1", 0, TOKEN, ed25519.Identity(bytes(32), "x"), Broken())
        try:
            for op in ("knowledge", "trust"):
                req = urllib.request.Request(f"http://127.0.0.1:{port}/harness/v1/{op}", headers={"Authorization": "Bearer " + TOKEN})
                with self.assertRaises(urllib.error.HTTPError) as cm:
                    urllib.request.urlopen(req, timeout=10)
                self.assertEqual(cm.exception.code, 500)
                self.assertEqual(json.loads(cm.exception.read())["error"]["code"], "INTERNAL")
        finally:
            server.stop()

    def test_bad_token_refused(self):
        with self.assertRaises(ValueError):
            start_harness("127.0.0.1", 0, "has space", ed25519.Identity(bytes(32), "x"))


if __name__ == "__main__":
    unittest.main()
