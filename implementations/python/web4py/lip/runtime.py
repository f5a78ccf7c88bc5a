"""The LIP runtime (spec/lip.md §4): LIP envelopes that passed validation on `knowledge` come here
from the agent. Refusals (Table 4.1) are returned as ``(code, text)`` for the agent to send as a
non-closing ERROR naming the envelope (RTT-ERR-003).

A LIP_FETCH is answered synchronously on the connection's reader thread: the sources are fetched
(concurrently, within the 4 s of Table 4.4a), the replies queued in the order of ``sources``, and
the handler returns once they are in the connection's outbox, a FIFO, so that anything the peer
sent after the LIP_FETCH -- a PING included -- is answered after them (LIP-RPL-003)."""

from __future__ import annotations

import threading
import time
import uuid
from typing import Callable, List, Optional

from ..rtt.channels import KNOWLEDGE
from . import document as D
from . import uri as U
from .fetcher import Fetcher
from .queue import Item, LipState, VoteRefused

REPLY_WITHIN = 5.0
BLOCKED_REASONS = ("blocked", "redirect_blocked")


class LipRuntime:
    """``cip`` is the CIP runtime (sessions, trust, load); ``seal(obj) -> bytes`` signs an envelope;
    ``emit(kind, peer, msg_id, **attrs)`` reports an event; ``clock`` is the agent's clock."""

    def __init__(self, identity, cip, seal: Callable[[dict], bytes], emit: Callable, clock,
                 initial_rules: Optional[list] = None):
        self.identity = identity
        self.cip = cip
        self._seal = seal
        self._emit = emit
        self.clock = clock
        self._lock = threading.RLock()
        self.state = LipState(initial_rules)
        self.fetcher = Fetcher(self._tier_now, clock_ns=clock.now_ns)
        self.new_msg_id = lambda: str(uuid.uuid4())
        self._fetching = 0
        self._idle = threading.Condition(self._lock)
        # expiry in real time too (LIP-QUE-007): a clock that merely runs on is an input of Table 4.7a
        threading.Thread(target=self._expiry_loop, name="lip-expiry", daemon=True).start()

    def _expiry_loop(self) -> None:
        while True:
            time.sleep(1.0)
            try:
                with self._lock:
                    now = self.clock.now_ns()
                    if self.state.expiry_due(now):
                        self._apply(self.state.rejudge(now, self.overloaded))
            except Exception:  # never let the checker die
                pass

    def _tier_now(self, uri: str) -> str:
        with self._lock:
            return self.state.tier_of(uri)

    @property
    def overloaded(self) -> bool:
        return self.cip.overloaded

    # ------------------------------------------------------------------------------ harness

    def reset(self) -> None:
        with self._lock:
            self.state.reset()

    def wait_idle(self, timeout: float = REPLY_WITHIN + 0.5) -> None:
        """Until no fetch is in progress (a harness operation reflects every fetch it follows)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._fetching and time.monotonic() < deadline:
                self._idle.wait(max(0.0, deadline - time.monotonic()))

    def set_sources(self, specs: List[dict]) -> List[dict]:
        """``POST lip/sources`` (HAR-LIP-001). Raises ValueError for a bad or duplicate prefix."""
        rules, seen = [], set()
        for spec in specs:
            rule = U.make_rule(spec["prefix"], spec["tier"])
            if rule.prefix in seen:
                raise ValueError("two rules for %s" % rule.prefix)
            seen.add(rule.prefix)
            rules.append(rule)
        with self._lock:
            self._apply(self.state.configure(rules, self.clock.now_ns(), self.overloaded))
            return self.sources()

    def sources(self) -> List[dict]:
        with self._lock:
            return [r.describe() for r in sorted(self.state.rules, key=lambda r: r.prefix)]

    def queue(self) -> List[dict]:
        with self._lock:
            return [self._describe(i) for i in self.state.items.values()]

    def _describe(self, item: Item) -> dict:
        return {
            "id": item.id,
            "asker": item.asker,
            "originator": item.originator,
            "source": {"uri": item.uri, "tier": self.state.tier_of(item.uri), "retrieved_at": item.retrieved_at},
            "arrived_at": item.arrived_at,
            "claims": list(item.claims),
            "status": item.status,
            "reason": item.reason,
            "corroborators": sorted(item.accepters),
            "rejected_by": sorted(item.rejecters),
            "conflicts": [c.describe() for c in item.conflicts],
            "in_memory": item.in_memory,
        }

    def rejudge(self) -> None:
        """Load or clock changed (HAR-LIP-003): judge every pending and disputed item again."""
        with self._lock:
            self._apply(self.state.rejudge(self.clock.now_ns(), self.overloaded))

    # ------------------------------------------------------------------------------ sending

    def _session_for(self, fp: str):
        """The most recently established open connection with that peer (§4.7.4)."""
        found = None
        for s in list(self.cip.sessions.values()):
            if s.peer_fp == fp and getattr(s.conn, "is_open", False):
                found = s
        return found

    def _send(self, session, msg_type: str, payload: dict, source: Optional[dict] = None) -> Optional[str]:
        msg_id = self.new_msg_id()
        obj = {
            "lip": "1.0",
            "msg_id": msg_id,
            "type": msg_type,
            "timestamp": self.clock.timestamp(),
            "sender": {"agent_id": self.identity.agent_id, "fingerprint": self.identity.fingerprint,
                       "pubkey": self.identity.pubkey_b64},
            "receiver": {"agent_id": session.peer_agent_id, "fingerprint": session.peer_fp},
            "payload": payload,
        }
        if source is not None:
            obj["source"] = source
        data = self._seal(obj)
        try:
            session.conn.send_message(KNOWLEDGE, data)
        except Exception:
            return None
        return msg_id

    def _apply(self, effects: list, reply_to=None) -> None:
        """Turn the queue's effects into events and notifications (LIP-NOT-001, EVT-LIP-002/003).
        ``reply_to``: the session of a fetch whose reply these effects are part of (§4.5)."""
        for effect in effects:
            kind = effect[0]
            if kind == "tier":
                _, rule, old, new, cause = effect
                self._emit("lip.source.tier_changed", peer=None, msg_id=None,
                           source=rule.prefix, **{"from": old, "to": new, "cause": cause})
                continue
            item = effect[1]
            if kind == "status":
                self._emit("lip.item.status", peer=item.peer, msg_id=item.id, item=item.id,
                           status=item.status, reason=item.reason or "-")
                if item.status == "accepted":
                    self._notify(item, "LIP_ACCEPT", {
                        "evidence_ref": item.id, "decision": "accept", "reason": item.reason,
                        "corroborators": [] if item.reason == "tier" else sorted(item.accepters)[:64]},
                        reply_to)
                elif item.status == "rejected":
                    self._notify(item, "LIP_REJECT", {
                        "evidence_ref": item.id, "decision": "reject", "reason": item.reason,
                        "corroborators": sorted(item.rejecters)[:64] if item.reason == "peer_rejection" else []},
                        reply_to)
            elif kind == "conflict":
                c = effect[2]
                self._notify(item, "LIP_CONFLICT",
                             {"conflicts": list(c.claims), "local_refs": [c.with_], "severity": c.severity},
                             source={"uri": item.uri, "trust_tier": self.state.tier_of(item.uri),
                                     "retrieved_at": item.retrieved_at}, reply_to=reply_to)

    def _notify(self, item: Item, msg_type: str, payload: dict, reply_to=None, source: Optional[dict] = None) -> None:
        if item.peer is None:
            return
        session = reply_to if reply_to is not None and reply_to.peer_fp == item.peer else self._session_for(item.peer)
        if session is not None:
            self._send(session, msg_type, payload, source)

    # ------------------------------------------------------------------------------ receiving

    def handle(self, conn, env) -> Optional[tuple]:
        """A LIP envelope that passed validation on `knowledge`. Returns ``(code, text)`` when it
        is refused, else None."""
        arrival = time.monotonic()
        s = self.cip.sessions.get(id(conn))
        if s is None:
            return ("TRUST_VIOLATION", "no CIP session on this connection")
        fp = s.peer_fp
        # Table 4.1 row 1 (LIP-SES-001)
        if env.sender_pubkey_b64 != s.peer_pubkey_b64:
            with self.cip._lock:
                self.cip.trust.event(fp, "malicious")
            return ("TRUST_VIOLATION", "sender.pubkey is not this session's peer identity")
        # row 2 (LIP-SES-002)
        state = self.cip.trust.state(fp)
        if state not in ("probing", "trusted"):
            return ("TRUST_VIOLATION", "LIP serves only a probing or trusted peer (this one is %s)" % state)
        p = env.json["payload"]
        if env.type == "LIP_FETCH":
            return self._fetch(s, env, arrival)
        with self._lock:
            now = self.clock.now_ns()
            trusted = state == "trusted"
            if env.type == "LIP_EVIDENCE":
                src = env.json["source"]
                try:
                    u = U.normalize(src["uri"])
                    retrieved_ns = _parse_ts(src["retrieved_at"])
                except Exception as e:
                    return ("INVALID_ENVELOPE", "source: %s" % e)
                item = Item(env.msg_id, u, src["retrieved_at"], retrieved_ns, self.clock.timestamp(), now,
                            list(p["claims"]), list(p["evidence"]), originator=fp)
                self._apply(self.state.add(item, now, self.overloaded))
            elif env.type in ("LIP_ACCEPT", "LIP_REJECT"):
                kind = "accept" if env.type == "LIP_ACCEPT" else "reject"
                try:
                    effects = self.state.vote(p["evidence_ref"], fp, kind, trusted, now, self.overloaded)
                except VoteRefused as e:
                    return ("TRUST_VIOLATION", str(e))  # row 5 (LIP-QUE-008)
                self._apply(effects)
            elif env.type == "LIP_CONFLICT":
                try:
                    u = U.normalize(env.json["source"]["uri"])
                except Exception as e:
                    return ("INVALID_ENVELOPE", "source: %s" % e)
                self._apply(self.state.report_conflict(fp, trusted, u, list(p["conflicts"]), p["severity"],
                                                       now, self.overloaded))
        return None

    def _fetch(self, s, env, arrival: float) -> Optional[tuple]:
        listed = []
        for text in env.json["payload"]["sources"]:
            u = U.normalize(text)
            if u not in listed:  # a later duplicate after normalization is skipped
                listed.append(u)
        with self._lock:
            if self.overloaded:  # row 3 (LIP-FET-003)
                return ("BACKPRESSURE", "the agent is overloaded")
            if all(self.state.tier_of(u) == "blocked" for u in listed):  # row 4 (LIP-FET-004)
                return ("SOURCE_BLOCKED", "every listed source is blocked")
            self._fetching += 1
        try:
            self._emit("lip.fetch.started", peer=s.peer_fp, msg_id=env.msg_id, sources=len(listed))
            outcomes = self.fetcher.fetch_all(listed, arrival)
            got = False
            with self._lock:
                for o in outcomes:
                    if not o.ok:
                        attrs = {"uri": o.listed, "reason": o.reason}
                        if o.reason == "http_status" and o.status is not None:
                            attrs["status"] = o.status
                        self._emit("lip.source.failed", peer=s.peer_fp, msg_id=env.msg_id, **attrs)
                        continue
                    got = True
                    self._emit("lip.source.fetched", peer=s.peer_fp, msg_id=env.msg_id, listed=o.listed, uri=o.final_uri,
                               tier=o.tier, bytes=o.size, redirects=o.redirects)
                    retrieved_at = _format_ns(o.completed_ns)
                    source = {"uri": o.final_uri, "trust_tier": o.tier, "retrieved_at": retrieved_at}
                    msg_id = self._send(s, "LIP_EVIDENCE", D.payload_of(o.doc, env.msg_id), source)
                    if msg_id is None:
                        continue
                    now = self.clock.now_ns()
                    item = Item(msg_id, o.final_uri, retrieved_at, o.completed_ns, self.clock.timestamp(), now,
                                list(o.doc["claims"]), list(o.doc["evidence"]), asker=s.peer_fp)
                    self._apply(self.state.add(item, now, self.overloaded), reply_to=s)
            if not got:
                if all(o.reason in BLOCKED_REASONS for o in outcomes):
                    return ("SOURCE_BLOCKED", "every source is blocked or redirects to a blocked URI")
                return ("FETCH_FAILED", "no source gave an evidence document: " +
                        ", ".join("%s %s" % (o.listed, o.reason) for o in outcomes))
            # LIP-RPL-003: the replies are queued before this returns, so they leave before anything
            # answering a later frame (the connection's outbox is one FIFO)
            return None
        finally:
            with self._lock:
                self._fetching -= 1
                self._idle.notify_all()


def _parse_ts(text: str) -> int:
    from ..envelope import parse_timestamp

    return parse_timestamp(text)


def _format_ns(ns: int) -> str:
    from ..rtt.clock import format_timestamp

    return format_timestamp(ns)
