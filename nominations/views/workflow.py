"""Placeholder until this topic's screens are written."""

urls: list = []
