"""Placeholder: home-page panels of nominations register here."""
