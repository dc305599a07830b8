"""The form of a member's vote on a whole list: one choice per item, in favour unless the
member changes it, and the confirmation that the ballots are final."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from council.forms.sessions import BallotChoice


def field_name(item) -> str:
    return f"choice-{item.pk}"


class ListBallotForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked my choice on every item; the ballots, once cast, cannot be changed."),
        error_messages={"required": _("Tick the confirmation before casting the list.")},
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[field_name(item)] = forms.ChoiceField(
                label=item.nomination.subject_name,
                choices=BallotChoice.choices,
                initial=BallotChoice.FOR,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Choose your vote on item %(position)s.") % {"position": item.position}
                },
            )

    def rows(self) -> list[tuple]:
        """(item, its choice field) in agenda order, for the template."""
        return [(item, self[field_name(item)]) for item in self.items]

    def exceptions(self) -> dict[int, str]:
        """Item pk → choice, for the items not voted in favour."""
        chosen = {item.pk: self.cleaned_data[field_name(item)] for item in self.items}
        return {pk: choice for pk, choice in chosen.items() if choice != BallotChoice.FOR}
