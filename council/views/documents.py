"""The council's printed documents (the minutes of a session, the office's Tờ trình to the
chairman), the upload of the signed minutes and its download."""

from __future__ import annotations

from functools import cached_property

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from council import documents as council_documents
from council.forms.documents import MinutesScanForm
from council.models import CouncilSession, SessionState
from council.services import ballot_box
from council.services.minutes import attach_minutes_scan
from nominations.services import NominationError
from thiduaportal.downloads import PDF, file_response
from thiduaportal.views import PortalPermissionMixin


class _SessionMixin(PortalPermissionMixin):
    @cached_property
    def session(self) -> CouncilSession:
        return get_object_or_404(
            CouncilSession.objects.select_related("round", "term", "minutes_scan"), pk=self.kwargs["pk"]
        )

    def get_permission_object(self):
        return self.session


class MinutesPdfView(_SessionMixin, View):
    """The minutes, once voting is closed (marked not final until the session is)."""

    permission_required = "council.view_result"

    def get(self, request, pk):
        # Not before the result is released, whoever asks (the administrator passes every rule).
        if not ballot_box.released(self.session):
            raise Http404
        content = council_documents.minutes_pdf(self.session)
        return file_response(content, filename=f"bien-ban-hop-xet-{pk}.pdf", content_type=PDF, inline=True)


class LetterPdfView(_SessionMixin, View):
    """The Tờ trình lists the approved candidates: only from a final result."""

    permission_required = "council.view_result"

    def get(self, request, pk):
        if self.session.state != SessionState.FINAL:
            raise Http404
        content = council_documents.letter_pdf(self.session)
        return file_response(
            content, filename=f"to-trinh-de-nghi-khen-thuong-{pk}.pdf", content_type=PDF, inline=True
        )


class MinutesUploadView(_SessionMixin, FormView):
    permission_required = "council.manage_session"
    template_name = "council/minutes_upload.html"
    form_class = MinutesScanForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, **kwargs)

    def form_valid(self, form):
        try:
            scan = attach_minutes_scan(
                self.session, actor=self.request.user, upload=form.cleaned_data["upload"]
            )
        except NominationError as error:
            form.add_error("upload", str(error))
            return self.form_invalid(form)
        messages.success(self.request, _("Uploaded “%(name)s”.") % {"name": scan.original_name})
        return redirect(self.session)


class MinutesScanView(_SessionMixin, View):
    """The signed minutes' scan, under its original name."""

    permission_required = "council.view_result"

    def get(self, request, pk):
        scan = self.session.minutes_scan
        if scan is None:
            raise Http404
        try:
            handle = scan.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return file_response(handle, filename=scan.original_name, content_type=scan.content_type)


urls = [
    path("council/sessions/<int:pk>/minutes.pdf", MinutesPdfView.as_view(), name="session_minutes_pdf"),
    path("council/sessions/<int:pk>/letter.pdf", LetterPdfView.as_view(), name="session_letter_pdf"),
    path(
        "council/sessions/<int:pk>/minutes/upload/",
        MinutesUploadView.as_view(),
        name="session_minutes_upload",
    ),
    path("council/sessions/<int:pk>/minutes/scan/", MinutesScanView.as_view(), name="session_minutes_scan"),
]
