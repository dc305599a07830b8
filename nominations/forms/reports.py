"""The achievement report's edit form: one field per entry of the report's sections, and a
formset per table (targets of Mẫu 08, prior awards). Validation lives in
`nominations.services.reports`; this form only collects the text."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _

from nominations.services.reports import Section, Table
from nominations.services.reports.structure import LONG, NUMBER
from thiduaportal.widgets import DecimalTextInput

EXTRA_ROWS = 2


def _widget(kind: str, css: str = "") -> forms.Widget:
    attrs = {"class": css} if css else {}
    if kind == NUMBER:
        return DecimalTextInput(attrs=attrs)  # "72,75", as the report's PDF writes it
    return forms.Textarea(attrs={"rows": 3, **attrs}) if kind == LONG else forms.TextInput(attrs=attrs)


class _RowForm(forms.Form):
    """A table row. The cells sit under the table's column headers, not beside a <label>,
    so each input names its column and row for screen readers."""

    def __init__(self, *args, row: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            label = (
                _("%(column)s, row %(row)s") % {"column": field.label, "row": row}
                if row
                else _("%(column)s, new row") % {"column": field.label}
            )
            field.widget.attrs["aria-label"] = label


class _RowFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        # `index` is None for the empty form, the template of rows added later.
        return {**super().get_form_kwargs(index), "row": None if index is None else index + 1}


def row_form_class(table: Table) -> type[forms.Form]:
    """A form of one table row, its columns as text fields."""
    attrs = {
        column.key: forms.CharField(
            label=column.label, required=False, widget=_widget(column.kind, "form-control form-control-sm")
        )
        for column in table.columns
    }
    return type("ReportRowForm", (_RowForm,), attrs)


def rows_prefix(section: Section) -> str:
    return f"{section.key}_rows"


@dataclass
class SectionBlock:
    """What the template shows for one section: its bound fields and its rows' formset."""

    section: Section
    fields: list
    formset: forms.BaseFormSet | None


class ReportForm(forms.Form):
    """The entries of every section, named "<section>-<entry>"; the tables are formsets
    built beside it (see `blocks`)."""

    def __init__(self, *args, sections: list[Section], initial_report: dict, **kwargs):
        initial = {
            f"{section.key}-{field.key}": (initial_report.get(section.key) or {}).get(field.key, "")
            for section in sections
            for field in section.fields
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.sections = sections
        for section in sections:
            for field in section.fields:
                self.fields[f"{section.key}-{field.key}"] = forms.CharField(
                    label=field.label, required=False, widget=_widget(field.kind)
                )
        data = args[0] if args else kwargs.get("data")
        self.formsets = {}
        for section in sections:
            if section.table:
                rows = (initial_report.get(section.key) or {}).get("rows", [])
                formset_class = forms.formset_factory(
                    row_form_class(section.table),
                    formset=_RowFormSet,
                    extra=EXTRA_ROWS,
                    max_num=50,
                    absolute_max=50,
                )
                self.formsets[section.key] = formset_class(data, prefix=rows_prefix(section), initial=rows)

    def blocks(self) -> list[SectionBlock]:
        return [
            SectionBlock(
                section=section,
                fields=[self[f"{section.key}-{field.key}"] for field in section.fields],
                formset=self.formsets.get(section.key),
            )
            for section in self.sections
        ]

    def is_valid(self) -> bool:
        return super().is_valid() and all(formset.is_valid() for formset in self.formsets.values())

    def report_data(self) -> dict:
        """The report as the service takes it; table rows in formset order, empty ones too,
        so an error's row number is the row on screen."""
        data = {}
        for section in self.sections:
            values = {
                field.key: self.cleaned_data.get(f"{section.key}-{field.key}", "") for field in section.fields
            }
            formset = self.formsets.get(section.key)
            if formset is not None:
                values["rows"] = [
                    {column.key: form.cleaned_data.get(column.key, "") for column in section.table.columns}
                    for form in formset.forms
                ]
            data[section.key] = values
        return data

    def show_error(self, message: str, field: str | None) -> None:
        """Put a service's refusal beside the entry or table cell it names."""
        if field and field in self.fields:
            self.add_error(field, message)
            return
        for section in self.sections:
            prefix = f"{rows_prefix(section)}-"
            formset = self.formsets.get(section.key)
            if field and formset is not None and field.startswith(prefix):
                index, _sep, column = field[len(prefix) :].partition("-")
                if index.isdigit() and int(index) < len(formset.forms):
                    formset.forms[int(index)].add_error(column or None, message)
                    self.add_error(None, message)
                    return
        self.add_error(None, message)
