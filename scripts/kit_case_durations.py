#!/usr/bin/env python3
"""Writes conformance-runner's case-durations.tsv from a kit run's report.json (docs/adr/1421).

`--jobs` hands out the pieces of a run expected to take longest first; this file is what it expects:
every case of 250 ms or more, and every suite run whole (not a feature file cut into scenarios) with
the sum of its cases. A stale or missing line only changes the order work is handed out in.

    ./web4-conformance run --seed 42 --report-dir /tmp/r
    python3 scripts/kit_case_durations.py /tmp/r/report.json > \
        conformance-runner/src/main/resources/org/web4/conformance/run/case-durations.tsv
"""
import collections
import json
import sys

THRESHOLD_MS = 250


def main(path):
    report = json.load(open(path))
    cases = report["cases"]
    scenarios = collections.Counter(c["suite"] for c in cases if c["kind"] == "scenario")
    whole = collections.Counter()
    lines = []
    for c in cases:
        if c["kind"] == "judge":
            continue
        cut = c["suite"].endswith(".feature") and scenarios[c["suite"]] > 1
        if cut:
            if c["duration_ms"] >= THRESHOLD_MS:
                lines.append((round(c["duration_ms"]), c["id"]))
        else:
            whole[c["suite"]] += c["duration_ms"]
    lines += [(round(ms), suite) for suite, ms in whole.items()]
    header = report.get("header", {})
    print("# milliseconds<TAB>case id or suite name: what --jobs expects each piece of work to take, the")
    print("# longest handed out first (docs/adr/1421). Written by scripts/kit_case_durations.py from a run")
    print("# against the %s, started %s (seed %s); a stale or missing line only changes the"
          % (header.get("target", "?"), header.get("started_at", "?")[:16], header.get("seed", "?")))
    print("# order work is handed out in, never a verdict.")
    for ms, ident in sorted(lines, key=lambda l: (-l[0], l[1])):
        print("%d\t%s" % (ms, ident))


if __name__ == "__main__":
    main(sys.argv[1])
