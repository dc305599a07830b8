"""Screens for campaigns, their years, indicators and yearly targets."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView, ListView

from thiduaportal.errors import add_to_form
from thiduaportal.views import PortalPermissionMixin

from ..forms.campaign import CampaignForm, CampaignYearForm, IndicatorForm, TargetsForm
from ..models import Campaign, CampaignYear, Indicator, ReviewKind
from ..services import campaign as services
from ..services.campaign import InvalidInput


class CampaignListView(PortalPermissionMixin, ListView):
    permission_required = "campaigns.view_campaign"
    template_name = "campaigns/campaign/list.html"
    paginate_by = 25

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return Campaign.objects.annotate(indicator_count=Count("indicators")).order_by("-start_year", "title")


class CampaignDetailView(PortalPermissionMixin, DetailView):
    """The plan, its legal bases, the years with their review points and deadlines, and the
    indicators with their yearly targets (year × indicator)."""

    permission_required = "campaigns.view_campaign"
    template_name = "campaigns/campaign/detail.html"
    model = Campaign

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        campaign = self.object
        points = defaultdict(list)
        for year, kind in campaign.review_points():
            points[year].append(ReviewKind(kind).label)
        periods = [(period, points[period.year]) for period in campaign.periods.all()]
        return super().get_context_data(
            periods=periods,
            target_rows=services.target_table(campaign),
            years=list(campaign.years),
            publishing_units=list(campaign.publishing_units.all()),
            **kwargs,
        )


class _CampaignFormView(PortalPermissionMixin, FormView):
    permission_required = "campaigns.change_campaign"
    template_name = "campaigns/campaign/form.html"
    form_class = CampaignForm

    def get_permission_object(self):
        return None

    def save(self, data: dict) -> Campaign:
        raise NotImplementedError

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        try:
            campaign = self.save(data)
        except InvalidInput as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The campaign “%(title)s” was saved.") % {"title": campaign})
        return redirect(campaign)


class CampaignCreateView(_CampaignFormView):
    def get_context_data(self, **kwargs):
        return super().get_context_data(heading=_("New campaign"), **kwargs)

    def save(self, data):
        units = data.pop("publishing_units")
        return services.create_campaign(actor=self.request.user, publishing_units=units, **data)


class CampaignUpdateView(_CampaignFormView):
    @cached_property
    def campaign(self) -> Campaign:
        return get_object_or_404(Campaign, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.campaign}

    def get_context_data(self, **kwargs):
        heading = _("Edit %(name)s") % {"name": self.campaign}
        return super().get_context_data(heading=heading, campaign=self.campaign, **kwargs)

    def save(self, data):
        units = data.pop("publishing_units")
        return services.update_campaign(
            self.campaign, actor=self.request.user, publishing_units=units, **data
        )


class CampaignYearUpdateView(PortalPermissionMixin, FormView):
    """A year's settings: its registration deadline."""

    permission_required = "campaigns.change_campaign"
    template_name = "campaigns/campaign/form.html"
    form_class = CampaignYearForm

    def get_permission_object(self):
        return None

    @cached_property
    def period(self) -> CampaignYear:
        return get_object_or_404(
            CampaignYear.objects.select_related("campaign"),
            campaign_id=self.kwargs["pk"],
            year=self.kwargs["year"],
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["initial"] = {"registration_deadline": self.period.registration_deadline}
        return kwargs

    def get_context_data(self, **kwargs):
        heading = _("%(campaign)s · year %(year)s") % {
            "campaign": self.period.campaign,
            "year": self.period.year,
        }
        return super().get_context_data(heading=heading, campaign=self.period.campaign, **kwargs)

    def form_valid(self, form):
        try:
            services.set_registration_deadline(
                self.period, actor=self.request.user, deadline=form.cleaned_data["registration_deadline"]
            )
        except InvalidInput as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The settings of %(year)s were saved.") % {"year": self.period.year})
        return redirect(self.period.campaign)


class IndicatorDetailView(PortalPermissionMixin, DetailView):
    permission_required = "campaigns.view_campaign"
    template_name = "campaigns/campaign/indicator_detail.html"

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return Indicator.objects.select_related("campaign")

    def get_context_data(self, **kwargs):
        indicator = self.object
        values = dict(indicator.targets.values_list("year", "value"))
        return super().get_context_data(
            targets=[(year, values.get(year)) for year in indicator.campaign.years],
            reporting_units=list(indicator.reporting_units.all()),
            **kwargs,
        )


class _IndicatorFormView(PortalPermissionMixin, FormView):
    permission_required = "campaigns.change_campaign"
    template_name = "campaigns/campaign/form.html"
    form_class = IndicatorForm

    def get_permission_object(self):
        return None

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        units = data.pop("reporting_units")
        try:
            indicator = self.save(data, units)
        except InvalidInput as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("The indicator “%(name)s” was saved.") % {"name": indicator})
        return redirect(indicator)


class IndicatorCreateView(_IndicatorFormView):
    @cached_property
    def campaign(self) -> Campaign:
        return get_object_or_404(Campaign, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": Indicator(campaign=self.campaign)}

    def get_context_data(self, **kwargs):
        heading = _("New indicator of %(campaign)s") % {"campaign": self.campaign}
        return super().get_context_data(heading=heading, campaign=self.campaign, **kwargs)

    def save(self, data, units):
        return services.create_indicator(
            self.campaign, actor=self.request.user, reporting_units=units, **data
        )


class IndicatorUpdateView(_IndicatorFormView):
    @cached_property
    def indicator(self) -> Indicator:
        return get_object_or_404(Indicator.objects.select_related("campaign"), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.indicator}

    def get_context_data(self, **kwargs):
        heading = _("Edit %(name)s") % {"name": self.indicator}
        return super().get_context_data(heading=heading, campaign=self.indicator.campaign, **kwargs)

    def save(self, data, units):
        return services.update_indicator(
            self.indicator, actor=self.request.user, reporting_units=units, **data
        )


class IndicatorTargetsView(PortalPermissionMixin, FormView):
    """The indicator's target for each year of the campaign, in one form."""

    permission_required = "campaigns.change_campaign"
    template_name = "campaigns/campaign/targets.html"
    form_class = TargetsForm

    def get_permission_object(self):
        return None

    @cached_property
    def indicator(self) -> Indicator:
        return get_object_or_404(Indicator.objects.select_related("campaign"), pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        current = dict(self.indicator.targets.values_list("year", "value"))
        return {**super().get_form_kwargs(), "indicator": self.indicator, "current": current}

    def get_context_data(self, **kwargs):
        return super().get_context_data(indicator=self.indicator, **kwargs)

    def form_valid(self, form):
        try:
            services.set_targets(self.indicator, actor=self.request.user, targets=form.targets())
        except InvalidInput as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The yearly targets of “%(name)s” were saved.") % {"name": self.indicator}
        )
        return redirect(self.indicator)


urls = [
    path("movement/", CampaignListView.as_view(), name="campaign_list"),
    path("movement/new/", CampaignCreateView.as_view(), name="campaign_create"),
    path("movement/<int:pk>/", CampaignDetailView.as_view(), name="campaign_detail"),
    path("movement/<int:pk>/edit/", CampaignUpdateView.as_view(), name="campaign_edit"),
    path("movement/<int:pk>/years/<int:year>/", CampaignYearUpdateView.as_view(), name="campaign_year_edit"),
    path("movement/<int:pk>/indicators/new/", IndicatorCreateView.as_view(), name="indicator_create"),
    path("movement/indicators/<int:pk>/", IndicatorDetailView.as_view(), name="indicator_detail"),
    path("movement/indicators/<int:pk>/edit/", IndicatorUpdateView.as_view(), name="indicator_edit"),
    path("movement/indicators/<int:pk>/targets/", IndicatorTargetsView.as_view(), name="indicator_targets"),
]
