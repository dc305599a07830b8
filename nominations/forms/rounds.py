"""Forms for rounds: their settings and their moves. Validation only; the rules live in
`nominations.services.rounds`, whose refusals the views put beside the field they name."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from nominations.models import AwardForm, AwardKind, Round, RoundState
from nominations.services.rounds import ROUND_FIELDS
from thiduaportal import numbers
from units.forms import DateInput

DATE_FIELDS = ("submit_by", "review_by", "council_on")


class RoundForm(forms.Form):
    """A round's settings and the award forms it offers. `initial` prefills a new round
    (quotas by kind, default award forms); `instance` fills it from an existing round."""

    def __init__(self, *args, instance: Round | None = None, **kwargs):
        if instance is not None:
            kwargs["initial"] = {
                **model_to_dict(instance, fields=ROUND_FIELDS),
                "award_forms": list(instance.award_forms.all()),
            }
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(
                Round,
                fields=[*ROUND_FIELDS, "award_forms"],
                formfield_callback=numbers.formfield,
                widgets={
                    **{name: DateInput() for name in DATE_FIELDS},
                    "award_forms": forms.CheckboxSelectMultiple(),
                },
            )
        )
        chosen = [form.pk for form in (self.initial.get("award_forms") or [])]
        # The year's emulation titles are the year-end review's, from the commune's catalogue.
        offered = AwardForm.objects.filter(
            is_active=True, kind__in=[AwardKind.CERTIFICATE, AwardKind.FORWARDED]
        )
        self.fields["award_forms"].queryset = offered | AwardForm.objects.filter(pk__in=chosen)
        self.fields["award_forms"].required = False
        self.fields["award_forms"].help_text = _(
            "The year-end review proposes the titles of the commune's catalogue: leave these for it."
        )
        self.fields["campaign"].queryset = Campaign.objects.all()
        self.fields["campaign"].help_text = _("Required unless the round is ad hoc or the year-end review.")
        self.fields["year"].min_value = 2000
        self.fields["year"].max_value = 2100
        self.fields["kind"].widget.attrs["data-round-kind"] = "1"
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))
        self.helper.layout = Layout(
            Row(Column("kind"), Column("campaign"), Column("year")),
            "title",
            Row(Column("submit_by"), Column("review_by"), Column("council_on")),
            Row(Column("quota_collectives"), Column("quota_individuals")),
            "award_forms",
        )

    def values(self) -> tuple[dict, list[AwardForm]]:
        """The settings for the service, and the chosen award forms."""
        data = dict(self.cleaned_data)
        return {name: data[name] for name in ROUND_FIELDS}, list(data["award_forms"])


class RoundMoveForm(forms.Form):
    """A move of a round to another state, with an optional reason for the record."""

    to = forms.ChoiceField(choices=RoundState.choices, widget=forms.HiddenInput())
    reason = forms.CharField(
        label=_("Reason (optional, kept in the round's history)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    # Set by the confirmation page: a move is made only once its consequences were shown.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
