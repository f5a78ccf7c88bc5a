"""The harness control API 1.1 (spec/harness.md) on :mod:`http.server`.

Start it with :func:`start_harness`. The server

* listens on a loopback address only (``127.0.0.1``, ``::1`` or ``localhost``; anything else is a
  :class:`ValueError`), operational rule of spec/harness.md §2;
* requires ``Authorization: Bearer <token>`` on every request (HAR-TRN-003; the token is compared as
  SHA-256 digests with :func:`hmac.compare_digest`);
* checks every request in the order of HAR-ERR-002 — token (401), path (404, including an operation
  whose capability is not listed, HAR-INFO-003), method (405 with ``Allow``), media type (415), body
  size (413), JSON (400), request schema and member values (400) — and answers every refusal with
  the JSON error body of Table 5;
* reads at most 4 MiB of body (``Content-Length`` or chunked; HAR-LIM-001) and gives each request
  :attr:`HarnessServer.request_timeout` seconds (default 30, at most 60; HAR-LIM-002) to arrive
  completely, after which the connection is closed;
* serves the vector operations itself (``info``, ``reset``, ``canonicalize``, ``sign/raw``,
  ``verify/raw``, ``sign/envelope``, ``verify/envelope``) and routes the RTT/CIP/events operations to
  an optional *agent* (:class:`Agent`). Without an agent those operations answer 404 and their
  capabilities are not listed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import ipaddress
import re
import secrets
import socket
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Protocol, Sequence, Tuple, runtime_checkable

from . import ed25519, ijson, jcs
from .envelope import (
    INVALID_ENVELOPE,
    MAX_ENVELOPE_BYTES,
    SIGNATURE_MISMATCH,
    Receiver,
    ReplayCache,
    parse_timestamp,
    signature_input,
)
from .schema import Registry, default_registry

__all__ = [
    "Agent",
    "RefusedError",
    "HarnessServer",
    "start_harness",
    "HARNESS_VERSION",
    "BASE_PATH",
    "MAX_BODY",
    "IMPLEMENTATION_NAME",
    "IMPLEMENTATION_VERSION",
]

HARNESS_VERSION = "1.4"
BASE_PATH = "/harness/v1/"
MAX_BODY = 4 * 1024 * 1024  # HAR-LIM-001
MAX_REQUEST_SECONDS = 60.0  # HAR-LIM-002 upper bound
DEFAULT_REQUEST_SECONDS = 30.0
MIN_EVENTS_LIMIT, MAX_EVENTS_LIMIT = 1, 1000  # HAR-EVT-001 / HAR-API-003 (spec 0.4.0)
IMPLEMENTATION_NAME = "web4py"
IMPLEMENTATION_VERSION = "0.1.0"
_TOKEN_RE = re.compile(r"[A-Za-z0-9._~+/-]+=*")  # RFC 6750 b64token


# --- the agent interface --------------------------------------------------------------------------


class RefusedError(Exception):
    """Raised by :meth:`Agent.dial` when the RTT handshake failed or the connection could not be made.

    ``code`` is normally ``HANDSHAKE`` (also for a TCP connection that could not be made,
    spec/harness.md §4.7); the harness answers every refusal with ``HANDSHAKE`` and keeps any other
    code in the message.
    """

    def __init__(self, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message


@runtime_checkable
class Agent(Protocol):
    """What the harness needs from the agent behind the RTT/CIP/events operations.

    The harness validates every request against its schema before calling a method, so arguments are
    always well-formed (ints are ``int``, fingerprints lowercase hex, states from the enumerations).
    Methods may be called concurrently from several harness threads. Any exception other than
    :class:`RefusedError` from :meth:`dial` is answered 500 ``INTERNAL``.

    Identity: the agent exposes ``agent_id`` (str) and ``public_key`` (the 32 raw Ed25519 public-key
    bytes), or instead an ``identity`` attribute that has them; when an agent is given, ``GET info``
    reports this identity (``backend_identity`` is used only without an agent). ``pubkey`` (32 bytes
    or the base64 string) is accepted instead of ``public_key``.

    Refusals: :meth:`dial` raises :class:`RefusedError`, or any exception with ``code`` and
    ``message`` attributes (so an agent module need not import this one).

    Optional: ``harness_capabilities`` — a subset of ``("rtt", "clock", "clock/hold", "cip", "events", "hcp",
    "lip")`` the agent implements (default: the four, ``hcp`` when the agent has ``hcp_operation``, ``lip`` when
    it has ``lip_queue`` and ``clock/hold`` when it has ``hold_clock() -> str``, HAR-CLK-002); operations of capabilities not listed answer 404. ``lip``
    (harness.md §4.13) needs ``lip_sources()``, ``lip_set_sources(rules)`` (ValueError: 400) and
    ``lip_queue()``. ``mesh`` (harness.md §4.14, listed when the agent has ``mesh_send``) needs
    ``mesh_routes()`` and ``mesh_send(request)``; ``protocols`` then names ``mesh`` (HAR-INFO-006).
    """

    def dial(self, host: str, port: int, expect_fingerprint: Optional[str]) -> Dict[str, Any]:
        """``POST rtt/dial`` (HAR-RTT-001): connect to ``host:port``, run the RTT handshake as
        initiator (refusing any responder other than ``expect_fingerprint`` when not None) and return
        the CONN object ``{"peer_agent_id", "peer_fingerprint", "state", "channels", "send_queue"}``
        (``send_queue``: ``{"messages", "bytes"}``, HAR-RTT-003), or raise
        :class:`RefusedError`."""
        ...

    def connections(self) -> Tuple[List[Dict[str, Any]], int]:
        """``GET rtt/connections`` (HAR-RTT-002): (the CONN objects of every established, not closed
        connection; the number of connections still in the handshake)."""
        ...

    def advance_clock(self, seconds: int) -> str:
        """``POST clock/advance`` (HAR-CLK-001): move the agent clock forward, return its new time as
        a timestamp of spec/envelope.md §8."""
        ...

    def trust(self) -> Dict[str, str]:
        """``GET trust`` (HAR-CIP-001): fingerprint -> trust state, for every peer not ``untrusted``
        (others may be included)."""
        ...

    def add_anchors(self, fingerprints: List[str]) -> Optional[List[str]]:
        """``POST trust/anchors`` (HAR-CIP-001): make each fingerprint a trust anchor. May return the
        list to report in ``anchors`` (e.g. every configured anchor); None reports the request's
        fingerprints."""
        ...

    def override_trust(self, fingerprint: str, state: str) -> None:
        """``POST trust/override`` (HAR-CIP-001): set the peer's state (the ``override`` event)."""
        ...

    def set_load(self, presence: str, lri: int) -> None:
        """``POST state/local`` (HAR-CIP-002): set the local presence and load index."""
        ...

    def facts(self) -> List[Dict[str, Any]]:
        """``GET knowledge`` (HAR-CIP-003): ``[{"fact_ref", "proposer", "status", "confirmed_by"}]``."""
        ...

    def events(self, since: int, limit: int) -> Tuple[List[Dict[str, Any]], int]:
        """``POST events`` (HAR-EVT-001): (events with seq > since, oldest first, at most limit; the
        seq of the last event reported, 0 when none since start or reset)."""
        ...

    def reset(self) -> None:
        """``POST reset`` (HAR-RST-001): fresh state — replay memory, connections' state, trust,
        anchors, facts, load, events (seq restarts at 1) — and the clock back to real time."""
        ...


# --- operations -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Op:
    method: str
    schema: str  # schemas/harness/<schema>.request/response.schema.json
    capability: Optional[str]
    handler: str  # name of the _Operations method


OPERATIONS: Dict[str, _Op] = {
    "info": _Op("GET", "info", None, "op_info"),
    "reset": _Op("POST", "reset", None, "op_reset"),
    "canonicalize": _Op("POST", "canonicalize", "canonicalize", "op_canonicalize"),
    # harness 1.1 capabilities (spec/harness.md Table 4): harness 1.0's sign and verify, split
    "sign/raw": _Op("POST", "sign_raw", "sign/raw", "op_sign_raw"),
    "verify/raw": _Op("POST", "verify_raw", "verify/raw", "op_verify_raw"),
    "sign/envelope": _Op("POST", "sign_envelope", "sign/envelope", "op_sign_envelope"),
    "verify/envelope": _Op("POST", "verify_envelope", "verify/envelope", "op_verify_envelope"),
    "rtt/dial": _Op("POST", "rtt_dial", "rtt", "op_rtt_dial"),
    "rtt/connections": _Op("GET", "rtt_connections", "rtt", "op_rtt_connections"),
    # harness.md §4.8: capability mesh, since mesh/send is how the kit fills a send queue
    "rtt/send_queue": _Op("POST", "rtt_send_queue", "mesh", "op_rtt_send_queue"),
    # harness 1.2 (harness.md §4.15): RTT 1.1 session resume on or off (HAR-RES-001)
    "rtt/resume": _Op("POST", "rtt_resume", "rtt_resume", "op_rtt_resume"),
    # harness 1.3 (harness.md §4.16): the IUT sends on, and reports, named channels (HAR-RES-003/004)
    "rtt/send": _Op("POST", "rtt_send", "rtt_send", "op_rtt_send"),
    "rtt/inbox": _Op("GET", "rtt_inbox", "rtt_send", "op_rtt_inbox"),
    "clock/advance": _Op("POST", "clock_advance", "clock", "op_clock_advance"),
    # harness 1.2 (harness.md §4.9, HAR-CLK-002/003): its own capability, listed when the agent can
    "clock/hold": _Op("POST", "clock_hold", "clock/hold", "op_clock_hold"),
    "trust": _Op("GET", "trust", "cip", "op_trust"),
    "trust/anchors": _Op("POST", "trust_anchors", "cip", "op_trust_anchors"),
    "trust/override": _Op("POST", "trust_override", "cip", "op_trust_override"),
    "state/local": _Op("POST", "state_local", "cip", "op_state_local"),
    "events": _Op("POST", "events", "events", "op_events"),
    "knowledge": _Op("GET", "knowledge", "cip", "op_knowledge"),
    # HCP (harness.md §4.12): handed to the agent's hcp_operation(name, request)
    "human/state": _Op("POST", "human_state", "hcp", "op_hcp"),
    "human/consent": _Op("POST", "human_consent", "hcp", "op_hcp"),
    "human/intent": _Op("POST", "human_intent", "hcp", "op_hcp"),
    "human/decision": _Op("POST", "human_decision", "hcp", "op_hcp"),
    "human/check-in": _Op("POST", "human_check_in", "hcp", "op_hcp"),
    "hcp/sessions": _Op("GET", "hcp_sessions", "hcp", "op_hcp"),
    # harness.md §4.13: one path, two methods
    "lip/sources": (_Op("GET", "lip_sources_get", "lip", "op_lip_sources"),
                    _Op("POST", "lip_sources", "lip", "op_lip_set_sources")),
    "lip/queue": _Op("GET", "lip_queue", "lip", "op_lip_queue"),
    # harness.md §4.14
    "mesh": _Op("GET", "mesh", "mesh", "op_mesh"),
    "mesh/send": _Op("POST", "mesh_send", "mesh", "op_mesh_send"),
}

BUILTIN_CAPABILITIES = ("canonicalize", "sign/raw", "sign/envelope", "verify/raw", "verify/envelope")
AGENT_CAPABILITIES = ("rtt", "clock", "clock/hold", "cip", "events", "hcp", "lip", "mesh", "rtt_resume", "rtt_send",
                      "rtt_dial_resume")


class _BadRequest(Exception):
    pass


def _identity_fields(obj: Any) -> Dict[str, str]:
    """agent_id / pubkey / fingerprint of an identity-like object (spec/envelope.md §2).

    Accepts an object with ``agent_id`` and ``public_key`` (32 bytes) or ``pubkey`` (32 bytes or the
    base64 string), or an object whose ``identity`` attribute is such an object."""
    if not hasattr(obj, "agent_id") and hasattr(obj, "identity"):
        obj = obj.identity
    agent_id = getattr(obj, "agent_id")
    pk = getattr(obj, "public_key", None)
    if pk is None:
        pk = getattr(obj, "pubkey")
    if isinstance(pk, str):
        pk = base64.b64decode(pk, validate=True)
    pk = bytes(pk)
    if len(pk) != 32:
        raise ValueError("an identity's public key is 32 bytes")
    return {"agent_id": agent_id, "pubkey": ed25519.pubkey_b64(pk), "fingerprint": ed25519.fingerprint(pk)}


def _hex(b: bytes) -> str:
    return bytes(b).hex()


class _Operations:
    """The operation implementations; each takes the validated request object (None for GET)."""

    def __init__(self, server: "HarnessServer"):
        self.server = server

    @property
    def agent(self):
        return self.server.agent

    def op_info(self, req):
        s = self.server
        ident = s.agent if s.agent is not None else s.identity
        return {
            "harness_version": HARNESS_VERSION,
            "implementation": {"name": s.implementation[0], "version": s.implementation[1]},
            "protocols": dict({"cip": ["1.0"], "hcp": ["1.0"], "lip": ["1.0"]},
                              **({"mesh": ["1.0"]} if "mesh" in s.capabilities else {})),  # HAR-INFO-006
            "profiles": list(s.profiles),
            "capabilities": list(s.capabilities),
            "identity": _identity_fields(ident),
        }

    def op_reset(self, req):
        if self.agent is not None:
            self.agent.reset()
        return {"reset": True}

    def op_canonicalize(self, req):
        data = bytes.fromhex(req["input"])
        try:
            value = ijson.parse(data, max_size=MAX_ENVELOPE_BYTES, max_depth=ijson.MAX_DEPTH)
        except ijson.IJsonError as e:
            return {"result": "invalid", "error": {"code": INVALID_ENVELOPE, "message": str(e)}}
        return {"result": "valid", "output": _hex(jcs.canonicalize(value))}

    def op_sign_raw(self, req):
        seed = bytes.fromhex(req["seed"])
        msg = bytes.fromhex(req["msg"])
        return {"pk": _hex(ed25519.public_key(seed)), "sig": _hex(ed25519.sign(seed, msg))}

    def op_verify_raw(self, req):
        pk = bytes.fromhex(req["pk"])
        msg = bytes.fromhex(req["msg"])
        sig = bytes.fromhex(req["sig"])
        reason = ed25519.check(pk, msg, sig)  # wrong lengths are a verdict (HAR-VRF-001)
        if reason is None:
            return {"result": "valid"}
        return {"result": "invalid", "error": {"code": SIGNATURE_MISMATCH, "message": f"signature refused ({reason})"}}

    def op_sign_envelope(self, req):
        seed = bytes.fromhex(req["seed"])
        data = bytes.fromhex(req["unsigned"])
        try:
            value = ijson.parse(data, max_size=MAX_ENVELOPE_BYTES, max_depth=ijson.MAX_DEPTH)
        except ijson.IJsonError as e:
            return {"result": "invalid", "error": {"code": INVALID_ENVELOPE, "message": str(e)}}
        if not isinstance(value, dict):
            return {"result": "invalid", "error": {"code": INVALID_ENVELOPE, "message": "not a JSON object"}}
        sig = ed25519.sign(seed, signature_input(value))
        sign = {"algo": "ed25519", "signature": base64.b64encode(sig).decode("ascii")}
        signed = {k: v for k, v in value.items() if k != "sign"}
        signed["sign"] = sign
        return {"result": "valid", "envelope": _hex(jcs.canonicalize(signed)), "sign": sign}

    def op_verify_envelope(self, req):
        # HAR-VEN-002/003: a fresh receiver with an empty replay memory for every request.
        receiver = Receiver(ReplayCache(), self.server.registry)
        for p in req.get("preceding", []):
            receiver.validate(bytes.fromhex(p["envelope"]), parse_timestamp(p["now"]))
        verdict = receiver.validate(bytes.fromhex(req["envelope"]), parse_timestamp(req["now"]))
        return verdict.as_harness()

    # -- agent operations --------------------------------------------------------------------------

    def op_rtt_dial(self, req):
        port = int(req["port"])
        keep = bool(req.get("resume", False))
        if keep:
            # HAR-RES-005 (harness 1.4): 400 without the capability, without a fingerprint to resume
            # or with RTT 1.1 off
            if "rtt_dial_resume" not in self.server.capabilities:
                raise _Refusal(400, "BAD_REQUEST", "no resuming rtt/dial (capability rtt_dial_resume)")
            if req["expect_fingerprint"] is None:
                raise _Refusal(400, "BAD_REQUEST", "resume needs expect_fingerprint")
            if not self.agent.resume_enabled():
                raise _Refusal(400, "BAD_REQUEST", "resume needs RTT 1.1 on (rtt/resume)")
        try:
            if keep:
                conn = self.agent.dial_keeping(req["host"], port, req["expect_fingerprint"])
            else:
                conn = self.agent.dial(req["host"], port, req["expect_fingerprint"])
        except Exception as e:
            # RefusedError, or any exception carrying a code and a message (duck-typed, so that an
            # agent may define its own refusal class)
            if not isinstance(e, RefusedError) and not (hasattr(e, "code") and hasattr(e, "message")):
                raise
            # HAR-RTT-001 (prose, normative): a failed dial is refused with HANDSHAKE, also when the
            # TCP connection could not be made. The response schema also allows TIMEOUT; the prose
            # wins (FINDINGS.md F-HAR-05), the agent's own code is kept in the message.
            message = e.message if e.code == "HANDSHAKE" else f"{e.code}: {e.message}"
            return {"result": "refused", "error": {"code": "HANDSHAKE", "message": str(message)}}
        return {"result": "connected", "connection": conn}

    def op_rtt_connections(self, req):
        conns, handshaking = self.agent.connections()
        return {"connections": list(conns), "handshaking": int(handshaking)}

    def op_rtt_send_queue(self, req):
        return self.agent.set_send_queue_policy(req)  # HAR-RTT-004

    def op_rtt_resume(self, req):
        return {"enabled": self.agent.set_resume(bool(req["enabled"]))}  # HAR-RES-001

    def op_rtt_send(self, req):
        accepted = self.agent.send_named(req["peer_fingerprint"], req["channel"],
                                         bytes.fromhex(req["data"]), int(req["count"]))
        return {"accepted": int(accepted)}  # HAR-RES-003

    def op_rtt_inbox(self, req):
        return {"channels": list(self.agent.inbox())}  # HAR-RES-004

    def op_clock_advance(self, req):
        return {"now": self.agent.advance_clock(int(req["seconds"]))}

    def op_clock_hold(self, req):
        return {"now": self.agent.hold_clock()}

    def op_trust(self, req):
        peers = self.agent.trust()
        return {"peers": [{"fingerprint": fp, "state": st} for fp, st in sorted(peers.items())]}

    def op_trust_anchors(self, req):
        fps = list(req["fingerprints"])
        result = self.agent.add_anchors(fps)
        return {"anchors": list(result) if result is not None else fps}

    def op_trust_override(self, req):
        self.agent.override_trust(req["fingerprint"], req["state"])
        return {"fingerprint": req["fingerprint"], "state": req["state"]}

    def op_state_local(self, req):
        lri = int(req["lri"])
        self.agent.set_load(req["presence"], lri)
        return {"presence": req["presence"], "lri": lri}

    def op_events(self, req):
        limit = int(req["limit"])
        if not MIN_EVENTS_LIMIT <= limit <= MAX_EVENTS_LIMIT:
            # spec 0.4.0 (interop finding 9), HAR-API-003; also when the request schema still allows 0
            raise _Refusal(400, "BAD_REQUEST", f"limit must be {MIN_EVENTS_LIMIT}..{MAX_EVENTS_LIMIT}, not {limit}")
        events, last = self.agent.events(int(req["since"]), limit)
        return {"events": list(events), "last": int(last)}

    def op_knowledge(self, req):
        return {"facts": list(self.agent.facts())}

    def op_hcp(self, req, name):
        return self.agent.hcp_operation(name, req)

    def op_lip_sources(self, req):
        return {"sources": list(self.agent.lip_sources())}

    def op_lip_set_sources(self, req):
        try:
            return {"sources": list(self.agent.lip_set_sources(req["sources"]))}
        except ValueError as e:  # a prefix with a query, two equal prefixes (HAR-LIP-001)
            raise _Refusal(400, "BAD_REQUEST", str(e))

    def op_lip_queue(self, req):
        return {"items": list(self.agent.lip_queue())}

    def op_mesh(self, req):
        return self.agent.mesh_routes()

    def op_mesh_send(self, req):
        return self.agent.mesh_send(req)


# --- HTTP -----------------------------------------------------------------------------------------


class _Refusal(Exception):
    def __init__(self, status: int, code: str, message: str, headers: Sequence[Tuple[str, str]] = ()):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = tuple(headers)


class _Disconnected(Exception):
    """The client went away or the request timed out before it arrived completely."""


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # The status line and headers go out in one write and the body in another; with Nagle's
    # algorithm the body then waits for the client's delayed ACK (about 40 ms a request, measured).
    disable_nagle_algorithm = True
    server_version = "web4py-harness/" + IMPLEMENTATION_VERSION
    server: "HarnessServer"

    def version_string(self):
        return self.server_version

    # -- per-request deadline (HAR-LIM-002) --------------------------------------------------------

    def setup(self):
        self.timeout = self.server.request_timeout
        super().setup()
        self._guard = threading.Lock()
        self._receiving = False
        self._timer: Optional[threading.Timer] = None

    def _arm(self):
        with self._guard:
            self._receiving = True
        self._timer = threading.Timer(self.server.request_timeout, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def _disarm(self):
        with self._guard:
            self._receiving = False
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expire(self):
        with self._guard:
            if not self._receiving:
                return
            self._receiving = False
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    # -- request loop ------------------------------------------------------------------------------

    def handle_one_request(self):
        self._arm()
        try:
            try:
                self.raw_requestline = self.rfile.readline(65537)
            except OSError:
                self.close_connection = True
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if len(self.raw_requestline) > 65536:
                self.requestline = ""
                self.request_version = "HTTP/1.1"
                self.command = ""
                self._send_json(431, {"error": {"code": "HEADERS_TOO_LARGE", "message": "request line too long"}}, close=True)
                self._linger()
                return
            if not self.parse_request():  # parse_request answered through send_error
                return
            if self.request_version == "HTTP/0.9":  # no headers, so no token: not served
                self.send_error(400, "HTTP/0.9 is not supported")
                return
            self._process()
        except _Disconnected:
            self.close_connection = True
        except OSError:
            self.close_connection = True
        except Exception as e:  # never leave a request without an answer (HAR-ERR-005)
            self.close_connection = True
            if self.server.verbose:
                import traceback

                traceback.print_exc()
            try:
                self._send_json(500, {"error": {"code": "INTERNAL", "message": f"{type(e).__name__}"}}, close=True)
            except Exception:
                pass
        finally:
            self._disarm()
        try:
            self.wfile.flush()
        except OSError:
            self.close_connection = True

    def handle_expect_100(self):
        # "100 Continue" is sent only when the request passed every check before the body (see _body).
        return True

    def send_error(self, code, message=None, explain=None):
        """Errors raised by http.server's own parsing: an over-long header line or too many headers
        is a JSON 431 HEADERS_TOO_LARGE (HAR-LIM-005), anything else (bad request line, unsupported
        HTTP version) a JSON 400 BAD_REQUEST (HAR-API-001); the connection is closed after a linger."""
        self.close_connection = True
        if getattr(self, "request_version", None) in (None, "HTTP/0.9"):
            self.request_version = "HTTP/1.1"
        text = message or self.responses.get(code, ("error",))[0]
        if code in (414, 431):
            status, error = 431, "HEADERS_TOO_LARGE"
        else:
            status, error = 400, "BAD_REQUEST"
        try:
            self._send_json(status, {"error": {"code": error, "message": f"malformed HTTP request: {text}"}}, close=True)
            self._linger()
        except OSError:
            pass

    def log_message(self, format, *args):
        if self.server.verbose:
            sys.stderr.write("harness %s - %s\n" % (self.address_string(), format % args))

    # -- the checks of HAR-ERR-002, in order -------------------------------------------------------

    def _process(self):
        srv = self.server
        body_pending = self._has_body()
        try:
            # 1. token (401)
            if not self._authorized():
                raise _Refusal(401, "UNAUTHORIZED", "missing or wrong bearer token", [("WWW-Authenticate", "Bearer")])
            # 2. path (404), including operations whose capability is not listed (HAR-INFO-003)
            name = self._operation_name()
            op = OPERATIONS.get(name) if name is not None else None
            ops = op if isinstance(op, tuple) else (op,)
            if op is None or (ops[0].capability is not None and ops[0].capability not in srv.capabilities):
                raise _Refusal(404, "NOT_FOUND", f"no operation at {self._target_path()!r}")
            # 3. method (405)
            op = next((o for o in ops if o.method == self.command), None)
            if op is None:
                allow = ", ".join(o.method for o in ops)
                raise _Refusal(405, "METHOD_NOT_ALLOWED", f"{name} takes {allow}", [("Allow", allow)])
            request = None
            if op.method == "POST":
                # 4. media type (415)
                if not _is_json_media_type(self.headers.get_all("Content-Type") or []):
                    raise _Refusal(415, "UNSUPPORTED_MEDIA_TYPE", "the body must be application/json (charset utf-8)")
                # 5. body size (413)
                body = self._body()
                body_pending = False
                self._disarm()
                # 6. JSON (400)
                try:
                    request = ijson.parse(body, max_size=None, max_depth=ijson.MAX_DEPTH, max_values=None)
                except ijson.IJsonError as e:
                    raise _Refusal(400, "BAD_REQUEST", f"the body is not I-JSON: {e}")
                # 7. request schema and member values (400)
                err = srv.registry.first_error(request, f"harness/{op.schema}.request.schema.json")
                if err is not None:
                    raise _Refusal(400, "BAD_REQUEST", f"request does not match its schema: {err}")
            else:
                # the body of a GET is ignored (HAR-ERR-004), but it is read so that the connection
                # stays usable
                self._discard_body()
                body_pending = False
                self._disarm()
            try:
                handler = getattr(srv.operations, op.handler)
                response = handler(request, name) if op.capability == "hcp" else handler(request)
                body = jcs.canonicalize(response)
            except _Refusal:
                raise
            except Exception as e:  # a fault of the IUT
                if srv.verbose:
                    import traceback

                    traceback.print_exc()
                raise _Refusal(500, "INTERNAL", f"{type(e).__name__}: {e}")
            self._send_json(200, body)
        except _Refusal as r:
            if body_pending:
                # HAR-LIM-004: the refusal goes out at once, while the body may still be on its way
                # (or never come); then the connection is closed, after a linger so that the client
                # reads the refusal rather than a reset.
                self._send_json(r.status, {"error": {"code": r.code, "message": r.message}}, r.headers, close=True)
                self._linger()
                return
            self._send_json(r.status, {"error": {"code": r.code, "message": r.message}}, r.headers)

    def _authorized(self) -> bool:
        values = self.headers.get_all("Authorization") or []
        if len(values) != 1:
            return False
        parts = values[0].strip().split(None, 1)
        if len(parts) != 2 or parts[0].lower() != "bearer":
            return False
        presented = parts[1].strip()
        return hmac.compare_digest(
            hashlib.sha256(presented.encode("utf-8", "surrogateescape")).digest(), self.server.token_digest
        )

    def _target_path(self) -> str:
        target = self.path
        if "://" in target.split("?", 1)[0]:  # absolute-form request target
            rest = target.split("://", 1)[1]
            slash = rest.find("/")
            target = rest[slash:] if slash >= 0 else "/"
        return target.split("?", 1)[0].split("#", 1)[0]

    def _operation_name(self) -> Optional[str]:
        path = self._target_path()
        if not path.startswith(BASE_PATH):
            return None
        return path[len(BASE_PATH):]

    # -- body handling -----------------------------------------------------------------------------

    def _has_body(self) -> bool:
        if self.headers.get("Transfer-Encoding") is not None:
            return True
        cl = self.headers.get("Content-Length")
        return cl is not None and cl.strip() not in ("0", "")

    def _content_length(self) -> Optional[int]:
        values = self.headers.get_all("Content-Length") or []
        if not values:
            return None
        parsed = set()
        for v in values:
            for item in v.split(","):
                item = item.strip()
                if not item.isdigit() or not item.isascii():
                    raise _Refusal(400, "BAD_REQUEST", "malformed Content-Length")
                parsed.add(int(item))
        if len(parsed) != 1:
            raise _Refusal(400, "BAD_REQUEST", "conflicting Content-Length values")
        return parsed.pop()

    def _chunked(self) -> bool:
        te = self.headers.get_all("Transfer-Encoding")
        if not te:
            return False
        codings = [c.strip().lower() for v in te for c in v.split(",") if c.strip()]
        if codings != ["chunked"]:
            raise _Refusal(400, "BAD_REQUEST", f"unsupported Transfer-Encoding {', '.join(codings)}")
        self.close_connection = True  # be conservative with framing after a chunked body
        return True

    def _continue(self):
        expect = (self.headers.get("Expect") or "").strip().lower()
        if expect == "100-continue" and self.request_version >= "HTTP/1.1":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            self.wfile.flush()

    def _read_exact(self, n: int) -> bytes:
        data = self.rfile.read(n)
        if data is None or len(data) != n:
            raise _Disconnected()
        return data

    def _body(self) -> bytes:
        """Read the body with the 4 MiB bound (HAR-LIM-001); refusal 413 beyond it."""
        limit = MAX_BODY
        if self._chunked():
            self._continue()
            chunks = []
            total = 0
            while True:
                line = self.rfile.readline(4096)
                if not line.endswith(b"\n"):
                    raise _Disconnected() if not line or len(line) < 4096 else _Refusal(400, "BAD_REQUEST", "malformed chunk")
                size_text = line.split(b";", 1)[0].strip()
                try:
                    size = int(size_text, 16)
                    if not re.fullmatch(rb"[0-9A-Fa-f]+", size_text):
                        raise ValueError
                except ValueError:
                    raise _Refusal(400, "BAD_REQUEST", "malformed chunk size")
                if size == 0:
                    break
                total += size
                if total > limit:
                    raise _Refusal(413, "TOO_LARGE", f"body over {limit} bytes")
                chunks.append(self._read_exact(size))
                if self._read_exact(2) not in (b"\r\n",):
                    raise _Refusal(400, "BAD_REQUEST", "malformed chunk")
            # trailer section
            for _ in range(100):
                line = self.rfile.readline(65537)
                if not line:
                    raise _Disconnected()
                if line in (b"\r\n", b"\n"):
                    break
            else:
                raise _Refusal(400, "BAD_REQUEST", "too many trailer fields")
            return b"".join(chunks)
        n = self._content_length()
        if n is None:
            return b""
        if n > limit:
            raise _Refusal(413, "TOO_LARGE", f"body of {n} bytes is over {limit} bytes")
        self._continue()
        return self._read_exact(n)

    def _discard_body(self):
        """Read and drop a GET body (bounded like a POST body; beyond that, close)."""
        if not self._has_body():
            return
        try:
            self._body()
        except _Refusal:
            self.close_connection = True

    def _linger(self):
        """Half-close and drain what the client is still sending, briefly, so that it can read the
        refusal instead of seeing a connection reset. Nothing is buffered."""
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            deadline = time.monotonic() + 2.0
            drained = 0
            while drained < 64 * MAX_BODY:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self.connection.settimeout(remaining)
                data = self.connection.recv(65536)
                if not data:
                    break
                drained += len(data)
        except OSError:
            pass

    # -- responses ---------------------------------------------------------------------------------

    def _send_json(self, status: int, obj: Any, headers: Sequence[Tuple[str, str]] = (), close: bool = False):
        body = obj if isinstance(obj, bytes) else jcs.canonicalize(obj)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        if close or self.close_connection:
            self.close_connection = True
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        self.wfile.flush()


def _is_json_media_type(values: List[str]) -> bool:
    """HAR-ERR-004: ``application/json`` (case-insensitive), parameters allowed, charset only utf-8."""
    if len(values) != 1:
        return False
    parts = values[0].split(";")
    if parts[0].strip().lower() != "application/json":
        return False
    for param in parts[1:]:
        param = param.strip()
        if not param:
            continue
        if "=" not in param:
            return False
        key, value = param.split("=", 1)
        if key.strip().lower() == "charset":
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            if value.lower() != "utf-8":
                return False
    return True


class HarnessServer(ThreadingHTTPServer):
    """The harness HTTP server. Use :func:`start_harness`."""

    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128  # HAR-LIM-003: 50 concurrent connections

    def __init__(
        self,
        address: Tuple[str, int],
        token: str,
        identity: Any,
        agent: Optional[Any] = None,
        *,
        registry: Optional[Registry] = None,
        request_timeout: float = DEFAULT_REQUEST_SECONDS,
        implementation: Tuple[str, str] = (IMPLEMENTATION_NAME, IMPLEMENTATION_VERSION),
        profiles: Optional[Sequence[str]] = None,
        verbose: bool = False,
    ):
        host = address[0]
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        if not _TOKEN_RE.fullmatch(token or ""):
            raise ValueError("the harness token must be an RFC 6750 b64token")
        if not 0 < request_timeout <= MAX_REQUEST_SECONDS:
            raise ValueError("request_timeout must be in (0, 60] seconds (HAR-LIM-002)")
        self.token = token
        self.token_digest = hashlib.sha256(token.encode("ascii")).digest()
        self.identity = identity
        self.agent = agent
        self.registry = registry if registry is not None else default_registry()
        self.request_timeout = request_timeout
        self.implementation = implementation
        self.verbose = verbose
        caps = list(BUILTIN_CAPABILITIES)
        if agent is not None:
            offered = getattr(agent, "harness_capabilities", None)
            if offered is None:  # by default what the agent has the methods for
                offered = [c for c in AGENT_CAPABILITIES
                           if (c != "hcp" or hasattr(agent, "hcp_operation"))
                           and (c != "lip" or hasattr(agent, "lip_queue"))
                           and (c != "mesh" or hasattr(agent, "mesh_send"))
                           and (c != "clock/hold" or hasattr(agent, "hold_clock"))
                           and (c != "rtt_resume" or hasattr(agent, "set_resume"))
                           and (c != "rtt_send" or hasattr(agent, "send_named"))
                           and (c != "rtt_dial_resume" or hasattr(agent, "dial_keeping"))]
            caps += [c for c in AGENT_CAPABILITIES if c in offered]
        self.capabilities = tuple(caps)
        if profiles is None:
            profiles = ("library", "core", "full") if agent is not None else ("library",)
        self.profiles = tuple(profiles)
        self.operations = _Operations(self)
        _identity_fields(agent if agent is not None else identity)  # fail early on a bad identity
        super().__init__(address, _Handler)
        self._thread: Optional[threading.Thread] = None

    @property
    def port(self) -> int:
        return self.server_address[1]

    @property
    def url(self) -> str:
        host = self.server_address[0]
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.port}/harness/v1"

    def start(self) -> "HarnessServer":
        self._thread = threading.Thread(target=self.serve_forever, name="web4py-harness", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


def _loopback(host: str) -> str:
    if host == "localhost":
        return "127.0.0.1"
    try:
        ip = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        raise ValueError(f"the harness listens on a loopback address only, not {host!r}") from None
    if not ip.is_loopback:
        raise ValueError(f"the harness listens on a loopback address only, not {host!r}")
    return str(ip)


def start_harness(
    host: str,
    port: int,
    token: Optional[str],
    backend_identity: Any,
    agent: Optional[Any] = None,
    **options: Any,
) -> Tuple[HarnessServer, int]:
    """Start the harness on ``host:port`` (loopback only; port 0 = ephemeral) in a daemon thread.

    ``token``: the bearer token (None: 32 random bytes as hex, read it from ``server.token``).
    ``backend_identity``: an object with ``agent_id`` and ``public_key`` (32 bytes) or ``pubkey``
    (base64), e.g. :class:`web4py.ed25519.Identity`; ``info`` reports it when no agent is given.
    ``agent``: an :class:`Agent` or None. ``options`` go to :class:`HarnessServer` (``request_timeout``,
    ``profiles``, ``implementation``, ``registry``, ``verbose``).

    Returns ``(server, bound_port)``; stop it with ``server.stop()``.
    """
    if token is None:
        token = secrets.token_hex(32)
    server = HarnessServer((_loopback(host), int(port)), token, backend_identity, agent, **options)
    server.start()
    return server, server.port
