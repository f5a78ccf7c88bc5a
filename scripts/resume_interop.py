#!/usr/bin/env python3
"""RTT 1.1 session resume between web4py and the Java reference, over a socket (docs/drafts/rtt-resume.md §16).

web4py dials (the session dialer, §1) a reference agent started with ``web4 serve --rtt-resume``; both
announce "1.1" (§2.1). Over the session it runs the CIP handshake (HELLO, VERIFY; the reference answers HELLO
and STATE_UPDATE) and sends INTENTs on ``knowledge``, cuts the TCP connection with a reset (no GOAWAY: an
abrupt end, §1) and resumes (§4): the reference must answer RESUME ``resumed`` with delivered counts equal to
what it was sent. Then, each time after another cut, three refusals (§4.2): the id retired by the committed
resume (R2, ``REPLAY``), a wrong binder (R4, ``RESUME_UNKNOWN``) and an id the reference never issued (R1,
``RESUME_UNKNOWN``). Prints PASS/FAIL per step with the RESUME body read off the wire; exits 0 when all pass.

The other direction (the reference as the resuming session dialer) is not in this script: the kit judges it
over harness ``rtt/dial`` with ``"resume":true`` (features/rtt/resume_iut_dials.feature, HAR-RES-005).

Usage (python3 with ``cryptography``, a JDK 17+; builds reference-impl/target/web4.jar if missing):
    python3 scripts/resume_interop.py            # web4py dials the Java reference
    python3 scripts/resume_interop.py --python   # the same steps, web4py dialling a web4py listener
"""

import json
import os
import secrets
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "implementations" / "python"))

from web4py import jcs  # noqa: E402
from web4py.cip.peer import CipPeer  # noqa: E402
from web4py.rtt.channels import channel_of  # noqa: E402
from web4py.rtt.connection import RttApplication  # noqa: E402
from web4py.rtt.endpoint import Endpoint, RttHandshakeError  # noqa: E402
from web4py.rtt.identity import Identity  # noqa: E402
from web4py.rtt.reconnect import cut  # noqa: E402

GUARD = 20.0  # seconds: the bound on every wait for a state (never a measurement)
JAR = ROOT / "reference-impl" / "target" / "web4.jar"
results = []


def say(line):
    print("==== " + line, flush=True)


def note(name, ok, detail=""):
    """What the draft does not decide (§16): reported, not counted as a pass or a failure."""
    print("%s  %s%s" % ("NOTE" if ok else "GAP ", name, ("\n      " + detail) if detail else ""), flush=True)


def step(name, ok, detail=""):
    results.append((name, ok))
    print("%s  %s%s" % ("PASS" if ok else "FAIL", name, ("\n      " + detail) if detail else ""), flush=True)


class Reference:
    """``web4 serve --rtt-resume`` as a separate process; stopped by :meth:`stop`."""

    def __init__(self, python=False):
        if python:  # --python: the same steps against a web4py listener (for comparison)
            command = [sys.executable, "-m", "web4py", "serve", "--rtt-resume", "--agent-id", "py-ben",
                       "--harness-port", "0", "--harness-token", secrets.token_hex(16), "--rtt-port", "0"]
            self._launch(command, ROOT / "implementations" / "python")
            return
        if not JAR.exists():
            say("building the reference: ./mvnw -q -B -ntp -o -pl reference-impl -am package -DskipTests")
            subprocess.run([str(ROOT / "mvnw"), "-q", "-B", "-ntp", "-o", "-pl", "reference-impl", "-am", "package",
                            "-DskipTests", "-Dspotless.check.skip=true"], cwd=ROOT, check=True, timeout=900)
        command = ["java", "-jar", str(JAR), "serve", "--rtt-resume", "--agent-id", "java-ben",
                   "--harness-port", "0", "--harness-token", secrets.token_hex(16), "--rtt-port", "0"]
        self._launch(command, ROOT)

    def _launch(self, command, cwd):
        self.proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=cwd)
        self.rtt = self.fingerprint = None
        timer = threading.Timer(60.0, self.proc.kill)  # bound the start
        timer.start()
        try:
            for line in self.proc.stdout:
                line = line.strip()
                if line.startswith("rtt "):
                    host, port = line[4:].rsplit(":", 1)
                    self.rtt = (host, int(port))
                elif line.startswith("identity "):
                    self.fingerprint = line.split("fingerprint=")[1]
                elif line == "ready":
                    break
        finally:
            timer.cancel()
        if self.rtt is None or self.fingerprint is None:
            self.stop()
            raise SystemExit("the reference agent did not start")
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()  # drain

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


class ErrorsSeen(RttApplication):
    """Keeps every non-closing ERROR the reference sends (RTT-ERR-003), for the report."""

    def __init__(self):
        super().__init__()
        self.errors = []

    def on_peer_error(self, conn, channel, body):
        self.errors.append((channel, body.code, getattr(body, "text", None) or getattr(body, "message", None)))


class PongsSeen:
    """web4py's event sink, reduced to what a barrier needs: how many PONGs have arrived."""

    generation = None

    def __init__(self):
        self.pongs = 0

    def emit(self, kind, /, **attrs):
        if kind == "rtt.heartbeat.pong_received":
            self.pongs += 1


class Dialer:
    """A web4py endpoint with resume enabled; records every RESUME body it reads (frame 1)."""

    def __init__(self, ref: Reference):
        self.ref = ref
        self.identity = Identity(os.urandom(32), "py-ana")
        self.app = ErrorsSeen()
        self.events = PongsSeen()
        self.ep = Endpoint(self.identity, app=self.app, events=self.events)
        self.manager = self.ep.enable_resume(seed=7, keep_deliveries=1024)  # the script reads `inbox`
        self.resume_bodies = []
        original = self.manager.on_resume_frame

        def recording(link, frame):  # observe the wire; the implementation decides as it always does
            self.resume_bodies.append(bytes(frame.body))
            original(link, frame)

        self.manager.on_resume_frame = recording
        self.conn = None
        self.session = None

    def wait(self, predicate):
        return self.manager.wait_for(predicate, GUARD)

    def barrier(self):
        """A PING and its PONG (RTT-HB): the reference answers frames in order, so whatever it sent
        before the PONG -- a duplicate, a refusal, the ACK of a RESUME -- has arrived once the PONG has."""
        before = self.events.pongs
        self.conn.ping()
        return self.wait(lambda: self.events.pongs > before)

    def dial(self):
        self.conn = self.ep.dial(*self.ref.rtt, expect_fingerprint=self.ref.fingerprint)
        self.session = self.manager.session_of(self.conn)

    def cut(self):
        """An abrupt end (§1): TCP reset, no GOAWAY; waits until the session is suspended."""
        cut(self.conn.sock)
        return self.wait(lambda: self.session.state == "suspended")

    def resume(self):
        """Resume the session (§4.1); returns (parsed RESUME body, raw body) or (None, None)."""
        before = len(self.resume_bodies)
        self.conn = self.manager.resume(self.session, timeout=GUARD)
        if not self.wait(lambda: len(self.resume_bodies) > before):
            return None, None
        raw = self.resume_bodies[before]
        new = self.manager.session_of(self.conn)
        if new is not None:
            self.session = new  # after `fresh`, the connection carries a new session (RTT-RES-007)
        return json.loads(raw), raw.decode("utf-8")

    def inbox(self):
        with self.session.lock:
            return list(self.session.inbox)


class SessionCip:
    """The CIP side of CipPeer (building, signing, verifying) with its bytes sent on the web4py session."""

    def __init__(self, dialer: Dialer):
        class Raw:  # CipPeer reads only these two of its RawPeer here
            identity = dialer.identity
            peer = dialer.conn.peer

        self.dialer = dialer
        self.cip = CipPeer(Raw())
        self.sent = {}

    def send(self, env):
        ch = channel_of("cip", env["type"])
        self.dialer.session.send(ch, jcs.canonicalize(env))
        name = self.dialer.session.channels[ch].name
        self.sent[name] = self.sent.get(name, 0) + 1

    def await_type(self, msg_type, seen=0):
        found = []

        def there():
            found[:] = [json.loads(d) for _, d in self.dialer.inbox()[seen:]
                        if json.loads(d).get("type") == msg_type]
            return bool(found)

        return found[0] if self.dialer.wait(there) else None


def types(d):
    return [json.loads(x).get("type") for _, x in d.inbox()]


def counts(body):
    return {c["name"]: c["delivered"] for c in body.get("channels", [])}


def run(ref: Reference):
    d = Dialer(ref)
    say("1. web4py dials the reference (both announce rtt 1.0 and 1.1)")
    d.dial()
    step("handshake: a resumable connection (the reference listed \"1.1\")",
         d.session is not None and "1.1" in d.conn.peer.versions, "reference rtt: %s" % (d.conn.peer.versions,))
    if d.session is None:
        return
    say("2. CIP over the session: HELLO, VERIFY, three INTENTs on control, two FACT_PROPOSEs on knowledge")
    cip = SessionCip(d)
    cip.send(cip.cip.hello())
    hello = cip.await_type("HELLO")
    ok = hello is not None and cip.cip.response_verifies(hello)
    if ok:
        cip.send(cip.cip.verify(hello))
        ok = cip.await_type("STATE_UPDATE") is not None
    for _ in range(3):
        cip.send(cip.cip.intent())
    for n in range(2):
        cip.send(cip.cip.propose("interop fact %d" % n))
    got = d.wait(lambda: types(d).count("INTENT_RESPONSE") == 3)
    acked = d.wait(lambda: d.session.undelivered() == 0)  # every message ACKed by the reference (§3)
    step("messages each way before the cut (web4py -> reference: HELLO, VERIFY, 3 INTENT on control, "
         "2 FACT_PROPOSE on knowledge, all acknowledged; reference -> web4py: HELLO, STATE_UPDATE, "
         "3 INTENT_RESPONSE)", ok and got and acked,
         "sent per channel %s; received %s" % (cip.sent, types(d)))
    with d.session.lock:
        ours = {ch.name: ch.count().delivered for ch in d.session.channels.values()}
    first_id = d.session.current
    first_key = d.session.keys[first_id]

    say("3. cut (TCP reset, no GOAWAY), resume")
    expected_theirs = {n: cip.sent.get(n, 0) for n in ("control", "state", "knowledge")}
    step("cut: the web4py session is suspended", d.cut())
    for _ in range(2):  # accepted while suspended: retained, sent after RESUME (§4.3)
        cip.send(cip.cip.intent())
    cip.send(cip.cip.propose("interop fact sent while suspended"))
    retained = d.session.undelivered()
    body, raw = d.resume()
    good = body is not None and body.get("result") == "resumed" and counts(body) == expected_theirs
    step("resume: RESUME resumed, the reference's delivered = what it had been sent before the cut", good,
         "RESUME body: %s\n      expected delivered %s (web4py's own delivered %s)" % (raw, expected_theirs, ours))
    # Each retained message must be delivered exactly once (§4.3, RTT-RES-009) and handled by the CIP session
    # the resumed RTT session carries on (rtt.md §12, RTT-RES-016, ADR 1413): nothing refused, the two
    # INTENTs answered, no new CIP handshake.
    got = d.wait(lambda: d.session.undelivered() == 0) and d.wait(lambda: types(d).count("INTENT_RESPONSE") == 5)
    got = d.barrier() and got  # a duplicate or a refusal sent before the PONG has arrived by now
    step("retransmission (§4.3): the %d messages retained while suspended are delivered once after RESUME and "
         "taken by the CIP session carried across the resume (RTT-RES-016): 2 more INTENT_RESPONSEs, no ERROR"
         % retained,
         got and not d.app.errors and types(d).count("INTENT_RESPONSE") == 5,
         "acknowledged: %s; INTENT_RESPONSEs %d of 5; errors %s" % (
             d.session.undelivered() == 0, types(d).count("INTENT_RESPONSE"), d.app.errors))
    cip.send(cip.cip.intent())
    got = d.wait(lambda: types(d).count("INTENT_RESPONSE") == 6) and d.wait(lambda: d.session.undelivered() == 0)
    step("on the resumed connection, without a new CIP handshake: an INTENT answered, no second HELLO",
         got and types(d).count("HELLO") == 1 and not d.app.errors,
         "received %s; session id rotated %s (§4.4)" % (types(d), d.session.current != first_id))
    expected_theirs = {n: cip.sent.get(n, 0) for n in ("control", "state", "knowledge")}
    d.wait(lambda: d.session.state == "connected")
    d.barrier()  # the dialer's ACK of RESUME (§4.4 step 2), sent before the PING, has left before the cut
    step("second cut: the web4py session is suspended", d.cut())
    second_id = d.session.current
    body, raw = d.resume()
    step("second resume: RESUME resumed, the reference's delivered = every message web4py sent in the session "
         "(each retransmitted one counted once)",
         body is not None and body.get("result") == "resumed" and counts(body) == expected_theirs,
         "RESUME body: %s\n      expected delivered %s; id rotated again %s" % (
             raw, expected_theirs, d.session.current != second_id))

    def refusal(title, tamper, code):
        d.wait(lambda: d.session.state == "connected")
        d.barrier()  # the dialer's ACK of RESUME (§4.4 step 2), sent before the PING, has left before the cut
        if not d.cut():
            step(title, False, "the session did not suspend")
            return
        tamper(d.session)
        try:
            body, raw = d.resume()
        except RttHandshakeError as e:
            step(title, False, "handshake failed: %s" % e)
            return
        step(title, body is not None and body.get("result") == "fresh" and body.get("code") == code,
             "RESUME body: %s (expected fresh %s)" % (raw, code))

    def old_id(s):
        s.keys, s.current = {first_id: first_key}, first_id

    def wrong_binder(s):
        s.keys[s.current] = bytes(b ^ 0xFF for b in s.keys[s.current])

    def unknown_id(s):
        made_up = os.urandom(16)
        s.keys, s.current = {made_up: os.urandom(32)}, made_up

    say("4. cut, resume naming the id the committed resume retired (R2)")
    refusal("retired id: RESUME fresh REPLAY (R2, RTT-RES-011)", old_id, "REPLAY")
    say("5. cut, resume with a wrong binder (R4)")
    refusal("wrong binder: RESUME fresh RESUME_UNKNOWN (R4)", wrong_binder, "RESUME_UNKNOWN")
    say("6. cut, resume naming an id the reference never issued (R1)")
    refusal("unknown id: RESUME fresh RESUME_UNKNOWN (R1)", unknown_id, "RESUME_UNKNOWN")
    d.ep.stop()


def main():
    python = "--python" in sys.argv[1:]
    ref = Reference(python)
    say("%s at %s:%d, fingerprint %s" % ("web4py: python3 -m web4py serve --rtt-resume" if python else
                                         "reference: web4 serve --rtt-resume", ref.rtt[0], ref.rtt[1], ref.fingerprint))
    try:
        run(ref)
    finally:
        ref.stop()
    say("reference as session dialer: judged by the kit, features/rtt/resume_iut_dials.feature")
    failed = [n for n, ok in results if not ok]
    say("%d passed, %d failed" % (len(results) - len(failed), len(failed)))
    return 1 if failed or not results else 0


if __name__ == "__main__":
    sys.exit(main())
