"""`manage.py check --deploy`: the address every certificate's QR code points at."""

from __future__ import annotations

from django.core import checks

from awards.certificates import site_address_problem


@checks.register(checks.Tags.security, deploy=True)
def check_site_address(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Warn before anyone prints: with this SITE_URL, certificates refuse to print."""
    problem = site_address_problem()
    return [checks.Warning(problem, id="awards.W001")] if problem else []
