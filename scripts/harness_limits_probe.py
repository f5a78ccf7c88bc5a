#!/usr/bin/env python3
"""Black-box probe of a harness's HTTP limits (issue 20 item 4; spec/harness.md §6).

Usage: scripts/harness_limits_probe.py http://127.0.0.1:PORT/harness/v1 TOKEN [--connections N]

Prints one line per probe: what the client observed (status, Content-Type, or silence / reset) and
how long it waited. Nothing here is a pass/fail verdict: the kit's harness checks are
(conformance-runner, HarnessLimitChecks); this script records the figures for docs and HANDOFF.
"""

from __future__ import annotations

import argparse
import selectors
import socket
import time
import urllib.parse

WAIT = 10.0  # seconds a probe waits for an answer before it reports silence


def head(path: str, token: str, extra: str = "", method: str = "GET") -> bytes:
    return (
        f"{method} {path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\n{extra}\r\n"
    ).encode("latin-1")


def answer(sock: socket.socket, wait: float = WAIT) -> str:
    """The status line and Content-Type of what comes back, or silence / reset / closed."""
    sock.settimeout(wait)
    start = time.monotonic()
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        return f"silence after {time.monotonic() - start:.1f} s"
    except ConnectionResetError:
        return f"reset after {time.monotonic() - start:.2f} s" + (
            f" (had {len(data)} bytes)" if data else ""
        )
    took = time.monotonic() - start
    if not data:
        return f"closed without a response after {took:.2f} s"
    lines = data.split(b"\r\n")
    ctype = next(
        (l.split(b":", 1)[1].strip().decode() for l in lines if l.lower().startswith(b"content-type:")),
        "-",
    )
    return f"{lines[0].decode('latin-1')} ({ctype}) after {took:.2f} s"


def connect(host: str, port: int) -> socket.socket:
    return socket.create_connection((host, port), timeout=WAIT)


def probe_early_refusals(host, port, path, token):
    with connect(host, port) as s:
        s.sendall(head(path + "canonicalize", "wrong", "Content-Type: application/json\r\nContent-Length: 100\r\n", "POST"))
        print("wrong token, Content-Length 100, no body:", answer(s))
    with connect(host, port) as s:
        s.sendall(head(path + "canonicalize", token, "Content-Type: application/json\r\nContent-Length: 10000000000\r\n", "POST"))
        print("Content-Length 10^10, no body:", answer(s))


def probe_stalled(host, port, path, token, count):
    stalled = []
    for i in range(count):
        s = connect(host, port)
        if i % 2:
            s.sendall(b"GET " + path.encode() + b"info HTTP/1.1\r\nHost: x\r\n")  # headers never end
        else:
            s.sendall(head(path + "canonicalize", token, "Content-Type: application/json\r\nContent-Length: 100\r\n", "POST") + b'{"in')
        stalled.append(s)
    time.sleep(0.5)
    with connect(host, port) as s:
        s.sendall(head(path + "info", token))
        print(f"GET info while {count} requests stall:", answer(s))
    for s in stalled:
        s.close()


def probe_malformed(host, port, path, token):
    with connect(host, port) as s:
        s.sendall(b"GARBAGE\r\n\r\n")
        print("malformed request line:", answer(s))
    with connect(host, port) as s:
        s.sendall(head(path + "info", token, "X-Long: " + "a" * (1 << 20) + "\r\n"))
        print("1 MiB header line:", answer(s))
    with connect(host, port) as s:
        s.sendall(head(path + "info?" + "a" * 8000, token))
        print("8,000-byte request target:", answer(s))


def probe_flood(host, port, path, token, count):
    sel = selectors.DefaultSelector()
    socks = []
    refused = 0
    for _ in range(count):
        s = socket.socket()
        s.setblocking(False)
        err = s.connect_ex((host, port))
        socks.append(s)
        sel.register(s, selectors.EVENT_WRITE, [b""])
    request = head(path + "info", token)
    outcome = {"200": 0, "reset": 0, "closed": 0, "other": 0, "silence": 0}
    pending = set(socks)
    deadline = time.monotonic() + 60
    while pending and time.monotonic() < deadline:
        for key, events in sel.select(timeout=1):
            s = key.fileobj
            if events & selectors.EVENT_WRITE:
                try:
                    s.sendall(request)
                    sel.modify(s, selectors.EVENT_READ, key.data)
                except OSError:
                    outcome["reset"] += 1
                    sel.unregister(s)
                    pending.discard(s)
                continue
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, OSError):
                outcome["reset"] += 1
                sel.unregister(s)
                pending.discard(s)
                continue
            key.data[0] += chunk
            if chunk and b"\r\n\r\n" not in key.data[0]:
                continue
            status = key.data[0].split(b" ", 2)[1:2]
            if not chunk and not key.data[0]:
                outcome["closed"] += 1
            elif status == [b"200"]:
                outcome["200"] += 1
            else:
                outcome["other"] += 1
            sel.unregister(s)
            pending.discard(s)
    outcome["silence"] = len(pending)
    for s in socks:
        s.close()
    print(f"{count} concurrent GET info:", outcome)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("base")
    p.add_argument("token")
    p.add_argument("--connections", type=int, default=1000)
    p.add_argument("--stalled", type=int, default=4)
    a = p.parse_args()
    u = urllib.parse.urlparse(a.base)
    path = u.path.rstrip("/") + "/"
    probe_early_refusals(u.hostname, u.port, path, a.token)
    probe_malformed(u.hostname, u.port, path, a.token)
    probe_stalled(u.hostname, u.port, path, a.token, a.stalled)
    probe_flood(u.hostname, u.port, path, a.token, a.connections)


if __name__ == "__main__":
    main()
