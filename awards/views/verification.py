"""Public verification of a certificate (no login): the code form and the result page.

Both pages are for citizens holding a printed Giấy khen: they show only what
`services.verification.Verification` holds, are never cached or indexed, and count
each lookup against VERIFY_RATE_PER_MINUTE per client address (429 beyond it).
"""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.cache import add_never_cache_headers
from django.views import View

from awards.forms.verification import VerificationCodeForm
from awards.services import verification as services
from thiduaportal.views import PortalPermissionMixin

TEMPLATES = "awards/verification/"


class _PublicPage(PortalPermissionMixin, View):
    """Open to everyone; every answer is marked no-store and noindex, and `limited` counts
    one lookup of the client's address."""

    permission_required = "awards.verify_certificate"  # always allowed, signed in or not

    def get_permission_object(self):
        return None

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def limited(self, request):
        """A 429 response when this lookup passes the rate limit, else None."""
        # The address as django-axes sees it (the same proxy handling as the login lockout).
        address = get_client_ip_address(request) or "unknown"
        retry_after = services.take_lookup(address)
        if not retry_after:
            return None
        response = render(request, TEMPLATES + "limited.html", {"retry_after": retry_after}, status=429)
        response["Retry-After"] = str(retry_after)
        return response


class VerifyLookupView(_PublicPage):
    """The code form (GET ?code=): a well-formed code goes to its page; a malformed one is
    counted as a lookup and refused here (400)."""

    def get(self, request):
        if "code" not in request.GET:
            return render(request, TEMPLATES + "lookup.html", {"form": VerificationCodeForm()})
        form = VerificationCodeForm(request.GET)
        if form.is_valid():
            return redirect("awards:verify", code=form.cleaned_data["code"])
        return self.limited(request) or render(request, TEMPLATES + "lookup.html", {"form": form}, status=400)


class VerifyView(_PublicPage):
    """The certificate's public page: valid or revoked, and the decision's signature."""

    def get(self, request, code: str):
        if response := self.limited(request):
            return response
        try:
            result = services.verify_code(code)
        except services.MalformedCode:
            form = VerificationCodeForm({"code": code})
            form.is_valid()
            return render(request, TEMPLATES + "lookup.html", {"form": form}, status=400)
        except services.UnknownCode as error:
            context = {"message": str(error), "form": VerificationCodeForm()}
            return render(request, TEMPLATES + "not_found.html", context, status=404)
        return render(request, TEMPLATES + "result.html", {"result": result})


urls = [
    path("xac-minh/", VerifyLookupView.as_view(), name="verify_lookup"),
    path("xac-minh/<str:code>/", VerifyView.as_view(), name="verify"),
]
