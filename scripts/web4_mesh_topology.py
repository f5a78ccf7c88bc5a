#!/usr/bin/env python3
"""The live mesh: reads every given agent through its harness and prints the agents and their sessions,
each labelled with both sides' trust state of the other; writes topology.dot (Graphviz), topology.mmd
(Mermaid) and topology.svg (open it in a browser). The Python equivalent of `web4 mesh topology`.

Usage: python3 scripts/web4_mesh_topology.py HARNESS_URL... --token T [--token T2 ...] [--out DIR]
"""

import argparse
import os
import sys

import web4mesh


def main(argv=None):
    p = argparse.ArgumentParser(prog="web4_mesh_topology.py", description=__doc__.split("\n\n")[0])
    p.add_argument("urls", metavar="HARNESS_URL", nargs="+")
    p.add_argument("--token", action="append", required=True,
                   help="the harness token: once for all agents, or once per HARNESS_URL in order")
    p.add_argument("--out", default=".", help="where to write the files (default: the current folder)")
    args = p.parse_args(argv)
    if len(args.token) not in (1, len(args.urls)):
        print("web4_mesh_topology.py: --token: give one token for all agents or one per HARNESS_URL",
              file=sys.stderr)
        return 2
    tokens = args.token * len(args.urls) if len(args.token) == 1 else args.token
    try:
        views = [web4mesh.read_view(web4mesh.Harness(u, t)) for u, t in zip(args.urls, tokens)]
    except web4mesh.HarnessError as e:
        print("web4_mesh_topology.py: %s" % e, file=sys.stderr)
        return 2
    nodes, edges, names = web4mesh.topology(views)
    os.makedirs(args.out, exist_ok=True)
    written = []
    for name, render in (("topology.dot", web4mesh.dot), ("topology.mmd", web4mesh.mermaid),
                         ("topology.svg", web4mesh.svg)):
        path = os.path.join(args.out, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(render(nodes, edges, names))
        written.append(path)
    print(web4mesh.topology_text(nodes, edges, names), end="")
    print("wrote %s" % written)
    return 0


if __name__ == "__main__":
    sys.exit(main())
