"""The award registry's search (GET): name, unit, person, year, award, decision, validity,
source."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import AwardSource
from awards.services import registry
from nominations.models import SubjectType
from thiduaportal.forms import ListedChoiceField
from thiduaportal.text import nfc
from units.models import Cadre, Unit

ALL = [("", _("All"))]


class AwardFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Name"),
        required=False,
        max_length=200,
        help_text=_("Recipient, unit or decision number; accents optional."),
    )
    unit = ListedChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("All")
    )
    cadre = forms.ModelChoiceField(queryset=Cadre.objects.none(), required=False, widget=forms.HiddenInput)
    subject_type = forms.ChoiceField(label=_("Recipient"), choices=ALL + SubjectType.choices, required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    award = forms.ChoiceField(label=_("Award"), required=False)
    decision = forms.CharField(label=_("Decision number"), required=False, max_length=60)
    validity = forms.ChoiceField(
        label=_("Validity"),
        choices=ALL + [(registry.VALID, _("Valid")), (registry.REVOKED, _("Revoked"))],
        required=False,
    )
    source = forms.ChoiceField(label=_("Source"), choices=ALL + AwardSource.choices, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.order_by("name")
        # Set per form: a queryset made at import time is outside every commune's scope.
        self.fields["cadre"].queryset = Cadre.objects.all()
        self.fields["year"].choices = ALL + [(y, y) for y in registry.years()]
        self.fields["award"].choices = ALL + [(name, name) for name in registry.award_names()]

    def filters(self) -> registry.Filters:
        """The filters chosen; a field with a wrong value filters nothing, the others apply."""
        self.is_valid()
        data = self.cleaned_data
        return registry.Filters(
            q=nfc(data.get("q") or ""),
            unit=data.get("unit"),
            cadre=data.get("cadre"),
            subject_type=data.get("subject_type") or "",
            year=data.get("year"),
            award=data.get("award") or "",
            decision=nfc(data.get("decision") or ""),
            validity=data.get("validity") or "",
            source=data.get("source") or "",
        )
