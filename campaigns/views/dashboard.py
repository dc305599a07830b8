"""The movement's dashboard: the commune for the office and the chairman, a unit's own
figures for its people. Charts are drawn by the vendored Chart.js from data the page
carries in a JSON script element; every chart has a data table beside it."""

from __future__ import annotations

from functools import partial

from django import forms
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.html import json_script
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from thiduaportal.downloads import xlsx_response
from thiduaportal.views import PortalPermissionMixin
from units.models import Commune, Unit

from .. import exports
from ..models import Campaign, Frequency, IndexKind, IndicatorKind
from ..services import dashboard as services
from ..services import versions
from ..services.campaign import current_campaign, default_year
from ..services.rates import Status

BADGES = {
    Status.REACHED: "success",
    Status.ON_TRACK: "info",
    Status.BEHIND: "danger",
    Status.NO_DATA: "secondary",
}


def _badge(status: str) -> tuple[str, str]:
    return Status(status).label, BADGES[status]


class YearForm(forms.Form):
    """The year picker: the campaign's baseline year and its years."""

    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["year"].error_messages["invalid_choice"] = _(
            "Year: %(value)s is not a year of this campaign; choose one from %(first)s to %(last)s."
        ) % {"value": "%(value)s", "first": years[0], "last": years[-1]}


def _number(value) -> float | None:
    return None if value is None else float(value)


def indicator_chart(card: services.Card) -> dict:
    """Chart data of one card: each period's rate, the year so far, and the year's target."""
    indicator = card.indicator
    label = _("Month %(number)s") if indicator.frequency == Frequency.MONTHLY else _("Quarter %(number)s")
    datasets = [
        {"label": _("Rate of the period"), "data": [_number(p.rate) for p in card.points]},
        {"label": _("Year to date"), "data": [_number(p.to_date) for p in card.points]},
    ]
    if card.status.target is not None:
        datasets.append(
            {
                "label": _("Target for %(year)s") % {"year": card.status.year},
                "data": [_number(card.status.target)] * len(card.points),
                "target": True,
            }
        )
    return {
        "id": f"chart-indicator-{indicator.pk}",
        "labels": [label % {"number": point.period} for point in card.points],
        "datasets": datasets,
        "percent": indicator.kind != IndicatorKind.SCORE,
    }


def component_chart(index: str, lines: list[services.ComponentLine], years: list[int]) -> dict:
    """Chart data of one index: each component's score as a share of its maximum, by year."""
    return {
        "id": f"chart-index-{index}",
        "labels": [str(year) for year in years],
        "datasets": [
            {"label": f"{line.code} {line.name}", "data": [_number(line.share(year)) for year in years]}
            for line in lines
        ],
        "percent": True,
    }


def _card_item(card: services.Card) -> dict:
    chart = indicator_chart(card)
    return {
        "card": card,
        "chart": chart,
        "rows": list(zip(chart["labels"], card.points, strict=True)),
        "year_status": _badge(card.status.year_status),
        "final_status": _badge(card.status.final_status),
    }


BEHIND_PER_INDICATOR = 5


def behind_rows(behind: list, shown: str) -> list[dict]:
    """The units-behind table: for each indicator its widest gaps, at most
    BEHIND_PER_INDICATOR, then a line with how many more units there are and a link to them
    all; `shown` ("all", or an indicator's pk) lifts the limit. With 80 units and 20
    indicators the full table is 1,600 rows: too long to read, and most of the page's time."""
    lines, counts = [], {}
    for row in behind:
        counts[row.indicator.pk] = counts.get(row.indicator.pk, 0) + 1
    seen: dict[int, int] = {}
    for row in behind:
        pk = row.indicator.pk
        seen[pk] = seen.get(pk, 0) + 1
        if shown in ("all", str(pk)) or seen[pk] <= BEHIND_PER_INDICATOR:
            lines.append({"row": row})
        elif seen[pk] == BEHIND_PER_INDICATOR + 1:
            lines.append({"more": counts[pk] - BEHIND_PER_INDICATOR, "indicator": row.indicator})
    return lines


class DashboardMixin(PortalPermissionMixin):
    """Which campaign, year and reader: the campaign of the URL (the current one without),
    the year asked for (the default year when it is not one of the campaign's), and the
    commune for whoever sees all units (`unit_id` None), the user's own unit otherwise."""

    permission_required = "campaigns.view_dashboard"

    def get_permission_object(self):
        return None

    def chosen(self) -> tuple[Campaign | None, YearForm | None, int | None, int | None]:
        campaign = (
            get_object_or_404(Campaign, pk=self.kwargs["pk"]) if "pk" in self.kwargs else current_campaign()
        )
        if campaign is None:
            return None, None, None, None
        form = YearForm(
            self.request.GET if "year" in self.request.GET else None,
            years=services.dashboard_years(campaign),
        )
        year = form.cleaned_data["year"] if form.is_valid() else default_year(campaign)
        user = self.request.user
        unit_id = None if user.has_perm("thiduaportal.view_all_units") else user.unit_id
        return campaign, form, year, unit_id


class DashboardView(DashboardMixin, TemplateView):
    """A campaign's year (the current campaign and year unless chosen): the commune for
    whoever sees all units, the user's own unit otherwise."""

    template_name = "campaigns/dashboard/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        campaign, form, year, unit_id = self.chosen()
        if campaign is None:
            page = {
                "body": render_to_string("campaigns/dashboard/_body.html", {"campaign": None}),
                "charts": "",
            }
        else:
            shown = self.request.GET.get("behind", "")
            render = partial(dashboard_page, campaign, year, unit_id=unit_id, form=form, shown=shown)
            if form.errors or shown:
                page = render()  # a mistyped year or one indicator's full list: not worth keeping
            else:
                parts = (campaign.pk, year, unit_id, get_language(), timezone.localdate())
                page = versions.cached(parts, render)
        # Both strings were rendered by the template engine (escaped there) from our own data.
        context.update(
            campaign=campaign,
            body=mark_safe(page["body"]),  # noqa: S308 - rendered and escaped by the template
            charts_json=mark_safe(page["charts"]),  # noqa: S308 - json_script's escaped output
        )
        return context


class DashboardExportView(DashboardMixin, View):
    """ "Tải Excel": the figures of the page for the same campaign, year and reader."""

    def get(self, request, *args, **kwargs):
        campaign, _form, year, unit_id = self.chosen()
        if campaign is None:
            raise Http404
        today = timezone.localdate()
        board = _board(campaign, year, unit_id=unit_id, today=today)
        commune = Commune.current()
        return xlsx_response(
            *exports.dashboard_workbook(board, commune_name=commune.name if commune else "", today=today)
        )


def _board(campaign: Campaign, year: int, *, unit_id: int | None, today=None) -> services.Dashboard:
    if unit_id is None:
        return services.commune_dashboard(campaign, year, today=today)
    return services.unit_dashboard(campaign, year, unit=Unit.objects.get(pk=unit_id), today=today)


def dashboard_page(campaign: Campaign, year: int, *, unit_id: int | None, form: YearForm, shown: str) -> dict:
    """The dashboard's content and its charts' JSON script element, rendered: for the
    commune when `unit_id` is None, for that unit otherwise."""
    today = timezone.localdate()
    board = _board(campaign, year, unit_id=unit_id, today=today)
    commune = Commune.current()
    cards = [_card_item(card) for card in board.cards]
    indices = [
        {
            "label": IndexKind(index).label,
            "lines": lines,
            "chart": component_chart(index, lines, board.component_years),
        }
        for index, lines in board.components.items()
    ]
    charts = [item["chart"] for item in (*cards, *indices)]
    context = {
        "campaign": campaign,
        "board": board,
        "behind": behind_rows(board.behind, shown),
        "form": form,
        "cards": cards,
        "indices": indices,
        "campaigns": list(Campaign.objects.order_by("-start_year", "title")),
        "print_heading": exports.dashboard_heading(
            board, commune_name=commune.name if commune else "", today=today
        ),
    }
    return {
        "body": render_to_string("campaigns/dashboard/_body.html", context),
        "charts": json_script(charts, "dashboard-charts") if charts else "",
    }


urls = [
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    path("dashboard/<int:pk>/", DashboardView.as_view(), name="dashboard_campaign"),
    path("dashboard/export/", DashboardExportView.as_view(), name="dashboard_export"),
    path("dashboard/<int:pk>/export/", DashboardExportView.as_view(), name="dashboard_campaign_export"),
]
