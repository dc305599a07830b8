"""forwarding."""

urls: list = []
