"""Shared by scripts/web4_mesh_inspect.py, web4_mesh_topology.py and web4_mesh_demo.py (stdlib only):
a harness client, one agent's view (info, rtt/connections, trust, GET mesh, mesh.relay.dropped events),
the topology built from several views and its pictures (text, Graphviz DOT, Mermaid, SVG), readable
event lines, and agents started as processes. The same output as `web4 mesh inspect|topology|demo`
(reference-impl org.web4.cli.mesh); each session shows its send queue (HAR-RTT-003) when the harness
reports it (harness 1.1).
"""

import json
import math
import os
import queue
import secrets
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECENT_EVENTS = 1000
UNKNOWN = "?"
COLOURS = {"trusted": "#2e7d32", "probing": "#ef8f00", "untrusted": "#757575", "blacklisted": "#c62828"}
ORDER = [UNKNOWN, "blacklisted", "untrusted", "probing", "trusted"]


class HarnessError(Exception):
    """A harness that cannot be reached or did not answer 200: one line naming the URL."""


class Harness:
    def __init__(self, url, token, timeout=20):
        url = url.rstrip("/")
        self.base = url if url.endswith("/harness/v1") else url + "/harness/v1"
        self.token, self.timeout = token, timeout

    def call(self, method, op, body=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.base + "/" + op, data=data, method=method)
        req.add_header("Authorization", "Bearer " + self.token)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as r:
                return json.loads(r.read())
        except urllib.error.HTTPError as e:
            error = json.loads(e.read() or b"{}").get("error", {})
            hint = " (check --token)" if e.code == 401 else ""
            raise HarnessError(f"{self.base}/{op}: HTTP {e.code} {error.get('code', '')}{hint}") from None
        except (urllib.error.URLError, OSError, ValueError) as e:
            raise HarnessError(f"{self.base}/{op}: cannot reach the harness ({e})") from None

    def get(self, op):
        return self.call("GET", op)

    def post(self, op, body):
        return self.call("POST", op, body)


def read_view(h):
    """One agent as its harness reports it (the shape of InspectReport's JSON)."""
    info = h.get("info")
    caps = info.get("capabilities", [])
    conns = h.get("rtt/connections")
    trust = {p["fingerprint"]: p["state"] for p in h.get("trust")["peers"]}
    view = {"harness": h.base, "agent": {"agent_id": info["identity"]["agent_id"],
                                         "fingerprint": info["identity"]["fingerprint"],
                                         "implementation": "%s %s" % (info["implementation"]["name"],
                                                                      info["implementation"]["version"])},
            "sessions": [dict(c, trust=trust.get(c["peer_fingerprint"], "untrusted"),
                              send_queue=c.get("send_queue"))  # None: harness 1.0 reports none
                         for c in conns["connections"]],
            "handshaking": conns.get("handshaking", 0),
            "trust": [{"fingerprint": f, "state": s} for f, s in sorted(trust.items())],
            "mesh": h.get("mesh") if "mesh" in caps else None, "drops": [], "capabilities": caps}
    if "events" in caps:
        last = h.post("events", {"since": 0, "limit": 1})["last"]
        page = h.post("events", {"since": max(0, last - RECENT_EVENTS), "limit": RECENT_EVENTS})
        view["drops"] = [{"seq": e["seq"], "time": e["time"], "peer": e["peer"], "msg_id": e["msg_id"],
                          "mesh_id": e["attributes"].get("mesh_id"), "reason": e["attributes"].get("reason")}
                         for e in page["events"] if e["kind"] == "mesh.relay.dropped"]
    return view


def names_of(views):
    names = {v["agent"]["fingerprint"]: v["agent"]["agent_id"] for v in views}
    for v in views:
        for s in v["sessions"]:
            names.setdefault(s["peer_fingerprint"], s["peer_agent_id"])
        for r in (v["mesh"] or {}).get("routes", []):
            names.setdefault(r["destination"], r["agent_id"])
    return names


def label(names, fp):
    return "%s (%s)" % (names[fp], fp[:8]) if fp in names else fp[:8]


def queue_text(q):
    """A session's send queue (HAR-RTT-003) as `web4 mesh inspect` prints it."""
    if q is None:
        return "not reported (harness 1.0)"
    return "%d %s, %d %s" % (q["messages"], "message" if q["messages"] == 1 else "messages",
                             q["bytes"], "byte" if q["bytes"] == 1 else "bytes")


def inspect_text(v):
    names = names_of([v])
    trust = {t["fingerprint"]: t["state"] for t in v["trust"]}
    out = ["agent %s  %s" % (label(names, v["agent"]["fingerprint"]), v["agent"]["implementation"]),
           "  harness " + v["harness"], "  fingerprint " + v["agent"]["fingerprint"],
           "sessions (rtt/connections): %d established, %d handshaking" % (len(v["sessions"]), v["handshaking"])]
    out += ["  %s  %s  trust %s  channels %s  send queue %s"
            % (label(names, s["peer_fingerprint"]), s["state"], s["trust"], ",".join(s["channels"]) or "-",
               queue_text(s.get("send_queue"))) for s in v["sessions"]]
    out.append("trust (trust): %d peers listed; any other peer is untrusted" % len(trust))
    out += ["  %s  %s" % (label(names, f), s) for f, s in trust.items()]
    if v["mesh"] is None:
        out.append("routes: the agent does not list the harness capability mesh")
    else:
        m = v["mesh"]
        out.append("routes (GET mesh): %d destinations, default hop limit %d, %d mesh_ids remembered"
                   % (len(m["routes"]), m["hop_limit"], m["remembered"]))
        for r in m["routes"]:
            way = "  (neighbour)" if r["hops"] == 1 and r["via"] == r["destination"] else "  via " + label(names, r["via"])
            out.append("  %s  %d %s%s" % (label(names, r["destination"]), r["hops"], "hop" if r["hops"] == 1 else "hops", way))
    if "events" not in v["capabilities"]:
        out.append("recent drops: the agent does not list the harness capability events")
    else:
        out.append("recent drops (mesh.relay.dropped in the last %d events): %d" % (RECENT_EVENTS, len(v["drops"])))
        for d in v["drops"]:
            out.append("  #%d %s  %s  mesh_id %s%s%s" % (d["seq"], d["time"], d["reason"], d["mesh_id"],
                                                       "  from " + label(names, d["peer"]) if d["peer"] else "",
                                                       "  msg_id " + d["msg_id"] if d["msg_id"] else ""))
    return "\n".join(out) + "\n"


def topology(views):
    """(nodes, edges, names): nodes [(fp, name, read)], edges [(a, b, a_trusts_b, b_trusts_a, sessions)]."""
    names = names_of(views)
    read = {v["agent"]["fingerprint"]: v for v in views}
    nodes, counts = {fp: True for fp in read}, {}
    for fp, v in read.items():
        per_peer = {}
        for s in v["sessions"]:
            per_peer[s["peer_fingerprint"]] = per_peer.get(s["peer_fingerprint"], 0) + 1
            nodes.setdefault(s["peer_fingerprint"], False)
        for peer, n in per_peer.items():
            key = tuple(sorted((fp, peer)))
            counts[key] = max(counts.get(key, 0), n)

    def trust(holder, peer):
        v = read.get(holder)
        return UNKNOWN if v is None else {t["fingerprint"]: t["state"] for t in v["trust"]}.get(peer, "untrusted")

    edges = [(a, b, trust(a, b), trust(b, a), n) for (a, b), n in sorted(counts.items())]
    return [(fp, names.get(fp, fp[:8]), nodes[fp]) for fp in sorted(nodes)], edges, names


def topology_text(nodes, edges, names):
    out = ["mesh topology: %d agents (%d read through their harness), %d %s"
           % (len(nodes), sum(1 for n in nodes if n[2]), len(edges), "link" if len(edges) == 1 else "links"),
           "agents:"]
    out += ["  " + label(names, fp) + ("" if read else "  (not read: named by a peer's session)") for fp, _, read in nodes]
    out.append("links (sessions; each side's trust state of the other):")
    out += ["  %s <-> %s   %s->%s %s, %s->%s %s%s" % (label(names, a), label(names, b), names.get(a, a[:8]),
                                                     names.get(b, b[:8]), ab, names.get(b, b[:8]), names.get(a, a[:8]),
                                                     ba, " (%d sessions)" % n if n > 1 else "")
            for a, b, ab, ba, n in edges] or ["  none"]
    return "\n".join(out) + "\n"


def weaker(x, y):
    return x if ORDER.index(x if x in ORDER else UNKNOWN) <= ORDER.index(y if y in ORDER else UNKNOWN) else y


def dot(nodes, edges, names):
    q = lambda s: s.replace("\\", "\\\\").replace('"', '\\"')  # noqa: E731
    out = ["graph mesh {", "  graph [label=\"web4 mesh: sessions, each side's trust of the other\"];",
           '  node [shape=ellipse, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];']
    out += ['  "%s" [label="%s\\n%s"%s];' % (fp, q(n), fp[:8], "" if read else ", style=dashed") for fp, n, read in nodes]
    for a, b, ab, ba, _ in edges:
        na, nb = q(names.get(a, a[:8])), q(names.get(b, b[:8]))
        out.append('  "%s" -- "%s" [label="%s->%s: %s\\n%s->%s: %s", color="%s"];'
                   % (a, b, na, nb, ab, nb, na, ba, COLOURS.get(weaker(ab, ba), "#9e9e9e")))
    return "\n".join(out) + "\n}\n"


def mermaid(nodes, edges, names):
    e = lambda s: s.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")  # noqa: E731
    ids = {fp: "a%d" % i for i, (fp, _, _) in enumerate(nodes)}
    out = ["graph LR"]
    out += ['  %s%s"%s<br/>%s"%s' % (ids[fp], "[" if read else "([", e(n), fp[:8], "]" if read else "])")
            for fp, n, read in nodes]
    for a, b, ab, ba, _ in edges:
        na, nb = e(names.get(a, a[:8])), e(names.get(b, b[:8]))
        out.append('  %s ---|"%s→%s: %s<br/>%s→%s: %s"| %s' % (ids[a], na, nb, ab, nb, na, ba, ids[b]))
    return "\n".join(out) + "\n"


def svg(nodes, edges, names, size=760):
    x = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")  # noqa: E731

    def text(px, py, fs, anchor, fill, s):
        return '  <text x="%.1f" y="%.1f" font-size="%d" text-anchor="%s" fill="%s">%s</text>' % (px, py, fs, anchor, fill, x(s))

    at = {}
    for i, (fp, _, _) in enumerate(nodes):
        angle, r = -math.pi / 2 + 2 * math.pi * i / len(nodes), 0 if len(nodes) == 1 else 270
        at[fp] = (size / 2 + r * math.cos(angle), size / 2 + 10 + r * math.sin(angle))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" '
           'font-family="Helvetica, Arial, sans-serif">' % (size, size + 70, size, size + 70),
           "  <title>web4 mesh topology</title>", '  <rect width="100%" height="100%" fill="#ffffff"/>',
           text(size / 2, 28, 16, "middle", "#000000", "web4 mesh: %d agents, %d sessions" % (len(nodes), len(edges)))]
    for a, b, ab, ba, _ in edges:
        (ax, ay), (bx, by) = at[a], at[b]
        mx, my = (ax + bx) / 2, (ay + by) / 2
        sides = (((ax, ay), ab, a, b), ((bx, by), ba, b, a))
        for (px, py), state, _, _ in sides:
            out.append('  <line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="3"%s/>'
                       % (px, py, mx, my, COLOURS.get(state, "#9e9e9e"),
                          ' stroke-dasharray="6,4"' if state == UNKNOWN else ""))
        for (px, py), state, who, other in sides:
            out.append(text(px + (mx - px) * 0.62, py + (my - py) * 0.62 - 4, 10, "middle", "#212121",
                            "%s→%s: %s" % (names.get(who, who[:8]), names.get(other, other[:8]), state)))
    for fp, n, read in nodes:
        px, py = at[fp]
        out.append('  <circle cx="%.1f" cy="%.1f" r="38" fill="#e3f2fd" stroke="#1565c0" stroke-width="2"%s/>'
                   % (px, py, "" if read else ' stroke-dasharray="5,4"'))
        out += [text(px, py - 2, 14, "middle", "#0d47a1", n), text(px, py + 14, 10, "middle", "#455a64", fp[:8])]
    out.append(text(20, size + 20, 12, "start", "#000000",
                    "Each half of a line: that agent's trust state of the other (spec/cip.md §4.4)."))
    for i, state in enumerate(["trusted", "probing", "untrusted", "blacklisted", UNKNOWN]):
        lx = 20 + 130 * i
        out.append('  <line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="3"/>'
                   % (lx, size + 42, lx + 30, size + 42, COLOURS.get(state, "#9e9e9e")))
        out.append(text(lx + 36, size + 46, 11, "start", "#212121", "? (not read)" if state == UNKNOWN else state))
    return "\n".join(out) + "\n</svg>\n"


def event_line(e, names):
    t = e["time"].split("T")[-1].replace("Z", "")
    line = t + " " + e["kind"]
    if e.get("peer"):
        line += " peer=" + names.get(e["peer"], e["peer"][:8])
    for k, v in sorted(e["attributes"].items()):
        v = str(v).lower() if isinstance(v, bool) else str(v)
        line += " %s=%s" % (k, names.get(v, v[:8]) if len(v) == 64 and all(c in "0123456789abcdef" for c in v) else v)
    if e.get("msg_id"):
        line += " msg_id=" + e["msg_id"]
    return line


class Agent:
    """An agent started as a process (`./web4 serve` or `python3 -m web4py serve`) with its harness."""

    def __init__(self, name, python=False, ready_timeout=60):
        self.name, self.implementation = name, "web4py" if python else "web4-reference"
        token = secrets.token_hex(16)
        command = ([sys.executable, "-m", "web4py"] if python else [str(ROOT / "web4")]) + [
            "serve", "--agent-id", name, "--harness-port", "0", "--harness-token", token, "--rtt-port", "0"]
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                                     cwd=ROOT / "implementations" / "python" if python else ROOT)
        lines = queue.Queue()
        threading.Thread(target=lambda: [lines.put(l) for l in self.proc.stdout] + [lines.put(None)],
                         daemon=True).start()
        self.rtt = self.harness = self.fingerprint = None
        deadline = time.monotonic() + ready_timeout
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                line = None
            if line is None:
                self.stop()
                raise HarnessError("agent %s (%s) did not print ready" % (name, self.implementation))
            words = line.split()
            if words and words[0] == "identity":
                self.fingerprint = line.split("fingerprint=")[1].strip()
            elif words and words[0] == "rtt":
                host, port = words[1].rsplit(":", 1)
                self.rtt = (host, int(port))
            elif words and words[0] == "harness":
                self.harness = Harness(words[1], words[2][len("token="):], timeout=30)
            elif line.strip() == "ready":
                return

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
