"""Screens for units' yearly registrations: the lists, the entry form, the detail page and
the workflow buttons (submit, accept, return)."""

from __future__ import annotations

from collections import Counter
from functools import cached_property

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, FormView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from thiduaportal import confirm
from thiduaportal.errors import add_to_form
from thiduaportal.views import PortalPermissionMixin
from units.models import Unit

from ..forms.registration import STATE_FILTERS, RegistrationFilterForm, RegistrationForm, ReturnForm
from ..models import Campaign, CampaignYear, Indicator, IndicatorTarget, Registration
from ..services import registration as services
from ..services.campaign import InvalidInput, current_campaign, default_year


def _year_targets(campaign: Campaign, year: int) -> dict[int, object]:
    return dict(
        IndicatorTarget.objects.filter(indicator__campaign=campaign, year=year).values_list(
            "indicator_id", "value"
        )
    )


class RegistrationListView(PortalPermissionMixin, TemplateView):
    """The office (and the chairman) see every unit of one year with its state, including
    units that have not registered; a unit sees its own registration for each year."""

    permission_required = "campaigns.list_registrations"
    template_name = "campaigns/registration/list.html"

    def get_permission_object(self):
        return None

    def get_context_data(self, **kwargs):
        form = RegistrationFilterForm(self.request.GET or None)
        data = form.cleaned_data if form.is_valid() else {}
        campaign = data.get("campaign") or current_campaign()
        context = super().get_context_data(filter_form=form, campaign=campaign, **kwargs)
        if campaign is None:
            return context
        if self.request.user.has_perm("thiduaportal.view_all_units"):
            year = data.get("year")
            year = year if year and campaign.covers(year) else default_year(campaign)
            context.update(self._office(campaign, year, data.get("state"), data.get("late")))
        else:
            context.update(self._unit(campaign))
        return context

    def _office(self, campaign, year, state, late_only) -> dict:
        period, rows = services.registration_overview(campaign, year)
        counts = Counter(row.state for row in rows)
        shown = [row for row in rows if (not state or row.state == state) and (not late_only or row.late)]
        return {
            "office": True,
            "year": year,
            "period": period,
            "rows": shown,
            "total": len(rows),
            "counts": [(value, label, counts.get(value, 0)) for value, label in STATE_FILTERS if value],
            "late_count": sum(row.late for row in rows),
        }

    def _unit(self, campaign) -> dict:
        user = self.request.user
        own = Registration.objects.visible_to(user).filter(unit_id=user.unit_id)
        return {"office": False, "unit_rows": services.unit_years(campaign, own)}


class RegistrationEditView(PortalPermissionMixin, FormView):
    """A unit's registration for one year of a campaign: its own unit's, or for the office
    any unit's (`?unit=`)."""

    permission_required = "campaigns.edit_registration"
    template_name = "campaigns/registration/edit.html"
    form_class = RegistrationForm

    @cached_property
    def unit(self) -> Unit:
        unit_id = self.request.GET.get("unit") or self.request.POST.get("unit") or self.request.user.unit_id
        if not str(unit_id or "").isdigit():
            raise Http404
        return get_object_or_404(Unit, pk=unit_id)

    @cached_property
    def campaign(self) -> Campaign:
        campaign = get_object_or_404(Campaign, pk=self.kwargs["campaign_pk"])
        if not campaign.covers(self.kwargs["year"]):
            raise Http404
        return campaign

    @cached_property
    def registration(self) -> Registration | None:
        return Registration.objects.filter(
            campaign=self.campaign, unit=self.unit, year=self.kwargs["year"]
        ).first()

    def get_permission_object(self):
        return self.unit if self.request.user.is_authenticated else None

    def get(self, request, *args, **kwargs):
        if self.registration and self.registration.state not in services.EDITABLE_STATES:
            messages.info(request, _("This registration has been submitted and can no longer be changed."))
            return redirect(self.registration)
        return super().get(request, *args, **kwargs)

    def get_form_kwargs(self):
        year = self.kwargs["year"]
        indicators = list(self.campaign.indicators.all())
        reported = set(
            Indicator.reporting_units.through.objects.filter(
                unit_id=self.unit.pk, indicator__campaign=self.campaign
            ).values_list("indicator_id", flat=True)
        )
        current = {}
        kwargs = super().get_form_kwargs()
        if self.registration:
            current = dict(self.registration.commitments.values_list("indicator_id", "level"))
            kwargs["initial"] = {"pledges": self.registration.pledges}
        return {
            **kwargs,
            "indicators": indicators,
            "targets": _year_targets(self.campaign, year),
            "reported": reported,
            "current": current,
        }

    def get_context_data(self, **kwargs):
        period = CampaignYear.objects.filter(campaign=self.campaign, year=self.kwargs["year"]).first()
        return super().get_context_data(
            unit=self.unit,
            campaign=self.campaign,
            year=self.kwargs["year"],
            period=period,
            registration=self.registration,
            for_other_unit=self.unit.pk != self.request.user.unit_id,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            registration = services.save_registration(
                self.unit,
                campaign=self.campaign,
                year=self.kwargs["year"],
                actor=self.request.user,
                pledges=form.cleaned_data["pledges"],
                commitments=form.commitments(),
            )
        except InvalidInput as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The registration was saved as a draft. Submit it when it is complete.")
        )
        return redirect(registration)


class _RegistrationMixin:
    """Loads the registration once; the permission is checked against it."""

    def get_queryset(self):
        return Registration.objects.select_related("campaign", "unit")

    def get_object(self, queryset=None):
        if not hasattr(self, "_registration"):
            self._registration = super().get_object(queryset)
        return self._registration


class RegistrationDetailView(_RegistrationMixin, PortalPermissionMixin, DetailView):
    """State, return reason, commitments against the year's targets, pledges, history."""

    permission_required = "campaigns.view_registration"
    template_name = "campaigns/registration/detail.html"

    def get_context_data(self, **kwargs):
        registration, user = self.object, self.request.user
        targets = _year_targets(registration.campaign, registration.year)
        commitments = [
            (c, targets.get(c.indicator_id)) for c in registration.commitments.select_related("indicator")
        ]
        period = CampaignYear.objects.filter(campaign=registration.campaign, year=registration.year).first()
        late = services.registration_is_late(registration)
        editable = registration.state in services.EDITABLE_STATES
        submitted = registration.state == services.State.SUBMITTED
        return super().get_context_data(
            commitments=commitments,
            transitions=registration.transitions.select_related("actor"),
            period=period,
            late=late,
            can_edit=editable and user.has_perm("campaigns.edit_registration", registration),
            can_review=submitted and user.has_perm("campaigns.review_registration", registration),
            return_form=ReturnForm(),
            **kwargs,
        )


class _RegistrationActionView(_RegistrationMixin, PortalPermissionMixin, SingleObjectMixin, View):
    """A workflow button: POST only; the service's refusal is shown on the detail page."""

    success_message = ""

    def act(self, registration: Registration) -> None:
        raise NotImplementedError

    def post(self, request, *args, **kwargs):
        registration = self.get_object()
        try:
            self.act(registration)
        except InvalidInput as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, self.success_message % {"unit": registration.unit, "year": registration.year}
            )
        return redirect(registration)


class RegistrationSubmitView(_RegistrationActionView):
    """Asks first: once submitted the unit can no longer change its registration."""

    permission_required = "campaigns.edit_registration"

    @property
    def success_message(self):
        return _("The registration of %(unit)s for %(year)s was submitted to the office.")

    def post(self, request, *args, **kwargs):
        registration = self.get_object()
        if confirm.is_confirmed(request):
            return super().post(request, *args, **kwargs)
        shown = {"unit": registration.unit, "year": registration.year}
        asked = confirm.Confirmation(
            title=_("Submit the registration of %(unit)s for %(year)s?") % shown,
            consequence=_(
                "The office then reviews it, and the unit can no longer change it unless the office "
                "returns it for revision. Check the targets and commitments before you submit."
            ),
            action=request.path,
            confirm_label=_("Submit to the office"),
            cancel_url=registration.get_absolute_url(),
            level="primary",
        )
        return confirm.render(request, asked)

    def act(self, registration):
        services.submit_registration(registration, actor=self.request.user)


class RegistrationAcceptView(_RegistrationActionView):
    permission_required = "campaigns.review_registration"

    @property
    def success_message(self):
        return _("The registration of %(unit)s for %(year)s was accepted.")

    def act(self, registration):
        services.accept_registration(registration, actor=self.request.user)


class RegistrationReturnView(_RegistrationActionView):
    permission_required = "campaigns.review_registration"

    @property
    def success_message(self):
        return _("The registration of %(unit)s for %(year)s was returned to the unit.")

    def act(self, registration):
        services.return_registration(
            registration, actor=self.request.user, reason=self.request.POST.get("reason", "")
        )


urls = [
    path("registrations/", RegistrationListView.as_view(), name="registration_list"),
    path(
        "registrations/entry/<int:campaign_pk>/<int:year>/",
        RegistrationEditView.as_view(),
        name="registration_edit",
    ),
    path("registrations/<int:pk>/", RegistrationDetailView.as_view(), name="registration_detail"),
    path("registrations/<int:pk>/submit/", RegistrationSubmitView.as_view(), name="registration_submit"),
    path("registrations/<int:pk>/accept/", RegistrationAcceptView.as_view(), name="registration_accept"),
    path("registrations/<int:pk>/return/", RegistrationReturnView.as_view(), name="registration_return"),
]
