"""Shared helpers for the tests: locations of the kit's files and the vector loader."""

from __future__ import annotations

import json
import sys
from pathlib import Path

PY_ROOT = Path(__file__).resolve().parents[1]
KIT_ROOT = PY_ROOT.parents[1]
VECTORS = KIT_ROOT / "vectors"
SCHEMAS = KIT_ROOT / "schemas"

if str(PY_ROOT) not in sys.path:
    sys.path.insert(0, str(PY_ROOT))


def load_vectors(relpath: str) -> dict:
    with open(VECTORS / relpath, "rb") as f:
        return json.load(f)


def cases(doc: dict):
    """(group, test) pairs of a Wycheproof-shaped vector file (docs/vectors.md)."""
    for group in doc["testGroups"]:
        for test in group["tests"]:
            yield group, test
