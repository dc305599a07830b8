"""registry."""

urls: list = []
