"""The Excel exports of units, people and ratings (imports use the shared screens)."""

from django.shortcuts import redirect
from django.views import View

from thiduaportal import jobs
from thiduaportal.downloads import xlsx_response
from thiduaportal.views import PortalPermissionMixin

from .. import exports
from ..tasks import task_export_cadres


class UnitExportView(PortalPermissionMixin, View):
    permission_required = "units.list_units"

    def get_permission_object(self):
        return None

    def get(self, request):
        return xlsx_response(*exports.units_workbook(request.user))


class RatingExportView(PortalPermissionMixin, View):
    """A year's ratings of the units the user can see (the office: all of them)."""

    permission_required = "units.view_ratings"

    def get_permission_object(self):
        # Unit staff may export the ratings of their own unit; the office sees every unit.
        return getattr(self.request.user, "unit", None)

    def get(self, request, year):
        return xlsx_response(*exports.ratings_workbook(request.user, year))


class CadreExportView(PortalPermissionMixin, View):
    """POST with the people list's filters in the query string; the file is built in the
    background and offered on the job page."""

    permission_required = "units.list_cadres"
    http_method_names = ["post"]

    def get_permission_object(self):
        return None

    def post(self, request):
        job = exports.start_cadre_export(request.user, request.GET.dict())
        jobs.enqueue(job, task_export_cadres)
        return redirect("job_detail", pk=job.pk)
