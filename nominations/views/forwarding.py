"""The package forwarded to the city: the page listing what it will hold (GET) and the
.zip download (POST). The office only (nominations.forward_to_city)."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.views.generic import TemplateView

from nominations.models import Round
from nominations.services import forwarding as services
from thiduaportal import sections
from thiduaportal.downloads import ZIP, file_response
from thiduaportal.views import PortalPermissionMixin

PARTS = {
    "letter": services.LETTER_NAME,
    "list": services.LIST_NAME,
    "reports": services.REPORTS_FOLDER,
    "scans": services.SCANS_FOLDER,
    "units": services.UNITS_FOLDER,
    "council": services.COUNCIL_FOLDER,
}


class ForwardingPackageView(PortalPermissionMixin, TemplateView):
    """The candidates proposed for a city award and the package's contents; POST builds it."""

    permission_required = "nominations.forward_to_city"
    template_name = "nominations/forwarding/package.html"

    @cached_property
    def round(self) -> Round:
        return get_object_or_404(Round, pk=self.kwargs["pk"])

    def get_permission_object(self):
        return self.round

    def get_context_data(self, **kwargs):
        items = services.package_items(self.round)
        return super().get_context_data(
            round=self.round,
            items=items,
            scans=sum(len(item.attachments) for item in items),
            unit_files=len(services.unit_files(items)),
            filename=services.package_filename(self.round),
            parts=PARTS,
            sections=sections.sections_for(self.round, self.request.user, page="forwarding"),
            **kwargs,
        )

    def post(self, request, pk):
        try:
            filename, content = services.build_package(self.round)
        except services.ForwardingError as error:
            messages.error(request, str(error))
            return redirect("nominations:forwarding_package", pk=pk)
        return file_response(content, filename=filename, content_type=ZIP)


urls = [
    path("rounds/<int:pk>/forwarding/", ForwardingPackageView.as_view(), name="forwarding_package"),
]
