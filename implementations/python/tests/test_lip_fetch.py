"""LIP units: URI normalization and tiers (lip.md §4.6.1), the evidence document (§4.3) and the
HTTP fetcher with its real-time limits (§4.4) against a local http.server."""

import time
import unittest

from tests import _util  # noqa: F401  (sys.path)
from tests.lip_web import EVIDENCE_TYPE, Web, closed_port, document
from web4py.lip import document as D
from web4py.lip import uri as U
from web4py.lip.fetcher import Fetcher


class Normalization(unittest.TestCase):
    def test_normalize(self):
        cases = {
            "http://127.0.0.1:80/unknown/a/../doc": "http://127.0.0.1/unknown/doc",
            "https://EXAMPLE.org": "https://example.org/",
            "https://example.org:443/x": "https://example.org/x",
            "http://example.org:443/x": "http://example.org:443/x",
            "http://[::AB]:8080/x/./y?q=1": "http://[::ab]:8080/x/y?q=1",
            "http://h/a/%2E%2e/b": "http://h/a/%2E%2e/b",  # percent-encodings stay
            "http://h/a/b/..": "http://h/a/",
            "http://h?x=/../": "http://h/?x=/../",
            "http://h/a?": "http://h/a?",
            "http://h%4A:0080/": "http://h%4a/",
            "http://h:08080/": "http://h:8080/",
        }
        for given, want in cases.items():
            self.assertEqual(U.normalize(given), want, given)

    def test_not_http_uri(self):
        for bad in ("HTTP://h/", "ftp://h/", "http://u@h/", "http://h/#f", "http://h:/", "http://h h/"):
            self.assertRaises(U.UriError, U.parse, bad)

    def test_resolve(self):
        base = "http://a/b/c/d;p?q"
        for ref, want in {"g": "http://a/b/c/g", "../../g": "http://a/g", "//g": "http://g",
                          "?y": "http://a/b/c/d;p?y", "/x/../y": "http://a/y", "": "http://a/b/c/d;p?q",
                          "ftp://x/y": "ftp://x/y"}.items():
            self.assertEqual(U.resolve(base, ref), want, ref)

    def test_longest_rule(self):
        p = "http://127.0.0.1:5"
        rules = [U.make_rule(p + "/a/", "low"), U.make_rule(p + "/a/b/", "high"),
                 U.make_rule(p + "/a/b/c", "blocked")]
        for path, tier in {"/a/x": "low", "/a/b/x": "high", "/a/b/c": "blocked", "/a/b/cd": "high",
                           "/z": "unknown", "/a": "unknown", "/a/b/c/d": "high", "/a/b/c?x": "blocked"}.items():
            self.assertEqual(U.tier_of(rules, p + path), tier, path)
        self.assertEqual(U.tier_of(rules, "http://127.0.0.1:6/a/x"), "unknown")  # another port
        self.assertEqual(U.tier_of([U.make_rule("http://h:80/s/", "medium")], "http://h/s/x"), "medium")
        self.assertEqual(U.tier_of([U.make_rule("http://H/", "low")], "http://h:80"), "low")
        self.assertRaises(U.UriError, U.make_rule, "http://h/?q", "low")


class Document(unittest.TestCase):
    def test_media_types(self):
        ok = [EVIDENCE_TYPE, "Application/VND.web4.Evidence+JSON; charset=UTF-8", EVIDENCE_TYPE + ';charset="utf-8"']
        bad = ["application/json", "text/plain", EVIDENCE_TYPE + "; charset=iso-8859-1", EVIDENCE_TYPE + "; q=1",
               EVIDENCE_TYPE + ";", ""]
        for t in ok:
            self.assertIsNone(D.judge_headers(200, [("Content-Type", t)]), t)
        for t in bad:
            self.assertEqual(D.judge_headers(200, [("Content-Type", t)]), "media_type", t)
        self.assertEqual(D.judge_headers(200, []), "media_type")
        self.assertEqual(D.judge_headers(200, [("Content-Type", EVIDENCE_TYPE), ("Content-Encoding", "gzip")]), "media_type")
        self.assertIsNone(D.judge_headers(200, [("Content-Type", EVIDENCE_TYPE), ("Content-Encoding", "identity")]))
        for s in (204, 206, 404, 500, 304):
            self.assertEqual(D.judge_headers(s, [("Content-Type", EVIDENCE_TYPE)]), "http_status")

    def test_bodies(self):
        good = document(notes="n")
        doc, reason, _ = D.judge_body(good)
        self.assertIsNone(reason)
        self.assertEqual(D.payload_of(doc, "f"), {"fetch_ref": "f", "claims": doc["claims"], "evidence": doc["evidence"],
                                                  "confidence": 0.9, "extraction_notes": "n"})
        self.assertNotIn("extraction_notes", D.payload_of(D.judge_body(document())[0], None))
        self.assertIsNone(D.judge_body(document(pad_to=262_144))[1])
        self.assertEqual(D.judge_body(document(pad_to=262_145))[1], "too_large")
        nested = b'{"web4_evidence":"1.0","claims":["a"],"evidence":[],"confidence":1,"x":' + b"[" * 32 + b"]" * 32 + b"}"
        malformed = [
            b"not json", b"\xef\xbb\xbf" + document(), b'{"web4_evidence":"1.0","web4_evidence":"1.0","claims":["a"],"evidence":[],"confidence":1}',
            b'{"web4_evidence":"1.0","claims":["\\ud800"],"evidence":[],"confidence":1}', nested,
            b'{"claims":["a"],"evidence":[],"confidence":1}', b'{"web4_evidence":"2.0","claims":["a"],"evidence":[],"confidence":1}',
            b'{"web4_evidence":"1.0","claims":["a"],"evidence":[],"confidence":1,"contradicts":[]}',
            b'{"web4_evidence":"1.0","claims":[],"evidence":[],"confidence":1}',
            document(claims=["c%d" % i for i in range(65)]), document(claims=["a", "a"]), document(confidence=1.5),
            b'{"web4_evidence":"1.0","claims":["a"],"evidence":[],"confidence":true}', b"[]",
            b'{"web4_evidence":"1.0","claims":[""],"evidence":[],"confidence":1}',
        ]
        for body in malformed:
            self.assertEqual(D.judge_body(body)[1], "malformed", body[:80])
        self.assertIsNone(D.judge_body(document(claims=["c%d" % i for i in range(64)]))[1])

    def test_schema_agrees(self):
        """When the kit has the evidence-document schema, it agrees with the built-in check."""
        from web4py.schema import default_registry

        reg = default_registry()
        try:
            reg.load(reg.uri_for("lip/evidence-document.schema.json"))
        except Exception:
            self.skipTest("schemas/lip/evidence-document.schema.json not present")
        import json
        for body in (document(), document(notes="x"), document(confidence=1.5), document(claims=["a", "a"]),
                     b'{"web4_evidence":"1.0","claims":["a"],"evidence":[],"confidence":1,"contradicts":[]}',
                     b'{"web4_evidence":"2.0","claims":["a"],"evidence":[],"confidence":1}'):
            doc = json.loads(body)
            self.assertEqual(reg.is_valid(doc, "lip/evidence-document.schema.json"), D.conforms(doc) is None, body)


class Fetching(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.web = Web()
        cls.web2 = Web()

    @classmethod
    def tearDownClass(cls):
        cls.web.close()
        cls.web2.close()

    def setUp(self):
        self.web.reset()
        self.web2.reset()
        self.rules = []
        self.fetcher = Fetcher(lambda u: U.tier_of(self.rules, u))

    def fetch(self, *paths, web=None):
        web = web or self.web
        uris = [U.normalize(web.url(p)) if p.startswith("/") else p for p in paths]
        t0 = time.monotonic()
        out = self.fetcher.fetch_all(uris, t0)
        self.elapsed = time.monotonic() - t0
        return out

    def one(self, path, reason, requests=1):
        (o,) = self.fetch(path)
        self.assertEqual(o.reason, reason, o.detail)
        self.assertEqual(self.web.requested(path), requests)
        return o

    def test_good_document_and_request_headers(self):
        self.web.serve("/unknown/doc", document(notes="n"))
        (o,) = self.fetch("/unknown/doc")
        self.assertTrue(o.ok, o.detail)
        self.assertEqual(o.final_uri, self.web.url("/unknown/doc"))
        self.assertEqual(o.doc["extraction_notes"], "n")
        (path, headers), = self.web.journal
        self.assertEqual(headers["Accept"], EVIDENCE_TYPE)
        self.assertNotIn("Cookie", headers)
        self.assertNotIn("Authorization", headers)
        self.assertEqual(headers["Host"], "127.0.0.1:%d" % self.web.port)

    def test_dot_segments_are_requested_normalized(self):
        self.web.serve("/unknown/doc")
        (o,) = self.fetch(self.web.url("/unknown/a/../doc"))
        self.assertTrue(o.ok)
        self.assertEqual(self.web.requested("/unknown/doc"), 1)

    def test_status_media_type_size_malformed(self):
        for status in (204, 206, 404, 500):
            self.web.serve("/s%d" % status, status=status)
            self.assertEqual(self.one("/s%d" % status, "http_status").status, status)
        for i, ct in enumerate(["application/json", "text/plain", EVIDENCE_TYPE + "; charset=iso-8859-1"]):
            self.web.serve("/m%d" % i, headers=[("Content-Type", ct)])
            self.one("/m%d" % i, "media_type")
        self.web.serve("/none", headers=[])
        self.one("/none", "media_type")
        self.web.serve("/gz", headers=[("Content-Type", EVIDENCE_TYPE), ("Content-Encoding", "gzip")])
        self.one("/gz", "media_type")
        self.web.serve("/upper", headers=[("Content-Type", "APPLICATION/VND.WEB4.EVIDENCE+JSON; charset=UTF-8")])
        self.one("/upper", None)
        self.web.serve("/max", document(pad_to=262_144))
        self.assertEqual(self.one("/max", None).size, 262_144)
        self.web.serve("/big", document(pad_to=262_145))
        self.one("/big", "too_large")
        self.web.serve("/bigchunked", document(pad_to=262_145), dribble=(3, 0.01))
        self.one("/bigchunked", "too_large")
        self.web.serve("/bigclose", raw=b"HTTP/1.1 200 OK\r\nContent-Type: " + EVIDENCE_TYPE.encode()
                       + b"\r\nConnection: close\r\n\r\n" + document(pad_to=262_145))
        self.one("/bigclose", "too_large")
        self.web.serve("/bad", b'{"claims":[]}')
        self.one("/bad", "malformed")

    def test_redirects(self):
        self.web.serve("/doc")
        for status in (301, 302, 303, 307, 308):
            self.web.redirect("/r%d" % status, self.web.url("/doc"), status)
            o = self.one("/r%d" % status, None)
            self.assertEqual((o.final_uri, o.redirects), (self.web.url("/doc"), 1))
        self.web.redirect("/rel/x", "../doc")
        self.assertEqual(self.one("/rel/x", None).final_uri, self.web.url("/doc"))
        for i in range(1, 5):
            self.web.redirect("/c%d" % i, "/c%d" % (i + 1))
        self.web.redirect("/c5", "/doc")
        self.web.journal.clear()
        self.one("/c3", None)  # three redirects: c3 -> c4 -> c5 -> doc
        self.web.journal.clear()
        o = self.one("/c1", "too_many_redirects")
        self.assertEqual([p for p, _ in self.web.journal], ["/c1", "/c2", "/c3", "/c4"])
        self.web.redirect("/noloc", None)
        self.one("/noloc", "bad_redirect")
        self.web.redirect("/ftp", "ftp://127.0.0.1/doc")
        self.one("/ftp", "bad_redirect")

    def test_blocked(self):
        self.rules = [U.make_rule(self.web.url("/blocked/"), "blocked")]
        self.web.serve("/blocked/doc")
        self.web.redirect("/r", "/blocked/doc")
        a, b = self.fetch("/blocked/doc", "/r")
        self.assertEqual((a.reason, b.reason), ("blocked", "redirect_blocked"))
        self.assertEqual(self.web.requested("/blocked/doc"), 0)
        self.assertEqual(self.web.requested("/r"), 1)

    def test_timing(self):
        self.web.serve("/slow2", delay=2.0)
        self.one("/slow2", None)
        self.web.serve("/slow35", delay=3.5)
        o = self.one("/slow35", "timeout")
        self.assertLess(self.elapsed, 3.3)
        self.web.serve("/drip1", dribble=(10, 1.0))
        self.one("/drip1", None)
        self.web.serve("/drip5", dribble=(10, 5.0))
        self.one("/drip5", "slow_body")
        self.assertLess(self.elapsed, 3.3)

    def test_faults_and_closed_port(self):
        for fault in ("reset", "empty", "garbage", "bad_chunk"):
            self.web.serve("/f-" + fault, fault=fault)
            self.one("/f-" + fault, "transport")
        # a fault after a head that fails on its own: judged by the head, the body is not read
        self.web.serve("/f-untyped", headers=[], fault="bad_chunk")
        self.one("/f-untyped", "media_type")
        (o,) = self.fetch("http://127.0.0.1:%d/doc" % closed_port())
        self.assertEqual(o.reason, "connect")
        self.assertLess(self.elapsed, 1.5)

    def test_connect_timeout(self):
        """A listener whose accept queue is full drops the SYN: no connection within 1 s."""
        import socket

        lst = socket.socket()
        lst.bind(("127.0.0.1", 0))
        lst.listen(0)
        fillers = []
        try:
            for _ in range(4):
                c = socket.socket()
                c.setblocking(False)
                c.connect_ex(lst.getsockname())
                fillers.append(c)
            time.sleep(0.1)
            (o,) = self.fetch("http://127.0.0.1:%d/doc" % lst.getsockname()[1])
            self.assertEqual(o.reason, "connect", o.detail)
            self.assertGreater(self.elapsed, 0.9)
            self.assertLess(self.elapsed, 1.5)
        finally:
            for c in fillers:
                c.close()
            lst.close()

    def test_concurrent_sources_and_fetch_deadline(self):
        for i in range(5):
            self.web.serve("/p%d" % i, delay=2.5)
        out = self.fetch(*["/p%d" % i for i in range(5)])
        self.assertTrue(all(o.ok for o in out), [o.reason for o in out])
        self.assertLess(self.elapsed, 3.5)
        # a chain of redirects each 1.5 s: the fetch's 4 s end it as `deadline` or `timeout`
        self.web.serve("/late", delay=0.0)
        self.web.stubs["/d1"] = self.web.stubs["/late"]
        self.web.serve("/d2", delay=2.9)
        t0 = time.monotonic()
        out = self.fetcher.fetch_all([U.normalize(self.web.url("/d2"))], t0 - 2.0)  # arrived 2 s ago
        self.assertEqual(out[0].reason, "deadline")
        self.assertLess(time.monotonic() - t0, 2.4)


if __name__ == "__main__":
    unittest.main()
