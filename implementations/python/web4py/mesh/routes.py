"""Routes (spec/mesh.md §4.2, §4.5): what each neighbour announced in its latest MESH_ROUTES, the
route to each destination (the neighbour itself; else the fewest hops, then the least neighbour
fingerprint, at most 9 hops), and the table announced to one neighbour (split horizon)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from .tables import MAX_DESTINATIONS, MAX_ROUTE_HOPS


@dataclass(frozen=True)
class Route:
    destination: str
    agent_id: str
    via: str  # the neighbour it goes through (the destination itself for a neighbour)
    hops: int

    def as_harness(self) -> dict:
        return {"destination": self.destination, "agent_id": self.agent_id, "via": self.via, "hops": self.hops}


def _fewest(routes: Iterable[Route]) -> list[Route]:
    """At most 64 routes: the fewest hops, then the least fingerprints (§4.5, Table 4.8)."""
    return sorted(routes, key=lambda r: (r.hops, r.destination))[:MAX_DESTINATIONS]


class RouteTable:
    def __init__(self, own_fingerprint: str):
        self.own = own_fingerprint
        self._learned: dict[str, dict[str, tuple[int, str]]] = {}  # neighbour -> destination -> (hops, agent_id)

    def learn(self, neighbour: str, entries: Iterable[Mapping]) -> None:
        """A neighbour's latest MESH_ROUTES replaces its earlier one; a destination listed twice
        counts with its smaller ``hops`` (§4.5)."""
        table: dict[str, tuple[int, str]] = {}
        for e in entries:
            hops = int(e["hops"])
            known = table.get(e["destination"])
            if known is None or hops < known[0]:
                table[e["destination"]] = (hops, e["agent_id"])
        self._learned[neighbour] = table

    def keep_only(self, neighbours: Iterable[str]) -> None:
        """Forget the routes of every agent that is no longer a neighbour (§4.5)."""
        keep = set(neighbours)
        for fp in [fp for fp in self._learned if fp not in keep]:
            del self._learned[fp]

    def clear(self) -> None:
        self._learned.clear()

    def routes(self, neighbours: Mapping[str, str], blacklisted: Callable[[str], bool]) -> dict[str, Route]:
        """``neighbours``: fingerprint -> agent_id. One route per destination (§4.2); none to the
        agent itself or to an agent it holds blacklisted."""
        best: dict[str, Route] = {}
        for via in sorted(neighbours):
            for dest, (h, agent_id) in self._learned.get(via, {}).items():
                if dest == self.own or dest in neighbours or h + 1 > MAX_ROUTE_HOPS or blacklisted(dest):
                    continue
                known = best.get(dest)
                # neighbours are visited in ascending order: a later one wins only with fewer hops
                if known is None or h + 1 < known.hops:
                    best[dest] = Route(dest, agent_id, via, h + 1)
        for fp, agent_id in neighbours.items():
            if fp != self.own and not blacklisted(fp):
                best[fp] = Route(fp, agent_id, fp, 1)
        return {r.destination: r for r in _fewest(best.values())}

    @staticmethod
    def announcement(routes: Mapping[str, Route], neighbour: str) -> list[dict]:
        """The MESH_ROUTES table for ``neighbour`` (§4.5, MESH-RTE-001): every destination other
        than the neighbour whose route does not go through it, ascending by destination."""
        chosen = _fewest(r for r in routes.values() if r.destination != neighbour and r.via != neighbour)
        return [{"destination": r.destination, "agent_id": r.agent_id, "hops": r.hops}
                for r in sorted(chosen, key=lambda r: r.destination)]
