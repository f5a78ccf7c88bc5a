"""HCP behaviour (spec/hcp.md §4): pure rules (pacing, consent, check-ins, social trust), the
per-connection session state and the runtime that the agent hands HCP envelopes to."""
