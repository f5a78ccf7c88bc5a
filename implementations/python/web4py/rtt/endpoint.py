"""An RTT endpoint (spec/rtt.md §3, §7): listens and dials, runs the Noise XX handshake in either
role with the identity payload and its confirmation (RTT-HS-007/008), enforces the handshake limits,
and drives every connection's timers from the injected clock."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from typing import Optional

from . import confirmation as C
from . import frames as F
from . import payload as P
from .capacity import LISTEN_BACKLOG, raise_open_files_limit
from .clock import Clock
from .connection import Connection, RttApplication, read_wire, readable_now, send_wire
from .admission import MAX_HANDSHAKING, HandshakeAdmission
from .identity import Identity
from .send_policy import DEFAULT as SEND_POLICY_DEFAULT
from .unfinished import UnfinishedBudget
from .noise import RTT_PROLOGUE, RTT_PROTOCOL, HandshakeState, NoiseError, x25519_generate, x25519_public

HANDSHAKE_TIMEOUT = 10.0
# After the harness moves the clock, the dead-peer verdict (RTT-HB-003) waits this long (real time)
# so that a frame the peer sends right after the move -- its PONG to the PING the move brought --
# counts as received at the new time (FINDINGS-rtt-cip.md §1: the clock jump would otherwise make
# every peer "dead"). Every other timer acts at the move itself (docs/adr/1428).
ADVANCE_GRACE = 0.3
MAX_ESTABLISHED = 4096  # RTT-LIM-010: established connections of a responder at once
TICK = 0.05
# RTT-LIM-010: the timer looks at most this many connections' timers a tick, so that 4,096 connections
# cost it what 256 do (each is then looked at every 16 ticks, 0.8 s: well within the seconds every
# timer of §7 and §8 counts); up to 256, every connection at every tick, as before.
TIMERS_PER_TICK = 256


class RttHandshakeError(Exception):
    """The handshake failed or the peer was refused; ``code`` is ``HANDSHAKE``."""

    def __init__(self, message: str, code: str = "HANDSHAKE"):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class _Pending:
    sock: socket.socket
    started: float  # on the injected clock
    role: str
    timed_out: bool = False
    busy: bool = False  # message 3 (or 2) is being processed
    refused: bool = False  # its refusal is sent: what the peer still sends is discarded, not handled
    ticket: object = None  # its place among the listener's handshakes (RTT-LIM-002/006)


class Endpoint:
    def __init__(
        self,
        identity: Identity,
        app: Optional[RttApplication] = None,
        clock: Optional[Clock] = None,
        events=None,
        max_channels: int = 64,
        static_private: Optional[bytes] = None,
        fair_admission: bool = True,
    ):
        self.identity = identity
        self.app = app or RttApplication()
        self.clock = clock or Clock()
        self.events = events
        self.max_channels = max_channels
        self.static_private = static_private or x25519_generate()
        self.static_public = x25519_public(self.static_private)
        self._payload = P.build(identity, self.static_public, max_channels)
        self._lock = threading.RLock()
        self._pending: dict[int, _Pending] = {}
        self._connections: list[Connection] = []
        self.unfinished = UnfinishedBudget()  # RTT-LIM-005, shared by all connections
        # RTT-LIM-002 / RTT-LIM-006: 64 handshakes in progress, shared between sources
        self.admission = HandshakeAdmission(MAX_HANDSHAKING, fair=fair_admission)
        self.send_policy = SEND_POLICY_DEFAULT  # spec/rtt.md §9.1, set by harness rtt/send_queue
        self._listener: Optional[socket.socket] = None
        self.address: Optional[tuple[str, int]] = None
        self._stopped = threading.Event()
        self._tick_round = 0
        # (clock.last_advance, dead_checked) of the last tick that looked at every connection
        self._ticked_after_advance = (float("-inf"), True)
        self._tick_lock = threading.Lock()
        self._timer = threading.Thread(target=self._timer_loop, name="rtt-timer", daemon=True)
        self._timer.start()
        # test hook: ephemeral keys to use (consumed one per handshake)
        self.ephemeral_hook = None
        self.resume = None  # RTT 1.1 session resume (resume.SessionManager), off unless enabled

    def enable_resume(self, seed: Optional[int] = None, auto_reconnect: bool = False, keep_deliveries: int = 0):
        """RTT 1.1 (docs/drafts/rtt-resume.md): list "1.1" in `rtt` and keep sessions; off by default.
        ``keep_deliveries``: how many delivered messages each session records in ``inbox`` (tests)."""
        from .resume import P_VERSIONS, SessionManager

        self.resume = SessionManager(self, seed=seed, auto_reconnect=auto_reconnect,
                                     keep_deliveries=keep_deliveries)
        self._payload = P.build(self.identity, self.static_public, self.max_channels, versions=P_VERSIONS)
        return self.resume

    def disable_resume(self):
        """Back to RTT 1.0 only (harness ``rtt/resume`` off, HAR-RES-001): "1.1" no longer listed,
        no sessions kept for connections handshaken from now on."""
        self.resume = None
        self._payload = P.build(self.identity, self.static_public, self.max_channels)

    # ---------------------------------------------------------------------------- events

    def _emit(self, kind, peer=None, msg_id=None, generation=None, **attrs):
        if self.events is not None:
            self.events.emit(kind, peer=peer, msg_id=msg_id, generation=generation, **attrs)

    def _generation(self):
        return self.events.generation if self.events is not None else None

    # ---------------------------------------------------------------------------- registry

    def connections(self) -> list[Connection]:
        with self._lock:
            return [c for c in self._connections if c.state != "closed"]

    def handshaking(self) -> int:
        with self._lock:
            return len(self._pending)

    def settle(self, timeout: float = 0.5) -> None:
        """Wait (bounded) until every byte peers have sent so far has been handled — no handshake
        half-way through its last message, no connection handling a frame or with one waiting in
        its socket — so that a harness operation sees (or, for the clock, follows) what the peers
        did before it."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                pending = list(self._pending.values())
                conns = list(self._connections)
            busy = any(c.busy for c in conns)
            for p in ([] if busy else pending):
                if p.refused:
                    continue  # draining after its refusal (ADR 1428): nothing more is handled
                if p.busy:
                    busy = True
                    break
                if readable_now(p.sock):
                    busy = True
                    break
            if not busy:
                return
            time.sleep(0.005)

    def _listening_handshakes(self) -> int:
        with self._lock:
            return sum(1 for p in self._pending.values() if p.role == "responder")

    def _connection_finished(self, conn: Connection) -> None:
        with self._lock:
            if conn in self._connections:
                self._connections.remove(conn)

    # ---------------------------------------------------------------------------- listening

    def listen(self, host: str = "127.0.0.1", port: int = 0) -> tuple[str, int]:
        raise_open_files_limit()  # RTT-LIM-010: 4,096 connections need more than 1,024 descriptors
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((host, port))
        s.listen(LISTEN_BACKLOG)
        self._listener = s
        self.address = s.getsockname()[:2]
        threading.Thread(target=self._accept_loop, name="rtt-accept", daemon=True).start()
        return self.address

    def _accept_loop(self) -> None:
        while not self._stopped.is_set():
            try:
                sock, remote = self._listener.accept()
            except OSError:
                if self._stopped.is_set():
                    return
                time.sleep(0.05)
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            ticket, displaced = self.admission.admit(sock, remote[0])
            if ticket is None:
                # RTT-LIM-002: close at once, without reading
                try:
                    sock.close()
                except OSError:
                    pass
                continue
            if displaced is not None:
                # RTT-LIM-006: the oldest handshake of the source holding the most gives way; its
                # handshake thread sees the end of its stream and closes the socket itself
                try:
                    displaced.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
            with self._lock:
                pending = _Pending(sock, self.clock.now(), "responder", ticket=ticket)
                self._pending[id(sock)] = pending
            threading.Thread(target=self._respond, args=(sock, pending), name="rtt-hs", daemon=True).start()

    def _drop_pending(self, sock) -> None:
        with self._lock:
            pending = self._pending.pop(id(sock), None)
        if pending is not None:
            self.admission.release(pending.ticket)

    @staticmethod
    def _close(sock) -> None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        try:
            sock.close()
        except OSError:
            pass

    def _ephemeral(self) -> Optional[bytes]:
        hook = self.ephemeral_hook
        return hook() if hook is not None else None

    def _respond(self, sock: socket.socket, pending: _Pending) -> None:
        gen = self._generation()
        try:
            sock.settimeout(HANDSHAKE_TIMEOUT + 5)  # backstop; the clock-driven timeout acts first
            m1 = read_wire(sock)
            if m1 is None or len(m1) != 32:
                # RTT-WIRE-001 / RTT-HS-006: close without sending anything more
                self._close(sock)
                self._emit("rtt.handshake.failed", generation=gen, reason="message 1 missing or not 32 bytes")
                return
            hs = HandshakeState(RTT_PROTOCOL, False, RTT_PROLOGUE, s=self.static_private, e=self._ephemeral())
            try:
                hs.read_message(m1)
                m2 = hs.write_message(self._payload)
                h2 = hs.handshake_hash  # RTT 1.1: the binder's input (§4.1)
            except NoiseError as e:
                self._close(sock)
                self._emit("rtt.handshake.failed", generation=gen, reason="noise: %s" % e)
                return
            send_wire(sock, m2)
            m3 = read_wire(sock)
            pending.busy = True
            if m3 is None:
                self._close(sock)
                self._emit("rtt.handshake.failed", generation=gen,
                           reason="timeout" if pending.timed_out else "stream ended in the handshake")
                return
            try:
                p3 = hs.read_message(m3)
            except NoiseError as e:
                self._close(sock)
                self._emit("rtt.handshake.failed", generation=gen, reason="noise: %s" % e)
                return
            send_cs, recv_cs = hs.split()
            with self._lock:
                if pending.timed_out:
                    self._close(sock)
                    return
            try:
                peer = P.check(p3, hs.remote_static, allow_resume=self.resume is not None)
            except P.PayloadRefused as e:
                # RTT-HS-005 (frame and msg_id null): one closing ERROR HANDSHAKE as frame 0
                self._refuse_unconnected(sock, send_cs, "HANDSHAKE", None, e.text, gen)
                self._emit("rtt.handshake.failed", generation=gen, reason=e.reason)
                return
            conn = Connection(sock, "responder", send_cs, recv_cs, peer, self.max_channels,
                              self.clock, self.events, self.app, self._connection_finished,
                              budget=self.unfinished, send_policy=self._current_send_policy)
            with self._lock:
                full = len(self._connections) >= MAX_ESTABLISHED
                if not full:
                    self._connections.append(conn)
            if full:
                # RTT-LIM-010: refused as RTT-HS-005 refuses; the established ones are served as before
                self._refuse_unconnected(sock, send_cs, "HANDSHAKE", None,
                                         "%d connections are established" % MAX_ESTABLISHED, gen)
                self._emit("rtt.handshake.failed", generation=gen, reason="connection limit")
                return
            sock.settimeout(None)
            conn.confirm_handshake()  # RTT-HS-007: a PING is transport frame 0
            if self.resume is not None:
                self.resume.on_responder_handshake(conn, hs, peer, h2)  # RTT 1.1: RESUME is frame 1
            self._drop_pending(sock)
            self._emit("rtt.handshake.completed", generation=gen, peer=peer.fingerprint, role="responder")
            self._start(conn)
        except (OSError, socket.timeout):
            self._close(sock)
            self._emit("rtt.handshake.failed", generation=gen, reason="timeout" if pending.timed_out else "socket error")
        finally:
            self._drop_pending(sock)

    def _refuse_unconnected(self, sock, send_cs, code: str, frame, text: str, gen=None) -> None:
        """A refusal before there is a connection (RTT-ERR-001): one closing ERROR as our frame 0 on
        channel 0, then close -- the responder's RTT-HS-005, or an initiator's FRAME for a first
        transport message that is no frame."""
        body = F.error_body(code, frame, None, text)
        with self._lock:
            pending = self._pending.get(id(sock))
        if pending is not None:
            pending.refused = True  # settle() need not wait for the drain below
        try:
            send_wire(sock, send_cs.encrypt(F.encode(F.ERROR, F.FLAG_CLOSING, 0, 0, body)))
            self._emit("rtt.error.sent", generation=gen, code=code, closing=True)
            sock.shutdown(socket.SHUT_WR)
            # drain briefly so that the ERROR is not destroyed by a reset
            sock.settimeout(0.2)
            deadline = time.monotonic() + 1.5
            while time.monotonic() < deadline:
                try:
                    if not sock.recv(65536):
                        break
                except socket.timeout:
                    continue
                except OSError:
                    break
        except OSError:
            pass
        self._close(sock)

    def _start(self, conn: Connection, first: Optional[F.Frame] = None) -> None:
        if first is not None:
            conn.receive_first(first)  # the responder's PING: our PONG is our frame 0
        try:
            self.app.on_established(conn)
        except Exception:
            import traceback

            traceback.print_exc()
        conn.start()

    # ---------------------------------------------------------------------------- dialing

    def dial(self, host: str, port: int, expect_fingerprint: Optional[str] = None,
             timeout: float = HANDSHAKE_TIMEOUT, resuming=None) -> Connection:
        gen = self._generation()
        try:
            sock = socket.create_connection((host, port), timeout=timeout)
        except OSError as e:
            self._emit("rtt.handshake.failed", generation=gen, reason="connect: %s" % e)
            raise RttHandshakeError("could not connect to %s:%d: %s" % (host, port, e))
        deadline = time.monotonic() + timeout  # RTT-HS-008: the handshake timeout runs from the TCP connect
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        pending = _Pending(sock, self.clock.now(), "initiator")
        with self._lock:
            self._pending[id(sock)] = pending
        try:
            hs = HandshakeState(RTT_PROTOCOL, True, RTT_PROLOGUE, s=self.static_private, e=self._ephemeral())
            send_wire(sock, hs.write_message(b""))
            m2 = read_wire(sock)
            if m2 is None:
                raise RttHandshakeError("the responder closed the connection before message 2")
            try:
                p2 = hs.read_message(m2)
            except NoiseError as e:
                raise RttHandshakeError("message 2 failed Noise processing: %s" % e)
            try:
                peer = P.check(p2, hs.remote_static)
            except P.PayloadRefused as e:
                raise RttHandshakeError("responder refused (%s): %s" % (e.reason, e.text))
            if expect_fingerprint is not None and peer.fingerprint != expect_fingerprint:
                raise RttHandshakeError(
                    "the responder is %s, not the expected %s" % (peer.fingerprint, expect_fingerprint))
            payload3, request = self._payload, None
            if self.resume is not None:  # RTT 1.1: `resume` when ``resuming`` a session (§4.1)
                payload3, request = self.resume.message3_payload(sock, peer, hs.handshake_hash, resuming)
            send_wire(sock, hs.write_message(payload3))
            send_cs, recv_cs = hs.split()
            first = self._await_confirmation(sock, send_cs, recv_cs, pending, deadline, gen, peer)
            sock.settimeout(None)
            conn = Connection(sock, "initiator", send_cs, recv_cs, peer, self.max_channels,
                              self.clock, self.events, self.app, self._connection_finished,
                              budget=self.unfinished, send_policy=self._current_send_policy)
            with self._lock:
                self._pending.pop(id(sock), None)
                self._connections.append(conn)
            self._emit("rtt.handshake.completed", generation=gen, peer=peer.fingerprint, role="initiator")
            if self.resume is not None:
                self.resume.on_initiator_handshake(conn, hs, peer, (host, port), resuming, request)
            self._start(conn, first)
            return conn
        except RttHandshakeError as e:
            # RTT-HS-004 (refused before message 3: never sent) or RTT-HS-008 (no confirmation): close
            self._close(sock)
            self._emit("rtt.handshake.failed", generation=gen, reason=e.message)
            raise
        except (OSError, socket.timeout) as e:
            self._close(sock)
            self._emit("rtt.handshake.failed", generation=gen, reason="socket: %s" % e)
            raise RttHandshakeError("handshake failed: %s" % e)
        finally:
            self._drop_pending(sock)

    def _await_confirmation(self, sock, send_cs, recv_cs, pending: _Pending, deadline: float, gen,
                            peer: P.PeerIdentity) -> F.Frame:
        """RTT-HS-008: the responder's first frame, not an ERROR, within the handshake timeout; else
        RttHandshakeError (the caller closes and reports ``rtt.handshake.failed``)."""
        try:
            return C.await_first_frame(sock, recv_cs, deadline - time.monotonic())
        except C.NotConfirmed as e:
            if e.error is not None:
                self._emit("rtt.error.received", generation=gen, peer=peer.fingerprint,
                           code=e.error.code, closing=e.closing)
            if e.refusal is not None:
                frame, text = e.refusal
                self._refuse_unconnected(sock, send_cs, "FRAME", frame, text, gen)
            reason = "timeout: no frame from the responder within the handshake timeout" \
                if pending.timed_out else e.reason
            raise RttHandshakeError(reason) from None

    # ---------------------------------------------------------------------------- timers

    def _timer_loop(self) -> None:
        while not self._stopped.wait(TICK):
            try:
                self.tick()
            except Exception:
                import traceback

                traceback.print_exc()

    def run_timers_now(self) -> None:
        """The harness moved the clock (``clock/advance``): what became due -- a PING, a handshake
        timeout, an overdue message, a session's retention -- happens before the harness answers,
        not at a later tick (as the reference's ``runTimersNow``; docs/adr/1428)."""
        self.tick()

    def tick(self) -> None:
        # RTT-HB-003 waits ADVANCE_GRACE after a move; every other timer acts at once
        dead_checked = time.monotonic() - self.clock.last_advance >= ADVANCE_GRACE
        with self._tick_lock:  # the timer thread, or the harness right after a move
            self._tick(dead_checked)

    def _tick(self, dead_checked: bool) -> None:
        now = self.clock.now()
        with self._lock:
            pending = list(self._pending.values())
            conns = list(self._connections)
        for p in pending:
            if not p.timed_out and now - p.started >= HANDSHAKE_TIMEOUT:
                # RTT-LIM-001 (responder); RTT-HS-008 (initiator: no first frame in time)
                p.timed_out = True
                try:
                    p.sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        for c in self._due_for_timers(conns, dead_checked):
            if not c.timers_quiet(now):
                c.check_timers(now, dead_checked)
        if self.resume is not None:
            self.resume.tick(now)

    def _due_for_timers(self, conns: list[Connection], dead_checked: bool = True) -> list[Connection]:
        """This tick's share of the connections (TIMERS_PER_TICK, in turn); all of them at the first
        tick after the clock moved, so that a harness ``clock/advance`` is followed at once, and
        again at the first tick after its grace, when the dead-peer verdict is due."""
        advanced = (self.clock.last_advance, dead_checked)
        slices = -(-len(conns) // TIMERS_PER_TICK)
        if slices <= 1 or advanced != self._ticked_after_advance:
            self._ticked_after_advance = advanced
            return conns
        self._tick_round = (self._tick_round + 1) % slices
        return conns[self._tick_round::slices]

    # ---------------------------------------------------------------------------- shutdown

    def _current_send_policy(self):
        return self.send_policy

    def close_all(self, wait: float = 2.0) -> None:
        """Abort every connection and handshake at once (reset)."""
        with self._lock:
            conns = list(self._connections)
            pending = list(self._pending.values())
        for p in pending:
            p.timed_out = True
            try:
                p.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for c in conns:
            c.abort()
        deadline = time.monotonic() + wait
        for c in conns:
            c.wait_finished(max(0.0, deadline - time.monotonic()))

    def stop(self) -> None:
        self._stopped.set()
        if self._listener is not None:
            # close() alone leaves the accept thread blocked in accept(), and the port accepting
            # connections nobody will serve; shutdown() wakes it (Linux) and stops the listening
            try:
                self._listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            try:
                self._listener.close()
            except OSError:
                pass
        self.close_all()
