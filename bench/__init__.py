"""Benchmarks: scripts that measure, run by hand (see each module's docstring)."""
