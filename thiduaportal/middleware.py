"""Request middleware shared by all apps."""

import unicodedata

from django.http import QueryDict


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
