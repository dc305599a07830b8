"""The statistical report's page: choose a form and a period, read the figures as a table and
the year-end summary, and have the Excel or PDF file built in the background."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView

from awards.forms.statistics import StatisticsForm
from awards.statistics import figures, reports
from awards.statistics.layouts import LAYOUTS
from awards.tasks import task_build_statistics_report
from thiduaportal import jobs
from thiduaportal.errors import add_to_form
from thiduaportal.models import Job
from thiduaportal.views import PortalPermissionMixin
from units.models import Commune

RECENT_JOBS = 5


class StatisticsView(PortalPermissionMixin, TemplateView):
    """GET shows the figures of the chosen form and period (the current year's yearly form by
    default); POST with `file_format` queues the file and goes to its job page. Bad input
    answers 200 with the form's message and queues nothing."""

    permission_required = "awards.view_statistics"
    template_name = "awards/statistics/report.html"

    def get_permission_object(self):
        return None

    def _form(self, data) -> StatisticsForm:
        if not any(data.get(name) for name in ("layout", "year", "half")):
            data = {"layout": LAYOUTS[0].code, "year": str(timezone.localdate().year)}
        return StatisticsForm(data)

    def _page(self, form: StatisticsForm):
        recent = Job.objects.filter(owner=self.request.user, kind=reports.STATISTICS_KIND)[:RECENT_JOBS]
        context = {"form": form, "recent_jobs": list(recent)}
        commune = Commune.current()
        if form.is_valid() and commune is not None:
            request = form.cleaned_data["request"]
            context["table"] = figures.table(request.layout, commune=commune, period=request.period)
            context["summary"] = figures.summary(commune=commune, period=request.period)
        return self.render_to_response(self.get_context_data(**context))

    def get(self, request, *args, **kwargs):
        return self._page(self._form(request.GET))

    def post(self, request, *args, **kwargs):
        form = self._form(request.POST)
        if not form.is_valid():
            return self._page(form)
        try:
            job = reports.start_report(
                form.cleaned_data["request"],
                file_format=request.POST.get("file_format", ""),
                actor=request.user,
            )
        except reports.StatisticsError as error:
            add_to_form(form, error)
            return self._page(form)
        jobs.enqueue(job, task_build_statistics_report)
        return redirect("job_detail", pk=job.pk)


urls = [path("khen-thuong/thong-ke/", StatisticsView.as_view(), name="statistics")]
