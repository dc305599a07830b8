"""Discipline records kept by the office: the list with a diacritic-insensitive search by
name, the form to record one and to change one. The eligibility checks themselves are shown
by the include `nominations/eligibility/_checks.html` on the nomination's pages."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from nominations.forms.eligibility import DisciplineFilterForm, DisciplineForm
from nominations.models import DisciplineRecord
from nominations.services import NominationError
from nominations.services import eligibility as services
from thiduaportal.errors import add_to_form
from thiduaportal.views import PortalPermissionMixin
from units.models import Cadre


class DisciplineListView(PortalPermissionMixin, ListView):
    """Every discipline record, newest first, searchable by the person's name."""

    permission_required = "nominations.manage_discipline"
    template_name = "nominations/eligibility/discipline_list.html"
    paginate_by = 25

    def get_permission_object(self):
        return None

    def get_queryset(self):
        cadres = Cadre.objects.visible_to(self.request.user)
        self.filter_form = DisciplineFilterForm(self.request.GET)
        records = DisciplineRecord.objects.filter(cadre__in=cadres).select_related("cadre__unit")
        return self.filter_form.apply(records, cadres).order_by("-start_date", "-pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(filter_form=self.filter_form, **kwargs)


class _DisciplineFormView(PortalPermissionMixin, FormView):
    permission_required = "nominations.manage_discipline"
    template_name = "nominations/eligibility/discipline_form.html"
    form_class = DisciplineForm
    record: DisciplineRecord | None = None

    def get_permission_object(self):
        return None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["cadres"] = Cadre.objects.visible_to(self.request.user)
        if self.record is not None and "data" not in kwargs:
            kwargs["initial"] = DisciplineForm.initial_for(self.record)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(record=self.record, **kwargs)

    def save(self, fields: dict) -> DisciplineRecord:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            record = self.save(form.cleaned_data)
        except NominationError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The discipline record of %(name)s was saved.") % {"name": record.cadre}
        )
        return redirect("nominations:discipline_list")


class DisciplineCreateView(_DisciplineFormView):
    """Record a disciplinary measure or an inspection of a person."""

    def save(self, fields: dict) -> DisciplineRecord:
        return services.create_discipline(actor=self.request.user, **fields)


class DisciplineUpdateView(_DisciplineFormView):
    """Change a discipline record (e.g. its end date once known)."""

    @cached_property
    def record(self) -> DisciplineRecord:
        return get_object_or_404(DisciplineRecord.objects.select_related("cadre"), pk=self.kwargs["pk"])

    def save(self, fields: dict) -> DisciplineRecord:
        return services.update_discipline(self.record, actor=self.request.user, **fields)


urls = [
    path("discipline/", DisciplineListView.as_view(), name="discipline_list"),
    path("discipline/new/", DisciplineCreateView.as_view(), name="discipline_create"),
    path("discipline/<int:pk>/edit/", DisciplineUpdateView.as_view(), name="discipline_edit"),
]
