"""Excel import and export screens (being written)."""

from django.views import View

from thiduaportal.views import PortalPermissionMixin


class _Pending(PortalPermissionMixin, View):
    permission_required = "units.view_audit"

    def get_permission_object(self):
        return None


ImportUploadView = ImportTemplateView = ImportPreviewView = _Pending
UnitExportView = CadreExportView = RatingExportView = _Pending
