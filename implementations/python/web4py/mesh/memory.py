"""The ``mesh_id`` memory of MESH-RLY-002: every id accepted at step R6 or originated is remembered
for at least 600 s by the agent's clock, unless 4,096 newer ones have been remembered since."""

from __future__ import annotations

import collections

from .tables import MESH_ID_MEMORY_COUNT, MESH_ID_MEMORY_NS


class MeshIdMemory:
    def __init__(self, window_ns: int = MESH_ID_MEMORY_NS, capacity: int = MESH_ID_MEMORY_COUNT):
        self.window_ns = window_ns
        self.capacity = capacity
        self._ids: "collections.OrderedDict[str, int]" = collections.OrderedDict()  # oldest first

    def _purge(self, now_ns: int) -> None:
        while self._ids:
            mesh_id, at = next(iter(self._ids.items()))
            if now_ns - at <= self.window_ns:
                return
            del self._ids[mesh_id]

    def remembers(self, mesh_id: str, now_ns: int) -> bool:
        self._purge(now_ns)
        return mesh_id in self._ids

    def remember(self, mesh_id: str, now_ns: int) -> None:
        self._ids.pop(mesh_id, None)
        self._ids[mesh_id] = now_ns
        while len(self._ids) > self.capacity:
            self._ids.popitem(last=False)

    def count(self, now_ns: int) -> int:
        self._purge(now_ns)
        return len(self._ids)

    def clear(self) -> None:
        self._ids.clear()
