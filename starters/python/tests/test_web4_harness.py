"""The plumbing of the starter harness over real HTTP on 127.0.0.1 (stdlib unittest).

The kit's own checks of a fully wired starter run in the build (PythonStarterTest); these cover
what a full implementation never shows: partial implementations (HAR-INFO-003, harness 1.1 info)
and the refusals of every request-body rule.
"""

from __future__ import annotations

import http.client
import json
import socket
import sys
import threading
import unittest
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import web4_harness  # noqa: E402
from web4_harness import Implementation, Invalid, StarterServer  # noqa: E402

TOKEN = "unit-test-token"
PK = bytes(range(32))


class OnlyCanonicalize(Implementation):
    def canonicalize(self, data: bytes) -> bytes:
        if data == b"{":
            raise Invalid("INVALID_ENVELOPE", "not JSON")
        return data


class Everything(OnlyCanonicalize):
    def identity(self):
        return ("unit-test", PK)

    def sign_raw(self, seed, msg):
        return PK, bytes(64)

    def sign_envelope(self, seed, unsigned):
        return unsigned, bytes(64)

    def verify_raw(self, pk, msg, sig):
        raise Invalid("SIGNATURE_MISMATCH", "never valid")

    def verify_envelope(self, envelope, now, preceding):
        return None


class Harness:
    def __init__(self, implementation: Implementation):
        self.server = StarterServer(0, TOKEN, implementation)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def request(self, method, op, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.server_address[1], timeout=10)
        try:
            h = {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"}
            h.update(headers or {})
            h = {k: v for k, v in h.items() if v is not None}
            chunked = h.get("Transfer-Encoding") == "chunked"
            conn.request(method, "/harness/v1/" + op, body=body, headers=h, encode_chunked=chunked)
            r = conn.getresponse()
            return r.status, dict(r.getheaders()), json.loads(r.read())
        finally:
            conn.close()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


class PartialImplementationTest(unittest.TestCase):
    def setUp(self):
        self.harness = Harness(OnlyCanonicalize())
        self.addCleanup(self.harness.close)

    def test_info_lists_only_what_is_implemented_in_harness_1_1(self):
        status, headers, info = self.harness.request("GET", "info")
        self.assertEqual(200, status)
        self.assertEqual("application/json", headers["Content-Type"])
        self.assertEqual("1.1", info["harness_version"])
        self.assertEqual(["canonicalize"], info["capabilities"])
        self.assertIsNone(info["identity"])
        self.assertEqual([], info["profiles"])

    def test_unimplemented_operations_answer_404(self):
        for op in ("sign/raw", "sign/envelope", "verify/raw", "verify/envelope"):
            status, _, body = self.harness.request("POST", op, "{}")
            self.assertEqual((404, "NOT_FOUND"), (status, body["error"]["code"]), op)

    def test_a_verdict_is_200(self):
        status, _, body = self.harness.request("POST", "canonicalize", '{"input":"7b"}')
        self.assertEqual(200, status)
        self.assertEqual({"result": "invalid", "error": {"code": "INVALID_ENVELOPE", "message": "not JSON"}}, body)


class RefusalTest(unittest.TestCase):
    def setUp(self):
        self.harness = Harness(Everything())
        self.addCleanup(self.harness.close)

    def refused(self, status, code, *args, **kwargs):
        got_status, headers, body = self.harness.request(*args, **kwargs)
        self.assertEqual((status, code), (got_status, body["error"]["code"]), args)
        return headers

    def test_info_fits_harness_1_0_when_everything_is_implemented(self):
        _, _, info = self.harness.request("GET", "info")
        self.assertEqual("1.0", info["harness_version"])
        self.assertEqual(["canonicalize", "sign", "verify"], info["capabilities"])
        self.assertEqual("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", info["identity"]["pubkey"])

    def test_token_path_method_media_type_in_this_order(self):
        headers = self.refused(401, "UNAUTHORIZED", "DELETE", "nope", headers={"Authorization": "Bearer x"})
        self.assertEqual("Bearer", headers["WWW-Authenticate"])
        self.refused(401, "UNAUTHORIZED", "GET", "info", headers={"Authorization": "Basic " + TOKEN})
        self.refused(404, "NOT_FOUND", "DELETE", "nope")
        self.refused(404, "NOT_FOUND", "GET", "info/")
        headers = self.refused(405, "METHOD_NOT_ALLOWED", "GET", "canonicalize")
        self.assertEqual("POST", headers["Allow"])
        self.refused(415, "UNSUPPORTED_MEDIA_TYPE", "POST", "canonicalize", "{", headers={"Content-Type": "text/plain"})
        self.refused(415, "UNSUPPORTED_MEDIA_TYPE", "POST", "canonicalize", "{", headers={"Content-Type": None})
        self.refused(
            415, "UNSUPPORTED_MEDIA_TYPE", "POST", "canonicalize", "{",
            headers={"Content-Type": "application/json; charset=latin1"},
        )

    def test_a_body_over_4_mib_is_413_announced_or_chunked(self):
        big = b" " * (web4_harness.MAX_BODY + 1)
        self.refused(413, "TOO_LARGE", "POST", "canonicalize", big)

        def chunks():
            for _ in range(65):
                yield b" " * 65536

        self.refused(413, "TOO_LARGE", "POST", "canonicalize", chunks(), headers={"Transfer-Encoding": "chunked"})

    def test_every_i_json_rule_and_the_schema_are_400(self):
        for body in (
            b'{"input":"5b5d"',  # syntax
            b'{"input":"5b5d","input":"5b5d"}',  # duplicate
            b'{"input":"5b5d","\\u0069nput":"5b5d"}',  # duplicate after unescaping
            b'{"input":"\\ud800"}',  # lone surrogate
            b'{"input":"\\ufdd0"}',  # noncharacter
            b'{"input":"5b5d","x":1e400}',  # not a binary64
            b'{"input":NaN}',
            b"\xef\xbb\xbf{}",  # BOM
            b'{"input":"\xc0\xaf"}',  # overlong UTF-8
            b"[" * 33 + b"]" * 33,  # depth 33
            b'{"input":"5B5D"}',  # upper-case hex
            b'{"input":"5b5"}',  # odd length
            b'{"input":42}',
            b'{"input":"5b5d","extra":1}',
            b"{}",
            b'["5b5d"]',
        ):
            self.refused(400, "BAD_REQUEST", "POST", "canonicalize", body)

    def test_timestamps_follow_the_calendar(self):
        envelope = '"envelope":"7b7d"'
        for now in ("2026-02-29T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T00:00:00z"):
            self.refused(400, "BAD_REQUEST", "POST", "verify/envelope", '{%s,"now":"%s"}' % (envelope, now))
        status, _, body = self.harness.request(
            "POST", "verify/envelope", '{%s,"now":"2000-02-29T23:59:59.123456789Z","preceding":[]}' % envelope
        )
        self.assertEqual((200, {"result": "valid"}), (status, body))

    def test_depth_32_is_accepted_and_reset_answers(self):
        status, _, body = self.harness.request("POST", "reset", b"{}")
        self.assertEqual((200, {"reset": True}), (status, body))
        deep = b'{"input":"5b5d","x":' + b"[" * 31 + b"]" * 31 + b"}"  # depth 32
        status, _, body = self.harness.request("POST", "canonicalize", deep)
        self.assertEqual((400, "unknown member 'x'"), (status, body["error"]["message"]))


class StartTest(unittest.TestCase):
    def test_accepted_sockets_have_tcp_nodelay(self):
        server = StarterServer(0, TOKEN, Implementation())
        self.addCleanup(server.server_close)
        client = socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=10)
        self.addCleanup(client.close)
        accepted, _ = server.get_request()
        self.addCleanup(accepted.close)
        self.assertEqual(1, accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

    def test_sign_envelope_needs_an_identity(self):
        class NoIdentity(Implementation):
            def sign_envelope(self, seed, unsigned):
                return unsigned, bytes(64)

        with self.assertRaisesRegex(ValueError, "identity"):
            StarterServer(0, TOKEN, NoIdentity())


if __name__ == "__main__":
    unittest.main()
