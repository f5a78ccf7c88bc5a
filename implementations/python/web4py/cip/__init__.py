"""CIP runtime (spec/cip.md §4)."""
