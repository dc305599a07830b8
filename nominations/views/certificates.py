"""certificates."""

urls: list = []
