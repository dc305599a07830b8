"""System checks of the deployment that Django's own `check --deploy` does not make.

They run with every `manage.py` command that checks (`check`, `migrate`, `runserver`) and
when the web process starts (`thiduaportal.wsgi`, `thiduaportal.asgi` call `refuse_to_start`),
so a production portal with a setting that would silently lose work does not come up.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

TAG = "thiduaportal"

# Backends that accept a message and send nothing: password reset links, deadline reminders
# and the council's notices would be lost without anyone noticing.
UNSENT_MAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


@checks.register(TAG)
def check_mail_is_sent(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """With DEBUG off, mail must go somewhere real (EMAIL_URL=smtp+tls://...)."""
    if settings.DEBUG or settings.EMAIL_BACKEND not in UNSENT_MAIL_BACKENDS:
        return []
    return [
        checks.Error(
            f"EMAIL_URL sends mail to {settings.EMAIL_BACKEND}, which sends nothing: password reset "
            "links and notifications would be lost.",
            hint="Set EMAIL_URL to the commune's mail server, e.g. smtp+tls://user:password@smtp.example.vn:587.",
            id="thiduaportal.E001",
        )
    ]


def refuse_to_start() -> None:
    """Raise ImproperlyConfigured when one of this module's checks reports an error; a web
    server does not run system checks by itself."""
    errors = [message for message in checks.run_checks(tags=[TAG]) if message.is_serious()]
    if errors:
        raise ImproperlyConfigured("; ".join(f"{e.id}: {e.msg}" for e in errors))
