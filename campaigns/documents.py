"""Printed documents of the movement: the periodic report (báo cáo định kỳ) to the UBND.

`gather_report` collects a `PeriodicReport` view-model from the data (a fixed number of
queries whatever the number of results); `render_report_pdf` renders it with
`documents/campaigns/periodic_report.html`; `campaigns.services.reports` writes the same
tables to Excel. The document is Vietnamese by nature: its labels are written here and in
the template, not translated.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Count, Q, Sum

from thiduaportal.documents import Letterhead, Signature, WrittenNumbers, render_pdf, vn_fixed, vn_number
from units.models import Commune
from units.services import head_of_unit, office_unit

from .models import (
    Campaign,
    CouncilLevel,
    Frequency,
    IndexComponent,
    IndexKind,
    Indicator,
    IndicatorKind,
    Initiative,
    InitiativeKind,
    Registration,
    Result,
)
from .services import rates
from .services.registration import REGISTERED_STATES, registering_units

if TYPE_CHECKING:
    from .services.reports import ReportPeriod

ISSUER = "PHÒNG VĂN HÓA – XÃ HỘI"
SYMBOL = "BC-VHXH"
RECIPIENTS = ("Như trên", "Lưu: VT, VHXH")
SIGNATURE = Signature(capacity=("TRƯỞNG PHÒNG",))

ASSESSMENT = {
    rates.Status.REACHED: "Đạt",
    rates.Status.ON_TRACK: "Chưa đạt (kỳ gần nhất đã đạt)",
    rates.Status.BEHIND: "Chưa đạt",
    rates.Status.NO_DATA: "Chưa có số liệu",
}
INITIATIVE_KINDS = {
    InitiativeKind.INITIATIVE: "Sáng kiến",
    InitiativeKind.MODEL: "Mô hình",
    InitiativeKind.SOLUTION: "Giải pháp",
}
COUNCILS = {CouncilLevel.COMMUNE: "Hội đồng Sáng kiến xã", CouncilLevel.CITY: "Hội đồng Sáng kiến Thành phố"}
INDEX_NAMES = {IndexKind.PAR: "PAR INDEX", IndexKind.SIPAS: "SIPAS"}

Progress = Callable[[int], None]
Targets = dict[tuple[int, int], Decimal]  # (indicator id, year) -> target, from rates.targets


# --------------------------------------------------------------------------- the view-model


@dataclass(frozen=True)
class IndicatorLine(WrittenNumbers):
    """One indicator over the period, for the whole commune, against the year's target."""

    position: int
    name: str
    kind: str
    final_target: Decimal
    year_target: Decimal | None
    numerator: int | None
    denominator: int | None
    percent: Decimal | None
    status: str

    @property
    def unit_sign(self) -> str:
        return " điểm" if self.kind == IndicatorKind.SCORE else "%"

    @property
    def target_text(self) -> str:
        return vn_number(self.year_target) + (self.unit_sign if self.year_target is not None else "")

    @property
    def percent_text(self) -> str:
        """Two decimals always, so the column lines up ("80,70" beside "52,17")."""
        return vn_fixed(self.percent)

    @property
    def counts_text(self) -> str:
        if self.kind != IndicatorKind.RATIO or not self.denominator:
            return "–"
        return f"{vn_number(self.numerator)}/{vn_number(self.denominator)}"

    @property
    def assessment(self) -> str:
        return ASSESSMENT[self.status]


@dataclass(frozen=True)
class BehindLine(WrittenNumbers):
    """A unit whose own rate for the period misses the year's target, or that reported
    nothing (`percent` None)."""

    indicator: str
    unit: str
    numerator: int | None
    denominator: int | None
    percent: Decimal | None
    target: Decimal | None
    kind: str = IndicatorKind.RATIO

    @property
    def reported(self) -> bool:
        return self.percent is not None

    @property
    def percent_text(self) -> str:
        return vn_fixed(self.percent)

    @property
    def target_text(self) -> str:
        """As in II.1: "60%", "8 điểm"."""
        if self.target is None:
            return "–"
        return vn_number(self.target) + (" điểm" if self.kind == IndicatorKind.SCORE else "%")


@dataclass(frozen=True)
class RegistrationCounts:
    expected: int
    registered: int
    accepted: int

    @property
    def missing(self) -> int:
        return self.expected - self.registered


@dataclass(frozen=True)
class ComponentLine(WrittenNumbers):
    """A PAR INDEX / SIPAS component of the year against the year before."""

    index: str
    code: str
    name: str
    units: str
    max_points: Decimal
    previous: Decimal | None
    score: Decimal | None

    @property
    def verdict(self) -> str:
        if self.score is None:
            return "Chưa có điểm"
        if self.previous is None:
            return "Không có điểm năm trước"
        if self.score > self.previous:
            return "Tăng điểm"
        if self.score == self.previous:
            return "Giữ điểm tối đa" if self.score == self.max_points else "Giữ nguyên, chưa tối đa"
        return "Giảm điểm"


@dataclass(frozen=True)
class InitiativeLine:
    title: str
    kind: str
    unit: str
    council: str
    decision_number: str
    decision_date: datetime.date


@dataclass(frozen=True)
class PeriodicReport:
    """Everything the periodic report prints, gathered once."""

    letterhead: Letterhead
    campaign: Campaign
    period: ReportPeriod
    indicators: tuple[IndicatorLine, ...]
    behind: tuple[BehindLine, ...]
    registrations: RegistrationCounts
    components: tuple[ComponentLine, ...]
    initiatives: tuple[InitiativeLine, ...]
    assessment: str = ""
    signature: Signature = SIGNATURE
    recipients: tuple[str, ...] = RECIPIENTS
    commune_name: str = "xã"  # "xã An Bình": the addressee and the plan's issuer

    @property
    def addressee(self) -> str:
        return f"Ủy ban nhân dân {self.commune_name}"

    @property
    def summary_line(self) -> str:
        return f"Kết quả thực hiện phong trào thi đua “{self.campaign.title}” {self.period.phrase}"

    @property
    def assessment_paragraphs(self) -> list[str]:
        return [line.strip() for line in self.assessment.splitlines() if line.strip()]


# --------------------------------------------------------------------------- gathering


def _period_results(campaign: Campaign, period: ReportPeriod):
    months = Q(
        indicator__frequency=Frequency.MONTHLY, period__gte=period.first_month, period__lte=period.last_month
    )
    quarters = Q(indicator__frequency=Frequency.QUARTERLY, period__in=period.quarters)
    return Result.objects.filter(indicator__campaign=campaign, year=period.year).filter(months | quarters)


class _Sum:
    """Adds aggregated rows up into a `rates.Rate` (a mean weighted by its count)."""

    def __init__(self):
        self.num = self.den = self.values = self.reports = 0
        self.total = Decimal(0)

    def add(self, row: dict) -> _Sum:
        self.num += row["num"] or 0
        self.den += row["den"] or 0
        self.total += row["vsum"] or 0
        self.values += row["vn"]
        self.reports += row["n"]
        return self

    def rate(self, kind: str) -> rates.Rate:
        mean = self.total / self.values if self.values else None
        return rates.Rate(
            kind=kind, numerator=self.num, denominator=self.den, mean=mean, reports=self.reports
        )


def _grouped(queryset, *fields: str):
    return (
        queryset.order_by()
        .values(*fields)
        .annotate(
            num=Sum("numerator"), den=Sum("denominator"), vsum=Sum("value"), vn=Count("value"), n=Count("pk")
        )
    )


def indicator_lines(
    campaign: Campaign, period: ReportPeriod, indicators: list[Indicator], goals: Targets
) -> tuple[IndicatorLine, ...]:
    """Each indicator's commune rate over the period and its status against the year's
    target (the latest period inside the report decides "on track"). One query."""
    kinds = {indicator.pk: indicator.kind for indicator in indicators}
    totals: dict[int, _Sum] = defaultdict(_Sum)
    series: dict[int, dict[int, rates.Rate]] = defaultdict(dict)
    for row in _grouped(_period_results(campaign, period), "indicator", "period"):
        totals[row["indicator"]].add(row)
        series[row["indicator"]][row["period"]] = _Sum().add(row).rate(kinds[row["indicator"]])
    lines = []
    for position, indicator in enumerate(indicators, start=1):
        points = series.get(indicator.pk, {})
        total = totals[indicator.pk].rate(indicator.kind) if points else None
        percent = total.percent if total else None
        latest = points[max(points)].percent if points else None
        target = goals.get((indicator.pk, period.year))
        lines.append(
            IndicatorLine(
                position=position,
                name=indicator.name,
                kind=indicator.kind,
                final_target=indicator.final_target,
                year_target=target,
                numerator=total.numerator if total else None,
                denominator=total.denominator if total else None,
                percent=percent,
                status=rates.status_for_year(indicator, percent, target, latest),
            )
        )
    return tuple(lines)


def behind_lines(
    campaign: Campaign, period: ReportPeriod, indicators: list[Indicator], goals: Targets
) -> tuple[BehindLine, ...]:
    """Units whose own rate over the period misses the year's target, then reporting units
    that sent nothing for the period. Two queries."""
    by_pk = {indicator.pk: indicator for indicator in indicators}
    order = {pk: position for position, pk in enumerate(by_pk)}
    reported, lines = set(), []
    rows = _grouped(_period_results(campaign, period), "indicator", "unit", "unit__name")
    for row in sorted(rows, key=lambda r: (order[r["indicator"]], r["unit__name"])):
        indicator = by_pk[row["indicator"]]
        reported.add((indicator.pk, row["unit"]))
        rate = _Sum().add(row).rate(indicator.kind)
        target = goals.get((indicator.pk, period.year))
        if rate.percent is None or target is None or rates.meets(indicator, rate.percent, target):
            continue
        numerator, denominator = (
            (rate.numerator, rate.denominator) if indicator.kind == IndicatorKind.RATIO else (None, None)
        )
        lines.append(
            BehindLine(
                indicator.name,
                row["unit__name"],
                numerator,
                denominator,
                rate.percent,
                target,
                indicator.kind,
            )
        )
    expected = Indicator.reporting_units.through.objects.filter(
        indicator__campaign=campaign, unit__is_active=True
    ).values_list("indicator_id", "unit_id", "unit__name")
    for indicator_id, unit_id, unit_name in sorted(expected, key=lambda r: (order[r[0]], r[2])):
        if (indicator_id, unit_id) not in reported:
            target = goals.get((indicator_id, period.year))
            kind = by_pk[indicator_id].kind
            lines.append(BehindLine(by_pk[indicator_id].name, unit_name, None, None, None, target, kind))
    return tuple(lines)


def registration_counts(campaign: Campaign, year: int) -> RegistrationCounts:
    """Units expected to register, those registered (submitted or accepted) and those
    accepted, for the year. Two queries."""
    expected = registering_units()
    counts = Registration.objects.filter(campaign=campaign, year=year, unit__in=expected).aggregate(
        registered=Count("pk", filter=Q(state__in=REGISTERED_STATES)),
        accepted=Count("pk", filter=Q(state="accepted")),
    )
    return RegistrationCounts(expected=expected.count(), **counts)


def component_lines(year: int) -> tuple[ComponentLine, ...]:
    """The year's PAR INDEX / SIPAS components, each with last year's score of the same
    code and its responsible units. Two queries."""
    components = IndexComponent.objects.filter(year__in=(year - 1, year)).prefetch_related("units")
    previous = {(c.index, c.code): c.score for c in components if c.year == year - 1}
    return tuple(
        ComponentLine(
            index=INDEX_NAMES.get(c.index, c.index),
            code=c.code,
            name=c.name,
            units=", ".join(sorted(unit.name for unit in c.units.all())),
            max_points=c.max_points,
            previous=previous.get((c.index, c.code)),
            score=c.score,
        )
        for c in components
        if c.year == year
    )


def initiative_lines(campaign: Campaign, period: ReportPeriod) -> tuple[InitiativeLine, ...]:
    """Initiatives of the campaign (or of none) recognised by a decision dated inside the
    period. One query."""
    initiatives = (
        Initiative.objects.recognised()
        .filter(
            Q(campaign=campaign) | Q(campaign__isnull=True), decision_date__range=(period.start, period.end)
        )
        .select_related("owner_unit")
        .order_by("decision_date", "pk")
    )
    return tuple(
        InitiativeLine(
            title=i.title,
            kind=INITIATIVE_KINDS.get(i.kind, i.kind),
            unit=i.owner_unit.name,
            council=COUNCILS.get(i.council_level, i.council_level),
            decision_number=i.decision_number,
            decision_date=i.decision_date,
        )
        for i in initiatives
    )


def letterhead(commune: Commune, *, number: str, date: datetime.date) -> Letterhead:
    return Letterhead(
        parent_body=commune.authority_name.upper(),
        issuer=ISSUER,
        symbol=SYMBOL,
        number=number,
        place=commune.place_name,
        date=date,
    )


def gather_report(
    campaign: Campaign,
    period: ReportPeriod,
    *,
    commune: Commune,
    number: str = "",
    date: datetime.date,
    assessment: str = "",
    on_progress: Progress | None = None,
) -> PeriodicReport:
    """Collect the report's sections, calling `on_progress(percent)` after each (10 → 80).
    Reads only; a fixed number of queries."""
    step = on_progress or (lambda percent: None)
    indicators = list(campaign.indicators.all())
    goals = rates.targets(campaign)
    lines = indicator_lines(campaign, period, indicators, goals)
    step(30)
    behind = behind_lines(campaign, period, indicators, goals)
    step(45)
    registrations = registration_counts(campaign, period.year)
    step(55)
    components = component_lines(period.year)
    step(65)
    initiatives = initiative_lines(campaign, period)
    step(80)
    # The head of VHXH as the commune's record names her; else the office's head by position.
    head = commune.office_head_name
    if not head and (office := office_unit()):
        head = head_of_unit(office)[0]
    return PeriodicReport(
        letterhead=letterhead(commune, number=number, date=date),
        commune_name=commune.name,
        signature=Signature(capacity=SIGNATURE.capacity, name=head),
        campaign=campaign,
        period=period,
        indicators=lines,
        behind=behind,
        registrations=registrations,
        components=components,
        initiatives=initiatives,
        assessment=assessment,
    )


def render_report_pdf(report: PeriodicReport) -> bytes:
    """The periodic report as PDF bytes (NĐ 30/2020 layout, embedded fonts)."""
    return render_pdf(
        "documents/campaigns/periodic_report.html",
        {
            "report": report,
            "letterhead": report.letterhead,
            "signature": report.signature,
            "recipients": report.recipients,
        },
    )
