"""verification."""

urls: list = []
