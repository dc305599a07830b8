"""Placeholder: home-page panels of the movement register here."""
