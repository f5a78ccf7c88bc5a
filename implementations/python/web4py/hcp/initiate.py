"""An agent opening an HCP session itself (spec/hcp.md §4.2, MAY): on an RTT connection whose CIP
handshake has completed, send an HCP_HELLO first; the peer's answering HCP_HELLO opens the session.
The harness never asks for this; ``scripts/web4_demo.py`` and the tests do."""

from __future__ import annotations

import time


def open_session(agent, fingerprint: str, timeout: float = 5.0) -> bool:
    """Wait (bounded) for a connection to ``fingerprint`` whose CIP handshake completed, send the HCP_HELLO
    and wait for the peer's answer. True when the session is open."""
    deadline = time.monotonic() + timeout
    conn = None
    while conn is None and time.monotonic() < deadline:
        for c in agent.endpoint.connections():
            s = agent.cip.sessions.get(id(c))
            if c.peer.fingerprint == fingerprint and s is not None and s.complete:
                conn = c
                break
        else:
            time.sleep(0.02)
    if conn is None:
        return False
    agent.hcp.open(conn)
    while time.monotonic() < deadline:
        s = agent.hcp.session_of(conn)
        if s is not None and s.opened:
            return True
        time.sleep(0.02)
    return False
