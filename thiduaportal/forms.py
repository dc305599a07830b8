"""Forms of the shared screens."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _


class _ListedChoices(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        # One plain query: QuerySet.iterator(), which Django uses here, opens a server-side
        # cursor on PostgreSQL (DECLARE, FETCH, CLOSE: three round trips) for a list of tens.
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListedChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField for short lists (units, rounds, record types) on pages opened all
    day: its options are read in one query."""

    iterator = _ListedChoices


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel file (.xlsx)"),
        help_text=_("Use the template: one row per record, headers in the first row."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("Check the file")))


class PortalLoginForm(AuthenticationForm):
    """Django's login form, saying so when the account's commune is archived."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
            user = (
                get_user_model()._default_manager.filter(username=username).select_related("commune").first()
            )
            commune = getattr(user, "commune", None)
            if (
                commune is not None
                and commune.archived_at is not None
                and user.check_password(password or "")
            ):
                raise forms.ValidationError(
                    _("%(name)s is archived in the portal; its accounts can no longer sign in.")
                    % {"name": commune.name},
                    code="archived",
                ) from None
            raise
