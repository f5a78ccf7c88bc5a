"""``python3 -m web4py serve``: the web4py agent with its RTT listener and the conformance harness.

Prints, one per line (spec/harness.md §7), then ``ready``::

    identity agent_id=<id> fingerprint=<64 hex>
    rtt 127.0.0.1:<port>
    harness http://127.0.0.1:<port>/harness/v1 token=<token>
"""

from __future__ import annotations

import argparse
import secrets
import signal
import sys
import threading


def _serve(args) -> int:
    from .agent import Agent
    from .rtt.capacity import tune_interpreter
    from .rtt.identity import Identity
    from . import harness, memtrace, profiling

    profiling.start_from_environment()  # WEB4PY_PROFILE=DIR: opt-in cProfile of every thread (profiling.py)
    memtrace.start_from_environment()  # WEB4PY_TRACEMALLOC=FILE: opt-in, for long runs (memtrace.py)
    tune_interpreter()  # RTT-LIM-010: 4,096 connections, two threads each

    if args.key:
        with open(args.key, "rb") as f:
            identity = Identity.from_pem(f.read(), args.agent_id)
    else:
        identity = Identity.generate(args.agent_id)
    events_file = open(args.events, "a", encoding="utf-8") if args.events else None
    lip_sources = _load_sources(args.sources) if args.sources else None
    agent = Agent(identity, "127.0.0.1", args.rtt_port, events_file=events_file, verbose=args.verbose,
                  lip_sources=lip_sources, resume=args.rtt_resume)
    agent.hcp.human_identity = {"name": args.human_name, "role": args.human_role}  # HCP_HELLO.identity
    host, rtt_port = agent.start()
    token = args.harness_token or secrets.token_hex(32)
    server = None
    harness_port = None
    if args.harness or args.harness_port is not None:
        server, harness_port = harness.start_harness("127.0.0.1", args.harness_port or 0, token, identity,
                                                     agent, verbose=args.verbose)
    print("identity agent_id=%s fingerprint=%s" % (identity.agent_id, identity.fingerprint))
    print("rtt %s:%d" % (host, rtt_port))
    if server is not None:
        print("harness http://127.0.0.1:%d/harness/v1 token=%s" % (harness_port, token))
    print("ready", flush=True)

    done = threading.Event()

    def stop(signum, frame):
        done.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while not done.wait(1.0):
        pass
    profiling.write_on_exit()  # first: the launcher kills a process that takes more than 5 s to end
    if server is not None:
        try:
            server.stop()
        except Exception:
            pass
    agent.stop()
    return 0


def _load_sources(path: str) -> list:
    """``--sources FILE``: LIP source rules in the request format of harness ``lip/sources``
    (spec/lip.md §4.6.1): ``{"sources":[{"prefix":URI,"tier":TIER}, …]}``."""
    from . import ijson
    from .lip import uri as U

    with open(path, "rb") as f:
        doc = ijson.parse(f.read())
    if not isinstance(doc, dict) or not isinstance(doc.get("sources"), list):
        raise SystemExit("%s: expected {\"sources\":[{\"prefix\":…,\"tier\":…}, …]}" % path)
    rules, seen = [], set()
    for entry in doc["sources"]:
        try:
            rule = U.make_rule(entry["prefix"], entry["tier"])
        except (KeyError, TypeError, U.UriError) as e:
            raise SystemExit("%s: bad source rule %r: %s" % (path, entry, e))
        if rule.prefix in seen:
            raise SystemExit("%s: two rules for %s" % (path, rule.prefix))
        seen.add(rule.prefix)
        rules.append(rule)
    return rules


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m web4py", description="The web4py agent.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the agent (RTT listener, and the harness when asked)")
    serve.add_argument("--harness", action="store_true", help="enable the harness on an ephemeral port")
    serve.add_argument("--harness-port", type=int, default=None, help="enable the harness on this port")
    serve.add_argument("--harness-token", default=None, help="the harness bearer token (default: random)")
    serve.add_argument("--key", default=None, help="PEM PKCS#8 Ed25519 private key (default: ephemeral)")
    serve.add_argument("--rtt-port", type=int, default=0, help="RTT port (default: ephemeral)")
    serve.add_argument("--agent-id", default="web4py", help="the agent id")
    serve.add_argument("--events", default=None, help="append events as JSON lines to this file")
    serve.add_argument("--human-name", default="principal", help="the principal's name in HCP_HELLO")
    serve.add_argument("--human-role", default="human", help="the principal's role in HCP_HELLO")
    serve.add_argument("--sources", default=None,
                       help="LIP source rules, JSON in the request format of harness lip/sources")
    serve.add_argument("--verbose", action="store_true", help="print every event to standard error")
    serve.add_argument("--rtt-resume", action="store_true",
                       help="RTT 1.1 session resume (draft docs/drafts/rtt-resume.md): list 1.1 in rtt; off by default")
    args = parser.parse_args(argv)
    if args.command == "serve":
        return _serve(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
