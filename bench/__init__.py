"""Benchmarks that print figures (JSON with --json); run from the repo root as `python -m bench`."""
