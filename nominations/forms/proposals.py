"""Forms for a unit's proposal (its Tờ trình) and its nominations. Validation only; the
rules live in `nominations.services.proposals`."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from nominations.models import Nomination, Proposal, SubjectType
from nominations.services.proposals import NOMINATION_FIELDS, PROPOSAL_FIELDS, subject_choices
from units.forms import DateInput


def _helper(label) -> FormHelper:
    helper = FormHelper()
    helper.add_input(Submit("submit", label))
    return helper


class ProposalForm(forms.Form):
    """The unit's Tờ trình: number, date, signer, and its selection meeting's date."""

    def __init__(self, *args, instance: Proposal, **kwargs):
        kwargs["initial"] = model_to_dict(instance, fields=PROPOSAL_FIELDS)
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(
                Proposal,
                fields=PROPOSAL_FIELDS,
                widgets={"letter_date": DateInput(), "meeting_date": DateInput()},
            )
        )
        self.helper = _helper(_("Save"))
        self.helper.layout = Layout(
            Row(Column("letter_number"), Column("letter_date")),
            Row(Column("signer_name"), Column("signer_title")),
            "meeting_date",
        )


class NominationCreateForm(forms.Form):
    """A new nomination: a collective (the unit or one under it) or a person of the unit,
    an award form of the round, the achievement in one line."""

    subject_type = forms.ChoiceField(
        label=_("Nominate"), choices=SubjectType.choices, widget=forms.RadioSelect, initial="individual"
    )

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        units, cadres = subject_choices(proposal)
        self.fields.update(
            fields_for_model(Nomination, fields=["subject_unit", "subject_cadre", "award_form", "summary"])
        )
        self.fields["subject_unit"].queryset = units
        self.fields["subject_cadre"].queryset = cadres
        self.fields["subject_unit"].help_text = _("For a collective: the unit itself or a unit under it.")
        self.fields["subject_cadre"].help_text = _("For an individual: a person working in the unit.")
        self.fields["award_form"].queryset = proposal.round.award_forms.all()
        self.helper = _helper(_("Add the nomination"))

    def clean(self):
        data = super().clean()
        kind = data.get("subject_type")
        if kind == SubjectType.COLLECTIVE:
            data["subject_cadre"] = None
            if not data.get("subject_unit") and not self.has_error("subject_unit"):
                self.add_error("subject_unit", _("Choose the collective to nominate."))
        elif kind == SubjectType.INDIVIDUAL:
            data["subject_unit"] = None
            if not data.get("subject_cadre") and not self.has_error("subject_cadre"):
                self.add_error("subject_cadre", _("Choose the person to nominate."))
        return data


class NominationEditForm(forms.Form):
    """The award form and the achievement in one line of a draft or returned nomination."""

    def __init__(self, *args, nomination: Nomination, **kwargs):
        kwargs["initial"] = model_to_dict(nomination, fields=NOMINATION_FIELDS)
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(Nomination, fields=NOMINATION_FIELDS))
        self.fields["award_form"].queryset = nomination.round.award_forms.all()
        self.helper = _helper(_("Save"))
