"""Confirming what cannot be undone.

A view whose POST changes something for good asks first: a POST without the confirmation
field is answered with a page that says what will happen (and what is still unsettled) and
posts the same fields again with the confirmation field. It is a plain form, so it works
without JavaScript and on a phone, and a button that skips the page cannot act by accident.

    if not confirm.is_confirmed(request):
        return confirm.render(request, confirm.Confirmation(title=..., consequence=..., ...))

The card is `templates/partials/confirm.html`; a page of its own may include it with a
`confirmation` built by `Confirmation.for_request`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render as render_template

FIELD = "confirmed"
_NOT_REPOSTED = {"csrfmiddlewaretoken", FIELD}


@dataclass
class Detail:
    """A list under a heading on the confirmation: the members who have not voted, the
    dossiers not settled..."""

    title: str
    lines: Sequence[str]
    level: str = "warning"  # Bootstrap colour of the box: warning, danger, info, secondary


@dataclass
class Confirmation:
    title: str  # the question: "Close the voting?"
    consequence: str  # what happens, and that it cannot be undone
    action: str  # the URL the confirmed form posts to
    confirm_label: str
    cancel_url: str
    details: Sequence[Detail] = ()
    level: str = "warning"  # the confirm button's colour
    fields: list[tuple[str, str]] = field(default_factory=list)  # hidden fields posted again

    def for_request(self, request: HttpRequest, **extra: str) -> Confirmation:
        """Carry the request's POST fields (all their values) and `extra` into the form."""
        self.fields = [
            (name, value)
            for name, values in request.POST.lists()
            if name not in _NOT_REPOSTED and name not in extra
            for value in values
        ] + [(name, str(value)) for name, value in extra.items()]
        return self


def is_confirmed(request: HttpRequest) -> bool:
    """The POST carries the confirmation field that only the confirmation page sends."""
    return request.method == "POST" and request.POST.get(FIELD) == "1"


def render(
    request: HttpRequest, confirmation: Confirmation, *, template: str = "partials/confirm_page.html", **extra
) -> HttpResponse:
    """The confirmation page: the request's fields posted again, with `extra` and the
    confirmation field."""
    confirmation.for_request(request, **extra)
    return render_template(request, template, {"confirmation": confirmation})
