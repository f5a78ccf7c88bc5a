"""The mesh runtime (spec/mesh.md §4): the session gate, the relay steps R1–R6 of Table 4.3a,
delivery of relayed inner envelopes into the CIP behaviour (§4.4), forwarding and MESH_UNDELIVERABLE,
origination (§4.2), MESH_ROUTES (§4.5) and vouches (§4.6).

It shares the CIP runtime's lock (sessions and trust live there). Every envelope it sends goes into
the connection's one FIFO outbox at once, so nothing it sends overtakes what was produced before it,
and everything a harness operation makes it send is queued before the operation answers."""

from __future__ import annotations

import base64
import uuid
from dataclasses import dataclass
from typing import Callable, Optional

from .. import envelope as ENV
from .. import ijson
from ..cip.model import Refusal
from ..rtt.channels import channel_of
from . import tables as T
from .memory import MeshIdMemory
from .routes import RouteTable

NEIGHBOUR_STATES = ("probing", "trusted")  # mesh.md §1: neighbour
FEATURES = {"supports_mesh": True, "supports_multiplex": True}  # MESH-GATE-003 (FINDINGS-mesh.md F-MESH-22)


@dataclass(frozen=True)
class Inner:
    """A relayed inner envelope that passed steps 1–9, in the shape the CIP runtime reads."""

    protocol: str
    type: str
    msg_id: str
    sender_pubkey_b64: str
    json: dict


class MeshRuntime:
    """``seal(obj) -> bytes`` signs and serializes; ``emit(kind, peer, msg_id, **attrs)`` reports an
    event; ``validate_inner(data)`` runs steps 1–9 of envelope.md §13 at the agent's clock;
    ``remember_inner(msg_id)`` runs step 10 (REPLAY, or None when accepted)."""

    def __init__(self, identity, cip, seal: Callable[[dict], bytes], emit: Callable, clock,
                 validate_inner: Callable[[bytes], "ENV.Verdict"], remember_inner: Callable[[str], Optional[str]]):
        self.identity = identity
        self.own = identity.fingerprint
        self.cip = cip
        self._lock = cip._lock
        self._seal = seal
        self._emit = emit
        self.clock = clock
        self._validate_inner = validate_inner
        self._remember_inner = remember_inner
        self.routes = RouteTable(self.own)
        self.memory = MeshIdMemory()
        self._announced: dict[int, list] = {}  # id(conn) -> the MESH_ROUTES table last sent on it
        self._vouched: dict[int, set] = {}  # id(conn) -> subjects vouched for while both stay trusted
        self.new_msg_id = lambda: str(uuid.uuid4())
        cip.originate = self.originate
        cip.features = FEATURES

    # ------------------------------------------------------------------------------ state

    def reset(self) -> None:
        """harness.md §4.14: forget learned routes and remembered mesh_ids (vouch decays are the
        trust book's, reset with it)."""
        with self._lock:
            self.routes.clear()
            self.memory.clear()
            self._announced.clear()
            self._vouched.clear()

    def _is_neighbour_session(self, s) -> bool:
        """mesh.md §1: a completed CIP handshake whose peer's HELLO said ``supports_mesh`` true, with
        the peer held probing or trusted."""
        return (s.complete and s.peer_supports_mesh and s.peer_fp != self.own
                and self.cip.trust.state(s.peer_fp) in NEIGHBOUR_STATES)

    def _neighbours(self) -> dict:
        """fingerprint -> the earliest established session still open with that neighbour (§4.2)."""
        out = {}
        for s in self.cip.sessions.values():
            if s.peer_fp not in out and s.conn.is_open and self._is_neighbour_session(s):
                out[s.peer_fp] = s
        return out

    def _current_routes(self, neighbours: Optional[dict] = None) -> dict:
        neighbours = self._neighbours() if neighbours is None else neighbours
        self.routes.keep_only(neighbours)
        return self.routes.routes({fp: s.peer_agent_id for fp, s in neighbours.items()},
                                  lambda fp: self.cip.trust.state(fp) == "blacklisted")

    def describe(self) -> dict:
        """harness ``GET mesh`` (HAR-MESH-001)."""
        with self._lock:
            self.expire()
            routes = sorted(self._current_routes().values(), key=lambda r: r.destination)
            return {"hop_limit": T.DEFAULT_HOP_LIMIT, "routes": [r.as_harness() for r in routes],
                    "remembered": self.memory.count(self.clock.now_ns())}

    # ------------------------------------------------------------------------------ building, sending

    def _build(self, protocol: str, receiver: dict, msg_type: str, payload: dict) -> tuple[str, bytes]:
        msg_id = self.new_msg_id()
        obj = {
            protocol: "1.0",
            "msg_id": msg_id,
            "type": msg_type,
            "timestamp": self.clock.timestamp(),
            "sender": {"agent_id": self.identity.agent_id, "fingerprint": self.own,
                       "pubkey": self.identity.pubkey_b64},
            "receiver": receiver,
            "payload": payload,
        }
        return msg_id, self._seal(obj)

    def _send_on(self, s, msg_type: str, payload: dict) -> Optional[str]:
        """A mesh envelope on a session; MESH-GATE-002: only to a neighbour."""
        if not self._is_neighbour_session(s):
            return None
        msg_id, data = self._build("mesh", {"agent_id": s.peer_agent_id, "fingerprint": s.peer_fp},
                                   msg_type, payload)
        try:
            s.conn.send_message(channel_of("mesh", msg_type), data)
        except Exception:
            return None  # the connection is going away
        return msg_id

    def _send_relay(self, s, payload: dict, inner_msg_id: Optional[str], inner_type: Optional[str] = None) -> bool:
        """One copy of a MESH_RELAY and its event: ``mesh.relay.originated`` (EVT-MESH-003) when this
        agent made it (``inner_type`` given), else ``mesh.relay.forwarded`` (EVT-MESH-001)."""
        if self._send_on(s, "MESH_RELAY", payload) is None:
            return False
        if inner_type is not None:
            self._emit("mesh.relay.originated", peer=s.peer_fp, msg_id=inner_msg_id, mesh_id=payload["mesh_id"],
                       destination=payload["destination"], type=inner_type)
        else:
            self._emit("mesh.relay.forwarded", peer=s.peer_fp, msg_id=inner_msg_id, mesh_id=payload["mesh_id"],
                       origin=payload["origin"], destination=payload["destination"], hops=len(payload["route"]))
        return True

    # ------------------------------------------------------------------------------ origin (§4.2)

    def originate(self, destination: str, agent_id: Optional[str], protocol: str, msg_type: str,
                  payload: dict, hop_limit: int = T.DEFAULT_HOP_LIMIT) -> dict:
        """Send an envelope this agent makes to ``destination`` (a fingerprint or ``*``): directly to
        a neighbour (MESH-ORG-001), as a MESH_RELAY along its route (MESH-ORG-002) or to every
        neighbour (MESH-ORG-003). Answers what harness ``mesh/send`` answers (HAR-MESH-002)."""
        with self._lock:
            neighbours = self._neighbours()
            if destination == T.BROADCAST:
                targets = [neighbours[fp] for fp in sorted(neighbours)]
                receiver = dict(T.BROADCAST_RECEIVER)
            elif destination in neighbours:
                s = neighbours[destination]
                if protocol == "cip":
                    msg_id = self.cip.send_direct(s, msg_type, payload)  # with its trust block (CIP-TRU-004)
                else:
                    msg_id = self._send_on(s, msg_type, payload)
                if msg_id is None:
                    return {"result": "unreachable"}
                self._note_origin(msg_type, msg_id)
                return {"result": "sent", "msg_id": msg_id, "mesh_id": None, "to": [destination]}
            else:
                route = self._current_routes(neighbours).get(destination)
                targets = [neighbours[route.via]] if route is not None else []
                receiver = {"agent_id": agent_id or (route.agent_id if route else ""), "fingerprint": destination}
            if not targets:
                return {"result": "unreachable"}  # a destination without a route: nothing is sent
            msg_id, data = self._build(protocol, receiver, msg_type, payload)
            if len(data) > T.MAX_INNER_BYTES:  # harness.md §4.14 (spec 0.5.0): invalid RELAY
                return {"result": "invalid", "error": {"code": "RELAY",
                                                       "message": "the inner envelope exceeds 655,360 bytes"}}
            mesh_id = self.new_msg_id()
            relay = {"mesh_id": mesh_id, "origin": self.own, "destination": destination, "hop_limit": hop_limit,
                     "route": [self.own], "envelope": base64.b64encode(data).decode("ascii")}
            now = self.clock.now_ns()
            self.memory.remember(mesh_id, now)  # MESH-RLY-002, MESH-ORG-003
            sent = sorted(s.peer_fp for s in targets if self._send_relay(s, relay, msg_id, msg_type))
            if not sent:
                return {"result": "unreachable"}
            self._note_origin(msg_type, msg_id)
            return {"result": "sent", "msg_id": msg_id, "mesh_id": mesh_id, "to": sent}

    def _note_origin(self, msg_type: str, msg_id: str) -> None:
        if msg_type == "FACT_PROPOSE":
            self.cip.own_proposals.add(msg_id)  # its outcome is accepted and changes nothing (CIP-KNW-004)

    def _undeliverable(self, origin: str, agent_id: str, mesh_id: str, msg_id: str, code: str, why: str) -> None:
        """§4.3, MESH-DEL-002: tell the origin, through the mesh, what became of its envelope."""
        payload = {"mesh_id": mesh_id, "msg_id": msg_id, "code": code, "message": why[:256]}
        self.originate(origin, agent_id, "mesh", "MESH_UNDELIVERABLE", payload)

    # ------------------------------------------------------------------------------ receiving

    def handle(self, conn, env) -> Optional[tuple[str, str]]:
        """A mesh envelope that passed validation on its channel; ``(code, text)`` when refused."""
        with self._lock:
            s = self.cip.sessions.get(id(conn))
            if s is None:
                return ("TRUST_VIOLATION", "mesh envelopes travel only over sessions (CIP handshake first)")
            if env.sender_pubkey_b64 != s.peer_pubkey_b64:  # MESH-SES-001: malicious evidence
                self.cip.trust.event(s.peer_fp, "malicious")
                return ("TRUST_VIOLATION", "sender.pubkey is not this session's peer identity")
            if not self._is_neighbour_session(s):  # MESH-GATE-001
                why = ("its CIP handshake has not completed" if not s.complete else
                       "its HELLO did not announce supports_mesh" if not s.peer_supports_mesh else
                       "it is %s" % self.cip.trust.state(s.peer_fp))
                return ("TRUST_VIOLATION", "mesh envelopes come only from neighbours; this peer is not one: " + why)
            try:
                if env.type == "MESH_RELAY":
                    self._relay(s, env.json["payload"])
                elif env.type == "MESH_ROUTES":
                    self.routes.learn(s.peer_fp, env.json["payload"]["routes"])
                elif env.type == "MESH_VOUCH":
                    self._vouch(s, env)
                # a MESH_UNDELIVERABLE from a neighbour (MESH-ORG-001) is only taken note of
            except Refusal as r:
                return (r.code, r.text)
            return None

    def _dropped(self, s, payload: dict, reason: str, inner_msg_id: Optional[str]) -> None:
        self._emit("mesh.relay.dropped", peer=s.peer_fp, msg_id=inner_msg_id, mesh_id=payload["mesh_id"],
                   reason=reason)

    def _relay(self, s, p: dict) -> None:
        """Table 4.3a, steps R1–R6 in order: the first that fails decides."""
        now = self.clock.now_ns()
        why = T.route_record_problem(p, s.peer_fp)
        if why is not None:  # R1, MESH-RLY-001
            self._dropped(s, p, "relay", _readable_msg_id(p))
            raise Refusal("RELAY", why)
        if self.memory.remembers(p["mesh_id"], now):  # R2, MESH-RLY-002
            self._dropped(s, p, "duplicate", _readable_msg_id(p))
            return
        if self.own in p["route"]:  # R3, MESH-RLY-003
            self._dropped(s, p, "loop", _readable_msg_id(p))
            return
        data = T.decode_inner(p["envelope"])  # R4, MESH-RLY-001
        if data is None:
            self._dropped(s, p, "relay", None)
            raise Refusal("RELAY", "envelope is not canonical base64 of at most 655,360 bytes")
        verdict = self._validate_inner(data)
        if not verdict.valid:
            self._dropped(s, p, "relay", verdict.msg_id)
            raise Refusal("RELAY", "inner envelope refused with %s: %s" % (verdict.code, verdict.message))
        why = T.inner_problem(verdict.envelope, verdict.protocol, p)
        if why is not None:
            self._dropped(s, p, "relay", verdict.msg_id)
            raise Refusal("RELAY", why)
        if self.cip.trust.state(p["origin"]) == "blacklisted":  # R5, MESH-RLY-004
            self._dropped(s, p, "blacklisted", verdict.msg_id)
            raise Refusal("TRUST_VIOLATION", "the origin is blacklisted")
        self.memory.remember(p["mesh_id"], now)  # R6
        inner = verdict.envelope
        if p["destination"] in (self.own, T.BROADCAST):
            self._deliver(s, p, Inner(verdict.protocol, inner["type"], inner["msg_id"],
                                      inner["sender"]["pubkey"], inner))
        if p["destination"] != self.own:
            self._forward(s, p, inner)

    def _deliver(self, s, p: dict, inner: Inner) -> None:
        """§4.4, MESH-DEL-001/002: step 10 now, then the behaviour with the origin as the peer; a
        refusal goes back to the origin in a MESH_UNDELIVERABLE (none about a MESH_UNDELIVERABLE)."""
        self._emit("mesh.relay.delivered", peer=s.peer_fp, msg_id=inner.msg_id, mesh_id=p["mesh_id"],
                   origin=p["origin"], type=inner.type)
        origin_agent_id = inner.json["sender"]["agent_id"]
        refusal = None
        code = self._remember_inner(inner.msg_id)
        if code is not None:
            refusal = (code, "the inner envelope's msg_id was accepted before")
        elif inner.protocol == "cip":
            refusal = self.cip.deliver_relayed(p["origin"], origin_agent_id, inner)
        if refusal is not None and inner.type != "MESH_UNDELIVERABLE":
            self._undeliverable(p["origin"], origin_agent_id, p["mesh_id"], inner.msg_id, refusal[0], refusal[1])

    def _forward(self, s, p: dict, inner: dict) -> None:
        """§4.3: a unicast relay to its destination's route, a broadcast to every neighbour not in
        the route record; HOP_LIMIT / UNREACHABLE back to the origin (MESH-RLY-005 … 008)."""
        route, limit = p["route"], p["hop_limit"]
        onward = T.forwarded_payload(p, self.own)
        neighbours = self._neighbours()
        if p["destination"] == T.BROADCAST:
            if len(route) < limit:
                for fp in sorted(neighbours):
                    if fp not in route:
                        self._send_relay(neighbours[fp], onward, inner["msg_id"])
            return
        if len(route) >= limit:  # MESH-RLY-006
            self._not_forwarded(s, p, inner, "hop_limit", "HOP_LIMIT", "the hop limit was reached")
            return
        target = self._current_routes(neighbours).get(p["destination"])
        if target is None or target.via in route:  # MESH-RLY-007
            self._not_forwarded(s, p, inner, "unreachable", "UNREACHABLE", "no route to the destination")
            return
        if not self._send_relay(neighbours[target.via], onward, inner["msg_id"]):
            self._not_forwarded(s, p, inner, "unreachable", "UNREACHABLE", "the route's session is gone")

    def _not_forwarded(self, s, p: dict, inner: dict, reason: str, code: str, why: str) -> None:
        self._dropped(s, p, reason, inner["msg_id"])
        if inner["type"] != "MESH_UNDELIVERABLE":
            self._undeliverable(p["origin"], inner["sender"]["agent_id"], p["mesh_id"], inner["msg_id"], code, why)

    # ------------------------------------------------------------------------------ vouches (§4.6)

    def _vouch(self, s, env) -> None:
        p = env.json["payload"]
        subject, view = p["subject"], p["view"]
        applied = (view == "trusted" and self.cip.trust.state(s.peer_fp) == "trusted"
                   and subject not in (self.own, s.peer_fp) and self.cip.trust.is_unknown(subject))
        self._emit("mesh.vouch.received", peer=s.peer_fp, msg_id=env.msg_id, subject=subject, view=view,
                   applied=applied)
        if applied:  # MESH-TRU-001, Table 4.6
            self.cip.trust.vouch(subject, self.clock.now_ns())

    def expire(self) -> None:
        """MESH-TRU-002: every vouch 3,600 s old by the agent's clock decays now."""
        with self._lock:
            now = self.clock.now_ns()
            while self.cip.trust.decay_due(now) is not None:
                pass

    # ------------------------------------------------------------------------------ announcements

    def refresh(self) -> None:
        """After anything that may change routes or trust: decays due, then MESH_ROUTES to every
        neighbour session whose table changed or was never sent (MESH-RTE-001/002, sent at once),
        then MESH_VOUCHes owed (MESH-TRU-003)."""
        with self._lock:
            self.expire()
            neighbours = self._neighbours()
            routes = self._current_routes(neighbours)
            sessions = [s for s in self.cip.sessions.values() if s.conn.is_open and self._is_neighbour_session(s)]
            live = {id(s.conn) for s in sessions}
            for key in [k for k in self._announced if k not in live]:
                del self._announced[key]
            for s in sessions:
                table = RouteTable.announcement(routes, s.peer_fp)
                if self._announced.get(id(s.conn)) != table:
                    self._announced[id(s.conn)] = table
                    self._send_on(s, "MESH_ROUTES", {"routes": table})
            self._send_vouches(sessions)

    def _send_vouches(self, sessions: list) -> None:
        trusted = sorted(fp for fp, st in self.cip.trust.snapshot().items() if st == "trusted" and fp != self.own)
        holders = [s for s in sessions if s.peer_fp in trusted]
        for key in [k for k in self._vouched if k not in {id(s.conn) for s in holders}]:
            del self._vouched[key]
        for s in holders:
            done = self._vouched.setdefault(id(s.conn), set())
            done.intersection_update(trusted)  # a subject no longer trusted is owed a vouch again later
            for subject in trusted:
                if subject != s.peer_fp and subject not in done:
                    done.add(subject)
                    self._send_on(s, "MESH_VOUCH", {"subject": subject, "view": "trusted"})


def _readable_msg_id(p: dict) -> Optional[str]:
    """The inner envelope's msg_id for an event, when the envelope string can be read at all."""
    data = T.decode_inner(p["envelope"])
    if data is None:
        return None
    try:
        return ENV.msg_id_of(ijson.parse(data))
    except ijson.IJsonError:
        return None
