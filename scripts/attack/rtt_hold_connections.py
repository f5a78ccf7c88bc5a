#!/usr/bin/env python3
"""Hold N established RTT connections to web4py's ``serve`` and report what they cost it (RTT-LIM-010;
docs/adr/1215, the figures in docs/security.md §6).

Usage: scripts/attack/rtt_hold_connections.py [N] [--idle SECONDS]

Launches ``python3 -m web4py serve`` (implementations/python), makes N connections one after the other
(each confirmed by the implementation's frame 0, RTT-HS-007), PINGs every held one every 10 s as the
kit's scenario does, and prints every 256 connections the server's threads, resident memory, open
descriptors and CPU. With all N held: the CPU they cost over ``--idle`` seconds, then a further
handshake (refused HANDSHAKE when N is 4,096) and a PING on each, all at once, whose PONGs it counts.
Figures, not verdicts: the kit's @slow scenario judges (features/rtt/connection_cap.feature).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

PY_ROOT = Path(__file__).resolve().parents[2] / "implementations" / "python"
sys.path.insert(0, str(PY_ROOT))

from web4py.rtt import frames as F  # noqa: E402
from web4py.rtt.capacity import raise_open_files_limit  # noqa: E402
from web4py.rtt.identity import Identity  # noqa: E402
from web4py.rtt.rawpeer import RawPeer  # noqa: E402

ANSWER = 30.0  # what the kit's scenario allows each answer
KEEP_ALIVE = 10.0


def process_figures(pid: int) -> dict:
    figures = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            name, value = line.split(":", 1)
            if name in ("Threads", "VmRSS", "VmHWM"):
                figures[name] = value.strip()
    figures["fds"] = len(os.listdir("/proc/%d/fd" % pid))
    figures["cpu_s"] = cpu_seconds(pid)
    return figures


def cpu_seconds(pid: int) -> float:
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int, nargs="?", default=4096)
    parser.add_argument("--idle", type=float, default=40.0, help="seconds to measure the held connections' cost")
    args = parser.parse_args()
    raise_open_files_limit()
    proc = subprocess.Popen([sys.executable, "-m", "web4py", "serve"], cwd=str(PY_ROOT),
                            stdout=subprocess.PIPE, text=True)
    address = None
    for line in proc.stdout:
        if line.startswith("rtt "):
            host, port = line.split()[1].rsplit(":", 1)
            address = (host, int(port))
        if line.strip() == "ready":
            break
    identity = Identity.generate("holder")
    held: list[RawPeer] = []
    lock = threading.Lock()
    stop = threading.Event()

    def keep_alive():
        n = 0
        while not stop.wait(KEEP_ALIVE):
            n += 1
            with lock:
                peers = list(held)
            for p in peers:
                try:
                    p.send_frame(F.PING, 0, n.to_bytes(8, "big"))
                except OSError:
                    pass

    threading.Thread(target=keep_alive, daemon=True).start()
    started = time.monotonic()
    try:
        for i in range(1, args.count + 1):
            p = RawPeer.connect(address, identity)
            try:
                p.message1()
                if p.read_message2(timeout=ANSWER) is None:
                    raise ConnectionError("no message 2")
                p.message3()
                first = p.next(ANSWER)
                if not isinstance(first, F.Frame):
                    raise ConnectionError("frame 0: %r" % (first,))
            except (OSError, ConnectionError) as e:
                print("connection %d failed after %.1f s: %r %s"
                      % (i, time.monotonic() - started, e, process_figures(proc.pid)), flush=True)
                return 1
            with lock:
                held.append(p)
            if i % 256 == 0 or i == args.count:
                print("%d held after %.1f s: %s" % (i, time.monotonic() - started, process_figures(proc.pid)),
                      flush=True)
        before = cpu_seconds(proc.pid)
        time.sleep(args.idle)
        print("held %d for %.0f s: %.2f s of CPU" % (args.count, args.idle, cpu_seconds(proc.pid) - before))
        p = RawPeer.connect(address, identity)
        p.message1()
        p.read_message2(ANSWER)
        p.message3()
        print("a further handshake: frame 0 is %r" % (p.next(ANSWER),))
        mark = b"\xff" * 8
        with lock:
            stop.set()
            for q in held:
                q.send_frame(F.PING, 0, mark)
        unanswered = 0
        for q in held:
            while True:
                f = q.await_frame(F.PONG, ANSWER, skip=(F.PING, F.PONG, F.CREDIT, F.ACK))
                if not isinstance(f, F.Frame):
                    unanswered += 1
                    break
                if f.type == F.PONG and f.body == mark:
                    break
        print("a PING to each at once: %d of %d unanswered; %.1f s in all; %s"
              % (unanswered, len(held), time.monotonic() - started, process_figures(proc.pid)))
        return 0 if unanswered == 0 else 1
    finally:
        stop.set()
        proc.kill()
        proc.wait(30)


if __name__ == "__main__":
    sys.exit(main())
