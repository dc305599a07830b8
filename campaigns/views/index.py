"""Screens for PAR INDEX / SIPAS: the year's components with last year's scores, editing a
component, the year's official scores, responsible units, copying a year, and a unit's
components with criterion 2."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView

from thiduaportal.errors import add_to_form
from thiduaportal.views import PortalPermissionMixin
from units.models import Unit

from ..forms.index import AssignUnitsForm, ComponentForm, CopyComponentsForm, ScoresForm, YearForm
from ..models import IndexComponent
from ..services import index as services


def _list_url(year: int) -> str:
    return f"{reverse('campaigns:index_list')}?year={year}"


class _OfficeMixin(PortalPermissionMixin):
    permission_required = "campaigns.change_index"
    template_name = "campaigns/index/form.html"

    def get_permission_object(self):
        return None


class IndexListView(PortalPermissionMixin, TemplateView):
    """A year's components by index and group: maximum, last year's and this year's score,
    the change, the responsible units."""

    permission_required = "campaigns.view_index"
    template_name = "campaigns/index/list.html"

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        years = services.available_years()
        form = YearForm(self.request.GET or None)
        year = form.cleaned_data["year"] if form.is_valid() and form.cleaned_data["year"] else None
        year = year or (years[0] if years else timezone.localdate().year)
        return super().get_context_data(
            year=year, years=sorted(set(years) | {year}), rows=services.year_overview(year), **kwargs
        )


class ComponentCreateView(_OfficeMixin, FormView):
    form_class = ComponentForm

    def get_initial(self):
        year = self.request.GET.get("year", "")
        return {"year": int(year)} if year.isdigit() else {"year": timezone.localdate().year}

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=_("New component"), **kwargs)

    def form_valid(self, form):
        try:
            component = services.create_component(actor=self.request.user, **form.cleaned_data)
        except services.IndexInputError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("%(component)s was added.") % {"component": services.label(component)}
        )
        return redirect(_list_url(component.year))


class _ComponentMixin(_OfficeMixin):
    @cached_property
    def component(self) -> IndexComponent:
        return get_object_or_404(IndexComponent, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(component=self.component, year=self.component.year, **kwargs)


class ComponentEditView(_ComponentMixin, FormView):
    form_class = ComponentForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.component}

    def get_context_data(self, **kwargs):
        heading = _("Edit %(component)s") % {"component": services.label(self.component)}
        return super().get_context_data(heading=heading, **kwargs)

    def form_valid(self, form):
        try:
            services.update_component(self.component, actor=self.request.user, **form.cleaned_data)
        except services.IndexInputError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Changes to %(component)s were saved.") % {"component": services.label(self.component)},
        )
        return redirect(_list_url(self.component.year))


class ComponentUnitsView(_ComponentMixin, FormView):
    form_class = AssignUnitsForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "component": self.component}

    def get_context_data(self, **kwargs):
        heading = _("Responsible units for %(component)s") % {"component": services.label(self.component)}
        return super().get_context_data(heading=heading, **kwargs)

    def form_valid(self, form):
        try:
            services.assign_units(self.component, actor=self.request.user, units=form.cleaned_data["units"])
        except services.IndexInputError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The responsible units were saved."))
        return redirect(_list_url(self.component.year))


class ComponentCopyView(_OfficeMixin, FormView):
    form_class = CopyComponentsForm

    def get_initial(self):
        year = timezone.localdate().year
        return {"from_year": year - 1, "to_year": year}

    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=_("Copy a year's components"), **kwargs)

    def form_valid(self, form):
        try:
            created = services.copy_components(actor=self.request.user, **form.cleaned_data)
        except services.IndexInputError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        count = len(created)
        message = ngettext("%(count)d component was copied.", "%(count)d components were copied.", count)
        messages.success(self.request, message % {"count": count})
        return redirect(_list_url(form.cleaned_data["to_year"]))


class ScoresView(_OfficeMixin, FormView):
    """The official scores of every component of a year, saved all together or not at all."""

    template_name = "campaigns/index/scores.html"
    form_class = ScoresForm

    @cached_property
    def components(self) -> list[IndexComponent]:
        return [row.component for row in services.year_overview(self.kwargs["year"])]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "components": self.components}

    def get_context_data(self, **kwargs):
        return super().get_context_data(year=self.kwargs["year"], **kwargs)

    def form_valid(self, form):
        try:
            changed = services.record_scores(
                self.kwargs["year"], actor=self.request.user, scores=form.scores()
            )
        except services.IndexInputError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        message = ngettext("%(count)d score was changed.", "%(count)d scores were changed.", changed)
        messages.success(self.request, message % {"count": changed})
        return redirect(_list_url(self.kwargs["year"]))


class IndexUnitView(PortalPermissionMixin, TemplateView):
    """A unit's assigned components of a year against the year before, and criterion 2."""

    permission_required = "campaigns.view_index"
    template_name = "campaigns/index/unit.html"

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        unit, year = get_object_or_404(Unit, pk=self.kwargs["pk"]), self.kwargs["year"]
        comparisons = services.unit_comparisons([unit], year)[unit.pk]
        kwargs.update(unit=unit, comparisons=comparisons, check=services.index_result(comparisons, year))
        return super().get_context_data(**kwargs)


urls = [
    path("index/", IndexListView.as_view(), name="index_list"),
    path("index/new/", ComponentCreateView.as_view(), name="index_create"),
    path("index/copy/", ComponentCopyView.as_view(), name="index_copy"),
    path("index/<int:pk>/edit/", ComponentEditView.as_view(), name="index_edit"),
    path("index/<int:pk>/units/", ComponentUnitsView.as_view(), name="index_units"),
    path("index/scores/<int:year>/", ScoresView.as_view(), name="index_scores"),
    path("index/unit/<int:pk>/<int:year>/", IndexUnitView.as_view(), name="index_unit"),
]
