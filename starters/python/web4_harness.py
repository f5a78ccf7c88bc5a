"""A starter harness for the Web4 Conformance Kit: copy this one file, fill in the operations.

Everything that is plumbing in spec/harness.md is done here, with the Python standard library only:
the bearer token and ``WWW-Authenticate`` (HAR-TRN-003), the refusals in the order of HAR-ERR-002
(401, 404, 405 with ``Allow``, 415, 413, 400), request bodies read with the 4 MiB bound and never
buffered beyond it (HAR-LIM-001), strict I-JSON parsing and schema checks of every request body
(HAR-API-002, HAR-API-003), the error body of Table 5, ``info`` and ``reset``, 50 concurrent
clients (HAR-LIM-003), a deadline for stalled requests (HAR-LIM-002) and TCP_NODELAY on every
accepted socket (without it each response waits about 40 ms for the client's delayed ACK).

What is left to you is the ``Implementation`` class below: one method per operation. A method you
have not implemented keeps its ``@not_implemented`` marker; its operation then answers 404
``NOT_FOUND`` and is not listed in ``info.capabilities`` (HAR-INFO-003). Remove the marker when
you write the method (or override the method in a subclass and call :func:`main` with it).

Run it::

    python3 web4_harness.py --port 8123 --token secret-token

and point the kit at it (docs/testing-your-implementation.md). It prints
``harness http://127.0.0.1:PORT/harness/v1 token=TOKEN`` and then ``ready``.

The harness is for conformance testing only: it signs with any key it is handed. Never enable it
in production (spec/harness.md §1).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import json
import math
import re
import secrets
import socket
import time
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Tuple

# ==================================================================================================
# YOUR CODE: one method per operation (spec/harness.md §4.3-§4.6)
# ==================================================================================================


class Invalid(Exception):
    """A verdict about the data (HAR-API-004): answered 200 ``{"result":"invalid","error":...}``.

    ``code`` is an error code of spec/envelope.md §14 (``INVALID_ENVELOPE``, ``SIGNATURE_MISMATCH``,
    ``TIMESTAMP``, ``REPLAY``, ...)."""

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


def not_implemented(method: Callable) -> Callable:
    """Marks an operation you have not implemented yet: it is not listed and answers 404."""
    method.web4_not_implemented = True
    return method


class Implementation:
    """Your implementation behind the harness. Byte strings arrive already decoded from hex."""

    name = "my-implementation"
    version = "0.0.1"

    def identity(self) -> Optional[Tuple[str, bytes]]:
        """Your agent's ``(agent_id, 32-byte Ed25519 public key)``, or None when you have none.

        ``info`` reports it (HAR-INFO-002). An implementation without ``sign/envelope`` (and
        without RTT or CIP) may have none (harness 1.1)."""
        return None

    def reset(self) -> None:
        """``POST reset`` (HAR-RST-001): forget every state earlier requests created."""

    @not_implemented
    def canonicalize(self, data: bytes) -> bytes:
        """``POST canonicalize`` (HAR-JCS-001/002): the RFC 8785 form of ``data``.

        Raise ``Invalid("INVALID_ENVELOPE", why)`` when ``data`` is not I-JSON (spec/envelope.md §3),
        is longer than 1,048,576 bytes or deeper than 32 (§4). ``data`` may be any JSON value."""
        raise NotImplementedError

    @not_implemented
    def sign_raw(self, seed: bytes, msg: bytes) -> Tuple[bytes, bytes]:
        """``POST sign/raw`` (HAR-SIG-001): ``(public key, signature)`` of pure Ed25519 (RFC 8032)
        under the 32-byte secret key ``seed``."""
        raise NotImplementedError

    @not_implemented
    def sign_envelope(self, seed: bytes, unsigned: bytes) -> Tuple[bytes, bytes]:
        """``POST sign/envelope`` (HAR-SIG-002/003): ``(signed envelope text, signature)``.

        Parse ``unsigned`` (I-JSON, envelope limits), sign the canonical form of the object without
        its top-level ``sign`` under ``seed`` and return the object, with ``sign`` set to
        ``{"algo":"ed25519","signature":base64(signature)}``, as JSON text, plus the signature.
        Check nothing else. Raise ``Invalid("INVALID_ENVELOPE", why)`` when ``unsigned`` is not
        I-JSON, over the limits or not an object."""
        raise NotImplementedError

    @not_implemented
    def verify_raw(self, pk: bytes, msg: bytes, sig: bytes) -> None:
        """``POST verify/raw`` (HAR-VRF-001): return when ``sig`` is a valid signature of ``msg``
        under ``pk`` by the pinned criteria of spec/envelope.md §6.3, otherwise raise
        ``Invalid("SIGNATURE_MISMATCH", why)`` (also for a ``pk`` or ``sig`` of the wrong length)."""
        raise NotImplementedError

    @not_implemented
    def verify_envelope(self, envelope: bytes, now: str, preceding: List[Tuple[bytes, str]]) -> None:
        """``POST verify/envelope`` (HAR-VEN-001/002/003): return when a fresh receiver (empty replay
        memory) whose clock is ``now`` accepts ``envelope`` after it validated each of
        ``preceding`` (envelope text, its ``now``) in order; otherwise raise ``Invalid(code, why)``
        with the code of the first failing step of spec/envelope.md §13. ``now`` is a valid
        timestamp of spec/envelope.md §8 (checked here). Change no state."""
        raise NotImplementedError


# ==================================================================================================
# Plumbing (spec/harness.md): nothing to change below this line
# ==================================================================================================

BASE_PATH = "/harness/v1/"
MAX_BODY = 4 * 1024 * 1024  # HAR-LIM-001: 4 MiB
DISCARD_LIMIT = 64 * 1024 * 1024  # bytes read and dropped after a 413 so the client sees the answer
MAX_DEPTH = 32  # HAR-API-003, ENV-LIM-002
REQUEST_SECONDS = 30.0  # HAR-LIM-002: a request must arrive completely within 60 s; we give 30 s
_HEX = re.compile(r"(?:[0-9a-f]{2})*")  # HAR-API-002
_HEX32 = re.compile(r"[0-9a-f]{64}")
_TIMESTAMP = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]{1,9})?Z")
_TOKEN = re.compile(r"[A-Za-z0-9._~+/-]+=*")  # RFC 6750 b64token


class Refusal(Exception):
    """A refused request: the status and code of spec/harness.md Table 5."""

    def __init__(self, status: int, code: str, message: str, headers: Tuple[Tuple[str, str], ...] = ()):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def _bad(message: str) -> Refusal:
    return Refusal(400, "BAD_REQUEST", message)


# --- strict JSON of request bodies (HAR-API-003: the I-JSON rules ENV-JSON-001 ... 006, depth) ---


def _no_duplicates(pairs: List[Tuple[str, Any]]) -> Dict[str, Any]:
    obj: Dict[str, Any] = {}
    for name, value in pairs:
        if name in obj:  # ENV-JSON-002
            raise _bad(f"duplicate member name {name!r}")
        obj[name] = value
    return obj


def _finite_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):  # ENV-JSON-004
        raise _bad(f"number {text[:40]} is outside IEEE-754 binary64")
    return value


def _finite_int(text: str) -> int:
    value = int(text)
    try:
        float(value)
    except OverflowError:  # ENV-JSON-004
        raise _bad("integer outside IEEE-754 binary64") from None
    return value


def _no_constant(name: str) -> Any:
    raise _bad(f"{name} is not JSON")  # ENV-JSON-005


def _check_string(s: str) -> None:
    for ch in s:
        cp = ord(ch)
        if 0xD800 <= cp <= 0xDFFF:  # ENV-JSON-003: a lone surrogate escape
            raise _bad("lone surrogate in a string")
        if 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE:  # ENV-JSON-006
            raise _bad(f"noncharacter U+{cp:04X} in a string")


def _check_value(value: Any, depth: int) -> None:
    if isinstance(value, (dict, list)):
        depth += 1
        if depth > MAX_DEPTH:  # ENV-LIM-002
            raise _bad(f"nested deeper than {MAX_DEPTH}")
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in items:
            if isinstance(key, str):
                _check_string(key)
            _check_value(item, depth)
    elif isinstance(value, str):
        _check_string(value)


def parse_body(body: bytes) -> Any:
    """The request body as a Python value, or 400 when it is not I-JSON with depth <= 32."""
    try:
        text = body.decode("utf-8")  # strict: ENV-JSON-001
        value = json.loads(
            text,  # json rejects a BOM, trailing content, comments, leading zeros, raw controls
            object_pairs_hook=_no_duplicates,
            parse_float=_finite_float,
            parse_int=_finite_int,
            parse_constant=_no_constant,
        )
    except UnicodeDecodeError as e:
        raise _bad(f"not UTF-8: {e.reason}") from None
    except (ValueError, RecursionError) as e:  # JSONDecodeError is a ValueError
        raise _bad(f"not JSON: {e}") from None
    _check_value(value, 0)
    return value


# --- request schemas (schemas/harness/*.request.schema.json: closed objects) -----------------------


def _members(value: Any, required: Tuple[str, ...], optional: Tuple[str, ...] = ()) -> Dict[str, Any]:
    if not isinstance(value, dict):
        raise _bad("the body must be a JSON object")
    unknown = sorted(set(value) - set(required) - set(optional))
    if unknown:
        raise _bad(f"unknown member {unknown[0]!r}")
    missing = [name for name in required if name not in value]
    if missing:
        raise _bad(f"missing member {missing[0]!r}")
    return value


def _hex(obj: Dict[str, Any], name: str, exactly32: bool = False) -> bytes:
    value = obj[name]
    pattern = _HEX32 if exactly32 else _HEX
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise _bad(f"{name} must be {'32 bytes of ' if exactly32 else ''}lowercase hex")  # HAR-API-002
    return bytes.fromhex(value)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _timestamp(obj: Dict[str, Any], name: str) -> str:
    """A timestamp of spec/envelope.md §8 (ENV-TIME-001): pattern plus calendar rules."""
    value = obj[name]
    m = _TIMESTAMP.fullmatch(value) if isinstance(value, str) else None
    if m is None:
        raise _bad(f"{name} is not a timestamp")
    year, month, day, hour, minute, second = (int(g) for g in m.groups()[:6])
    days = [31, 29 if _leap(year) else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    if not (1 <= month <= 12 and 1 <= day <= days[month - 1] and hour <= 23 and minute <= 59 and second <= 59):
        raise _bad(f"{name} is not a real UTC date and time")
    return value


# --- operations (spec/harness.md Table 4) ---------------------------------------------------------


def _verdict(call: Callable[[], Dict[str, Any]]) -> Dict[str, Any]:
    try:
        return call()
    except Invalid as e:  # HAR-API-004: a verdict is a 200
        return {"result": "invalid", "error": {"code": e.code, "message": e.message}}


def _op_canonicalize(impl: Implementation, req: Any) -> Dict[str, Any]:
    data = _hex(_members(req, ("input",)), "input")
    return _verdict(lambda: {"result": "valid", "output": impl.canonicalize(data).hex()})


def _op_sign_raw(impl: Implementation, req: Any) -> Dict[str, Any]:
    req = _members(req, ("seed", "msg"))
    pk, sig = impl.sign_raw(_hex(req, "seed", exactly32=True), _hex(req, "msg"))
    return {"pk": bytes(pk).hex(), "sig": bytes(sig).hex()}


def _op_sign_envelope(impl: Implementation, req: Any) -> Dict[str, Any]:
    req = _members(req, ("seed", "unsigned"))
    seed, unsigned = _hex(req, "seed", exactly32=True), _hex(req, "unsigned")

    def sign() -> Dict[str, Any]:
        envelope, signature = impl.sign_envelope(seed, unsigned)
        b64 = base64.b64encode(bytes(signature)).decode("ascii")
        return {"result": "valid", "envelope": bytes(envelope).hex(), "sign": {"algo": "ed25519", "signature": b64}}

    return _verdict(sign)


def _op_verify_raw(impl: Implementation, req: Any) -> Dict[str, Any]:
    req = _members(req, ("pk", "msg", "sig"))
    pk, msg, sig = _hex(req, "pk"), _hex(req, "msg"), _hex(req, "sig")

    def verify() -> Dict[str, Any]:
        impl.verify_raw(pk, msg, sig)
        return {"result": "valid"}

    return _verdict(verify)


def _op_verify_envelope(impl: Implementation, req: Any) -> Dict[str, Any]:
    req = _members(req, ("envelope", "now"), ("preceding",))
    preceding = req.get("preceding", [])
    if not isinstance(preceding, list):
        raise _bad("preceding must be an array")
    earlier = []
    for item in preceding:
        item = _members(item, ("envelope", "now"))
        earlier.append((_hex(item, "envelope"), _timestamp(item, "now")))
    envelope, now = _hex(req, "envelope"), _timestamp(req, "now")

    def verify() -> Dict[str, Any]:
        impl.verify_envelope(envelope, now, earlier)
        return {"result": "valid"}

    return _verdict(verify)


def _op_reset(impl: Implementation, req: Any) -> Dict[str, Any]:
    _members(req, ())
    impl.reset()
    return {"reset": True}


# path -> (method, capability of harness 1.1 or None, Implementation method name or None, handler)
OPERATIONS: Dict[str, Tuple[str, Optional[str], Optional[str], Callable]] = {
    "reset": ("POST", None, None, _op_reset),
    "canonicalize": ("POST", "canonicalize", "canonicalize", _op_canonicalize),
    "sign/raw": ("POST", "sign/raw", "sign_raw", _op_sign_raw),
    "sign/envelope": ("POST", "sign/envelope", "sign_envelope", _op_sign_envelope),
    "verify/raw": ("POST", "verify/raw", "verify_raw", _op_verify_raw),
    "verify/envelope": ("POST", "verify/envelope", "verify_envelope", _op_verify_envelope),
}


def implemented_capabilities(impl: Implementation) -> List[str]:
    """The harness 1.1 capabilities whose method no longer carries ``@not_implemented``."""
    return [
        cap
        for _, cap, method, _ in OPERATIONS.values()
        if cap is not None and not getattr(getattr(impl, method), "web4_not_implemented", False)
    ]


def info(impl: Implementation, capabilities: List[str]) -> Dict[str, Any]:
    """``GET info`` (HAR-INFO-001 ... 003), in the oldest harness version that can say it.

    Harness 1.0 has one capability ``sign`` for ``sign/raw`` + ``sign/envelope`` and one ``verify``
    for ``verify/raw`` + ``verify/envelope``, and requires an identity: when the implemented
    operations fit that, ``info`` is 1.0 (every kit reads it); otherwise it is 1.1 with the split
    capabilities (docs/adr/0901-starter-harnesses.md)."""
    caps = set(capabilities)
    halves = [("sign", "sign/raw", "sign/envelope"), ("verify", "verify/raw", "verify/envelope")]
    identity = impl.identity()
    fits_1_0 = identity is not None and all((a in caps) == (b in caps) for _, a, b in halves)
    if fits_1_0:
        listed = [c for c in ("canonicalize",) if c in caps]
        listed += [name for name, a, _ in halves if a in caps]
        version, profiles = "1.0", ["full"]
    else:
        listed = list(capabilities)
        version = "1.1"
        profiles = ["library"] if len(caps) == 5 else []
    body: Dict[str, Any] = {
        "harness_version": version,
        "implementation": {"name": impl.name, "version": impl.version},
        "protocols": {"cip": [], "hcp": [], "lip": []},
        "profiles": profiles,
        "capabilities": listed,
        "identity": None,
    }
    if identity is not None:
        agent_id, pk = identity
        body["identity"] = {
            "agent_id": agent_id,
            "pubkey": base64.b64encode(bytes(pk)).decode("ascii"),
            "fingerprint": hashlib.sha256(bytes(pk)).hexdigest(),
        }
    return body


# --- HTTP -----------------------------------------------------------------------------------------


def _json_media_type(values: List[str]) -> bool:
    """HAR-ERR-004: ``application/json`` (any case), parameters allowed, a charset only utf-8."""
    if len(values) != 1:
        return False
    kind, *params = values[0].split(";")
    if kind.strip().lower() != "application/json":
        return False
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip().strip('"').lower() != "utf-8":
            return False
    return True


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: "StarterServer"

    def handle_one_request(self) -> None:
        # HAR-LIM-002: the request line, headers and body must arrive within REQUEST_SECONDS
        self._deadline = threading.Timer(REQUEST_SECONDS, self._cut_off)
        self._deadline.daemon = True
        self._deadline.start()
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if not self.raw_requestline:
                self.close_connection = True
                return
            if len(self.raw_requestline) > 65536:  # HAR-LIM-005
                self.request_version, self.command, self.requestline = "HTTP/1.1", "", ""
                self.send_error(431, "request line too long")
                return
            if not self.parse_request():  # answered through send_error
                return
            self._answer()
        except OSError:  # the client went away, or the deadline cut it off
            self.close_connection = True
        finally:
            self._deadline.cancel()

    def _cut_off(self) -> None:
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def send_error(self, code: int, message: Optional[str] = None, explain: Optional[str] = None) -> None:
        """A request http.server could not parse: a JSON 431 HEADERS_TOO_LARGE for an over-long line
        or too many headers (HAR-LIM-005), a JSON 400 otherwise; the connection closes."""
        self.close_connection = True
        if getattr(self, "request_version", None) in (None, "HTTP/0.9"):
            self.request_version = "HTTP/1.1"
        if code in (414, 431):
            status, error = 431, "HEADERS_TOO_LARGE"
        else:
            status, error = 400, "BAD_REQUEST"
        self._send(status, {"error": {"code": error, "message": f"malformed HTTP request: {message}"}})

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            sys.stderr.write("harness: " + (format % args) + "\n")

    def _answer(self) -> None:
        try:
            status, body = 200, self._checked()
        except Refusal as r:
            self._drop_body()
            status, body = r.status, {"error": {"code": r.code, "message": r.message}}
            self._extra_headers = r.headers
        except OSError:  # the connection is gone: nothing to answer
            raise
        except Exception as e:  # a fault of the implementation: 500 INTERNAL (Table 5)
            self._drop_body()
            status, body = 500, {"error": {"code": "INTERNAL", "message": f"{type(e).__name__}: {e}"}}
            if self.server.verbose:
                import traceback

                traceback.print_exc()
        self._send(status, body)

    def _checked(self) -> Dict[str, Any]:
        """The checks of HAR-ERR-002, in order; the answer of the operation when all pass."""
        self._extra_headers: Tuple[Tuple[str, str], ...] = ()
        self._body_read = False
        srv = self.server
        if not self._authorized():  # 1. token (HAR-TRN-003)
            raise Refusal(401, "UNAUTHORIZED", "missing or wrong bearer token", (("WWW-Authenticate", "Bearer"),))
        path = self.path.split("?", 1)[0]
        name = path[len(BASE_PATH):] if path.startswith(BASE_PATH) else None
        if name == "info":
            method, operation = "GET", None
        elif name in OPERATIONS and (OPERATIONS[name][1] is None or OPERATIONS[name][1] in srv.capabilities):
            method, _, _, operation = OPERATIONS[name]
        else:  # 2. path (HAR-VER-002), and operations not listed (HAR-INFO-003)
            raise Refusal(404, "NOT_FOUND", f"no operation at {path}")
        if self.command != method:  # 3. method (HAR-ERR-003)
            raise Refusal(405, "METHOD_NOT_ALLOWED", f"{name} takes {method}", (("Allow", method),))
        if method == "GET":
            self._drop_body()  # the body of a GET is ignored (HAR-ERR-004)
            self._deadline.cancel()
            return srv.info
        if not _json_media_type(self.headers.get_all("Content-Type") or []):  # 4. media type
            raise Refusal(415, "UNSUPPORTED_MEDIA_TYPE", "the body must be application/json; charset utf-8")
        body = self._read_body()  # 5. size (HAR-LIM-001)
        self._deadline.cancel()  # the request has arrived
        request = parse_body(body)  # 6. JSON (HAR-API-003)
        return operation(srv.implementation, request)  # 7. schema, member values, the operation

    def _authorized(self) -> bool:
        values = self.headers.get_all("Authorization") or []
        scheme, _, token = values[0].strip().partition(" ") if len(values) == 1 else ("", "", "")
        presented = hashlib.sha256(token.strip().encode("utf-8", "surrogateescape")).digest()
        # compared as digests in constant time (spec/harness.md §1, implementation note)
        return scheme.lower() == "bearer" and hmac.compare_digest(presented, self.server.token_digest)

    def _read_body(self) -> bytes:
        """The body, read with the 4 MiB bound: 413 TOO_LARGE beyond it, never buffered further."""
        self._body_read = True
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            return self._read_chunked()
        length = self._content_length()
        if length > MAX_BODY:  # refused at once, before any of the body (HAR-LIM-004)
            self.close_connection = True
            raise Refusal(413, "TOO_LARGE", f"body of {length} bytes is over {MAX_BODY} bytes")
        body = self.rfile.read(length)
        if len(body) != length:
            raise ConnectionError("the body ended early")
        return body

    def _read_chunked(self) -> bytes:
        """A chunked body (one that does not announce its length), with the same bound; past the
        bound the chunks are read and dropped, up to DISCARD_LIMIT, then 413."""
        self.close_connection = True
        chunks, total = [], 0
        while True:
            line = self.rfile.readline(1024)
            try:
                size = int(line.split(b";")[0].strip(), 16)
            except ValueError:
                raise _bad("malformed chunk size") from None
            if size == 0:
                while self.rfile.readline(65537) not in (b"\r\n", b"\n", b""):
                    pass  # trailer fields
                if total > MAX_BODY:
                    raise Refusal(413, "TOO_LARGE", f"body over {MAX_BODY} bytes")
                return b"".join(chunks)
            total += size
            if total > MAX_BODY + DISCARD_LIMIT:
                raise Refusal(413, "TOO_LARGE", f"body over {MAX_BODY} bytes")
            chunk = self.rfile.read(size)
            if len(chunk) != size or self.rfile.readline(3) not in (b"\r\n", b"\n"):
                raise ConnectionError("the chunked body ended early")
            if total <= MAX_BODY:
                chunks.append(chunk)
            else:
                chunks = []  # dropped, never buffered beyond the limit

    def _content_length(self) -> int:
        text = (self.headers.get("Content-Length") or "0").strip()
        if not text.isdigit() or not text.isascii():
            self.close_connection = True
            raise _bad("malformed Content-Length")
        return int(text)

    def _drop_body(self) -> None:
        """After a refusal before the body was read: the refusal goes out at once, without waiting
        for the body (HAR-LIM-004), and the connection closes (after a linger, see _send)."""
        if getattr(self, "_body_read", False):
            return
        self._body_read = True
        if "Transfer-Encoding" in self.headers or (self.headers.get("Content-Length") or "0").strip() != "0":
            self.close_connection = True

    def _send(self, status: int, body: Dict[str, Any]) -> None:
        data = json.dumps(body, separators=(",", ":")).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")  # HAR-API-001, whatever the status
        self.send_header("Content-Length", str(len(data)))
        for key, value in getattr(self, "_extra_headers", ()):
            self.send_header(key, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":  # a HEAD answer has no body (RFC 9110 §9.3.2)
            self.wfile.write(data)
        self.wfile.flush()
        if self.close_connection:
            self._linger()

    def _linger(self) -> None:
        """Half-close, then read and drop what the client still sends for up to 2 s, so that it
        reads the answer rather than a connection reset (HAR-LIM-004)."""
        try:
            self.connection.shutdown(socket.SHUT_WR)
            deadline = time.monotonic() + 2.0
            while (left := deadline - time.monotonic()) > 0:
                self.connection.settimeout(left)
                if not self.connection.recv(65536):
                    break
        except OSError:
            pass


class StarterServer(ThreadingHTTPServer):
    """The harness on a loopback address: one thread per connection (HAR-LIM-003)."""

    daemon_threads = True
    request_queue_size = 1024  # 256 connections opened at once are queued, not refused (HAR-LIM-007)

    def __init__(self, port: int, token: str, implementation: Implementation, verbose: bool = False):
        if not _TOKEN.fullmatch(token):
            raise ValueError("the token must be an RFC 6750 b64token: [A-Za-z0-9._~+/-]+=*")
        self.token_digest = hashlib.sha256(token.encode("ascii")).digest()
        self.implementation = implementation
        self.capabilities = implemented_capabilities(implementation)
        self.verbose = verbose
        if "sign/envelope" in self.capabilities and implementation.identity() is None:
            raise ValueError("with sign/envelope, identity() must return your agent's identity")
        self.info = info(implementation, self.capabilities)
        super().__init__(("127.0.0.1", port), _Handler)  # loopback only (spec/harness.md §2)

    def get_request(self) -> Tuple[socket.socket, Any]:
        conn, address = super().get_request()
        # Status line and body leave in separate writes; with Nagle's algorithm the body waits for
        # the client's delayed ACK: about 40 ms per request (docs/performance.md).
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn, address


def main(implementation: Optional[Implementation] = None, argv: Optional[List[str]] = None) -> None:
    """Parse ``--port``, ``--token`` and ``--verbose``, start the harness and serve until killed."""
    parser = argparse.ArgumentParser(description="Web4 harness (conformance testing only)")
    parser.add_argument("--port", type=int, default=0, help="harness port on 127.0.0.1 (0: any free port)")
    parser.add_argument("--token", default=None, help="bearer token (default: 32 random bytes as hex)")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    token = args.token or secrets.token_hex(32)
    try:
        server = StarterServer(args.port, token, implementation or Implementation(), args.verbose)
    except (ValueError, OSError) as e:
        print(f"web4_harness: {e}", file=sys.stderr)
        raise SystemExit(2)
    print(f"harness http://127.0.0.1:{server.server_address[1]}/harness/v1 token={token}", flush=True)
    print("capabilities " + " ".join(server.capabilities), flush=True)
    print("ready", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
