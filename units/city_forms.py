"""The city administrator's forms: a new commune with its first administrator, a merger."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from thiduaportal.text import nfc
from thiduaportal.widgets import DateInput

from .models import Cadre, Commune, CommuneKind, Unit


def _helper(submit_label: str) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", submit_label))
    return helper


class NewCommuneForm(forms.ModelForm):
    admin_unit = forms.CharField(
        label=_("Unit of the first administrator"),
        max_length=200,
        initial="Văn phòng HĐND và UBND",
        help_text=_("Created with the commune; the administrator's role is held there."),
    )
    username = forms.CharField(label=_("Administrator's login name"), max_length=150)
    full_name = forms.CharField(label=_("Administrator's full name"), max_length=120)
    admin_email = forms.EmailField(label=_("Administrator's e-mail"), required=False)
    emblem = forms.FileField(
        label=_("National emblem"),
        required=False,
        help_text=_("PNG or JPEG, if the commune has one; it can also be uploaded later."),
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg"}),
    )

    class Meta:
        model = Commune
        fields = [
            "name",
            "place_name",
            "kind",
            "code",
            "province",
            "authority_name",
            "chairman_name",
            "address",
            "phone",
            "email",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (k, label) for k, label in CommuneKind.choices if k != CommuneKind.CITY
        ]
        self.fields["code"].required = True
        self.helper = _helper(_("Create the commune"))

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if Commune.objects.filter(code=code).exists():
            raise forms.ValidationError(
                _("The short code “%(code)s” is already used by another commune.") % {"code": code}
            )
        return code

    def clean(self):
        cleaned = super().clean()
        for key in ("admin_unit", "username", "full_name"):
            if cleaned.get(key):
                cleaned[key] = nfc(cleaned[key]).strip()
        return cleaned

    def commune_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MoveUnitForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    to = forms.ModelChoiceField(label=_("Into commune"), queryset=Commune.objects.none())

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit._base_manager.filter(commune__in=communes).select_related(
            "commune"
        )
        self.fields["unit"].label_from_instance = lambda unit: f"{unit.name} ({unit.commune.name})"
        self.fields["to"].queryset = communes.open()
        self.helper = _helper(_("Move the unit"))


class MoveCadreForm(forms.Form):
    cadre = forms.ModelChoiceField(label=_("Person"), queryset=Cadre.objects.none())
    to_unit = forms.ModelChoiceField(label=_("Into unit"), queryset=Unit.objects.none())
    on = forms.DateField(label=_("From"), widget=DateInput())
    position = forms.CharField(label=_("Position in the new unit"), max_length=160, required=False)

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cadre"].queryset = Cadre._base_manager.filter(commune__in=communes).select_related(
            "commune"
        )
        self.fields["cadre"].label_from_instance = lambda c: f"{c.full_name} ({c.commune.name})"
        units = Unit._base_manager.filter(commune__in=communes.open(), is_active=True).select_related(
            "commune"
        )
        self.fields["to_unit"].queryset = units
        self.fields["to_unit"].label_from_instance = lambda unit: f"{unit.name} ({unit.commune.name})"
        self.helper = _helper(_("Move the person"))

    def clean_position(self) -> str:
        return nfc(self.cleaned_data["position"]).strip()


class ImportIntoForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=Commune.objects.none())

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes.open()
