"""Rounds, nominations, dossiers, council, ballots, decisions, certificates (to come)."""
