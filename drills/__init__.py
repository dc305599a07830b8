"""Fault drills: each module starts real services on loopback and prints one PASS or FAIL line."""
