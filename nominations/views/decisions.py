"""decisions."""

urls: list = []
