"""The periodic report: the office asks for it here; it is built in the background and
offered on the job page, which shows its progress."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import path
from django.views.generic import FormView

from thiduaportal import jobs
from thiduaportal.errors import add_to_form
from thiduaportal.models import Job
from thiduaportal.views import PortalPermissionMixin

from ..forms.reports import ReportForm, initial_values, period_choices
from ..services.campaign import current_campaign
from ..services.reports import REPORT_KIND, ReportError, start_report
from ..tasks import task_build_report

RECENT_JOBS = 10


class ReportCreateView(PortalPermissionMixin, FormView):
    """The request form, and the user's latest reports below it."""

    permission_required = "campaigns.make_report"
    template_name = "campaigns/reports/create.html"
    form_class = ReportForm

    def get_permission_object(self):
        return None

    def get_initial(self):
        return initial_values(current_campaign())

    def get_context_data(self, **kwargs):
        labels = dict(period_choices())
        recent = [
            (
                job,
                labels.get(job.params.get("period"), ""),
                job.params.get("year"),
                job.params.get("format", ""),
            )
            for job in Job.objects.filter(owner=self.request.user, kind=REPORT_KIND)[:RECENT_JOBS]
        ]
        return super().get_context_data(recent_jobs=recent, **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            job = start_report(
                data["campaign"],
                actor=self.request.user,
                year=data["year"],
                period=data["period"],
                file_format=data["file_format"],
                number=data["number"],
                report_date=data["report_date"],
                assessment=data["assessment"],
            )
        except ReportError as error:
            add_to_form(form, error)
            return self.form_invalid(form)
        jobs.enqueue(job, task_build_report)
        return redirect("job_detail", pk=job.pk)


urls = [
    path("movement/report/", ReportCreateView.as_view(), name="report_create"),
]
