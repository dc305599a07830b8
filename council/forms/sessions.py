"""Forms of the council's screens: terms and seats, a session, attendance, opening and
closing the voting, a member's ballot, written opinions, a show of hands and the chair's
decision at a tie. Validation only; the rules live in `council.services`."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from council.models import AttendanceStatus, CouncilRole, CouncilTerm, SessionMode, VotingMethod
from thiduaportal.numbers import WholeNumberField
from thiduaportal.text import nfc
from thiduaportal.widgets import DateTimeInput
from units.communes import users_here
from units.forms import DateInput
from units.models import Cadre, Unit

REASON_MAX = 2000


def _text(value: str | None) -> str:
    return " ".join(nfc(value or "").split())


class BallotChoice:
    """The three answers of a ballot, as `cast_ballot` takes them."""

    FOR, AGAINST, ABSTAIN = "for", "against", "abstain"
    choices = [(FOR, _("In favour")), (AGAINST, _("Against")), (ABSTAIN, _("Abstain"))]
    labels = dict(choices)


class TermForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput())
    decision_number = forms.CharField(label=_("Decision number"), max_length=40, required=False)
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=DateInput())

    def clean_title(self) -> str:
        return _text(self.cleaned_data["title"])

    def clean_decision_number(self) -> str:
        return _text(self.cleaned_data.get("decision_number"))


class MemberForm(forms.Form):
    """A seat: the account that votes, the role, and the person and unit that drive recusal."""

    user = forms.ModelChoiceField(label=_("Account"), queryset=get_user_model().objects.none())
    role = forms.ChoiceField(label=_("Council role"), choices=CouncilRole.choices)
    joined_on = forms.DateField(label=_("Joined on"), widget=DateInput())
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=120,
        required=False,
        help_text=_("Empty: the person's or account's name."),
    )
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    cadre = forms.ModelChoiceField(label=_("Person"), queryset=Cadre.objects.none(), required=False)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users_here(
            get_user_model().objects.filter(is_active=True), unplaced=True
        ).order_by("username")
        self.fields["cadre"].queryset = Cadre.objects.select_related("unit").order_by("full_name")
        self.fields["unit"].queryset = Unit.objects.order_by("name")

    def clean_full_name(self) -> str:
        return _text(self.cleaned_data.get("full_name"))

    def clean_position(self) -> str:
        return _text(self.cleaned_data.get("position"))


class EndMembershipForm(forms.Form):
    left_on = forms.DateField(label=_("Left on"), widget=DateInput())


class SessionForm(forms.Form):
    term = forms.ModelChoiceField(label=_("Council term"), queryset=CouncilTerm.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    meets_at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    mode = forms.ChoiceField(label=_("Mode"), choices=SessionMode.choices, initial=SessionMode.BOTH)
    method = forms.ChoiceField(
        label=_("Voting method"), choices=VotingMethod.choices, initial=VotingMethod.SECRET
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Set per form: a queryset made at import time is outside every commune's scope.
        self.fields["term"].queryset = CouncilTerm.objects.all()

    def clean_title(self) -> str:
        return _text(self.cleaned_data["title"])

    def clean_place(self) -> str:
        return _text(self.cleaned_data.get("place"))


class AttendanceForm(forms.Form):
    """One choice per seat (`member_<pk>`)."""

    PREFIX = "member_"

    def __init__(self, *args, members=(), current: dict[int, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        current = current or {}
        self.members = list(members)
        for member in self.members:
            self.fields[f"{self.PREFIX}{member.pk}"] = forms.ChoiceField(
                label=str(member),
                choices=AttendanceStatus.choices,
                initial=current.get(member.pk, AttendanceStatus.ABSENT),
                widget=forms.RadioSelect,
            )

    def rows(self):
        """(member, bound field) in seat order, for the table."""
        return [(member, self[f"{self.PREFIX}{member.pk}"]) for member in self.members]

    def statuses(self) -> dict[int, str]:
        return {int(name.removeprefix(self.PREFIX)): value for name, value in self.cleaned_data.items()}


class _ItemsForm(forms.Form):
    """Some of the session's items; none chosen means all of them."""

    items = forms.ModelMultipleChoiceField(
        label=_("Items"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items

    def chosen(self) -> list | None:
        return list(self.cleaned_data["items"]) or None


class OpenVotingForm(_ItemsForm):
    ends_at = forms.DateTimeField(
        label=_("Voting closes by itself at"), required=False, widget=DateTimeInput()
    )


class CloseVotingForm(_ItemsForm):
    confirm_unvoted = forms.BooleanField(required=False, widget=forms.HiddenInput)


class BallotForm(forms.Form):
    choice = forms.ChoiceField(label=_("Your vote"), choices=BallotChoice.choices)


class _CountsForm(forms.Form):
    def total(self) -> int:
        return sum(value or 0 for value in self.cleaned_data.values())


class WrittenOpinionsForm(_CountsForm):
    for_ = WholeNumberField(label=_("In favour"), min_value=0, initial=0)
    against = WholeNumberField(label=_("Against"), min_value=0, initial=0)
    abstain = WholeNumberField(label=_("Abstain"), min_value=0, initial=0)


class HandsForm(_CountsForm):
    votes_for = WholeNumberField(label=_("In favour"), min_value=0, initial=0)
    votes_against = WholeNumberField(label=_("Against"), min_value=0, initial=0)
    votes_abstain = WholeNumberField(label=_("Abstain"), min_value=0, initial=0)


class ConflictForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_reason(self) -> str:
        return _text(self.cleaned_data["reason"])


class TieForm(forms.Form):
    """The chair approves some of the tied items, with a reason."""

    approved = forms.ModelMultipleChoiceField(
        label=_("Approve"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label=_("Reason of the decision"), max_length=REASON_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, items=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved"].queryset = items
        self.fields["approved"].label_from_instance = lambda item: (
            f"{item.position}. {item.nomination.subject_name}"
        )

    def clean_reason(self) -> str:
        return _text(self.cleaned_data["reason"])
