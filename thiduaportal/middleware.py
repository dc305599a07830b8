"""Request middleware shared by all apps."""

import time
import unicodedata

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.http import HttpResponseRedirect, QueryDict
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from thiduaportal import tenancy


def _normalised(query: QueryDict) -> QueryDict:
    copy = QueryDict(mutable=True, encoding=query.encoding)
    for key, values in query.lists():
        copy.setlist(
            unicodedata.normalize("NFC", key),
            [unicodedata.normalize("NFC", value) for value in values],
        )
    copy._mutable = False
    return copy


class NormalizeUnicodeMiddleware:
    """Every submitted text reaches forms in NFC, whatever the keyboard or browser sent.

    Decomposed Vietnamese (NFD) renders the same but breaks search and extraction.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.GET:
            request.GET = _normalised(request.GET)
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            request.POST = _normalised(request.POST)
        return self.get_response(request)


# The cookie that keeps the commune a visitor chose on a public page (?xa=<code>).
PUBLIC_COMMUNE_COOKIE = "xa"


class TenantMiddleware:
    """Every request runs in one commune's scope (`thiduaportal.tenancy`): a signed-in user's
    commune (an install's superuser without one sees every commune); for a visitor, the
    commune a public page names with `?xa=<code>` (kept in a cookie), else the install's
    first commune. `request.commune_id` says which. Costs no query for a signed-in user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        chosen = None
        if user.is_authenticated:
            if user.commune_id is None and user.is_superuser:
                request.commune_id = None
                with tenancy.everywhere():
                    return self.get_response(request)
            commune_id = user.commune_id
            if commune_id is None:  # an account given no role yet: the install's first commune
                commune_id = apps.get_model("units", "Commune").objects.lone()
        else:
            commune_id, chosen = _public_commune(request)
        request.commune_id = getattr(commune_id, "pk", commune_id)
        with tenancy.within(commune_id):
            response = self.get_response(request)
        if chosen is not None:
            response.set_cookie(
                PUBLIC_COMMUNE_COOKIE,
                chosen,
                max_age=365 * 24 * 3600,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response


def _public_commune(request):
    """The commune a visitor reads and, when the query named a new one, its code to keep."""
    commune_model = apps.get_model("units", "Commune")
    asked = request.GET.get(PUBLIC_COMMUNE_COOKIE)
    kept = request.COOKIES.get(PUBLIC_COMMUNE_COOKIE)
    if asked or kept:
        found = commune_model.objects.local().filter(code=asked or kept).first()
        if found is not None:
            return found, (asked if asked and asked != kept else None)
    return commune_model.objects.lone(), None


class PortalLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose another language with the switcher (its cookie).

    The browser's Accept-Language is ignored on purpose: many office computers run an
    English Windows, and the commune works in Vietnamese.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        codes = {code for code, _ in settings.LANGUAGES}
        language = chosen if chosen in codes else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ServerTimingMiddleware:
    """With SERVER_TIMING on, every response carries a `Server-Timing` header: the server's
    time on the request (`app;dur=` ms), its database time (`db;dur=` ms) and how many
    queries it ran (`queries;desc=`). Browsers' developer tools show it; the load benchmark
    reads it. Added first in MIDDLEWARE only when the setting is on, so it costs nothing
    otherwise (and tells nothing to outsiders)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = _QueryCounter()
        start = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        elapsed = (time.perf_counter() - start) * 1000
        response["Server-Timing"] = (
            f'app;dur={elapsed:.1f}, db;dur={counter.seconds * 1000:.1f}, queries;desc="{counter.count}"'
        )
        return response


class _QueryCounter:
    """A database execute wrapper that counts the queries and their time."""

    def __init__(self):
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - start


class UploadLimitMiddleware:
    """An upload that `thiduaportal.uploads.LimitedUploadHandler` stopped never reaches the
    view (which would see a form without its file, or no CSRF token): the user is sent back
    to the page they came from with the handler's message. Nothing was saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            request.FILES  # noqa: B018 - parses the body now, through the upload handlers
            refused = getattr(request, "upload_refused", "")
            if refused:
                messages.error(request, refused)
                response = HttpResponseRedirect(request.get_full_path())
                response.status_code = 303  # see the form again with GET
                return response
        return self.get_response(request)
