"""The one base of the apps' domain errors.

A service refuses a change by raising a `DomainError` (or a child of it: `UnitsError`,
`CampaignError`, `NominationError`, ...): the message names what and where, in the user's
language, and nothing was saved. `field` names the form field the refusal is about, when
there is one, so a form view can attach it there; other views show it as a message.
"""

from __future__ import annotations


class DomainError(Exception):
    """A rule refused the change; `str(error)` is the message for the user and `field`
    the form field it belongs to (None: the form as a whole)."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def add_to_form(form, error: Exception) -> None:
    """Attach `error` to `form`: on its field when the form has that field, to the form as
    a whole otherwise."""
    field = getattr(error, "field", None)
    field = field if field in form.fields else None
    form.add_error(field, str(error))
