"""The award registry (sổ khen thưởng): the search, one award, the Excel export, the public
honour board, and the awards section on people's and units' pages."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from awards import exports
from awards.forms.registry import AwardFilterForm
from awards.models import Award
from awards.services import registry
from nominations.models import SubjectType
from thiduaportal import sections
from thiduaportal.downloads import xlsx_response
from thiduaportal.views import PortalPermissionMixin
from units.models import Cadre, Unit


class _SearchMixin:
    def filtered(self):
        self.filter_form = AwardFilterForm(self.request.GET)
        awards = Award.objects.visible_to(self.request.user)
        return registry.search(awards, self.filter_form.filters())


class AwardListView(_SearchMixin, PortalPermissionMixin, ListView):
    """Every award, portal and imported, searchable; a fixed number of queries per page."""

    permission_required = "awards.view_registry"
    template_name = "awards/registry/list.html"
    paginate_by = 50

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return self.filtered()

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count = self.counts["total"]  # the summary's count: one COUNT query, not two
        return paginator

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        self.counts = registry.counts(self.object_list)
        return super().get_context_data(
            filter_form=self.filter_form,
            counts=self.counts,
            query=query.urlencode(),
            **kwargs,
        )


class AwardDetailView(PortalPermissionMixin, DetailView):
    """One award with every frozen fact, its decision and whether it was revoked."""

    permission_required = "awards.view_registry"
    template_name = "awards/registry/detail.html"
    context_object_name = "award"

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return Award.objects.visible_to(self.request.user).select_related(
            "decision", "revoked_by", "replaces", "cadre", "unit", "created_by"
        )


class AwardExportView(_SearchMixin, PortalPermissionMixin, View):
    """The registry as filtered on the search page, as an Excel file."""

    permission_required = "awards.export_registry"

    def get_permission_object(self):
        return None

    def get(self, request):
        return xlsx_response(*exports.registry_workbook(self.filtered()))


class HonourBoardView(PortalPermissionMixin, TemplateView):
    """Public, no sign-in: the collectives and individuals awarded in a year, with only
    what their certificates show (name, position and unit, award, decision number and date)."""

    # Any visitor may read a public page (the same always-allowed rule as the public CCHC page).
    permission_required = "awards.view_honour_board"
    template_name = "awards/registry/honour_board.html"

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        try:
            year = int(self.request.GET.get("year", ""))
        except ValueError:
            year = None
        return super().get_context_data(board=registry.honour_board(year), **kwargs)


# --------------------------------------------------------------------------- history sections


def _history_section(subject, user) -> sections.Section | None:
    """The awards of a person or a unit on its page, for whoever may read the registry."""
    if not user.has_perm("awards.view_registry"):
        return None
    if isinstance(subject, Cadre):
        query = {"cadre": subject.pk}
    else:
        query = {"unit": subject.pk, "subject_type": SubjectType.COLLECTIVE}
    return sections.Section(
        title=_("Awards"),
        template="awards/registry/_history.html",
        context={
            "years": registry.by_year(registry.history(subject)),
            "commune_id": subject.commune_id,
            "registry_url": f"{reverse('awards:award_list')}?{urlencode(query)}",
        },
        order=60,
    )


def register_sections() -> None:
    sections.register(Cadre._meta.label_lower, _history_section)
    sections.register(Unit._meta.label_lower, _history_section)


urls = [
    path("registry/", AwardListView.as_view(), name="award_list"),
    path("registry/export/", AwardExportView.as_view(), name="award_export"),
    path("registry/<int:pk>/", AwardDetailView.as_view(), name="award_detail"),
    path("vinh-danh/", HonourBoardView.as_view(), name="honour_board"),
]
