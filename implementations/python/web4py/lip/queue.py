"""Sources and the deferred-acceptance queue (spec/lip.md §4.6–§4.7): the source rules with their
runs (Table 4.6b), the items with their status (Table 4.7a), votes, reported conflicts, memory.

A pure model: every method returns the *effects* it caused, in order, which the runtime turns into
envelopes (LIP-NOT-001) and events (EVT-LIP-002/003):

* ``("status", item)``       -- the item took ``item.status`` / ``item.reason`` (its first included);
* ``("conflict", item, c)``  -- the conflict ``c`` was opened on the item (a LIP_CONFLICT is due);
* ``("tier", rule, old, new, cause)`` -- a source's tier changed.

Times are the agent's clock in nanoseconds since the epoch (HAR-CLK-001)."""

from __future__ import annotations

import collections
from dataclasses import dataclass, field
from typing import Callable, List, Optional

from . import uri as U

RETRIEVAL_AHEAD_NS = 300 * 10**9
EXPIRY_NS = 86_400 * 10**9
MAX_UNDECIDED = 1000
MAX_ITEMS = 100_000  # beyond this the oldest final items are forgotten (bounded memory)
CORROBORATED_RUN = 3
REFUTED_RUN = 2
FINAL = ("accepted", "rejected")

# Table 4.6b: tier -> (after the 3rd corroborated, after the 2nd refuted); None: no change
MOVES = {
    "unknown": ("low", "low"),
    "low": ("medium", None),
    "medium": (None, "low"),
    "high": (None, "medium"),
    "blocked": (None, None),
}


class VoteRefused(Exception):
    """Table 4.1 row 5 (LIP-QUE-008): TRUST_VIOLATION (a vote naming no item held)."""


@dataclass
class Conflict:
    with_: str  # the reporter's fingerprint
    claims: List[str]
    severity: str
    open: bool = True

    def describe(self) -> dict:
        return {"with": self.with_, "claims": list(self.claims), "open": self.open}


@dataclass
class Item:
    id: str
    uri: str  # normalized source.uri
    retrieved_at: str
    retrieved_at_ns: int
    arrived_at: str
    arrived_at_ns: int
    claims: List[str]
    evidence: List[str]
    asker: Optional[str] = None
    originator: Optional[str] = None
    status: Optional[str] = None
    reason: Optional[str] = None
    accepters: List[str] = field(default_factory=list)  # counted, in order of arrival
    rejecters: List[str] = field(default_factory=list)
    conflicts: List[Conflict] = field(default_factory=list)
    in_memory: bool = False
    corroborated_event: bool = False
    refuted_event: bool = False

    @property
    def final(self) -> bool:
        return self.status in FINAL

    @property
    def peer(self) -> Optional[str]:
        """Whom status changes are told to: the asker or the originator."""
        return self.asker if self.asker is not None else self.originator

    @property
    def open_conflicts(self) -> List[Conflict]:
        return [c for c in self.conflicts if c.open]


class LipState:
    def __init__(self, initial_rules: Optional[list] = None):
        self.initial_rules = [(r.prefix, r.tier) for r in (initial_rules or [])]
        self.rules: List[U.Rule] = [U.make_rule(p, t) for p, t in self.initial_rules]
        self.items: "collections.OrderedDict[str, Item]" = collections.OrderedDict()
        # the ids of the items that are not final, kept by add and _set: the queue-full check of
        # every arrival counts it without a pass over up to 10,000 items (ADR 1428)
        self._undecided: set = set()
        self.memory: List[str] = []  # claims of accepted items, in order

    def reset(self) -> None:
        self.rules = [U.make_rule(p, t) for p, t in self.initial_rules]
        self.items.clear()
        self._undecided.clear()
        self.memory.clear()

    # --------------------------------------------------------------------------- sources

    def tier_of(self, uri: str) -> str:
        return U.tier_of(self.rules, uri)

    def _source_of(self, uri: str, learn: bool) -> Optional[U.Rule]:
        u = U.parse(uri)
        rule = U.best_rule(self.rules, u)
        if rule is None and learn:
            rule = U.Rule(u.origin + "/", "unknown", "learned")
            self.rules.append(rule)
        return rule

    def configure(self, rules: List[U.Rule], now_ns: int, overloaded: bool) -> list:
        """``lip/sources``: replace every rule with runs 0 (HAR-LIP-001), then judge the queue again
        (LIP-SRC-003). A configuration is not a ``tier`` effect (events.md: no event for it)."""
        self.rules = list(rules)
        for r in self.rules:
            r.corroborated_run = r.refuted_run = 0
        return self.rejudge(now_ns, overloaded)

    def _source_event(self, item: Item, event: str, now_ns: int, overloaded: bool) -> list:
        rule = self._source_of(item.uri, learn=True)
        if event == "corroborated":
            rule.corroborated_run += 1
            rule.refuted_run = 0
            new = MOVES[rule.tier][0] if rule.corroborated_run >= CORROBORATED_RUN else None
        else:
            rule.refuted_run += 1
            rule.corroborated_run = 0
            new = MOVES[rule.tier][1] if rule.refuted_run >= REFUTED_RUN else None
        if new is None or new == rule.tier:
            return []
        old, rule.tier = rule.tier, new
        rule.corroborated_run = rule.refuted_run = 0
        return [("tier", rule, old, new, event)] + self.rejudge(now_ns, overloaded)

    # --------------------------------------------------------------------------- items

    def undecided(self) -> int:
        return len(self._undecided)

    def add(self, item: Item, now_ns: int, overloaded: bool) -> list:
        """A new item (LIP-QUE-001): rows 1-4 on arrival, then the rest of Table 4.7a."""
        full = self.undecided() >= MAX_UNDECIDED
        if len(self.items) >= MAX_ITEMS:
            self._forget_oldest_final()
        self.items[item.id] = item
        self._undecided.add(item.id)  # no status yet: not final
        if self.tier_of(item.uri) == "blocked":
            return self._set(item, "rejected", "blocked")
        if not item.evidence:
            return self._set(item, "rejected", "no_provenance")
        if item.retrieved_at_ns - now_ns > RETRIEVAL_AHEAD_NS:
            return self._set(item, "rejected", "retrieval_time")
        if full:
            return self._set(item, "rejected", "queue_full")
        return self._judge(item, now_ns, overloaded, first=True)

    def _forget_oldest_final(self) -> None:
        for key in [k for k, i in self.items.items() if i.final][: max(1, len(self.items) - MAX_ITEMS + 1)]:
            del self.items[key]

    def expiry_due(self, now_ns: int) -> bool:
        """Some pending or disputed item has reached its 86,400 s (LIP-QUE-007)."""
        return any(not i.final and now_ns - i.arrived_at_ns >= EXPIRY_NS for i in self.items.values())

    def _status(self, item: Item, now_ns: int, overloaded: bool):
        """Rows 1 and 5-11 of Table 4.7a."""
        tier = self.tier_of(item.uri)
        if tier == "blocked":
            return "rejected", "blocked"
        if item.rejecters:
            return "rejected", "peer_rejection"
        if now_ns - item.arrived_at_ns >= EXPIRY_NS:
            return "rejected", "expired"
        if item.open_conflicts:
            return "disputed", None
        if overloaded:
            return "pending", None
        if tier in ("medium", "high"):
            return "accepted", "tier"
        if len(item.accepters) >= 2:
            return "accepted", "corroborated"
        return "pending", None

    def _judge(self, item: Item, now_ns: int, overloaded: bool, first: bool = False) -> list:
        if item.final:
            return []
        status, reason = self._status(item, now_ns, overloaded)
        if not first and (status, reason) == (item.status, item.reason):
            return []
        return self._set(item, status, reason)

    def _set(self, item: Item, status: str, reason: Optional[str]) -> list:
        item.status, item.reason = status, reason
        if item.final:
            self._undecided.discard(item.id)
        else:
            self._undecided.add(item.id)
        if status == "accepted" and not item.in_memory:
            item.in_memory = True
            self.memory.extend(item.claims)  # LIP-QUE-009
        return [("status", item)]

    def rejudge(self, now_ns: int, overloaded: bool) -> list:
        """Every pending or disputed item again (load, clock, tiers: LIP-QUE-005/007, LIP-SRC-003)."""
        effects = []
        for item in list(self.items.values()):
            effects += self._judge(item, now_ns, overloaded)
        return effects

    # --------------------------------------------------------------------------- votes

    def vote(self, evidence_ref: str, voter: str, kind: str, trusted: bool, now_ns: int, overloaded: bool) -> list:
        """A LIP_ACCEPT (kind "accept") or LIP_REJECT ("reject") naming an item."""
        item = self.items.get(evidence_ref)
        if item is None:
            raise VoteRefused("evidence_ref names no item held here")
        # the originator's vote is neither refused nor counted (LIP-QUE-008): it is the decision an
        # agent that fetched for us sends about its own LIP_EVIDENCE; it still resolves a conflict
        # the originator reported (§4.7.3: "a LIP_ACCEPT naming the item that is not refused")
        if item.originator is not None and voter == item.originator:
            trusted = False
        effects = []
        if kind == "accept":
            # LIP-CON-003: the reporter's LIP_ACCEPT resolves its conflict
            resolved = False
            for c in item.conflicts:
                if c.open and c.with_ == voter:
                    c.open = False
                    resolved = True
            if trusted and voter not in item.accepters:
                item.accepters.append(voter)
            if resolved or trusted:
                effects += self._judge(item, now_ns, overloaded)
            if trusted and len(item.accepters) >= 2 and not item.corroborated_event:
                item.corroborated_event = True
                effects += self._source_event(item, "corroborated", now_ns, overloaded)
        else:
            if not trusted or voter in item.rejecters:
                return []
            item.rejecters.append(voter)
            effects += self._judge(item, now_ns, overloaded)
            if not item.refuted_event:
                item.refuted_event = True
                effects += self._source_event(item, "refuted", now_ns, overloaded)
        return effects

    def report_conflict(self, reporter: str, trusted: bool, uri: str, claims: List[str], severity: str,
                        now_ns: int, overloaded: bool) -> list:
        """A LIP_CONFLICT (§4.7.3): opens a conflict on every pending or disputed item from the same
        normalized URI that has one of the listed claims, once per reporter and item."""
        if not trusted:
            return []
        effects = []
        for item in list(self.items.values()):
            if item.final or item.uri != uri:
                continue
            matching = [c for c in claims if c in item.claims]
            if not matching or any(c.with_ == reporter and c.open for c in item.conflicts):
                continue
            conflict = Conflict(reporter, matching, severity)
            item.conflicts.append(conflict)
            effects.append(("conflict", item, conflict))
            effects += self._judge(item, now_ns, overloaded)
        return effects
