"""Opt-in memory tracing for long runs (the soak, docs/reliability.md "Memory"): with the environment
variable ``WEB4PY_TRACEMALLOC=FILE`` set, ``python3 -m web4py serve`` starts :mod:`tracemalloc` and
appends to FILE, every ``WEB4PY_TRACEMALLOC_EVERY`` seconds (default 60), the allocation sites that
grew most since the first dump (by line) and the most numerous live object types. Off, and free, when
the variable is not set. A debugging aid: it slows the process down and is never on in a test."""

from __future__ import annotations

import collections
import gc
import os
import threading
import time
import tracemalloc

TOP = 25  # lines per section of a dump


def start_from_environment() -> bool:
    """Start the tracer when ``WEB4PY_TRACEMALLOC`` names a file; True when it started."""
    path = os.environ.get("WEB4PY_TRACEMALLOC")
    if not path:
        return False
    every = float(os.environ.get("WEB4PY_TRACEMALLOC_EVERY", "60"))
    tracemalloc.start(int(os.environ.get("WEB4PY_TRACEMALLOC_FRAMES", "1")))
    threading.Thread(target=_run, args=(path, every), name="web4py-memtrace", daemon=True).start()
    return True


def _run(path: str, every: float) -> None:
    started = time.monotonic()
    first = None
    while True:
        time.sleep(every)
        snapshot = tracemalloc.take_snapshot().filter_traces(
            (tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, __file__)))
        if first is None:
            first = snapshot
        with open(path, "a", encoding="utf-8") as out:
            _dump(out, snapshot, first, time.monotonic() - started)


def _dump(out, snapshot, first, elapsed: float) -> None:
    current, peak = tracemalloc.get_traced_memory()
    out.write("=== %.0f s: traced %.1f MiB (peak %.1f MiB)\n" % (elapsed, current / 1048576, peak / 1048576))
    out.write("--- grown since the first dump, by line\n")
    for stat in snapshot.compare_to(first, "lineno")[:TOP]:
        out.write("%s\n" % stat)
    out.write("--- largest now, by line\n")
    for stat in snapshot.statistics("lineno")[:TOP]:
        out.write("%s\n" % stat)
    out.write("--- live objects by type\n")
    counts = collections.Counter(type(o).__name__ for o in gc.get_objects())
    for name, n in counts.most_common(TOP):
        out.write("%8d %s\n" % (n, name))
    out.flush()
