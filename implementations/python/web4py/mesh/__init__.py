"""Mesh 1.0 (spec/mesh.md): relaying envelopes across agents, routes, vouches."""
