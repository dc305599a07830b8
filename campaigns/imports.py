"""Placeholder: the results importer registers itself here."""
