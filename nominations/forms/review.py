"""Forms of the office's review: the queue's filters, the bulk actions and comments."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from nominations.models import Nomination, NominationState, Round, SubjectType
from thiduaportal.forms import ListedChoiceField

# The queue never shows drafts: they are still the unit's.
QUEUE_STATES = [(value, label) for value, label in NominationState.choices if value != NominationState.DRAFT]


class QueueFilterForm(forms.Form):
    """The queue's filters (GET). Invalid values are ignored field by field."""

    round = ListedChoiceField(label=_("Round"), queryset=Round.objects.none(), required=False)
    unit = ListedChoiceField(label=_("Proposing unit"), queryset=None, required=False)
    subject_type = forms.ChoiceField(
        label=_("Subject type"), choices=[("", _("All")), *SubjectType.choices], required=False
    )
    state = forms.ChoiceField(label=_("State"), choices=[("", _("All")), *QUEUE_STATES], required=False)
    failed = forms.BooleanField(label=_("Failed checks only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    # The column headers sort too; on a phone the table's headers are folded away.
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        choices=[
            ("submitted", _("Oldest submission first")),
            ("-submitted", _("Newest submission first")),
            ("settle", _("Settle-by date, earliest first")),
            ("subject", _("Nominee, A to Z")),
            ("unit", _("Unit, A to Z")),
            ("state", _("State")),
        ],
    )

    def __init__(self, *args, rounds, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds
        self.fields["round"].empty_label = _("All")
        self.fields["unit"].queryset = units
        self.fields["unit"].empty_label = _("All")

    def filters(self) -> dict:
        """The cleaned filters; a field with a bad value counts as not set."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in self.fields if name not in self.errors}


class BulkForm(forms.Form):
    """The nominations ticked in the queue and what to do with them. `confirm` is set by the
    confirmation page; `reason` is required there when returning."""

    ACCEPT, RETURN, ASSIGN = "accept", "return", "assign"

    action = forms.ChoiceField(
        label=_("Action"), choices=[(ACCEPT, _("Accept")), (RETURN, _("Return")), (ASSIGN, _("Assign to me"))]
    )
    nominations = forms.ModelMultipleChoiceField(
        label=_("Nominations"),
        queryset=Nomination.objects.none(),
        error_messages={"required": _("Choose at least one nomination.")},
    )
    reason = forms.CharField(
        label=_("Reason for return (the units read it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    query = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, nominations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominations"].queryset = nominations

    def clean(self):
        data = super().clean()
        if data.get("confirm") and data.get("action") == self.RETURN and not data.get("reason", "").strip():
            self.add_error("reason", _("Write the reason for the return: the units need it to revise."))
        return data


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("The comment is empty: write what you want to say.")},
    )
    internal = forms.BooleanField(label=_("Internal note (the unit does not see it)"), required=False)

    def __init__(self, *args, office: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not office:
            del self.fields["internal"]
