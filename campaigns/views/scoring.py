"""Screens of the year-end scoring: the sheet, the office's grid of scores, closing and
reopening the year, the ranking and its Excel export."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from thiduaportal.downloads import xlsx_response
from thiduaportal.errors import add_to_form
from thiduaportal.views import PortalPermissionMixin

from .. import exports
from ..forms.scoring import CriterionForm, ReopenForm, ScoresForm
from ..models import CampaignYear, CriterionSource, ScoringCriterion, UnitScore
from ..services import scoring as services
from ..services.scoring import ScoringError


class _YearMixin(PortalPermissionMixin):
    """A campaign year from the URL (campaign pk and year); a year outside the campaign is 404."""

    permission_required = "campaigns.change_scores"

    def get_permission_object(self):
        return None

    @cached_property
    def period(self) -> CampaignYear:
        return get_object_or_404(
            CampaignYear.objects.select_related("campaign"),
            campaign_id=self.kwargs["pk"],
            year=self.kwargs["year"],
        )

    def sheet_url(self) -> str:
        return reverse("campaigns:scoring_sheet", args=[self.period.campaign_id, self.period.year])

    def year_context(self, **kwargs) -> dict:
        return {"period": self.period, "campaign": self.period.campaign, "year": self.period.year, **kwargs}


class _CriterionMixin(PortalPermissionMixin):
    permission_required = "campaigns.change_scores"

    def get_permission_object(self):
        return None

    @cached_property
    def criterion(self) -> ScoringCriterion:
        return get_object_or_404(
            ScoringCriterion.objects.select_related("campaign", "indicator"), pk=self.kwargs["pk"]
        )

    def sheet_url(self) -> str:
        return reverse("campaigns:scoring_sheet", args=[self.criterion.campaign_id, self.criterion.year])


class SheetView(_YearMixin, TemplateView):
    """The year's criteria with their maxima and sources; the office changes them here."""

    permission_required = "campaigns.view_scores"
    template_name = "campaigns/scoring/sheet.html"

    def get_context_data(self, **kwargs):
        criteria = services.sheet(self.period.campaign, self.period.year)
        campaign = self.period.campaign
        return super().get_context_data(
            **self.year_context(
                criteria=criteria,
                max_total=sum(c.max_points for c in criteria),
                periods=list(campaign.periods.all()),
                can_copy=not criteria and self.period.year > campaign.start_year,
                **kwargs,
            )
        )


class _CriterionFormView(FormView):
    template_name = "campaigns/scoring/criterion_form.html"
    form_class = CriterionForm

    def save(self, data: dict) -> ScoringCriterion:
        raise NotImplementedError

    def form_valid(self, form):
        try:
            criterion = self.save(form.cleaned_data)
        except ScoringError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The criterion “%(title)s” was saved.") % {"title": criterion.title})
        return redirect(self.sheet_url())


class CriterionCreateView(_YearMixin, _CriterionFormView):
    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "campaign": self.period.campaign}

    def get_context_data(self, **kwargs):
        heading = _("New criterion for %(year)s") % {"year": self.period.year}
        return super().get_context_data(**self.year_context(heading=heading, **kwargs))

    def save(self, data):
        return services.add_criterion(
            self.period.campaign, actor=self.request.user, year=self.period.year, **data
        )


class CriterionUpdateView(_CriterionMixin, _CriterionFormView):
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        return {**kwargs, "campaign": self.criterion.campaign, "criterion": self.criterion}

    def get_context_data(self, **kwargs):
        criterion = self.criterion
        heading = _("Edit %(title)s") % {"title": criterion.title}
        return super().get_context_data(
            heading=heading, campaign=criterion.campaign, year=criterion.year, criterion=criterion, **kwargs
        )

    def save(self, data):
        return services.update_criterion(self.criterion, actor=self.request.user, **data)


class CriterionDeleteView(_CriterionMixin, TemplateView):
    """Asks first: the criterion's scores go with it."""

    template_name = "campaigns/scoring/criterion_delete.html"

    def get_context_data(self, **kwargs):
        criterion = self.criterion
        return super().get_context_data(
            criterion=criterion,
            campaign=criterion.campaign,
            year=criterion.year,
            score_count=criterion.scores.count(),
            **kwargs,
        )

    def post(self, request, pk):
        try:
            services.delete_criterion(self.criterion, actor=request.user)
        except ScoringError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The criterion “%(title)s” was removed.") % {"title": self.criterion.title}
            )
        return redirect(self.sheet_url())


class CriterionMoveView(_CriterionMixin, View):
    """One place up or down on the sheet (POST only)."""

    STEPS = {"up": -1, "down": 1}

    def post(self, request, pk, direction):
        if direction not in self.STEPS:
            raise Http404
        try:
            services.move_criterion(self.criterion, actor=request.user, step=self.STEPS[direction])
        except ScoringError as error:
            messages.error(request, str(error))
        return redirect(self.sheet_url())


class CopySheetView(_YearMixin, View):
    """Start an empty sheet from the previous year's (POST only)."""

    def post(self, request, pk, year):
        try:
            copied = services.copy_previous_sheet(self.period.campaign, year=year, actor=request.user)
        except ScoringError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(count)s criteria were copied from %(previous)s.")
                % {"count": len(copied), "previous": year - 1},
            )
        return redirect(self.sheet_url())


class ScoresView(_YearMixin, View):
    """The office's grid: every scored unit × the manual criteria, with the automatic points
    shown beside them. Saving also recomputes the automatic points."""

    def _form(self, data=None) -> ScoresForm:
        campaign, year = self.period.campaign, self.period.year
        self.criteria = services.sheet(campaign, year)
        self.units = services.scored_units(campaign, year)
        self.current = {
            (s.criterion_id, s.unit_id): s for s in UnitScore.objects.filter(criterion__in=self.criteria)
        }
        return ScoresForm(
            data,
            criteria=self.criteria,
            units=self.units,
            current=self.current,
            disabled=self.period.is_closed,
        )

    def _render(self, form: ScoresForm):
        automatic = [c for c in self.criteria if c.source != CriterionSource.MANUAL]
        rows = [
            (unit, fields, [self.current.get((c.pk, unit.pk)) for c in automatic])
            for unit, fields in form.rows()
        ]
        missing = sum(1 for c in form.criteria for u in self.units if (c.pk, u.pk) not in self.current)
        context = self.year_context(
            form=form, rows=rows, automatic=automatic, missing=missing, columns=len(self.criteria) + 1
        )
        return render(self.request, "campaigns/scoring/scores.html", context)

    def get(self, request, pk, year):
        return self._render(self._form())

    def post(self, request, pk, year):
        form = self._form(request.POST)
        if not form.is_valid():
            return self._render(form)
        try:
            services.score_units(
                campaign=self.period.campaign, year=year, actor=request.user, scores=form.scores()
            )
        except ScoringError as error:
            for key, message in error.problems:
                form.add_error(form.field_name(key), message)
            if not error.problems:
                form.add_error(None, str(error))
            return self._render(form)
        messages.success(request, _("The scores of %(year)s were saved.") % {"year": year})
        return redirect("campaigns:scoring_units", pk=pk, year=year)


class RecalculateView(_YearMixin, View):
    """Recompute the automatic points from the data (POST only)."""

    def post(self, request, pk, year):
        try:
            count = services.recalculate(self.period.campaign, year=year, actor=request.user)
        except ScoringError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Automatic points recalculated: %(count)s scores changed.") % {"count": count}
            )
        if request.POST.get("back") == "units":
            return redirect("campaigns:scoring_units", pk=pk, year=year)
        return redirect(self.sheet_url())


class CloseYearView(_YearMixin, View):
    """Freeze the year's sheet and scores (POST only)."""

    def post(self, request, pk, year):
        try:
            services.close_year(self.period, actor=request.user)
        except ScoringError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The year %(year)s is closed; its scores are frozen.") % {"year": year}
            )
        return redirect(self.sheet_url())


class ReopenYearView(_YearMixin, FormView):
    """Reopen a closed year, with a reason kept in the audit log."""

    template_name = "campaigns/scoring/reopen.html"
    form_class = ReopenForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(**self.year_context(**kwargs))

    def form_valid(self, form):
        try:
            services.reopen_year(self.period, actor=self.request.user, reason=form.cleaned_data["reason"])
        except ScoringError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The year %(year)s is open again.") % {"year": self.period.year})
        return redirect(self.sheet_url())


class RankingView(_YearMixin, TemplateView):
    """Units by total points, each criterion's points, total and share of the maximum."""

    permission_required = "campaigns.view_scores"
    template_name = "campaigns/scoring/ranking.html"

    def get_context_data(self, **kwargs):
        ranking = services.ranking(self.period.campaign, self.period.year)
        return super().get_context_data(**self.year_context(ranking=ranking, **kwargs))


class RankingExportView(_YearMixin, View):
    """The ranking as an Excel workbook."""

    permission_required = "campaigns.view_scores"

    def get(self, request, pk, year):
        return xlsx_response(*exports.ranking_workbook(self.period.campaign, self.period.year))


_YEAR = "movement/<int:pk>/scoring/<int:year>/"
_CRITERION = "movement/scoring/criteria/<int:pk>/"

urls = [
    path(_YEAR, SheetView.as_view(), name="scoring_sheet"),
    path(f"{_YEAR}criteria/new/", CriterionCreateView.as_view(), name="scoring_criterion_create"),
    path(f"{_YEAR}copy/", CopySheetView.as_view(), name="scoring_copy"),
    path(f"{_YEAR}units/", ScoresView.as_view(), name="scoring_units"),
    path(f"{_YEAR}recalculate/", RecalculateView.as_view(), name="scoring_recalculate"),
    path(f"{_YEAR}close/", CloseYearView.as_view(), name="scoring_close"),
    path(f"{_YEAR}reopen/", ReopenYearView.as_view(), name="scoring_reopen"),
    path(f"{_YEAR}ranking/", RankingView.as_view(), name="scoring_ranking"),
    path(f"{_YEAR}ranking.xlsx", RankingExportView.as_view(), name="scoring_export"),
    path(f"{_CRITERION}edit/", CriterionUpdateView.as_view(), name="scoring_criterion_edit"),
    path(f"{_CRITERION}delete/", CriterionDeleteView.as_view(), name="scoring_criterion_delete"),
    path(f"{_CRITERION}move/<str:direction>/", CriterionMoveView.as_view(), name="scoring_criterion_move"),
]
