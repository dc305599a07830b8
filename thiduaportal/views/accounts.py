"""The password reset form, throttled: django-axes counts failed logins only, and an
unthrottled reset form lets anyone fill a person's mailbox or probe the mail server."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.utils.translation import gettext as _

from thiduaportal import ratelimit
from thiduaportal.clients import client_ip

HOUR = 3600


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    """Django's reset form, refusing (429, nothing sent) a request beyond
    PASSWORD_RESET_PER_ADDRESS_PER_HOUR for one e-mail address typed, or beyond
    PASSWORD_RESET_PER_IP_PER_HOUR from one client address. The same answer whether an
    account has the address or not, so the limit reveals no account."""

    def form_valid(self, form):
        problem = self.refusal(form.cleaned_data["email"])
        if problem:
            form.add_error("email", problem)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)

    def refusal(self, email: str) -> str:
        ip = client_ip(self.request) or "unknown"
        if not ratelimit.take("reset-ip", ip, limit=settings.PASSWORD_RESET_PER_IP_PER_HOUR, window=HOUR):
            return _("Too many password reset requests from this computer; try again in an hour.")
        address = hashlib.sha256(email.strip().casefold().encode()).hexdigest()
        limit = settings.PASSWORD_RESET_PER_ADDRESS_PER_HOUR
        if not ratelimit.take("reset-address", address, limit=limit, window=HOUR):
            return _(
                "A reset link was already asked for this address %(n)d times in the last hour; look in "
                "the mailbox (and its spam folder) or try again in an hour."
            ) % {"n": limit}
        return ""
