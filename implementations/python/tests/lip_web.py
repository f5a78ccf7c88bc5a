"""A stand-in internet for the LIP tests: an HTTP server on 127.0.0.1 whose answers are scripted
per path (status, headers, body, delays, dribbled bodies, faults), with a request journal."""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

EVIDENCE_TYPE = "application/vnd.web4.evidence+json"


def document(claims=("Water boils at 100 °C at 101.325 kPa.",), evidence=("CRC Handbook, 97th ed., 6-10",),
             confidence=0.9, notes=None, pad_to=None) -> bytes:
    doc = {"web4_evidence": "1.0", "claims": list(claims), "evidence": list(evidence), "confidence": confidence}
    if notes is not None:
        doc["extraction_notes"] = notes
    body = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if pad_to is not None:
        body = body[:-1] + b" " * (pad_to - len(body)) + b"}"
        assert len(body) == pad_to
    return body


class Stub:
    def __init__(self, status=200, headers=None, body=b"", delay=0.0, dribble=None, fault=None, raw=None):
        self.status = status
        self.headers = [("Content-Type", EVIDENCE_TYPE)] if headers is None else list(headers)
        self.body = body
        self.delay = delay
        self.dribble = dribble  # (chunks, total seconds)
        self.fault = fault  # "reset" | "empty" | "garbage" | "bad_chunk"
        self.raw = raw  # bytes written as the whole response


class Web:
    def __init__(self):
        self.stubs = {}
        self.journal = []  # (path, headers dict)
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a):
                pass

            def do_GET(self):
                web.journal.append((self.path, {k: v for k, v in self.headers.items()}))
                stub = web.stubs.get(self.path)
                if stub is None:
                    stub = Stub(404, [("Content-Type", "text/plain")], b"no stub")
                if stub.delay:
                    time.sleep(stub.delay)
                if stub.raw is not None:
                    self.wfile.write(stub.raw)
                    self.wfile.flush()
                    self.close_connection = True
                    return
                if stub.fault == "reset":
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                    self.connection.close()
                    self.close_connection = True
                    return
                if stub.fault == "empty":
                    self.close_connection = True
                    return
                if stub.fault == "garbage":
                    self.wfile.write(b"\x07lorem ipsum \x00\xff garbage\r\n\r\n")
                    self.close_connection = True
                    return
                self.send_response(stub.status)
                for k, v in stub.headers:
                    self.send_header(k, v)
                if stub.fault == "bad_chunk":
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    self.wfile.write(b"zz\r\nnot a chunk\r\n")
                    self.close_connection = True
                    return
                if stub.dribble:
                    chunks, total = stub.dribble
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    self.wfile.flush()
                    n = max(1, -(-len(stub.body) // chunks))
                    for i in range(0, len(stub.body), n):
                        part = stub.body[i : i + n]
                        try:
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                            self.wfile.flush()
                        except OSError:
                            return
                        time.sleep(total / chunks)
                    try:
                        self.wfile.write(b"0\r\n\r\n")
                    except OSError:
                        pass
                    return
                self.send_header("Content-Length", str(len(stub.body)))
                self.end_headers()
                try:
                    self.wfile.write(stub.body)
                except OSError:
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return "http://127.0.0.1:%d%s" % (self.port, path)

    def serve(self, path: str, body: bytes = None, **kw) -> None:
        self.stubs[path] = Stub(body=document() if body is None else body, **kw)

    def redirect(self, path: str, location, status=302) -> None:
        headers = [] if location is None else [("Location", location)]
        self.stubs[path] = Stub(status, headers, b"")

    def requested(self, path: str) -> int:
        return sum(1 for p, _ in self.journal if p == path)

    def reset(self) -> None:
        self.stubs.clear()
        self.journal.clear()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port
