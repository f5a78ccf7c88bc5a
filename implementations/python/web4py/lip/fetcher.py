"""The HTTP side of a fetch (spec/lip.md §4.4, Tables 4.4a and 4.4b): a small HTTP/1.1 client on
plain sockets, so that every limit is a real monotonic deadline rather than a per-read timeout.

* connection to a host: 1 s; one source (first connection attempt to the last byte of the final
  body, redirects included): 3 s; the whole fetch: 4 s from the LIP_FETCH's arrival;
* at most 3 redirects (301, 302, 303, 307, 308) per source, each target's tier judged before it is
  requested (never a request to a ``blocked`` URI);
* a body of at most 262,144 bytes (the client stops reading beyond it);
* ``GET`` with ``Accept: application/vnd.web4.evidence+json``, no body, no cookies, no credentials,
  no cache.

Each source ends with an :class:`Outcome`: a conforming document, or one reason of Table 4.4b."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, List, Optional, Tuple

from . import document as D
from . import uri as U

CONNECT_TIMEOUT = 1.0
SOURCE_TIMEOUT = 3.0
FETCH_TIMEOUT = 4.0
MAX_REDIRECTS = 3
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
MAX_HEAD = 65_536  # status line and header fields together
USER_AGENT = "web4py-lip/0.3"

REASONS = ("blocked", "redirect_blocked", "too_many_redirects", "bad_redirect", "connect", "transport",
           "timeout", "slow_body", "deadline", "http_status", "media_type", "too_large", "malformed")


@dataclass
class Outcome:
    listed: str  # the listed URI, normalized
    reason: Optional[str] = None  # None: a conforming document
    detail: str = ""
    status: Optional[int] = None  # of the final response, when one arrived
    final_uri: Optional[str] = None  # the normalized URI that served the document
    doc: Optional[dict] = None
    size: int = 0
    redirects: int = 0
    requests: List[str] = field(default_factory=list)  # URIs actually requested, in order
    tier: Optional[str] = None  # the final URI's tier when the body was complete
    completed_ns: Optional[int] = None  # the agent's clock then

    @property
    def ok(self) -> bool:
        return self.reason is None


class _Fail(Exception):
    def __init__(self, reason: str, detail: str = "", status: Optional[int] = None):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail
        self.status = status


class _Expired(Exception):
    """A deadline passed while waiting for bytes."""


class _Stream:
    """A socket read against a monotonic deadline."""

    def __init__(self, sock: socket.socket, deadline: float):
        self.sock = sock
        self.deadline = deadline
        self.buf = bytearray()
        self.eof = False

    def _fill(self) -> bool:
        if self.eof:
            return False
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise _Expired()
        self.sock.settimeout(left)
        try:
            chunk = self.sock.recv(65536)
        except (socket.timeout, TimeoutError):
            raise _Expired()
        except OSError as e:
            raise _Fail("transport", "receive failed: %s" % e)
        if not chunk:
            self.eof = True
            return False
        self.buf += chunk
        return True

    def line(self, limit: int) -> bytes:
        while True:
            i = self.buf.find(b"\n")
            if i >= 0:
                out = bytes(self.buf[: i + 1])
                del self.buf[: i + 1]
                return out
            if len(self.buf) > limit:
                raise _Fail("transport", "a response line longer than %d bytes" % limit)
            if not self._fill():
                raise _Fail("transport", "the connection closed inside the response head")

    def exact(self, n: int) -> bytes:
        while len(self.buf) < n:
            if not self._fill():
                raise _Fail("transport", "the connection closed inside the body")
        out = bytes(self.buf[:n])
        del self.buf[:n]
        return out

    def rest(self, limit: int) -> bytes:
        """Everything until the peer closes; more than ``limit`` bytes is too_large."""
        while not self.eof:
            if len(self.buf) > limit:
                raise _Fail("too_large", "more than %d bytes" % limit)
            self._fill()
        if len(self.buf) > limit:
            raise _Fail("too_large", "more than %d bytes" % limit)
        out = bytes(self.buf)
        self.buf.clear()
        return out


def _parse_head(stream: _Stream) -> Tuple[int, List[Tuple[str, str]]]:
    status_line = stream.line(MAX_HEAD)
    parts = status_line.rstrip(b"\r\n").split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or len(parts[1]) != 3 or not parts[1].isdigit():
        raise _Fail("transport", "not an HTTP/1.x status line")
    status = int(parts[1])
    headers: List[Tuple[str, str]] = []
    size = len(status_line)
    while True:
        line = stream.line(MAX_HEAD)
        size += len(line)
        if size > MAX_HEAD:
            raise _Fail("transport", "a response head longer than %d bytes" % MAX_HEAD)
        line = line.rstrip(b"\r\n")
        if not line:
            break
        name, colon, value = line.partition(b":")
        if not colon or not name or name != name.strip():
            raise _Fail("transport", "a malformed header field")
        try:
            headers.append((name.decode("ascii"), value.strip(b" \t").decode("latin-1")))
        except UnicodeDecodeError:
            raise _Fail("transport", "a malformed header field name")
    if 100 <= status < 200:
        # an interim response (we send no Expect): skip it
        return _parse_head(stream)
    return status, headers


def _header(headers, name: str) -> List[str]:
    return [v for n, v in headers if n.lower() == name]


def _read_body(stream: _Stream, headers, limit: int) -> bytes:
    te = [t.strip().lower() for v in _header(headers, "transfer-encoding") for t in v.split(",") if t.strip()]
    if te:
        if te[-1] != "chunked" or any(t not in ("chunked", "identity") for t in te):
            raise _Fail("transport", "an unsupported transfer coding")
        body = bytearray()
        while True:
            line = stream.line(1024).rstrip(b"\r\n")
            size_text = line.split(b";", 1)[0].strip()
            try:
                if not size_text or any(c not in b"0123456789abcdefABCDEF" for c in size_text):
                    raise ValueError
                n = int(size_text, 16)
            except ValueError:
                raise _Fail("transport", "a malformed chunk size")
            if n == 0:
                while stream.line(8192).rstrip(b"\r\n"):  # trailer fields
                    pass
                return bytes(body)
            if len(body) + n > limit:
                raise _Fail("too_large", "more than %d bytes" % limit)
            body += stream.exact(n)
            if stream.exact(2) != b"\r\n":
                raise _Fail("transport", "a chunk not followed by CRLF")
    lengths = _header(headers, "content-length")
    if lengths:
        values = {v.strip() for v in ",".join(lengths).split(",")}
        if len(values) != 1 or not next(iter(values)).isdigit():
            raise _Fail("transport", "a malformed Content-Length")
        n = int(next(iter(values)))
        if n > limit:
            raise _Fail("too_large", "Content-Length %d" % n)
        return stream.exact(n)
    return stream.rest(limit)


class Fetcher:
    """``tier_of(uri) -> tier`` judges a normalized URI under the agent's current rules."""

    def __init__(self, tier_of: Callable[[str], str], *, clock_ns: Callable[[], int] = time.time_ns,
                 connect_timeout: float = CONNECT_TIMEOUT,
                 source_timeout: float = SOURCE_TIMEOUT, fetch_timeout: float = FETCH_TIMEOUT,
                 max_redirects: int = MAX_REDIRECTS, max_body: int = D.MAX_BODY):
        self.tier_of = tier_of
        self.clock_ns = clock_ns
        self.connect_timeout = connect_timeout
        self.source_timeout = source_timeout
        self.fetch_timeout = fetch_timeout
        self.max_redirects = max_redirects
        self.max_body = max_body

    # ---------------------------------------------------------------------------------- all

    def fetch_all(self, uris: List[str], arrival: Optional[float] = None) -> List[Outcome]:
        """Fetch every (normalized, distinct) URI concurrently; returns their outcomes in the same
        order, all ended by ``arrival + fetch_timeout`` (monotonic)."""
        arrival = time.monotonic() if arrival is None else arrival
        fetch_deadline = arrival + self.fetch_timeout
        outcomes: List[Optional[Outcome]] = [None] * len(uris)
        threads = []
        for i, u in enumerate(uris):
            if self.tier_of(u) == "blocked":  # LIP-FET-002: never requested
                outcomes[i] = Outcome(u, "blocked", "the listed URI is blocked")
                continue

            def run(i=i, u=u):
                outcomes[i] = self.fetch_one(u, fetch_deadline)

            t = threading.Thread(target=run, name="lip-fetch", daemon=True)
            t.start()
            threads.append((i, t))
        for i, t in threads:
            t.join(max(0.0, fetch_deadline - time.monotonic()) + 0.25)
        for i, u in enumerate(uris):
            if outcomes[i] is None:  # still running past the deadline (should not happen)
                outcomes[i] = Outcome(u, "deadline", "the fetch's 4 s ended")
        return outcomes  # type: ignore[return-value]

    # ---------------------------------------------------------------------------------- one

    def fetch_one(self, listed: str, fetch_deadline: float) -> Outcome:
        out = Outcome(listed)
        start = time.monotonic()
        source_deadline = start + self.source_timeout
        current = listed
        try:
            if self.tier_of(current) == "blocked":
                raise _Fail("blocked", "the listed URI is blocked")
            while True:
                status, headers, body = self._request(current, out, source_deadline, fetch_deadline)
                if status in REDIRECT_STATUSES:
                    current = self._redirect_target(current, headers, out)
                    continue
                out.status = status
                doc, reason, detail = D.judge_body(body)
                if reason is not None:
                    raise _Fail(reason, detail, status)
                out.final_uri, out.doc, out.size = current, doc, len(body)
                out.tier, out.completed_ns = self.tier_of(current), self.clock_ns()
                return out
        except _Fail as f:
            out.reason, out.detail = f.reason, f.detail
            if f.status is not None:
                out.status = f.status
            return out

    def _redirect_target(self, current: str, headers, out: Outcome) -> str:
        if out.redirects >= self.max_redirects:  # a fourth redirect response, whatever its Location
            raise _Fail("too_many_redirects", "a redirect after %d" % out.redirects)
        locations = _header(headers, "location")
        if len(locations) != 1 or not locations[0]:
            raise _Fail("bad_redirect", "a redirect without one Location")
        location = locations[0].split("#", 1)[0]  # a fragment is never requested
        try:
            target = U.normalize(U.resolve(current, location))
        except (U.UriError, ValueError, AttributeError):
            raise _Fail("bad_redirect", "Location %r is not an http-uri" % locations[0])
        if self.tier_of(target) == "blocked":  # LIP-FET-005: judged before it is requested
            raise _Fail("redirect_blocked", "redirect to blocked %s" % target)
        out.redirects += 1
        return target

    def _which(self, source_deadline: float, fetch_deadline: float, what: str) -> _Fail:
        if fetch_deadline <= source_deadline and time.monotonic() >= fetch_deadline - 0.001:
            return _Fail("deadline", "the fetch's %g s ended" % self.fetch_timeout)
        return _Fail(what, "the source's %g s ended" % self.source_timeout)

    def _request(self, current: str, out: Outcome, source_deadline: float, fetch_deadline: float):
        """One request; returns (status, headers, body or None for a redirect)."""
        u = U.parse(current)
        deadline = min(source_deadline, fetch_deadline)
        sock = self._connect(u, deadline, source_deadline, fetch_deadline)
        out.requests.append(current)
        try:
            request = (
                "GET %s HTTP/1.1\r\nHost: %s\r\nAccept: %s\r\nAccept-Encoding: identity\r\n"
                "User-Agent: %s\r\nConnection: close\r\n\r\n" % (u.target, u.authority, D.MEDIA_TYPE, USER_AGENT)
            ).encode("ascii")
            try:
                sock.settimeout(max(0.001, deadline - time.monotonic()))
                sock.sendall(request)
            except (socket.timeout, TimeoutError):
                raise self._which(source_deadline, fetch_deadline, "timeout")
            except OSError as e:
                raise _Fail("transport", "send failed: %s" % e)
            stream = _Stream(sock, deadline)
            try:
                status, headers = _parse_head(stream)
            except _Expired:
                raise self._which(source_deadline, fetch_deadline, "timeout")
            if status in REDIRECT_STATUSES:
                return status, headers, None
            # Judged in the order of §4.4 -- status, headers, size, body -- as soon as each can be:
            # the body of a response whose status or headers already fail is not read (FINDINGS-lip
            # F-LIP-02); a body longer than the limit is not read further.
            reason = D.judge_headers(status, headers)
            if reason is not None:
                raise _Fail(reason, "status %d" % status, status)
            try:
                body = _read_body(stream, headers, self.max_body)
            except _Expired:
                raise self._which(source_deadline, fetch_deadline, "slow_body")
            except _Fail as f:
                f.status = status
                raise
            return status, headers, body
        finally:
            try:
                sock.close()
            except OSError:
                pass

    def _connect(self, u: U.Uri, deadline: float, source_deadline: float, fetch_deadline: float) -> socket.socket:
        host = u.host[1:-1] if u.host.startswith("[") else u.host
        port = int(u.port) if u.port else int(U.DEFAULT_PORTS[u.scheme])
        connect_deadline = min(deadline, time.monotonic() + self.connect_timeout)
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as e:
            raise _Fail("connect", "cannot resolve %s: %s" % (host, e))
        last = None
        for family, socktype, proto, _, addr in infos:
            left = connect_deadline - time.monotonic()
            if left <= 0:
                break
            sock = socket.socket(family, socktype, proto)
            try:
                sock.settimeout(left)
                sock.connect(addr)
                if u.scheme == "https":  # TLS within the same 1 s (platform default verification)
                    import ssl

                    sock.settimeout(max(0.001, connect_deadline - time.monotonic()))
                    sock = ssl.create_default_context().wrap_socket(sock, server_hostname=host)
                return sock
            except (socket.timeout, TimeoutError) as e:
                last = e
                sock.close()
            except OSError as e:
                last = e
                sock.close()
        if time.monotonic() >= connect_deadline - 0.001 and connect_deadline >= deadline - 0.001:
            raise self._which(source_deadline, fetch_deadline, "timeout")
        raise _Fail("connect", "no connection to %s:%d (%s)" % (host, port, last))
