"""The audit log: who changed what, when, from which value to which."""

from auditlog.models import LogEntry
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from thiduaportal.views import PortalPermissionMixin

AUDITED_MODELS = ["commune", "unit", "cadre", "assignment", "unitrating", "cadrerating", "membership", "user"]


class AuditFilterForm(forms.Form):
    model = forms.ModelChoiceField(
        label=_("Record type"), queryset=ContentType.objects.none(), required=False
    )
    actor = forms.CharField(label=_("Changed by (user name)"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].empty_label = _("All")
        self.fields["model"].queryset = ContentType.objects.filter(
            app_label="units", model__in=AUDITED_MODELS
        )
        self.fields["model"].label_from_instance = lambda ct: str(
            ct.model_class()._meta.verbose_name_plural
        ).capitalize()


class AuditLogView(PortalPermissionMixin, ListView):
    permission_required = "units.view_audit"
    template_name = "units/audit_list.html"
    paginate_by = 50

    def get_permission_object(self):
        return None

    def get_queryset(self):
        self.filter_form = AuditFilterForm(self.request.GET or None)
        entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["model"]:
                entries = entries.filter(content_type=data["model"])
            if data["actor"]:
                entries = entries.filter(actor__username__icontains=data["actor"])
            if data["since"]:
                entries = entries.filter(timestamp__date__gte=data["since"])
            if data["until"]:
                entries = entries.filter(timestamp__date__lte=data["until"])
        return entries

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filter_form=self.filter_form, **kwargs)
        for entry in context["object_list"]:
            entry.rows = _change_rows(entry)
            entry.action_label = ACTIONS.get(entry.action, entry.get_action_display())
        return context


EMPTY = {"None", ""}
BOOLEANS = {"True": _("Yes"), "False": _("No")}
ACTIONS = {
    LogEntry.Action.CREATE: _("Created"),
    LogEntry.Action.UPDATE: _("Changed"),
    LogEntry.Action.DELETE: _("Deleted"),
    LogEntry.Action.ACCESS: _("Viewed"),
}


def _change_rows(entry: LogEntry) -> list[tuple[str, str, str]]:
    """(field, before, after) for display: no surrogate ids, no empty-to-empty noise."""
    rows = []
    for label, (before, after) in entry.changes_display_dict.items():
        if str(label).lower() == "id" or (before in EMPTY and after in EMPTY):
            continue
        rows.append((capfirst(label), _shown(before), _shown(after)))
    return rows


def _shown(value: str) -> str:
    if value in EMPTY:
        return ""
    return str(BOOLEANS.get(value, value))
