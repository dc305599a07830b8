"""Campaigns, indicators, results, index scores, registrations, initiatives (to come)."""
