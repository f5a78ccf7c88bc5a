#!/usr/bin/env python3
"""A Python agent (web4py, implementations/python) meets the Java reference agent over RTT.

Three Python identities dial one Java reference agent (``web4 serve``): each runs the RTT handshake
(Noise XX with the identity binding) and the CIP handshake; ``ana`` sends an INTENT, then proposes a
fact; ``cleo`` and ``dov``, the Java agent's trust anchors, confirm it; the Java agent accepts it
(two trusted confirmations, spec/cip.md §4.5) and tells ``ana``. Then LIP: a local http.server on
127.0.0.1 serves an evidence document, java-ben holds it at tier ``medium``, ``ana`` asks java-ben to fetch it
and gets the LIP_EVIDENCE and the LIP_ACCEPT (spec/lip.md §4). Every step is printed, then every
event the Java agent reported (spec/events.md, read through its harness). Exits 0 when the fact and the
evidence were accepted.

Usage (from anywhere; needs python3 with `cryptography` and a JDK 17+):
    python3 scripts/web4_demo.py            # against the Java reference
    python3 scripts/web4_demo.py --python   # the same against a web4py agent
"""

import json
import os
import secrets
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "implementations" / "python"))

from web4py.cip.peer import CipPeer  # noqa: E402
from web4py.lip.peer import LipPeer  # noqa: E402
from web4py.rtt.identity import Identity  # noqa: E402
from web4py.rtt.rawpeer import RawPeer  # noqa: E402


def say(line):
    print("==== " + line, flush=True)


class JavaAgent:
    """The reference agent as a separate process, with its harness on loopback."""

    def __init__(self, python=False):
        self.token = secrets.token_hex(16)
        # --python: the same demo against a web4py agent (`python3 -m web4py serve`, same output lines)
        command = ([sys.executable, "-m", "web4py"] if python else [str(ROOT / "web4")]) + [
            "serve", "--agent-id", "java-ben", "--harness-port", "0", "--harness-token", self.token,
            "--rtt-port", "0"]
        self.proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
            cwd=ROOT / "implementations" / "python" if python else ROOT)
        self.rtt = self.harness = None
        for line in self.proc.stdout:
            line = line.strip()
            if line.startswith("rtt "):
                host, port = line[4:].rsplit(":", 1)
                self.rtt = (host, int(port))
            elif line.startswith("harness "):
                self.harness = line.split()[1]
            elif line.startswith("identity "):
                self.fingerprint = line.split("fingerprint=")[1]
            elif line == "ready":
                break
        if self.rtt is None or self.harness is None:
            raise SystemExit("the reference agent did not start (build it: ./mvnw -q -B -DskipTests package)")

    def call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode("utf-8")
        req = urllib.request.Request(self.harness + "/" + path, data=data, method=method)
        req.add_header("Authorization", "Bearer " + self.token)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        with urllib.request.urlopen(req, timeout=20) as r:
            return json.loads(r.read())

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def connect(java, name):
    identity = Identity(os.urandom(32), agent_id=name)
    raw = RawPeer.connect(java.rtt, identity).handshake()
    peer = LipPeer(raw)  # a CipPeer that also speaks LIP
    peer.cip_handshake()
    print(f"{name:5}| RTT + CIP handshake with java-ben done; I am {identity.fingerprint[:16]}…")
    return peer


EVIDENCE = {"web4_evidence": "1.0", "claims": ["Water boils at 100 °C at 101.325 kPa."],
            "evidence": ["CRC Handbook of Chemistry and Physics, 97th ed., 6-10"], "confidence": 0.9,
            "extraction_notes": "served by the demo's local http.server"}


def evidence_server():
    """One evidence document (spec/lip.md §4.3) on a local http.server, 127.0.0.1 only."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    body = json.dumps(EVIDENCE, ensure_ascii=False).encode("utf-8")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            print(f"web  | GET {self.path} (Accept: {self.headers.get('Accept')})", flush=True)
            ok = self.path == "/evidence/water"
            self.send_response(200 if ok else 404)
            self.send_header("Content-Type", "application/vnd.web4.evidence+json" if ok else "text/plain")
            self.send_header("Content-Length", str(len(body) if ok else 0))
            self.end_headers()
            if ok:
                self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def lip_part(java, ana):
    """LIP (spec/lip.md §4): java-ben, configured to hold the local web server at tier `medium`, is
    asked by ana to fetch an evidence document; it answers LIP_EVIDENCE and accepts it (tier)."""
    if "lip" not in java.call("GET", "info")["capabilities"]:
        say("java-ben does not list the `lip` capability: LIP part skipped")
        return True
    web = evidence_server()
    try:
        base = f"http://127.0.0.1:{web.server_address[1]}"
        java.call("POST", "lip/sources", {"sources": [{"prefix": base + "/evidence/", "tier": "medium"}]})
        say(f"java-ben holds {base}/evidence/ at tier medium; ana asks it to fetch {base}/evidence/water")
        ana.send_lip(ana.fetch(base + "/evidence/water", query="boiling point of water"))
        evidence = ana.await_envelope("LIP_EVIDENCE", 6)
        if evidence is None:
            print("ana  | no LIP_EVIDENCE")
            return False
        print("ana  | LIP_EVIDENCE source:", json.dumps(evidence["source"]))
        print("ana  | LIP_EVIDENCE payload:", json.dumps(evidence["payload"], ensure_ascii=False))
        accept = ana.await_envelope("LIP_ACCEPT", 5)
        print("ana  | LIP_ACCEPT:", json.dumps(accept["payload"]) if accept else "none")
        items = java.call("GET", "lip/queue")["items"]
        item = next((i for i in items if i["id"] == evidence["msg_id"]), None)
        say("java-ben holds the evidence as %s (in memory: %s)"
            % (item["status"] if item else "absent", item["in_memory"] if item else False))
        return accept is not None and item is not None and item["status"] == "accepted"
    finally:
        web.shutdown()
        web.server_close()


def main():
    python = "--python" in sys.argv[1:]
    java = JavaAgent(python=python)
    try:
        what = "a web4py agent, --python" if python else "the Java reference"
        say(f"java-ben ({what}) listens for RTT on {java.rtt[0]}:{java.rtt[1]}")
        cleo_id = Identity(os.urandom(32), agent_id="cleo")
        dov_id = Identity(os.urandom(32), agent_id="dov")
        java.call("POST", "trust/anchors", {"fingerprints": [cleo_id.fingerprint, dov_id.fingerprint]})
        say("cleo and dov are java-ben's trust anchors")

        say("ana, cleo and dov (Python) dial java-ben: RTT handshake, CIP handshake, state exchange")
        ana = connect(java, "ana")
        cleo = CipPeer(RawPeer.connect(java.rtt, cleo_id).handshake())
        cleo.cip_handshake()
        print("cleo | RTT + CIP handshake with java-ben done")
        dov = CipPeer(RawPeer.connect(java.rtt, dov_id).handshake())
        dov.cip_handshake()
        print("dov  | RTT + CIP handshake with java-ben done")

        say("ana sends java-ben an INTENT")
        ana.send(ana.intent())
        answer = ana.await_envelope("INTENT_RESPONSE")
        print("ana  | INTENT_RESPONSE:", json.dumps(answer["payload"]) if answer else "none")

        say("ana proposes a fact; cleo and dov confirm it")
        proposal = ana.propose("water boils at 100 °C at sea level")
        ana.send(proposal)
        fact = proposal["msg_id"]
        cleo.send(cleo.review(fact))
        dov.send(dov.review(fact))
        verdict = ana.await_envelope("FACT_CONFIRM")
        print("ana  | FACT_CONFIRM from java-ben:", json.dumps(verdict["payload"]) if verdict else "none")

        facts = java.call("GET", "knowledge")["facts"]
        status = next((f["status"] for f in facts if f["fact_ref"] == fact), "absent")
        trust = {p["fingerprint"]: p["state"] for p in java.call("GET", "trust")["peers"]}
        say(f"java-ben holds the fact as {status}; it now trusts ana as {trust.get(ana.fingerprint)}")

        lip_ok = lip_part(java, ana)

        say("the events java-ben reported (spec/events.md)")
        for e in java.call("POST", "events", {"since": 0, "limit": 1000})["events"]:
            attrs = " ".join(f"{k}={v}" for k, v in sorted(e["attributes"].items()))
            peer = (e["peer"] or "-")[:16]
            print(f"java | {e['seq']:3} {e['time']} {e['kind']:26} peer={peer} {attrs}")
        ok = status == "accepted" and verdict is not None and lip_ok
        say("done" if ok else "the fact or the evidence was not accepted")
        return 0 if ok else 1
    finally:
        java.stop()


if __name__ == "__main__":
    sys.exit(main())
