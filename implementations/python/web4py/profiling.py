"""Opt-in CPU profiling of ``python3 -m web4py serve`` (docs/adr/1422): with the environment variable
``WEB4PY_PROFILE=DIR`` set, every thread of the process is profiled with :mod:`cProfile` from its
start, and on exit (SIGTERM or SIGINT, as the kit's launcher stops a target) the threads' profiles
are merged and written to ``DIR/web4py-<pid>.pstats`` (read it with :mod:`pstats`, or
``python3 -m pstats FILE``). Times are each thread's CPU time (:func:`time.thread_time`), so a thread
asleep or blocked costs nothing; ``WEB4PY_PROFILE_CLOCK=wall`` counts wall time instead. Off, and free, when the variable is not set. A measuring aid, the
pattern of :mod:`web4py.memtrace`: it slows the process down (about twice) and is never on in a test.

Several processes (the kit's workers) write one file each; merge them with
``pstats.Stats(file1, file2, …)``."""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import threading
import time
from typing import List, Optional, Tuple

FOLD_EVERY = 2.0  # seconds between foldings of ended threads' profiles into the total

_live: List[Tuple[threading.Thread, cProfile.Profile]] = []
_lock = threading.Lock()
_total: Optional[pstats.Stats] = None  # what the threads that ended measured
_directory: Optional[str] = None
_timer = time.thread_time


def start_from_environment() -> bool:
    """Profile this thread and every thread started from now on when ``WEB4PY_PROFILE`` names a
    directory; True when profiling started."""
    global _directory, _timer
    directory = os.environ.get("WEB4PY_PROFILE")
    if not directory:
        return False
    os.makedirs(directory, exist_ok=True)
    _directory = directory
    _timer = time.perf_counter if os.environ.get("WEB4PY_PROFILE_CLOCK") == "wall" else time.thread_time
    # started before the hook, so not profiled itself: a kit run ends thousands of connection
    # threads, and folding their profiles as they end keeps memory and the work at exit small
    threading.Thread(target=_fold_loop, name="web4py-profile-fold", daemon=True).start()
    threading.setprofile(_start_in_thread)  # runs in each new thread before its target
    _enable_here()
    return True


def _start_in_thread(frame, event, arg) -> None:
    # the first profile event of a new thread: replace this hook by a profiler of its own
    sys.setprofile(None)
    _enable_here()


def _enable_here() -> None:
    profile = cProfile.Profile(_timer)
    with _lock:
        _live.append((threading.current_thread(), profile))
    profile.enable()


def _fold_loop() -> None:
    while True:
        time.sleep(FOLD_EVERY)
        _fold(lambda thread: not thread.is_alive())


def _fold(which) -> None:
    global _total
    with _lock:
        chosen = [(t, p) for t, p in _live if which(t)]
        for entry in chosen:
            _live.remove(entry)
        for _, profile in chosen:
            profile.snapshot_stats()  # the counts so far; a thread still running is read as it is
            if _total is None:
                _total = pstats.Stats(_Snapshot(profile.stats))
            else:
                _total.add(_Snapshot(profile.stats))


def write_on_exit() -> Optional[str]:
    """Fold the profiles of every thread into the total and write it; the file's path, or None
    when off."""
    if _directory is None:
        return None
    threading.setprofile(None)
    sys.setprofile(None)  # stops this thread's profiler
    _fold(lambda thread: True)
    if _total is None:
        return None
    path = os.path.join(_directory, "web4py-%d.pstats" % os.getpid())
    _total.dump_stats(path)
    return path


class _Snapshot:
    """What :class:`pstats.Stats` reads: an object with ``create_stats()`` and ``stats``."""

    def __init__(self, stats) -> None:
        self.stats = stats

    def create_stats(self) -> None:
        pass
