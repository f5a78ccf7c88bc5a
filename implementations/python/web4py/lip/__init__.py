"""LIP behaviour (spec/lip.md §4): sources and tiers (uri.py), the evidence document (document.py),
the HTTP fetcher with real-time limits (fetcher.py), the deferred-acceptance queue (queue.py) and the
runtime that ties them to RTT/CIP (runtime.py)."""
