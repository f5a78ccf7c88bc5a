#!/usr/bin/env python3
"""How much of a kit run is spent waiting: runs the conformance runner under JDK Flight Recorder and
sums, for the thread that runs the checks ("main"), the time it spent asleep (Thread.sleep), parked
(a queue or a lock) or blocked in a socket read — each event of 1 ms or more — next to the run's wall
time. A run should be bounded by work, not by sleeps (issue 9; docs/performance.md).

    python3 scripts/kit_wait_share.py                       # against the bundled reference
    python3 scripts/kit_wait_share.py --target targets/python.json

Extra arguments go to `web4-conformance run`. Needs the built runner jar (./mvnw package) and the
JDK's `jfr` tool. Prints the totals and the ten call sites that waited longest.
"""
import collections
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "conformance-runner", "target", "web4-conformance.jar")
KINDS = ("jdk.ThreadSleep", "jdk.ThreadPark", "jdk.SocketRead", "jdk.JavaMonitorWait")


def seconds(iso):
    """An ISO-8601 duration as JFR prints it (PT0.0213S, PT1M2.5S) in seconds."""
    total, number = 0.0, ""
    for ch in iso[2:]:
        if ch.isdigit() or ch == ".":
            number += ch
        else:
            total += float(number) * {"H": 3600, "M": 60, "S": 1}[ch]
            number = ""
    return total


def site(frames):
    """The first frame of the kit's own code, which names the wait."""
    for f in frames:
        t = f["method"]["type"]["name"]
        if t.startswith("org/web4/") and not t.endswith("/Backoff"):
            return "%s.%s:%s" % (t.rsplit("/", 1)[-1], f["method"]["name"], f.get("lineNumber"))
    return "(JDK or library)"


def main(args):
    if not os.path.exists(JAR):
        sys.exit("build the runner first: ./mvnw -B -q -DskipTests package")
    with tempfile.TemporaryDirectory() as tmp:
        jfr = os.path.join(tmp, "run.jfr")
        settings = os.path.join(tmp, "waits.jfc")
        with open(settings, "w") as f:
            f.write('<?xml version="1.0" encoding="UTF-8"?><configuration version="2.0">')
            for k in KINDS:
                f.write('<event name="%s"><setting name="enabled">true</setting>'
                        '<setting name="stackTrace">true</setting>'
                        '<setting name="threshold">1 ms</setting></event>' % k)
            f.write("</configuration>")
        cmd = ["java", "-XX:FlightRecorderOptions=stackdepth=512",
               "-XX:StartFlightRecording=filename=%s,settings=%s" % (jfr, settings),
               "-jar", JAR, "run", "--report-dir", os.path.join(tmp, "reports")] + args
        start = time.monotonic()
        run = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True)
        wall = time.monotonic() - start
        summary = [l for l in run.stdout.splitlines() if " passed, " in l][-1:]
        printed = subprocess.run(["jfr", "print", "--json", "--events", ",".join(KINDS), jfr],
                                 check=True, stdout=subprocess.PIPE, text=True).stdout
    by_kind = collections.Counter()
    by_site = collections.Counter()
    for e in json.loads(printed)["recording"]["events"]:
        thread = (e["values"].get("eventThread") or {}).get("javaName")
        if thread != "main":
            continue
        d = seconds(e["values"]["duration"])
        by_kind[e["type"]] += d
        frames = (e["values"].get("stackTrace") or {}).get("frames", [])
        by_site[(e["type"].split(".")[-1], site(frames))] += d
    waited = sum(by_kind.values())
    print("run: %s (exit %d)" % (summary[0] if summary else "?", run.returncode))
    print("wall time of the run:           %6.1f s" % wall)
    print("main thread waiting (>= 1 ms):  %6.1f s  (%.0f %% of the wall time)"
          % (waited, 100 * waited / wall))
    for k, v in by_kind.most_common():
        print("  %-22s %6.1f s" % (k, v))
    print("longest waits by call site:")
    for (k, s), v in by_site.most_common(10):
        print("  %6.2f s  %-12s %s" % (v, k, s))
    return run.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
