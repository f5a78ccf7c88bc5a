"""The web4py agent: an RTT endpoint (web4py.rtt), envelope validation on the standard channels
(web4py.envelope, rtt.md §5), the CIP runtime (web4py.cip), the HCP runtime (web4py.hcp) and the event
log (spec/events.md), with the operations the harness drives (harness.md §4.7–§4.12)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Optional

from . import envelope as ENV
from . import jcs
from .cip.runtime import CipRuntime
from .cip.trust import STATES
from .hcp.runtime import HcpRuntime
from .lip.runtime import LipRuntime
from .mesh.runtime import MeshRuntime
from .mesh.tables import DEFAULT_HOP_LIMIT, may_carry, protocol_of
from .msgids import SentMsgIds
from .named_traffic import NamedTraffic
from .rtt.channels import STANDARD, channel_of
from .rtt.clock import Clock
from .rtt.connection import Connection, RttApplication
from .rtt.endpoint import Endpoint, RttHandshakeError
from .rtt.events import EventLog
from .rtt.identity import Identity
from .rtt.send_policy import DEFAULT as SEND_POLICY_DEFAULT, SendQueuePolicy

IMPLEMENTATION = {"name": "web4py", "version": "0.1.0"}


class RefusedError(Exception):
    """``rtt/dial`` failed: the handshake was refused or the TCP connection could not be made."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class Agent(RttApplication):
    def __init__(self, identity: Identity, host: str = "127.0.0.1", rtt_port: int = 0,
                 events_file=None, verbose: bool = False, max_channels: int = 64, lip_sources=None,
                 resume: bool = False):
        self.identity = identity
        self.clock = Clock()
        self.event_log = EventLog(identity.fingerprint, self.clock.timestamp, sink=events_file,
                                  verbose=verbose)
        self._lock = threading.RLock()
        self._receiver = ENV.Receiver(ENV.ReplayCache())
        self._sent_ids = SentMsgIds()  # ENV-MSG-002
        self.cip = CipRuntime(identity, self._seal, self._emit, self.clock.timestamp)
        self.hcp = HcpRuntime(identity, self._seal, self._emit, self.clock.now_ns, self.cip.trust.state,
                              lambda fp: self.cip.trust.event(fp, "malicious"))
        self.endpoint = Endpoint(identity, self, self.clock, self.event_log, max_channels)
        self.named = NamedTraffic(self.endpoint)  # harness 1.3 rtt/send, rtt/inbox
        self._resume_at_start = resume  # what harness reset restores (HAR-RES-002)
        if resume:  # RTT 1.1 session resume (docs/drafts/rtt-resume.md): off unless asked (--rtt-resume)
            self.endpoint.enable_resume(auto_reconnect=True)
        self.lip = LipRuntime(identity, self.cip, self._seal, self._emit, self.clock, lip_sources)
        self.mesh = MeshRuntime(identity, self.cip, self._seal, self._emit, self.clock,
                                lambda data: self._receiver.validate(data, self.clock.now_ns(), replay=False),
                                lambda msg_id: self._receiver.replay.check_and_remember(msg_id, self.clock.now_ns()))
        for runtime in (self.cip, self.hcp, self.lip, self.mesh):
            runtime.new_msg_id = self._sent_ids.fresh
        self._host, self._port = host, rtt_port
        self.rtt_address: Optional[tuple[str, int]] = None

    # ------------------------------------------------------------------------------ lifecycle

    def start(self) -> tuple[str, int]:
        self.rtt_address = self.endpoint.listen(self._host, self._port)
        return self.rtt_address

    def stop(self) -> None:
        self.endpoint.stop()

    def _emit(self, kind: str, /, peer=None, msg_id=None, **attrs) -> None:
        self.event_log.emit(kind, peer=peer, msg_id=msg_id, **attrs)

    # ------------------------------------------------------------------------------ envelopes

    def _seal(self, unsigned: dict) -> bytes:
        """Sign and serialize an envelope this agent sends; never one whose msg_id it sent before
        (ENV-MSG-002: raises DuplicateMsgIdError)."""
        self._sent_ids.seal(unsigned["msg_id"])
        return jcs.canonicalize(ENV.sign_envelope(unsigned, self.identity.seed))

    def _validate(self, data: bytes) -> "ENV.Verdict":
        """The ten steps of envelope.md §13 at this agent's clock, with its replay memory."""
        return self._receiver.validate(data, self.clock.now_ns())

    # ------------------------------------------------------------------------------ RTT callbacks

    def on_established(self, conn: Connection) -> None:
        self.cip.session_opened(conn)
        self.hcp.session_opened(conn)  # RTT-RES-016: a resumed session's HCP session goes on here

    def on_session_fresh(self, conn: Connection) -> None:
        self.cip.session_restarted(conn)  # RTT-RES-007: a new RTT session, a new CIP handshake
        self.hcp.session_restarted(conn)  # and HCP starts again (RTT-RES-016)

    def on_message(self, conn: Connection, channel: int, data: bytes, last_seq: int) -> None:
        """A complete message on a standard channel, handled; then the MESH_ROUTES and MESH_VOUCHes
        that what it changed calls for (spec/mesh.md §4.5, §4.6), behind every answer to it."""
        try:
            self._on_message(conn, channel, data, last_seq)
        finally:
            self.mesh.refresh()

    def _on_message(self, conn: Connection, channel: int, data: bytes, last_seq: int) -> None:
        """Validate (envelope.md §13), check its channel (Table 5), hand it to its protocol's
        runtime; refusals are non-closing ERRORs (RTT-ERR-003)."""
        verdict = self._validate(data)
        if not verdict.valid:
            conn.send_error(channel, verdict.code, verdict.msg_id, last_seq,
                            "envelope refused: %s" % verdict.message)
            self.cip.envelope_refused(conn, verdict.code, _sender_pubkey(verdict.envelope))
            return
        env = Validated.of(verdict)
        expected = channel_of(env.protocol, env.type)
        if expected != channel:
            conn.send_error(channel, "WRONG_CHANNEL", env.msg_id, last_seq,
                            "%s %s travels on %s, not %s" % (env.protocol.upper(), env.type,
                                                             STANDARD[expected], STANDARD[channel]))
            return
        if env.protocol == "hcp":
            refusal = self.hcp.handle(conn, env)
            if refusal is not None:
                conn.send_error(channel, refusal[0], env.msg_id, last_seq, refusal[1])
            return
        if env.protocol == "lip":
            refusal = self.lip.handle(conn, env)
        elif env.protocol == "mesh":
            refusal = self.mesh.handle(conn, env)
        else:
            refusal = self.cip.handle(conn, env)
        if refusal is not None:
            code, text = refusal
            conn.send_error(channel, code, env.msg_id, last_seq, text)

    def on_named_message(self, conn: Connection, channel: int, data: bytes) -> None:
        """A complete message on a named channel: kept for harness ``rtt/inbox`` (HAR-RES-004)."""
        self.named.delivered(conn, channel, data)

    def send_named(self, peer: str, channel: str, data: bytes, count: int) -> int:
        """Harness ``rtt/send`` (HAR-RES-003)."""
        return self.named.send(peer, channel, data, count)

    def inbox(self) -> list:
        """Harness ``rtt/inbox`` (HAR-RES-004)."""
        return self.named.inbox()

    def on_closed(self, conn: Connection, code: Optional[str], by_us: bool) -> None:
        self.cip.session_closed(conn, code, by_us)
        self.hcp.session_closed(conn)
        self.mesh.refresh()  # MESH-RTE-002: a session ended

    # ------------------------------------------------------------------------------ harness

    def dial(self, host: str, port: int, expect_fingerprint: Optional[str] = None) -> dict:
        try:
            conn = self.endpoint.dial(host, int(port), expect_fingerprint)
        except RttHandshakeError as e:
            raise RefusedError("HANDSHAKE", e.message)
        return conn.describe()

    def dial_keeping(self, host: str, port: int, expect_fingerprint: str) -> dict:
        """Harness ``rtt/dial`` with ``"resume":true`` (HAR-RES-005, harness 1.4): dial and keep the
        session -- after an abrupt end the endpoint's reconnector resumes it on its own, on the
        draft's §6 backoff read from the agent's (harness-controlled) clock, until the retention time
        has passed; nothing after a graceful end or ``reset`` (the session is over)."""
        if self.endpoint.resume is None:
            raise RefusedError("HANDSHAKE", "RTT 1.1 is off")
        self.endpoint.resume.auto_reconnect = True  # draft §6: the dialer reconnects by itself
        return self.dial(host, port, expect_fingerprint)

    def resume_enabled(self) -> bool:
        """Whether RTT 1.1 session resume is on now (``rtt/resume``, HAR-RES-001)."""
        return self.endpoint.resume is not None

    def connections(self) -> tuple[list, int]:
        self.endpoint.settle()
        return [c.describe() for c in self.endpoint.connections()], self.endpoint.handshaking()

    def advance_clock(self, seconds) -> str:
        self.endpoint.settle()  # what peers sent before the move was received before it
        now = self.clock.advance(float(seconds))
        self.lip.rejudge()  # HAR-LIP-003: expiry
        self.mesh.refresh()  # MESH-TRU-002: vouch decays by this clock
        self.endpoint.run_timers_now()  # HAR-CLK-001: what became due, before the answer
        return now

    def hold_clock(self) -> str:
        """HAR-CLK-002: hold the one clock everything timed reads (envelopes, RTT timers, HCP pacing,
        LIP expiry, mesh vouch decay)."""
        self.endpoint.settle()  # what peers sent before the hold was received before it
        return self.clock.hold()

    def now(self) -> str:
        return self.clock.timestamp()

    def trust(self) -> dict:
        self.endpoint.settle()
        self.mesh.refresh()
        return self.cip.trust.snapshot()

    def add_anchors(self, fingerprints) -> list:
        with self.cip._lock:
            anchors = self.cip.trust.add_anchors(list(fingerprints))
            self.mesh.refresh()
            return anchors

    def override_trust(self, fingerprint: str, state: str) -> None:
        if state not in STATES:
            raise ValueError("not a trust state: %r" % state)
        with self.cip._lock:
            self.cip.trust.override(fingerprint, state)
            self.mesh.refresh()

    # mesh (harness.md §4.14)

    def mesh_routes(self) -> dict:
        """``GET mesh`` (HAR-MESH-001), after what peers sent has been handled."""
        self.endpoint.settle()
        self.mesh.refresh()
        return self.mesh.describe()

    def mesh_send(self, request: dict) -> dict:
        """``POST mesh/send`` (HAR-MESH-002): originate, queued on the connection before the answer."""
        self.endpoint.settle()
        self.mesh.refresh()
        destination, msg_type, payload = request["destination"], request["type"], request["payload"]
        protocol = protocol_of(msg_type)
        if protocol is None or not may_carry(protocol, msg_type, destination):
            return {"result": "invalid", "error": {"code": "RELAY", "message": "spec/mesh.md Table 4.3b does not "
                    "allow %s for %s" % (msg_type, "broadcast" if destination == "*" else "one agent")}}
        err = self._receiver.registry.first_error(payload, "payloads/%s/%s.schema.json" % (protocol, msg_type))
        if err is not None:
            return {"result": "invalid", "error": {"code": "PAYLOAD_SCHEMA", "message": ("%s payload: %s"
                                                                                          % (msg_type, err))[:256]}}
        return self.mesh.originate(destination, None, protocol, msg_type, payload,
                                   int(request.get("hop_limit", DEFAULT_HOP_LIMIT)))

    def set_load(self, presence: str, lri: int) -> None:
        self.cip.set_load(presence, lri)
        self.lip.rejudge()  # HAR-LIP-003: load

    # LIP (harness.md §4.13)

    def lip_set_sources(self, sources) -> list:
        self.endpoint.settle()
        self.lip.wait_idle()
        return self.lip.set_sources(sources)

    def lip_sources(self) -> list:
        self.endpoint.settle()
        self.lip.wait_idle()
        return self.lip.sources()

    def lip_queue(self) -> list:
        self.endpoint.settle()
        self.lip.wait_idle()
        return self.lip.queue()

    def facts(self) -> list:
        self.endpoint.settle()
        return self.cip.fact_list()

    def events(self, since: int, limit: int) -> tuple[list, int]:
        self.endpoint.settle()
        self.lip.wait_idle()
        self.mesh.refresh()  # decays due by now are reported (FINDINGS-mesh.md F-MESH-04)
        return self.event_log.since(int(since), int(limit))

    def hcp_operation(self, name: str, request) -> dict:
        """The HCP harness operations (harness.md §4.12), after what peers sent has been handled.
        An envelope an operation sends is in its connection's outbox before the answer, so it
        precedes any answer to a frame the peer sends after reading ours (the outbox is one FIFO)."""
        self.endpoint.settle()
        return self.hcp.operation(name, request)

    def set_send_queue_policy(self, req: dict) -> dict:
        """Harness ``rtt/send_queue`` (HAR-RTT-004): the send-queue policy of every connection, open
        now or later, until the next call or ``reset``."""
        policy = SendQueuePolicy.from_request(req)
        self.endpoint.send_policy = policy
        return policy.as_dict()

    def set_resume(self, enabled: bool) -> bool:
        """Harness ``rtt/resume`` (HAR-RES-001): RTT 1.1 session resume on or off for every
        connection handshaken from now on."""
        if enabled and self.endpoint.resume is None:
            self.endpoint.enable_resume(auto_reconnect=True)
        elif not enabled and self.endpoint.resume is not None:
            self.endpoint.resume.reset()
            self.endpoint.disable_resume()
        return enabled

    def reset(self) -> None:
        """Harness reset: close every connection, forget replay memory, trust, anchors, facts and
        events, the load back to its default, the clock back to real time."""
        if self.endpoint.resume is not None:
            self.endpoint.resume.reset()  # every session ends, without a tombstone (before the closes)
        self.endpoint.close_all()
        self.set_resume(self._resume_at_start)  # HAR-RES-002: as the agent was started
        self.endpoint.send_policy = SEND_POLICY_DEFAULT  # spec/rtt.md §9.1: the default again
        with self._lock:
            self._receiver = ENV.Receiver(ENV.ReplayCache())
        self.cip.reset()
        self.hcp.reset()
        self.lip.reset()
        self.mesh.reset()
        self._sent_ids.reset()
        self.clock.reset()
        self.event_log.reset()
        self.named.reset()


@dataclass(frozen=True)
class Validated:
    """An envelope that passed all ten steps, as the CIP runtime sees it."""

    protocol: str
    type: str
    msg_id: str
    sender_pubkey_b64: str
    json: dict

    @classmethod
    def of(cls, verdict) -> "Validated":
        e = verdict.envelope
        return cls(verdict.protocol, e["type"], e["msg_id"], e["sender"]["pubkey"], e)


def _sender_pubkey(envelope: Optional[dict]) -> Optional[str]:
    """``sender.pubkey`` of a refused envelope, when it has one (for the bad_signature event)."""
    try:
        value = envelope["sender"]["pubkey"]
        return value if isinstance(value, str) else None
    except Exception:
        return None
