"""The audit log: who changed what, when, from which value to which, written for people:
field and record names in Vietnamese, structured values (a decision's frozen content, a
report) as readable lines with their diacritics, long values folded."""

import datetime
import json
import re
from collections import defaultdict
from contextlib import suppress
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView

from thiduaportal import tenancy
from thiduaportal.audit import KEYED_VALUE_LABELS, VALUE_LABELS
from thiduaportal.documents import vn_number
from thiduaportal.forms import ListedChoiceField
from thiduaportal.numbers import is_year
from thiduaportal.text import decimal_comma
from thiduaportal.widgets import DateInput

from . import PortalPermissionMixin


class AuditFilterForm(forms.Form):
    model = ListedChoiceField(label=_("Record type"), queryset=ContentType.objects.none(), required=False)
    actor = forms.CharField(label=_("Changed by (user name)"), required=False)
    since = forms.DateField(label=_("From"), required=False, widget=DateInput())
    until = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].empty_label = _("All")
        # Every model the audit log follows, whichever app registered it.
        audited = ContentType.objects.get_for_models(*auditlog.get_models()).values()
        self.fields["model"].queryset = ContentType.objects.filter(pk__in=[ct.pk for ct in audited])
        self.fields["model"].label_from_instance = lambda ct: str(
            ct.model_class()._meta.verbose_name_plural
        ).capitalize()


class AuditLogView(PortalPermissionMixin, ListView):
    permission_required = "thiduaportal.view_audit"
    template_name = "audit/list.html"
    # A page a person reads to its end, even on a phone.
    paginate_by = 25

    def get_permission_object(self):
        return None

    def get_queryset(self):
        self.filter_form = AuditFilterForm(self.request.GET or None)
        entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
        communes = tenancy.active_ids()
        if communes is not None:  # each entry names its row's commune (TenantModel.get_additional_data)
            entries = entries.filter(**{f"additional_data__{tenancy.DIMENSION}__in": communes})
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
        names = _related_names(context["object_list"])
        for entry in context["object_list"]:
            entry.rows = change_rows(entry, names)
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


def _field(model, name: str):
    try:
        field = model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None
    return field if field is not None and field.concrete else None


def _related_names(entries) -> dict[tuple[type, str], str]:
    """Names of every record a page of entries points to, one query per related model."""
    wanted: dict[type, set[str]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in entry.changes_dict.items():
            if name == tenancy.DIMENSION:
                continue
            field = _field(model, name)
            if field is not None and field.many_to_one and not _is_m2m_change(values):
                wanted[field.related_model].update(v for v in values if v not in EMPTY)
    names = {}
    for model, ids in wanted.items():
        for obj in model._default_manager.filter(pk__in=[i for i in ids if i.isdigit()]):
            names[(model, str(obj.pk))] = str(obj)
    return names


def _labelled(value, labels):
    """A JSON field's codes replaced by their labels (`thiduaportal.audit.label_values`)."""
    if isinstance(value, list):
        return [str(labels.get(item, item)) if isinstance(item, str) else item for item in value]
    if isinstance(value, dict):
        return {str(labels.get(key, key)): inner for key, inner in value.items()}
    return value


def _shown(field, value: str, names) -> str:
    if value in EMPTY:
        return ""
    if value in BOOLEANS:
        return str(BOOLEANS[value])
    if field is None:
        return readable(value)
    if field.many_to_one:
        return names.get((field.related_model, value), f"#{value}")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    labels = VALUE_LABELS.get((field.model._meta.label, field.name))
    if labels is not None:
        try:
            decoded = json.loads(value)
        except ValueError:
            decoded = value  # a plain code: "initiative"
        if isinstance(decoded, str):
            return str(labels.get(decoded, decoded))
        return "\n".join(_lines(_labelled(decoded, labels)))
    keyed = KEYED_VALUE_LABELS.get((field.model._meta.label, field.name))
    if keyed is not None and value.strip()[:1] in "{[":
        with suppress(ValueError):
            return "\n".join(_lines(json.loads(value), keyed=keyed))
    kind = field.get_internal_type()
    if kind == "DateField":
        with suppress(ValueError):
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    if kind == "DateTimeField":
        with suppress(ValueError):
            moment = datetime.datetime.fromisoformat(value)
            if timezone.is_naive(moment):  # the log writes the stored value: UTC, without its zone
                moment = moment.replace(tzinfo=datetime.UTC)
            return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    if kind in NUMBER_FIELDS and is_year(field.name):
        return value  # 2025, not 2.025
    if kind in NUMBER_FIELDS:
        with suppress(InvalidOperation, ValueError):
            return vn_number(Decimal(value), places=4)
    return readable(value)


NUMBER_FIELDS = {
    "DecimalField",
    "FloatField",
    "IntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "BigIntegerField",
}


def _is_relation(model, name: str) -> bool:
    try:
        return model._meta.get_field(name).is_relation
    except FieldDoesNotExist:
        return False


def _is_m2m_change(values) -> bool:
    return isinstance(values, dict) and values.get("type") == "m2m"


def _m2m_row(model, name: str, change: dict) -> tuple[str, str, str]:
    """A many-to-many change (people or units added to or removed from a record)."""
    try:
        label = capfirst(model._meta.get_field(name).verbose_name)
    except (FieldDoesNotExist, AttributeError):
        label = name
    objects = ", ".join(str(o) for o in change.get("objects", ()))
    if change.get("operation") == "add":
        return label, "", f"+ {objects}"
    return label, f"− {objects}" if objects else str(_("(all)")), ""


# The names of the keys that structured values (a decision's frozen content, a report)
# hold, as a person reads them; any other key is shown with spaces for its underscores.
KEY_LABELS = {
    "achievement": _("achievement"),
    "achievements": _("achievements"),
    "amount": _("cash award (đồng)"),
    "award": _("award form"),
    "base_salary": _("base salary"),
    "book_number": _("golden-book number"),
    "commune_name": _("commune"),
    "corrects": _("decision corrected"),
    "description": _("description"),
    "detail": _("position and unit"),
    "executors": _("executing bodies (Article 3)"),
    "issued_on": _("date of the decision"),
    "kind": _("kind"),
    "legal_bases": _("legal bases"),
    "letter_reference": _("the office's letter"),
    "lines": _("awarded"),
    "name": _("name"),
    "number": _("number"),
    "number_text": _("number of the decision"),
    "parent_body": _("parent body"),
    "place": _("place"),
    "position": _("position in the list"),
    "reason": _("reason"),
    "recipients": _("recipients"),
    "signer_capacity": _("signing capacity"),
    "signer_name": _("signer's full name"),
    "subject_type": _("collective or individual"),
    "symbol": _("symbol"),
    "title": _("subject line"),
    "unit_name": _("unit"),
    # The keys of a nomination's report (Mẫu 06 and 08), with the labels of its form.
    "full_name": _("Full name"),
    "date_of_birth": _("Date of birth"),
    "sex": _("Sex"),
    "home_town": _("Home town"),
    "residence": _("Permanent residence"),
    "unit": _("Unit of work"),
    "qualifications": _("Qualifications"),
    "address": _("Address"),
    "phone": _("Phone"),
    "functions": _("Functions and tasks"),
    "staff": _("Number of staff"),
    "organisation": _("Organisation"),
    "indicator": _("Indicator"),
    "plan": _("Registered / planned (%)"),
    "actual": _("Achieved (%)"),
    "percent": _("Rate (%)"),
    "solutions": _("Solutions applied"),
    "initiatives": _("Initiatives and models"),
    "effect": _("Effect and reach"),
    "circumstances": _("Circumstances"),
    "time": _("Time"),
    "result": _("Result"),
    "significance": _("Significance"),
    "reach": _("Reach"),
    "year": _("Year"),
    # The keys of a correcting or revoking decision's frozen content.
    "corrected_awards": _("awards corrected or revoked"),
    "named": _("named in the decision"),
    "listed_at": _("place in the decision corrected"),
    "basis": _("the decision corrected, as cited"),
    "total_words": _("total in words"),
    "year_end": _("decision of a year-end review"),
    "book_with_year": _("golden-book numbers printed with their year"),
    "cash_source": _("source of the cash reward"),
    "council_met_on": _("the council met on"),
    "changes": _("changes"),
    "field": _("field"),
    "before": _("as listed"),
    "after": _("as corrected"),
    "amount_after": _("cash award after the correction (đồng)"),
    "code": _("verification code"),
    "coefficient": _("coefficient of the base salary"),
    "decision": _("Decision number and date"),
    "issuer": _("Issued by"),
    "awards": _("Awards received"),
    "profile": _("profile of the report"),
    "rows": _("lines of the table"),
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DOT_DECIMAL = re.compile(r"^-?\d+\.\d+$")


def _key(key) -> str:
    label = KEY_LABELS.get(key)
    return capfirst(str(label)) if label is not None else str(key).replace("_", " ")


def _scalar(value) -> str:
    if isinstance(value, bool):
        return str(BOOLEANS[str(value)])
    if isinstance(value, int):
        return vn_number(value, places=0)
    if isinstance(value, float):
        return vn_number(value)
    if isinstance(value, str) and _DOT_DECIMAL.match(value):
        return decimal_comma(value)  # a report's "69.62" is written 69,62
    if isinstance(value, str) and _ISO_DATE.match(value):
        with suppress(ValueError):
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
    return str(value)


def _nested(value) -> bool:
    """A value that holds records (not only plain values): shown one line per entry."""
    if isinstance(value, dict):
        return bool(value)
    return isinstance(value, list) and any(isinstance(item, (dict, list)) for item in value)


def _lines(value, prefix: str = "", keyed=None) -> list[str]:
    """A decoded JSON value as "key: value" lines, nested keys joined by " › ", without
    surrogate ids ("award_id"); `keyed` labels the codes held under some keys."""
    keyed = keyed or {}
    if isinstance(value, dict):
        lines = []
        for key, inner in value.items():
            if str(key) == "id" or str(key).endswith("_id"):
                continue
            if is_year(str(key)) and isinstance(inner, int):
                inner = str(inner)  # a year has no thousands separator
            if isinstance(inner, str) and str(key) in keyed:
                inner = str(keyed[str(key)].get(inner, inner))
            shown = f"{prefix}{_key(key)} › " if _nested(inner) else f"{prefix}{_key(key)}: "
            lines += _lines(inner, shown, keyed)
        return lines
    if isinstance(value, list):
        if all(not isinstance(item, (dict, list)) for item in value):
            return [f"{prefix}{'; '.join(_scalar(item) for item in value)}"] if value else []
        lines = []
        for number, item in enumerate(value, start=1):
            lines += _lines(item, f"{prefix}{number} › ", keyed)
        return lines
    if value in (None, ""):
        return []
    return [f"{prefix}{_scalar(value)}"]


def readable(value: str) -> str:
    """A stored value as a person reads it: JSON (objects and lists, which the log keeps with
    \\u escapes) decoded into one "key: value" line per entry, anything else unchanged."""
    text = value.strip()
    if text[:1] in "{[":
        with suppress(ValueError):
            return "\n".join(_lines(json.loads(text)))
    return value


def change_rows(entry: LogEntry, names) -> list[tuple[str, str, str]]:
    """(field, before, after) for display: no surrogate ids, no empty-to-empty noise, no
    reverse relations (the log writes their manager, "app.Model.None")."""
    model = entry.content_type.model_class()
    rows = []
    for name, values in entry.changes_dict.items():
        if _is_m2m_change(values):
            rows.append(_m2m_row(model, name, values))
            continue
        before, after = values
        field = _field(model, name)
        if name in ("id", tenancy.DIMENSION) or (before in EMPTY and after in EMPTY):
            continue
        if field is None and model is not None and _is_relation(model, name):
            continue
        label = capfirst(field.verbose_name) if field is not None else name
        rows.append((label, _shown(field, before, names), _shown(field, after, names)))
    return rows
