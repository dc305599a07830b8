"""Forms of the eligibility topic: a discipline record and the search of the list. Parsing
only; the rules (a person, a measure, an end not before the start) live in
`nominations.services.eligibility`."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from nominations.models import DisciplineRecord
from thiduaportal.numbers import YearField
from thiduaportal.widgets import DateInput
from units.models import Cadre


class CadreChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Cadre) -> str:
        return f"{obj.full_name} · {obj.date_of_birth:%d/%m/%Y} · {obj.unit}"


def _field(name: str, **kwargs) -> forms.Field:
    return DisciplineRecord._meta.get_field(name).formfield(**kwargs)


class DisciplineForm(forms.Form):
    """A discipline record; the person and the measure are checked by the service so its
    message names them."""

    cadre = CadreChoiceField(label=_("Person"), queryset=Cadre.objects.none(), required=False)
    measure = _field("measure", required=False)
    decision_number = _field("decision_number")
    start_date = _field("start_date", widget=DateInput(), required=False)
    end_date = _field("end_date", widget=DateInput())
    note = _field("note")

    def __init__(self, *args, cadres: QuerySet[Cadre], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = cadres.select_related("unit").order_by("full_name", "pk")
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Save")))

    @staticmethod
    def initial_for(record: DisciplineRecord) -> dict:
        names = ("cadre", "measure", "decision_number", "start_date", "end_date", "note")
        return {name: getattr(record, name) for name in names}


class DisciplineFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": _("Name, with or without diacritics")}),
    )
    year = YearField(label=_("Touching the year"), required=False, min_value=2000, max_value=2100)

    def apply(self, records: QuerySet[DisciplineRecord], cadres: QuerySet[Cadre]) -> QuerySet:
        """The records of people whose name matches every word of `q`, touching `year`."""
        if not self.is_valid():
            return records
        query, year = self.cleaned_data["q"], self.cleaned_data["year"]
        if query and query.strip():
            records = records.filter(cadre__in=cadres.search(query))
        if year:
            records = records.filter(start_date__year__lte=year).exclude(end_date__year__lt=year)
        return records
