"""RTT 1.1 session resume (docs/drafts/rtt-resume.md, draft; off unless enabled): an endpoint's
sessions, the dialer's resume request and the listener's decision (§4.1, §4.2 rows R1-R6), the two-step
id commit (§4.4), retention, tombstones and limits (§7), and reconnection with backoff (§6).

The endpoint calls :meth:`SessionManager.message3_payload`, :meth:`on_initiator_handshake` and
:meth:`on_responder_handshake` from its handshake, and :meth:`tick` from its timer."""

from __future__ import annotations

import collections
import threading
import weakref
from typing import Callable, Optional

from . import frames as F
from . import payload as P
from .resume_wire import (REPLAY, RESUME_EXPIRED, RESUME_UNKNOWN, ResumeAnswer, ResumeRefused, ResumeRequest,
                          binder, binder_ok, derive_keys, parse_answer)
from .reconnect import BACKOFF_CAP, Reconnector, cut  # noqa: F401 (BACKOFF_CAP, cut: re-exported for tests)
from .session import RETENTION, ConnectionLink, Session
from .tombstones import Tombstones

MAX_SUSPENDED = 1024  # Table 7a: the one suspended longest is discarded first

class SessionManager:
    def __init__(self, endpoint, seed: Optional[int] = None, auto_reconnect: bool = False,
                 keep_deliveries: int = 0):
        self.endpoint = endpoint
        self.keep_deliveries = keep_deliveries  # Session.inbox, for tests (session.py)
        self.clock = endpoint.clock
        self.lock = threading.RLock()
        self._sessions: list[Session] = []
        self._by_id: dict[bytes, Session] = {}
        self._tombstones = Tombstones()
        self.reconnect = Reconnector(self, seed, auto_reconnect)  # §6, seeded in tests
        self.history: collections.deque = collections.deque(maxlen=10000)  # (kind, attributes) notes
        self.test_hooks: dict[str, Callable] = {}
        # lock order: a session's lock, then this manager's, then the notes' (never the reverse)
        self._changed = threading.Condition(threading.Lock())

    # ------------------------------------------------------------------------------ reading

    def sessions(self) -> list[Session]:
        with self.lock:
            return list(self._sessions)

    def session_of(self, conn) -> Optional[Session]:
        link = getattr(conn, "session", None)
        return link.session if link is not None else None

    def note(self, kind: str, peer: Optional[str] = None, **attrs) -> None:
        """Records what happened (tests read :meth:`notes`) and reports it as the event the draft
        proposes (§9: rtt.session.*, rtt.reconnect.*), when the endpoint has an event log."""
        with self._changed:
            self.history.append((kind, attrs))
            self._changed.notify_all()
        event = EVENTS.get(kind)
        log = getattr(self.endpoint, "events", None)
        if event is not None and log is not None:
            log.emit(event, peer=peer, **attrs)

    def notes(self, kind: str) -> list[dict]:
        with self._changed:
            return [a for k, a in self.history if k == kind]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 20.0) -> bool:
        """Wait (bounded, for tests) until ``predicate()`` holds; re-checked on every note."""
        import time

        deadline = time.monotonic() + timeout
        while not predicate():  # evaluated holding no lock of ours
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            with self._changed:
                self._changed.wait(min(left, 0.02))
        return True

    # ------------------------------------------------------------------------------ dialer side

    def message3_payload(self, sock, peer: P.PeerIdentity, h2: bytes,
                         resuming: Optional[Session]) -> tuple[bytes, Optional[ResumeRequest]]:
        """§4.1: the dialer's payload for message 3, with `resume` when it resumes ``resuming`` and
        the responder listed 1.1 and is the session's peer (RTT-RES-004)."""
        hook = self.test_hooks.get("after_message_2")
        if hook is not None:
            hook(sock)
        ep = self.endpoint
        if resuming is None or not peer.resumable or peer.fingerprint != resuming.peer_fingerprint:
            return ep._payload, None
        with resuming.lock:
            request = resuming.request(binder(resuming.keys[resuming.current], h2))
        body = P.build(ep.identity, ep.static_public, ep.max_channels, versions=P_VERSIONS,
                       resume=request.as_json())
        return body, request

    def on_initiator_handshake(self, conn, hs, peer: P.PeerIdentity, address, resuming: Optional[Session],
                               request: Optional[ResumeRequest]) -> None:
        """After the dialer's confirmation (frame 0 read), before the connection starts."""
        if resuming is not None and request is None:
            self.end(resuming, "refused")  # the peer no longer offers 1.1 (or is another identity)
        if not peer.resumable:
            return
        keys = derive_keys(hs.ss.ck, hs.ss.h)  # RTT-RES-002
        if request is None:
            session = self._new_session("dialer", peer, keys, address)
            self._attach(session, conn, ConnectionLink(self, session, conn, keys=keys))
            return
        with resuming.lock:
            resuming.state = "resuming"  # RTT-RES-004: nothing sent before RESUME
            link = ConnectionLink(self, resuming, conn, expect_resume=True, sent_request=request, keys=keys)
            self._attach(resuming, conn, link)
        hook = self.test_hooks.get("after_frame_0")
        if hook is not None:
            hook(conn)

    def on_resume_frame(self, link: ConnectionLink, frame: F.Frame) -> None:
        """The dialer reads RESUME (RTT-RES-006, -010, -011); anything else refuses it with FRAME."""
        conn, session = link.conn, link.session
        if not link.expect_resume or frame.sequence != 1:
            conn.refuse("FRAME", frame.sequence, "RESUME that is not frame 1 of a connection that sent resume")
            return
        link.expect_resume = False
        try:
            answer = parse_answer(frame.body)
        except ResumeRefused as e:
            conn.refuse("FRAME", frame.sequence, str(e))
            return
        if answer.result == "fresh":
            self.note("refused", session.peer_fingerprint, code=answer.code, role="dialer")
            self.end(session, "refused")
            fresh = self._new_session("dialer", conn.peer, link.keys, session.address)
            self._attach(fresh, conn, ConnectionLink(self, fresh, conn, keys=link.keys))
            app = getattr(self.endpoint, "app", None)
            if app is not None:
                app.on_session_fresh(conn)  # e.g. a new CIP handshake (RTT-RES-016)
            return  # RTT-RES-007: a new session; nothing of the old one is sent
        asked = link.sent_request.counts()
        with session.lock:
            for c in answer.channels:
                ch = session.channels.get(c.id)
                if c.id not in asked or asked[c.id].name != c.name or ch is None \
                        or c.delivered > ch.fins or c.delivered < ch.acked:
                    problem = "RESUME counts break the session: channel %d delivered %d" % (c.id, c.delivered)
                    break
            else:
                problem = None
            if problem is None:
                with self.lock:  # §4.4 step 2: adopt the new id at once
                    for sid in session.keys:
                        self._by_id.pop(sid, None)
                    session.keys = {link.keys.session_id: link.keys.binder_key}
                    session.current = link.keys.session_id
                    self._by_id[session.current] = session
        if problem is not None:
            conn.refuse("FRAME", frame.sequence, problem)  # RTT-RES-010
            return
        hook = self.test_hooks.get("before_resume_ack")
        if hook is not None and hook(conn):
            return
        with session.lock:
            with conn._lock:
                count = conn.frames_received
            conn._enqueue(F.ACK, 0, 0, F.u32(count))  # RTT-RES-011: before any frame but the PONG
            queued = self._restore(session, conn, answer.channels)
            session.state = "connected"
            session.suspended_at = None
        self.note("resumed", session.peer_fingerprint, role="dialer", retransmitted=queued)

    def resume(self, session: Session, timeout: float = 10.0):
        """Dial the session's peer again and resume (§4.1); the new connection, or raises
        RttHandshakeError. The outcome (resumed or fresh) follows in :meth:`notes`."""
        host, port = session.address
        return self.endpoint.dial(host, port, session.peer_fingerprint, timeout=timeout, resuming=session)

    # ------------------------------------------------------------------------------ listener side

    def on_responder_handshake(self, conn, hs, peer: P.PeerIdentity, h2: bytes) -> None:
        """After message 3 was accepted and the PING queued as frame 0: on a resumable connection,
        the session, and the RESUME answer as frame 1 when the dialer sent `resume` (§4.2)."""
        if not peer.resumable:
            return
        keys = derive_keys(hs.ss.ck, hs.ss.h)  # RTT-RES-002
        request: Optional[ResumeRequest] = peer.resume
        if request is None:
            session = self._new_session("listener", peer, keys)
            self._attach(session, conn, ConnectionLink(self, session, conn, keys=keys))
            return
        code, session = self._decide(request, peer, h2)
        if code is None:
            with session.lock:
                if session.state == "ended":  # its retention ran out since the decision (R3)
                    code = RESUME_EXPIRED
                else:
                    self._answer_resumed(conn, session, request, keys)
                    return
        # fresh: the connection is the first of a new session (RTT-RES-007)
        fresh = self._new_session("listener", peer, keys)
        self._attach(fresh, conn, ConnectionLink(self, fresh, conn, keys=keys))
        conn._enqueue(F.RESUME, 0, 0, ResumeAnswer("fresh", code).encode())
        self.note("refused", peer.fingerprint, code=code, role="listener")

    def _answer_resumed(self, conn, session: Session, request: ResumeRequest, keys) -> None:
        """R6 (with the session's lock held): RESUME `resumed` as frame 1, the restored channels, the
        retransmission (§4.2, §4.3), and the two ids of §4.4."""
        link = ConnectionLink(self, session, conn, keys=keys)
        self._rotate_ids(session, request.session_id, keys)
        link.commit_pending = True
        self._attach(session, conn, link)
        restored = [c for c in request.channels
                    if c.id in session.channels and session.channels[c.id].name == c.name]
        answer = ResumeAnswer("resumed", None, tuple(session.channels[c.id].count() for c in restored))
        conn._enqueue(F.RESUME, 0, 0, answer.encode())  # frame 1, after the PING (RTT-RES-006)
        queued = self._restore(session, conn, restored)
        session.state = "connected"
        session.suspended_at = None
        self.note("resumed", session.peer_fingerprint, role="listener", retransmitted=queued)

    def _decide(self, request: ResumeRequest, peer: P.PeerIdentity, h2: bytes):
        """Rows R1-R6 of §4.2: (code, None) for fresh, (None, session) for resumed."""
        self.tick(self.clock.now())  # retention measured now, not at the next timer tick
        sid = request.session_id
        with self.lock:
            session = self._by_id.get(sid)
            if session is not None and (session.peer_fingerprint != peer.fingerprint or session.role != "listener"):
                session = None  # another pair of identities, or a session this side dialled (only its dialer resumes)
            tomb = self._tombstones.get(sid)
            if tomb is not None and tomb.peer != peer.fingerprint:
                tomb = None
            if session is None:
                if tomb is None:
                    return RESUME_UNKNOWN, None  # R1
                return (REPLAY if tomb.kind == REPLAY else RESUME_EXPIRED), None  # R2, R3
            binder_key = session.keys.get(sid)
        if binder_key is None or not binder_ok(binder_key, h2, request.binder):
            self._end_live(session)  # R4 on a live session: a tombstone RESUME_EXPIRED
            return RESUME_UNKNOWN, None
        old = session.conn
        if old is not None and session.state == "connected" and not old.finished:
            old.abort()  # the dialer is back while this side still had the old connection open
            old.wait_finished(5.0)
        with session.lock:
            if session.state == "ended":
                return RESUME_EXPIRED, None
            for c in request.channels:  # R5
                ch = session.channels.get(c.id)
                if ch is not None and ch.name == c.name and not ch.acked <= c.delivered <= ch.fins:
                    break
            else:
                return None, session  # R6
        self._end_live(session)
        return RESUME_UNKNOWN, None

    def _end_live(self, session: Session) -> None:
        """R4, R5: the session is discarded (a tombstone RESUME_EXPIRED), its connection, if any, too."""
        conn = session.conn
        self.end(session, "refused")
        if conn is not None:
            conn.abort()

    def _rotate_ids(self, session: Session, presented: bytes, keys) -> None:
        """§4.4 step 1: the presented id stays valid until the dialer's ACK, the new one is valid now;
        a request naming the old id discards an uncommitted new one, one naming the new retires the
        old."""
        with self.lock:
            for sid in [s for s in session.keys if s != presented]:
                del session.keys[sid]
                self._by_id.pop(sid, None)
                if sid == session.old:
                    self._tomb(sid, REPLAY, session.peer_fingerprint)
            session.old = presented
            session.keys[keys.session_id] = keys.binder_key
            session.current = keys.session_id
            self._by_id[keys.session_id] = session

    def retire_old_id(self, session: Session) -> None:
        """§4.4 step 3: the ACK of frame 1 arrived; the old id is used (R2 from now on)."""
        with self.lock:
            old = session.old
            if old is not None and old in session.keys and old != session.current:
                del session.keys[old]
                self._by_id.pop(old, None)
                self._tomb(old, REPLAY, session.peer_fingerprint)
            session.old = None
        self.note("committed", role=session.role)

    def _restore(self, session: Session, conn, restored) -> int:
        """The restored channels open on the new connection; the others are lost (§4.2); then §4.3's
        retransmission. With the session's lock held."""
        keep = {c.id: c for c in restored}
        for cid in sorted(session.channels):
            ch = session.channels[cid]
            if cid not in keep:
                del session.channels[cid]
                self.note("channel_lost", session.peer_fingerprint, channel=cid, name=ch.name,
                          undelivered=len(ch.retained))
            elif cid >= 3:
                conn.restore_channel(cid, ch.name)
        return session.retransmit(conn, {c.id: c.delivered for c in restored})

    # ------------------------------------------------------------------------------ both sides

    def _new_session(self, role: str, peer, keys, address=None) -> Session:
        session = Session(role, peer, keys, address, self.keep_deliveries)
        session.manager = self
        with self.lock:
            self._sessions.append(session)
            self._by_id[keys.session_id] = session
        self.note("opened", role=role)
        return session

    def _attach(self, session: Session, conn, link: ConnectionLink) -> None:
        with session.lock:
            session.conn = conn
            session.link = link
            if session.state == "suspended":
                session.state = "connected"
            conn.session = link

    def connection_closed(self, link: ConnectionLink, code: Optional[str], goaway: bool) -> None:
        """§7: GOAWAY or a closing ERROR other than TIMEOUT ends the session; any other end of its
        current connection (the stream failed, the dead-peer or message deadline) suspends it."""
        session = link.session
        with session.lock:
            if not link.current():
                return
            session.last_conn = weakref.ref(session.conn) if session.conn is not None else None
            session.conn = None
            session.link = None
            if goaway or (code is not None and code != "TIMEOUT"):
                ending = "goaway" if goaway else "refused"
            else:
                ending = None
                # the channels not open at the break are lost (§4.1: only phase OPEN is listed)
                open_now = {cid: ch.name for cid, ch in link.conn.channels.items() if ch.state == "open"}
                for cid in [c for c in session.channels if open_now.get(c) != session.channels[c].name]:
                    ch = session.channels.pop(cid)
                    self.note("channel_lost", session.peer_fingerprint, channel=cid, name=ch.name,
                          undelivered=len(ch.retained))
                # a resume attempt that broke before RESUME counts as a failed attempt (§6)
                attempt = session.attempt + 1 if session.state == "resuming" else 0
                session.state = "suspended"
                session.suspended_at = session.suspended_at or self.clock.now()
                self.reconnect.schedule(session, attempt, self.clock.now())
                over = session._over_limits()
        if ending is not None:
            self.end(session, ending)
            return
        messages, size = session.retained()
        self.note("suspended", session.peer_fingerprint, role=session.role, retained=messages, retained_bytes=size)
        if over:
            self.end(session, "limit")
        self._evict_suspended()

    def end(self, session: Session, reason: str) -> None:
        """The session ends (§7): its ids become tombstones RESUME_EXPIRED, its retained messages are
        reported undelivered and never sent again."""
        with session.lock:
            if session.state == "ended":
                return
            session.state = "ended"
            undelivered = session.undelivered()
            with self.lock:
                for sid in session.keys:
                    self._by_id.pop(sid, None)
                    self._tomb(sid, RESUME_EXPIRED, session.peer_fingerprint)
                if session in self._sessions:
                    self._sessions.remove(session)
        self.note("expired", session.peer_fingerprint, reason=reason, undelivered=undelivered, role=session.role)

    def _tomb(self, sid: bytes, kind: str, peer: str) -> None:
        self._tombstones.add(sid, kind, peer, self.clock.now())

    def _evict_suspended(self) -> None:
        with self.lock:
            suspended = [s for s in self._sessions if s.state == "suspended"]
        if len(suspended) > MAX_SUSPENDED:
            oldest = min(suspended, key=lambda s: s.suspended_at)
            self.end(oldest, "evicted")

    @property
    def auto_reconnect(self) -> bool:
        return self.reconnect.enabled

    @auto_reconnect.setter
    def auto_reconnect(self, value: bool) -> None:
        self.reconnect.enabled = value

    def backoff_delay(self, attempt: int) -> float:
        return self.reconnect.delay(attempt)

    def tick(self, now: float) -> None:
        """Retention (RTT-RES-013), tombstones (600 s), and the dialer's reconnection (§6)."""
        with self.lock:
            sessions = list(self._sessions)
            self._tombstones.purge(now)
        for s in sessions:
            if s.state == "suspended" and s.suspended_at is not None and now - s.suspended_at >= RETENTION:
                self.end(s, "retention")
        self.reconnect.start_due(sessions, now)

    def reset(self) -> None:
        """Harness reset: every session ends without a tombstone (nothing resumes or reconnects)."""
        for session in self.sessions():
            with session.lock:
                session.state = "ended"
        with self.lock:
            self._sessions.clear()
            self._by_id.clear()
            self._tombstones.clear()


P_VERSIONS = ("1.0", "1.1")
# the draft's proposed events (§9), reported when resume is enabled and the endpoint has an event log
EVENTS = {
    "suspended": "rtt.session.suspended",
    "resumed": "rtt.session.resumed",
    "refused": "rtt.session.refused",
    "expired": "rtt.session.expired",
    "channel_lost": "rtt.session.channel_lost",
    "reconnect_scheduled": "rtt.reconnect.scheduled",
    "reconnect_failed": "rtt.reconnect.failed",
}
