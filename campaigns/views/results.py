"""Screens for results: a unit's year grid (form entry) and the year's overview. The Excel
import runs through the shared import screens (`campaigns.imports`)."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from thiduaportal.views import PortalPermissionMixin
from units.models import Unit

from ..forms.results import ResultEntryForm, ResultFilterForm
from ..models import Campaign, Indicator, Result
from ..services import rates
from ..services import results as services
from ..services.campaign import current_campaign


class ResultListView(PortalPermissionMixin, TemplateView):
    """A year of a campaign: every reporting unit × indicator for the office and the
    chairman, the user's own unit for unit staff; the year's rate and periods reported."""

    permission_required = "campaigns.view_results"
    template_name = "campaigns/results/list.html"

    def get_permission_object(self):
        # The page shows the user's own unit (or every unit, to those who see all).
        user = self.request.user
        return Unit(pk=user.unit_id) if user.is_authenticated and user.unit_id else None

    def get_context_data(self, **kwargs):
        form = ResultFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        campaign = data.get("campaign") or current_campaign()
        context = super().get_context_data(filter_form=form, campaign=campaign, **kwargs)
        if campaign is None:
            return context
        user = self.request.user
        years = services.result_years(campaign)
        year = data.get("year") if data.get("year") in years else min(timezone.localdate().year, years[-1])
        sees_all = user.has_perm("thiduaportal.view_all_units")
        groups = services.results_overview(campaign, year, unit_ids=None if sees_all else [user.unit_id])
        may_enter = {g.unit.pk: user.has_perm("campaigns.enter_results", g.unit) for g in groups}
        return {
            **context,
            "year": year,
            "years": years,
            "groups": [(group, may_enter[group.unit.pk]) for group in groups],
            "sees_all": sees_all,
        }


class ResultEntryView(PortalPermissionMixin, FormView):
    """A unit's results for one year: each indicator it reports, each open period, with the
    computed rates and the year's status against the targets. Unit staff enter their own
    unit's; the office may enter any unit's."""

    permission_required = "campaigns.enter_results"
    template_name = "campaigns/results/entry.html"
    form_class = ResultEntryForm

    @cached_property
    def unit(self) -> Unit:
        return get_object_or_404(Unit, pk=self.kwargs["unit_pk"])

    @cached_property
    def campaign(self) -> Campaign:
        campaign = get_object_or_404(Campaign, pk=self.kwargs["campaign_pk"])
        if self.kwargs["year"] not in services.result_years(campaign):
            raise Http404
        return campaign

    @cached_property
    def indicators(self) -> list[Indicator]:
        return list(self.campaign.indicators.filter(reporting_units=self.unit))

    def get_permission_object(self):
        if not self.request.user.is_authenticated:
            return None
        # An unknown campaign, or a year it takes no results for, is 404 before the unit is judged.
        return self.unit if self.campaign else None

    def get_form_kwargs(self):
        year = self.kwargs["year"]
        periods = {i.pk: list(services.open_periods(i, year)) for i in self.indicators}
        existing = Result.objects.filter(unit=self.unit, year=year, indicator__in=self.indicators)
        return {
            **super().get_form_kwargs(),
            "indicators": self.indicators,
            "periods": periods,
            "existing": {(r.indicator_id, r.period): r for r in existing},
        }

    def get_context_data(self, **kwargs):
        year, user = self.kwargs["year"], self.request.user
        statuses = {s.indicator.pk: s for s in rates.summary(self.campaign, year, units=[self.unit])}
        context = super().get_context_data(**kwargs)
        others = []
        if user.has_perm("thiduaportal.view_all_units"):
            others = (
                Unit.objects.filter(reported_indicators__campaign=self.campaign).distinct().order_by("name")
            )
        return {
            **context,
            "unit": self.unit,
            "campaign": self.campaign,
            "year": year,
            "years": services.result_years(self.campaign),
            "cards": context["form"].cards(statuses, year=year),
            "other_units": others,
            "for_other_unit": self.unit.pk != user.unit_id,
        }

    def form_valid(self, form):
        entries = form.entries()
        removed = [e for e in entries if e.is_blank and (e.indicator.pk, e.period) in form.existing]
        if removed and not self.request.POST.get("confirm_remove"):
            # Clearing a period deletes its result: say which, and save only when confirmed.
            labels = [f"{e.indicator.name} – {services.period_label(e.indicator, e.period)}" for e in removed]
            return self.render_to_response(self.get_context_data(form=form, removals=labels))
        try:
            saved = services.save_results(
                self.unit,
                campaign=self.campaign,
                year=self.kwargs["year"],
                actor=self.request.user,
                entries=entries,
            )
        except services.ResultsError as error:
            form.add_problems(entries, error.problems)
            return self.form_invalid(form)
        if saved.changed:
            messages.success(
                self.request,
                _(
                    "Results of %(unit)s for %(year)s saved: %(created)d added, %(updated)d changed, %(removed)d removed."
                )
                % {"unit": self.unit, "year": self.kwargs["year"], **vars(saved)},
            )
        else:
            messages.info(self.request, _("Nothing changed."))
        return redirect("campaigns:results_entry", **self.kwargs)


urls = [
    path("results/", ResultListView.as_view(), name="results_list"),
    path(
        "results/<int:campaign_pk>/<int:year>/unit/<int:unit_pk>/",
        ResultEntryView.as_view(),
        name="results_entry",
    ),
]
