"""Request middleware shared by all apps."""

import time
import unicodedata

from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.http import HttpResponseRedirect, QueryDict
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
