"""What the process needs to hold a responder's 4,096 established connections (spec/rtt.md §7,
RTT-LIM-010): a descriptor each, more than the 1,024 many systems give a process by default, and a
listen backlog deep enough for a burst of dialers.

Each connection also costs two threads (a reader blocked in ``recv`` and a writer asleep until a
frame is queued: neither wakes while the connection is idle) and about 60 KB of resident memory;
docs/security.md has the figures measured at 4,096."""

from __future__ import annotations

LISTEN_BACKLOG = 1024  # the kernel caps it at net.core.somaxconn
# 4,096 connections, 64 handshakes in progress (RTT-LIM-002), the harness, files and dialing
DESCRIPTORS_WANTED = 8192


def raise_open_files_limit(wanted: int = DESCRIPTORS_WANTED) -> tuple[int, int]:
    """Raise the soft RLIMIT_NOFILE to ``wanted`` (or to the hard limit, when lower); never lower
    it. Returns the (soft, hard) limits in force afterwards; ``(-1, -1)`` where the platform has
    no such limit."""
    try:
        import resource
    except ImportError:  # not POSIX
        return -1, -1
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
        except (ValueError, OSError):
            pass
    return resource.getrlimit(resource.RLIMIT_NOFILE)


# How long a thread may keep the interpreter while others wait (CPython's default is 5 ms). Every
# waiting thread wakes once per interval; when a PING reaches each of 4,096 connections at once,
# thousands of reader and writer threads wait together, and at 5 ms their wake-ups took the
# process's time (mostly in the kernel) for seconds, long enough for a handshake to miss its 10 s.
# Measured (docs/security.md): 50 ms cut that cost ninefold at 1,024 connections but still lost a
# handshake near 4,073 on a loaded machine; 250 ms held 4,096. The price: a thread that computes
# (never one that waits for the network) keeps the others waiting up to 250 ms.
SWITCH_INTERVAL = 0.25


def tune_interpreter() -> None:
    """For a process that serves thousands of connections (``python3 -m web4py serve``); a library
    embedding the endpoint leaves the interpreter as its application set it."""
    import sys

    sys.setswitchinterval(SWITCH_INTERVAL)
