"""The demo's statistical report: xã Thượng Phúc's yearly form for 2025, built for the office
(vhxh) as the page's "Tải Excel" builds it, so its file is on the page's list of latest
reports and downloads at once. The last demo step: it counts the registry the steps before
wrote (the past awards and the decisions of 2025)."""

from __future__ import annotations

from awards.statistics import layouts, reports
from awards.statistics.figures import Period
from thiduaportal.models import Job
from units.models import User

YEAR = 2025


def seed(rng, created, found) -> None:
    """Build the 2025 report once for the office; leave one already built as it is."""
    office = User.objects.filter(username="vhxh").first()
    if office is None:
        return
    if Job.objects.filter(owner=office, kind=reports.STATISTICS_KIND, params__year=YEAR).exists():
        found["statistical reports"] += 1
        return
    request = reports.StatisticsRequest(layouts.LAYOUTS[0], Period(YEAR))
    job = reports.start_report(request, file_format="xlsx", actor=office)
    reports.run_report(job)
    created["statistical reports"] += 1
