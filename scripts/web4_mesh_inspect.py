#!/usr/bin/env python3
"""One live agent's place in the mesh, read through its harness: sessions (rtt/connections), trust,
routes (GET mesh) and recent drops with their reasons (mesh.relay.dropped events). The Python equivalent
of `web4 mesh inspect`. Each session shows its send queue (spec/harness.md HAR-RTT-003: messages and bytes
the peer's window holds back) when the harness reports it.

Usage: python3 scripts/web4_mesh_inspect.py HARNESS_URL --token T [--json]
"""

import argparse
import json
import sys

import web4mesh


def main(argv=None):
    p = argparse.ArgumentParser(prog="web4_mesh_inspect.py", description=__doc__.split("\n\n")[0])
    p.add_argument("url", metavar="HARNESS_URL", help="http://127.0.0.1:PORT/harness/v1")
    p.add_argument("--token", required=True, help="the harness token")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    args = p.parse_args(argv)
    try:
        view = web4mesh.read_view(web4mesh.Harness(args.url, args.token))
    except web4mesh.HarnessError as e:
        print("web4_mesh_inspect.py: %s" % e, file=sys.stderr)
        return 2
    if args.json:
        view.pop("capabilities")
        print(json.dumps(view, indent=2))
    else:
        print(web4mesh.inspect_text(view), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
